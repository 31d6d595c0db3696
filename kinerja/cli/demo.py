"""The main job on the sample data: what ``make demo`` (``kinerja demo``) runs.

Steps: write the Rencana Aksi template to a scratch folder, validate the sample workbooks of
``data/raw/2025`` quarter by quarter, print the capaian table of the latest quarter without a
galat, then (when the report notebooks exist) run the full sample year end to end: four
quarterly reports and the annual report, each as HTML and PDF.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinerja.config import Config
from kinerja.errors import KinerjaError
from kinerja.paths import NOTEBOOKS_DIR, Workspace

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.lembar.reader import Dataset

DEMO_TAHUN = 2025


def _quarters_present(workspace: Workspace, tahun: int) -> list[int]:
    base = workspace.raw / str(tahun)
    return [n for n in range(1, 5) if (base / f"triwulan-{n}").is_dir()]


def run_demo(workspace: Workspace, config: Config, *, tahun: int = DEMO_TAHUN, reports: bool = True) -> int:
    """Run the demo; returns the process exit code (0 when everything worked).

    Args:
        workspace: where the sample workbooks are (``data/raw/<tahun>``) and reports go.
        config: the office config.
        tahun: the sample year.
        reports: also run the quarterly and annual reports (HTML + PDF).
    """
    from kinerja.capaian.tabel import capaian_table, display_frame
    from kinerja.lembar.findings import has_galat, to_frame
    from kinerja.lembar.template import write_template
    from kinerja.lembar.validate import validate_workbooks
    from kinerja.numbers import triwulan_label

    scratch = Path(tempfile.mkdtemp(prefix="kinerja-demo-"))
    template = scratch / f"rencana-aksi-{tahun}.xlsx"
    write_template(template, tahun, config)
    click.echo(f"1. Templat lembar kerja ditulis ke {template}")

    quarters = _quarters_present(workspace, tahun)
    if not quarters:
        click.echo(f"Galat: tidak ada lembar kerja sampel di {workspace.raw / str(tahun)}; jalankan `kinerja sampel`.", err=True)
        return 1
    clean: tuple[int, Dataset] | None = None
    click.echo(f"2. Validasi lembar kerja sampel {workspace.raw / str(tahun)}")
    for triwulan in quarters:
        dataset = validate_workbooks([workspace.raw_for(tahun, triwulan)], config, tahun=tahun, triwulan=triwulan)
        frame = to_frame(dataset.temuan)
        galat = int((frame["tingkat"] == "galat").sum()) if not frame.empty else 0
        click.echo(
            f"   {triwulan_label(triwulan)}: {len(dataset.files)} berkas, {len(dataset.data)} indikator, "
            f"{galat} galat, {len(frame) - galat} peringatan"
        )
        if galat:
            shown = frame[frame["tingkat"] == "galat"][["berkas", "sel", "kode", "pesan"]]
            for row in shown.itertuples(index=False):
                click.echo(f"      - {row.berkas} {row.sel}: {row.pesan} [{row.kode}]")
        if not has_galat(dataset.temuan):
            clean = (triwulan, dataset)
    if clean is None:
        click.echo("Galat: semua triwulan masih memiliki galat; capaian tidak dihitung.", err=True)
        return 1
    triwulan, dataset = clean
    table = capaian_table(dataset.data, config, triwulan)
    click.echo(f"3. Capaian {triwulan_label(triwulan)} {tahun} (triwulan terakhir tanpa galat)")
    click.echo(display_frame(table).to_string(index=False))

    if not reports or not (NOTEBOOKS_DIR / "triwulan.ipynb").is_file():
        return 0
    return _run_reports(workspace, config, tahun)


def _sample_actor(config: Config, role: str) -> str:
    """The first person of the sample office with ``role``."""
    return config.people_with_role(role)[0].username


def _walk(workspace: Workspace, config: Config, tahun: int, triwulan: int, steps) -> None:
    """Take ``steps`` of one quarter's SOP as the sample office's people (their sample keys sign).

    A step the case has already passed (a second ``kinerja demo`` in the same workspace) is skipped.
    """
    from kinerja.alur.store import Store
    from kinerja.alur.workflow import act, load_case

    for step in steps:
        with Store(workspace.database) as store:
            keadaan = load_case(store, config, tahun, triwulan).keadaan
        if keadaan != step.dari:
            continue
        penerima = _sample_actor(config, step.menugaskan) if step.menugaskan else None
        act(workspace, config, step.aksi, tahun, triwulan, username=_sample_actor(config, step.peran),
            catatan="Contoh: dijalankan oleh kinerja demo.", penerima=penerima)


def _run_reports(workspace: Workspace, config: Config, tahun: int) -> int:
    """Step 4: the SOP of every quarter, its report (DRAF → approved → final → archived) and the annual report.

    Only the sample office runs this: its people act with the sample keys. A quarter whose
    workbooks still have a galat (the sample's TW II) is submitted but not approved, as a
    Sekretaris would return it; the annual report then says so.
    """
    from kinerja.domain import sop
    from kinerja.laporan.jalan.runner import finalize_in, run_report
    from kinerja.numbers import triwulan_label

    quarterly = [s for s in sop.LANGKAH if s.lingkup == sop.TRIWULAN and not s.mengembalikan]
    submit = next(i for i, s in enumerate(quarterly) if s.mengajukan)
    before, submitting = quarterly[:submit], quarterly[submit]
    deciding = [s for s in quarterly[submit + 1:] if s.menyetujui]
    archiving = [s for s in quarterly[submit + 1:] if s.mengarsipkan]
    from kinerja.alur.kunci import write_workspace_sample_keys
    from kinerja.laporan.bagian.narasi import write_narasi_from_results
    from kinerja.laporan.jalan.kernel import close_together
    from kinerja.laporan.model.narasi import docx_path
    from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat

    click.echo(f"4. Alur SOP dan laporan triwulan I-IV serta laporan tahunan {tahun} (HTML + PDF + DOCX)")
    kernels, printing = _warm_session(config)  # one kernel and one browser for every report of the demo
    try:
        # what `kinerja sampel` / `init --contoh` write, when missing (a fresh clone of the checkout)
        write_workspace_sample_keys(workspace.root, config)
        write_workspace_sample_riwayat(workspace, config, tahun)
        for triwulan in _quarters_present(workspace, tahun):
            label = triwulan_label(triwulan)
            _walk(workspace, config, tahun, triwulan, before)
            result = run_report(workspace, config, tahun, triwulan, printing=printing, kernels=kernels)
            _walk(workspace, config, tahun, triwulan, [submitting])
            _show(label, result)
            try:
                _walk(workspace, config, tahun, triwulan, deciding)
            except KinerjaError as exc:
                click.echo(f"   {label}: belum disetujui ({exc}); laporan tetap DRAF.")
                continue
            final = finalize_in(printing, workspace, config, tahun, triwulan)
            _walk(workspace, config, tahun, triwulan, archiving)
            click.echo(f"   {label}: disetujui dan didokumentasikan; dokumen final {final.folder.name}.")
        _show("Tahunan", run_report(workspace, config, tahun, None, printing=printing, kernels=kernels))
        if not docx_path(workspace.root, tahun).exists():
            path = write_narasi_from_results(workspace, config, tahun)
            click.echo(f"5. Draf narasi LKjIP ditulis ke {path}; laporan tahunan dibuat ulang dengan narasi itu")
            _show("Tahunan", run_report(workspace, config, tahun, None, printing=printing, kernels=kernels))
    except KinerjaError as exc:
        click.echo(f"Galat: {exc}", err=True)
        return exc.exit_code
    finally:
        close_together(printing, kernels)
    click.echo(f"Selesai. Laporan ada di {workspace.reports / str(tahun)}; buka berkas .html di browser atau .pdf untuk dicetak.")
    return 0


def _warm_session(config: Config) -> tuple[Any, Any]:
    """A kernel pool and a print thread with its browser that every report of the demo reuses,
    instead of each starting its own (the demo took 45.6 s with a kernel and a browser per
    report, 27.0 s with these)."""
    from kinerja.laporan.jalan.kernel import KernelPool, import_client
    from kinerja.laporan.jalan.runner import KERNEL_NAME
    from kinerja.laporan.render.browser import PrintThread

    import_client()
    kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
    printing = PrintThread(config.source)
    printing.warm()
    return kernels, printing


def _show(label: str, result) -> None:
    kinds = " + ".join(p.suffix[1:].upper() for p in result.outputs if p.suffix in (".html", ".pdf", ".docx"))
    click.echo(f"   {label:<14} {result.html.with_suffix('')}.* ({kinds})")
    for note in dict.fromkeys(result.notes):
        click.echo(f"   Catatan: {note}")
