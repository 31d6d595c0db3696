"""Run the report notebooks with papermill and export them to HTML and PDF.

One run of a quarter (or of the year) writes, in ``workspace.report_dir(tahun, triwulan)``:

- ``laporan-triwulan-<n>-<tahun>.ipynb|.html|.pdf|.docx`` (``laporan-tahunan-<tahun>.*`` for
  the year): the executed notebook and the document (the .docx is rendered from the same
  document model the notebook displayed, :mod:`kinerja.laporan.ke_docx`);
- the results the annual report reads: ``capaian.json``, ``temuan.json``, ``data.json``,
  ``meta.json`` (see :mod:`kinerja.laporan.hasil`).

Everything is first written to a hidden staging folder beside the report folder; only when
the whole run succeeded are the files moved into place, each with an atomic rename, so a
reader never sees a half-written file and a failed run leaves the last good outputs
untouched. A failing cell raises :class:`~kinerja.errors.ReportError` naming the notebook,
the cell and the cause, and keeps the partially executed notebook as
``<name>.gagal.ipynb`` beside the last good outputs. The archive (``data/archive``) is never
written here.

papermill, nbformat and nbconvert are imported once per process; a batch (``run_year``)
shares one browser for all PDFs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.atomic import shared_file_mode
from kinerja.config import Config
from kinerja.errors import ReportError
from kinerja.paths import NOTEBOOKS_DIR, Workspace

KERNEL_NAME = "python3"
FAILED_SUFFIX = ".gagal.ipynb"
IOPUB_TIMEOUT = 120
"""Seconds to wait for a cell's outputs after it finished (nbclient's default is 4)."""


@dataclass
class ReportResult:
    """What one report run produced."""

    tahun: int
    triwulan: int | None
    folder: Path
    outputs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

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
    """Import papermill, skipping one optional import that costs about a second per process.

    jsonschema (via nbformat) imports ``rfc3987_syntax`` when it is installed, only to check
    the ``iri`` string format, which the notebook schema never uses; building that package's
    grammar takes about one second. Marking it unavailable before jsonschema is first
    imported makes jsonschema skip that one format checker; nothing else changes.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import papermill

    return papermill


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

    ``km``: a running kernel manager to use (see :mod:`kinerja.laporan.kernel`); None starts a fresh
    kernel for this notebook.

    Raises:
        ReportError: a cell failed (the partial notebook is copied to ``failed_copy``), or the
            notebook could not be started at all.
    """
    papermill = _import_papermill()
    from papermill.exceptions import PapermillExecutionError

    extra = {} if km is None else {"km": km}
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
            import nbformat
            from papermill.execute import ERROR_MARKER_TAG

            partial = nbformat.read(str(output_path), as_version=4)
            # papermill adds two marker cells to the saved notebook; the cell index is the original's
            partial.cells = [c for c in partial.cells if ERROR_MARKER_TAG not in c.metadata.get("tags", [])]
            failed_copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(output_path, failed_copy)
        cause = f"{exc.ename}: {exc.evalue}".strip()
        raise ReportError(
            f"Notebook {input_path.name} gagal pada {_cell_label(partial, exc.cell_index, exc.exec_count)}: {cause}. "
            f"Notebook yang terhenti disimpan di {failed_copy}; keluaran sebelumnya tidak diubah."
        ) from None
    except OSError as exc:  # a fault of the machine (full disk, read-only folder): say which file and why
        from kinerja.errors import describe_fault

        if exc.filename is None:
            exc = OSError(exc.errno, exc.strerror or str(exc), str(output_path))
        raise ReportError(f"Laporan tidak dibuat: {describe_fault(exc)}") from None
    except (ValueError, RuntimeError) as exc:
        raise ReportError(f"Notebook {input_path} tidak dapat dijalankan: {exc}") from None


@contextlib.contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, folder: Path, keep_pdf: bool) -> list[Path]:
    """Move every staged file into ``folder`` with atomic renames; drop stale outputs."""
    folder.mkdir(parents=True, exist_ok=True)
    published = []
    mode = shared_file_mode()
    for item in sorted(staging.iterdir()):
        if item.is_file():
            target = folder / item.name
            os.chmod(item, mode)  # temp files are private (0600); reports are shared documents
            os.replace(item, target)
            published.append(target)
    for stale in folder.glob(f"*{FAILED_SUFFIX}"):
        stale.unlink()
    if not keep_pdf:
        for stale in folder.glob("*.pdf"):
            if stale not in published:
                stale.unlink()
    return published


def _execute_run(
    workspace: Workspace, config: Config, tahun: int, triwulan: int | None, staging: Path, kernels: Any = None,
    notebook: Path | None = None,
) -> Any:
    """Phase 1 of a run (thread-safe): execute the notebook (default: :func:`notebook_path`) into ``staging``."""
    if triwulan is not None and triwulan not in (1, 2, 3, 4):
        raise ReportError(f"Triwulan {triwulan} tidak dikenal; yang diharapkan 1 sampai 4.")
    if triwulan is not None and not _has_inputs(workspace, tahun, triwulan):
        raise ReportError(
            f"Tidak ada lembar kerja (.xlsx) untuk triwulan {triwulan} tahun {tahun} di "
            f"{workspace.raw_for(tahun, triwulan)}; laporan tidak dibuat. Simpan lembar kerja yang masuk di "
            f"{workspace.raw / str(tahun) / f'triwulan-{triwulan}'} lalu jalankan lagi."
        )
    name = report_name(tahun, triwulan)
    return execute(
        notebook or notebook_path(triwulan),
        staging / f"{name}.ipynb",
        report_parameters(workspace, config, tahun, triwulan, staging),
        failed_copy=workspace.report_dir(tahun, triwulan) / f"{name}{FAILED_SUFFIX}",
        km=None if kernels is None else kernels.acquire(),
    )


def _export_run(
    workspace: Workspace, config: Config, tahun: int, triwulan: int | None, staging: Path, notebook: Any, *, pdf: bool, printer: Any
) -> ReportResult:
    """Phase 2 of a run (main thread): HTML, PDF, then publish the staged files."""
    from kinerja.laporan.browser import BrowserNotFound, PdfPrinter, find_browser
    from kinerja.laporan.export import document_info, export_html
    from kinerja.laporan.ke_docx import naskah_from_notebook, write_docx

    folder = workspace.report_dir(tahun, triwulan)
    name = report_name(tahun, triwulan)
    result = ReportResult(tahun, triwulan, folder)
    html_path = export_html(notebook, staging / f"{name}.html")
    write_docx(naskah_from_notebook(notebook), staging / f"{name}.docx")
    printed = False
    if pdf:
        judul = document_info(notebook).get("judul", name)
        keterangan = config.instansi.nama
        try:
            if printer is None:
                with PdfPrinter(find_browser(config.source)) as own:
                    _print_numbered(own, html_path, staging / f"{name}.pdf", judul, keterangan)
            else:
                _print_numbered(printer, html_path, staging / f"{name}.pdf", judul, keterangan)
            printed = True
        except BrowserNotFound as exc:
            result.notes.append(str(exc))
    result.outputs = _publish(staging, folder, keep_pdf=printed)
    return result


def _print_numbered(printer: Any, html_path: Path, pdf_path: Path, judul: str, keterangan: str) -> None:
    """Print; when the document has a Daftar Isi, read the headings' pages from the PDF
    outline, write them into the HTML and print again (:mod:`kinerja.laporan.halaman`)."""
    from kinerja.atomic import write_text
    from kinerja.laporan.halaman import fill_pages, has_daftar_isi, outline_pages, toc_pages

    printer.print_pdf(html_path, pdf_path, judul=judul, keterangan=keterangan)
    html = html_path.read_text(encoding="utf-8")
    if not has_daftar_isi(html):
        return
    pages = toc_pages(html, outline_pages(pdf_path))
    if pages:
        write_text(html_path, fill_pages(html, pages))
        printer.print_pdf(html_path, pdf_path, judul=judul, keterangan=keterangan)


def run_report(
    workspace: Workspace,
    config: Config,
    tahun: int,
    triwulan: int | None = None,
    *,
    pdf: bool = True,
    printer: Any = None,
) -> ReportResult:
    """Run one quarterly (``triwulan`` 1-4) or annual (``triwulan=None``) report.

    Args:
        workspace: the office workspace (inputs and the ``laporan`` folder).
        config: the office config (its ``source`` is passed to the notebook).
        tahun: the year.
        triwulan: the quarter, or None for the annual report.
        pdf: also print the PDF.
        printer: a started :class:`kinerja.laporan.browser.PdfPrinter` to reuse; when None and ``pdf``
            is true, a browser is found and started for this report alone.

    Raises:
        ReportError: a cell failed, or exporting failed. A missing browser is not an error:
            the HTML is produced and :attr:`ReportResult.notes` says why there is no PDF.
    """
    from kinerja.laporan.kernel import KernelPool

    kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
    try:
        with _staging(workspace.report_dir(tahun, triwulan)) as staging:
            notebook = _execute_run(workspace, config, tahun, triwulan, staging, kernels)
            return _export_run(workspace, config, tahun, triwulan, staging, notebook, pdf=pdf, printer=printer)
    finally:
        kernels.close()


def run_year(
    workspace: Workspace,
    config: Config,
    tahun: int,
    *,
    pdf: bool = True,
    progress: bool = False,
    triwulan_list: tuple[int, ...] = (1, 2, 3, 4),
    workers: int | None = None,
) -> list[ReportResult]:
    """Run the quarterly reports and then the annual report, sharing one browser.

    The quarterly notebooks are independent, so up to ``workers`` kernels (default: two, or
    one on a single-core machine) execute them at once; each worker keeps one warm kernel for
    all its notebooks (:mod:`kinerja.laporan.kernel`, namespace cleared in between). Exporting and
    printing happen in this thread, in quarter order, through one browser. The annual notebook runs last, on the
    quarters' results. A quarter without any workbook folder is skipped with a note (the
    annual report states it as missing). Stops at the first failing report (ReportError);
    the quarters already published stay published.
    """
    from concurrent.futures import ThreadPoolExecutor

    from kinerja.laporan.browser import BrowserNotFound, PdfPrinter, find_browser
    from kinerja.laporan.kernel import KernelPool

    quarters = [n for n in triwulan_list if _has_inputs(workspace, tahun, n)]
    skipped = [n for n in triwulan_list if n not in quarters]
    results: list[ReportResult] = []
    printer = None
    browser_note = None
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(quarters) + 1, desc="Laporan", unit="laporan", leave=True)
    workers = workers or max(1, min(2, os.cpu_count() or 1))
    stagings: dict[int | None, Path] = {}

    def finish(triwulan: int | None, notebook: Any) -> None:
        result = _export_run(workspace, config, tahun, triwulan, stagings[triwulan], notebook, pdf=printer is not None, printer=printer)
        if browser_note and not result.notes:
            result.notes.append(browser_note)
        results.append(result)
        if bar is not None:
            bar.set_postfix_str("tahunan" if triwulan is None else f"triwulan {triwulan}")
            bar.update(1)

    kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
    try:
        with contextlib.ExitStack() as stack:
            for triwulan in [*quarters, None]:
                stagings[triwulan] = stack.enter_context(_staging(workspace.report_dir(tahun, triwulan)))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                futures = [(q, pool.submit(_execute_run, workspace, config, tahun, q, stagings[q], kernels)) for q in quarters]
                if pdf:  # start the browser while the kernels run
                    try:
                        printer = PdfPrinter(find_browser(config.source))
                        printer.start()
                    except BrowserNotFound as exc:
                        printer, browser_note = None, str(exc)
                try:
                    for triwulan, future in futures:
                        finish(triwulan, future.result())
                finally:
                    for _q, future in futures:
                        future.cancel()
                annual = pool.submit(_execute_run, workspace, config, tahun, None, stagings[None], kernels)
                finish(None, annual.result())
    finally:
        kernels.close()
        if bar is not None:
            bar.close()
        if printer is not None:
            printer.close()
    if skipped and results:
        from kinerja.numbers import triwulan_label

        results[-1].notes.append(
            "Tidak ada lembar kerja untuk " + ", ".join(triwulan_label(n) for n in skipped) + "; triwulan itu dilewati."
        )
    return results


def _has_inputs(workspace: Workspace, tahun: int, triwulan: int) -> bool:
    """True when the quarter has an input workbook (:meth:`Workspace.quarter_workbooks`, the
    same rule the reader and the archive use)."""
    return bool(workspace.quarter_workbooks(tahun, triwulan))
