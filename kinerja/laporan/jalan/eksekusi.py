"""Execute one report notebook with papermill: the report's file names, its notebook and parameters,
the result of a run (:class:`ReportResult`), and a failing cell named in the error.

Used by :mod:`kinerja.laporan.jalan.runner`, which stages, renders and publishes the run.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.atomic import make_dirs, set_mode
from kinerja.config import Config
from kinerja.errors import ReportError, describe_fault
from kinerja.laporan.jalan.kernel import engine_name
from kinerja.paths import NOTEBOOKS_DIR, Workspace

KERNEL_NAME = "python3"
DOCUMENT_SUFFIXES = (".html", ".pdf", ".docx")
"""Rendered documents of a set: made again at finalization; everything else is copied byte for byte."""
FAILED_SUFFIX = ".gagal.ipynb"
IOPUB_TIMEOUT = 120
"""Seconds to wait for a cell's outputs after it finished (nbclient's default is 4)."""


@dataclass
class ReportResult:
    """What one report run produced."""

    tahun: int
    triwulan: int | None
    folder: Path
    """The published version folder (``laporan/<tahun>/triwulan-<n>/versi-<k>``)."""
    outputs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str = "draf"
    """``draf`` (before approval, watermarked) or ``final``."""

    @property
    def html(self) -> Path:
        """The HTML document."""
        return self.folder / f"{report_name(self.tahun, self.triwulan)}.html"

    @property
    def pdf(self) -> Path | None:
        """The PDF document, or None when it was not printed."""
        path = self.folder / f"{report_name(self.tahun, self.triwulan)}.pdf"
        return path if path in self.outputs else None


def report_name(tahun: int, triwulan: int | None) -> str:
    """Base file name of a report.

    >>> report_name(2025, 1), report_name(2025, None)
    ('laporan-triwulan-1-2025', 'laporan-tahunan-2025')
    """
    return f"laporan-tahunan-{tahun}" if triwulan is None else f"laporan-triwulan-{triwulan}-{tahun}"


def notebook_path(triwulan: int | None) -> Path:
    """The notebook that makes a quarterly (``triwulan`` given) or annual report."""
    return NOTEBOOKS_DIR / ("tahunan.ipynb" if triwulan is None else "triwulan.ipynb")


def report_parameters(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, keluaran: Path) -> dict[str, Any]:
    """The papermill parameters of one run (see the notebooks' parameters cell)."""
    params: dict[str, Any] = {
        "tahun": tahun,
        "ruang_kerja": str(workspace.root),
        "unit": "",
        # absolute: the kernel's working directory is not the caller's
        "konfigurasi": str(Path(config.source).resolve()),
        "keluaran": str(keluaran),
    }
    if triwulan is not None:
        params["triwulan"] = triwulan
    return params


def _import_papermill() -> Any:
    """Import papermill (after :func:`kinerja.laporan.render.export.skip_iri_format`)."""
    from kinerja.laporan.render.export import skip_iri_format  # noqa: PLC0415 -- kinerja.laporan.render.export (~32 ms) kept off importing this module

    skip_iri_format()
    import papermill  # noqa: PLC0415 -- papermill + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module

    return papermill


def preload() -> None:
    """Import what executing and rendering a report needs (papermill, the .docx writer) and compile
    the document template: run in a thread while a kernel starts, so the first report waits for none."""
    from kinerja.laporan.render import ke_docx  # noqa: F401, PLC0415 -- imported to be warm, in a thread while a kernel starts (docx, lxml: ~115 ms)
    from kinerja.laporan.render.export import warm_up  # noqa: PLC0415 -- imported to be warm, in a thread while a kernel starts

    _import_papermill()
    warm_up()


def _cell_label(notebook: Any, index: int | None, exec_count: int | None = None) -> str:
    """``sel indeks 3 (In [2]: lap = rd.siapkan_triwulan(...))`` for a failing cell."""
    prompt = f"In [{exec_count}]" if exec_count is not None else ""
    if notebook is None or index is None or not 0 <= index < len(notebook.cells):
        where = f"sel indeks {index}" if index is not None else "sel yang tidak diketahui"
        return f"{where} ({prompt})" if prompt else where
    source = notebook.cells[index].source.strip().splitlines()
    first = source[0][:70] if source else ""
    detail = ": ".join(part for part in (prompt, first) if part)
    return f"sel indeks {index}" + (f" ({detail})" if detail else "")


def execute(input_path: Path, output_path: Path, parameters: dict[str, Any], *, failed_copy: Path, km: Any = None) -> Any:
    """Execute a notebook with papermill's Python API; returns the executed NotebookNode.

    ``km``: a warm kernel to use (:class:`kinerja.laporan.jalan.kernel.WarmKernel`, executed through its own
    connected client) or a running kernel manager; None starts a fresh kernel for this notebook.

    Raises:
        ReportError: a cell failed (the partial notebook is copied to ``failed_copy``), or the
            notebook could not be started at all.
    """
    papermill = _import_papermill()
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415 -- papermill.exceptions + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module

    extra: dict[str, Any] = {}
    if km is not None and hasattr(km, "client"):
        extra = {"km": km.km, "kc": km.client, "engine_name": engine_name()}
    elif km is not None:
        extra = {"km": km}
    try:
        return papermill.execute_notebook(
            str(input_path),
            str(output_path),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            # the executed notebook is written once at the end (and on a failing cell), not after
            # every cell: those saves re-encode every figure, 46-104 times per run
            request_save_on_cell_execute=False,
            # the report cell sends the whole document (tables and charts, as HTML and as model
            # JSON) at once; on a busy machine that takes longer than nbclient's 4-second default
            iopub_timeout=IOPUB_TIMEOUT,
            # no ``cwd=``: papermill would chdir the whole process, racing with other threads;
            # every path handed to the notebook is absolute instead
            **extra,
        )
    except PapermillExecutionError as exc:
        partial = None
        if output_path.is_file():
            import nbformat  # noqa: PLC0415 -- nbformat + rfc3987_syntax, lark, rfc3986_validator (~2379 ms) kept off importing this module
            from papermill.execute import ERROR_MARKER_TAG  # noqa: PLC0415 -- papermill.execute + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module

            partial = nbformat.read(str(output_path), as_version=4)
            # papermill adds two marker cells to the saved notebook; the cell index is the original's
            partial.cells = [c for c in partial.cells if ERROR_MARKER_TAG not in c.metadata.get("tags", [])]
            make_dirs(failed_copy.parent)
            shutil.copyfile(output_path, failed_copy)
            set_mode(failed_copy)
        cause = f"{exc.ename}: {exc.evalue}".strip().rstrip(".")  # the sentence below adds its own full stop
        raise ReportError(
            f"Notebook {input_path.name} gagal pada {_cell_label(partial, exc.cell_index, exc.exec_count)}: {cause}. "
            f"Notebook yang terhenti disimpan di {failed_copy}; keluaran sebelumnya tidak diubah."
        ) from None
    except OSError as exc:  # a fault of the machine (full disk, read-only folder): say which file and why
        if exc.filename is None:
            exc = OSError(exc.errno, exc.strerror or str(exc), str(output_path))
        raise ReportError(f"Laporan tidak dibuat: {describe_fault(exc)}") from None
    except (ValueError, RuntimeError) as exc:
        raise ReportError(f"Notebook {input_path} tidak dapat dijalankan: {exc}") from None
