"""The main job on the sample data: what ``make demo`` (``kinerja demo``) runs.

Steps: write the Rencana Aksi template to a scratch folder, validate the sample workbooks of
``data/raw/2025`` quarter by quarter, print the capaian table of the latest quarter without a
galat, then (when the report notebooks exist) run the full sample year end to end as the
SOP goes: four quarterly reports, TW II returned for its galat, corrected and approved, every
quarter documented, and the annual report finalized and documented, each as HTML and PDF.
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


def _walk(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, steps) -> None:
    """Take ``steps`` of one case's SOP (a quarter, or the annual case when ``triwulan`` is None) as the
    sample office's people (their sample keys sign).

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
    """Step 4: the whole SOP year, as the sample office's people run it.

    Every quarter is assigned, its material handed over, its report made (DRAF) and submitted.
    A quarter whose workbooks still have a galat (the sample's TW II) is returned by the
    Sekretaris with a note naming the galat; the PPTK's corrected workbooks are written
    (:func:`kinerja.lembar.sample.write_sample_year` without the deliberate mistakes), the
    report is made again and resubmitted. Each quarter is then approved, finalized and
    documented; after the fourth the annual case opens, and the annual report (with the
    narasi draft) is finalized and documented. Only the sample office runs this: its people
    act with the sample keys.
    """
    from kinerja.alur import sop
    from kinerja.alur.kunci import write_workspace_sample_keys
    from kinerja.laporan.kernel import close_together
    from kinerja.laporan.narasi import docx_path, write_narasi_from_results
    from kinerja.laporan.riwayat import write_workspace_sample_riwayat
    from kinerja.laporan.runner import finalize_in, run_report
    from kinerja.numbers import triwulan_label

    quarterly = sop.jalur_utama(sop.TRIWULAN)
    submit = next(i for i, s in enumerate(quarterly) if s.mengajukan)
    before, submitting = quarterly[:submit], quarterly[submit]
    deciding = [s for s in quarterly[submit + 1:] if s.menyetujui]
    archiving = [s for s in quarterly[submit + 1:] if s.mengarsipkan]

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
            galat = _galat_under_review(workspace, config, tahun, triwulan)
            if galat:
                _return_and_correct(workspace, config, tahun, triwulan, galat)
                result = run_report(workspace, config, tahun, triwulan, printing=printing, kernels=kernels)
                _walk(workspace, config, tahun, triwulan, [submitting])
                _show(label, result)
                click.echo(f"   {label}: laporan perbaikan diajukan ulang oleh PPTK.")
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
        final = finalize_in(printing, workspace, config, tahun, None)
        _walk(workspace, config, tahun, None, sop.jalur_utama(sop.TAHUNAN))
        click.echo(f"6. Laporan tahunan {tahun} final dan didokumentasikan; dokumen final di {final.folder}")
    except KinerjaError as exc:
        click.echo(f"Galat: {exc}", err=True)
        return exc.exit_code
    finally:
        close_together(printing, kernels)
    click.echo(f"Selesai. Laporan ada di {workspace.reports / str(tahun)}; buka berkas .html di browser atau .pdf untuk dicetak.")
    return 0


def _galat_under_review(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> int:
    """The galat count of the report the Sekretaris is reviewing (0 when the case is not under review)."""
    from kinerja import terbitan
    from kinerja.alur import sop
    from kinerja.alur.store import Store
    from kinerja.alur.workflow import load_case

    with Store(workspace.database) as store:
        keadaan = load_case(store, config, tahun, triwulan).keadaan
    if not any(step.menyetujui for step in sop.aksi_dari(keadaan)):
        return 0
    published = terbitan.current(workspace.report_dir(tahun, triwulan))
    return int(published.info.get("galat") or 0) if published is not None else 0


def _return_and_correct(workspace: Workspace, config: Config, tahun: int, triwulan: int, galat: int) -> None:
    """The Sekretaris returns the quarter with a note naming its galat; the PPTK writes the
    corrected workbooks (the sample without its deliberate mistakes)."""
    from kinerja.alur import sop
    from kinerja.alur.workflow import act
    from kinerja.lembar.sample import write_sample_year
    from kinerja.numbers import triwulan_label

    label = triwulan_label(triwulan)
    returning = next(step for step in sop.LANGKAH if step.mengembalikan and step.lingkup == sop.TRIWULAN)
    catatan = f"Lembar kerja {label} masih memuat {galat} galat; mohon diperbaiki lalu diajukan ulang."
    act(workspace, config, returning.aksi, tahun, triwulan, username=_sample_actor(config, returning.peran),
        catatan=catatan)
    click.echo(f"   {label}: dikembalikan oleh Sekretaris untuk perbaikan ({galat} galat).")
    write_sample_year(workspace.raw, tahun, config=config, overwrite=True, kesalahan=False)
    click.echo(f"   {label}: lembar kerja yang sudah diperbaiki PPTK ditulis ke {workspace.raw_for(tahun, triwulan)}.")


def _warm_session(config: Config) -> tuple[Any, Any]:
    """A kernel pool and a print thread with its browser that every report of the demo reuses,
    instead of each starting its own (the demo took 45.6 s with a kernel and a browser per
    report, 27.0 s with these)."""
    from kinerja.laporan.browser import PrintThread
    from kinerja.laporan.kernel import KernelPool, import_client
    from kinerja.laporan.runner import KERNEL_NAME

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
