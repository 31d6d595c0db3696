"""The main job on the sample data: what ``make demo`` (``kinerja demo``) runs.

Steps: write the Rencana Aksi template to a scratch folder, validate the sample workbooks of
``data/raw/2025`` quarter by quarter, print the capaian table of the latest quarter without a
galat, then (when the report notebooks exist) walk the whole sample year through the SOP as
the sample office's people do: four quarterly reports, TW II returned by the Sekretaris for
its galat, corrected through the upload path (:func:`kinerja.alur.bahan.simpan_bahan`),
resubmitted and approved, every quarter documented, then the annual report (LKjIP) made,
submitted, approved, final and documented; each as HTML, PDF and .docx.

Run in the repository checkout (``make demo``), the demo works in a sample workspace of its
own (:func:`demo_workspace`, ``ruang-kerja-demo/``), so the checkout's tracked sample files are
never changed by the correction of TW II.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kinerja import paths, terbitan
from kinerja.alur.bahan import simpan_bahan
from kinerja.alur.kunci import write_workspace_sample_keys
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.errors import KinerjaError
from kinerja.laporan.jalan.kernel import KernelPool, close_together, import_client
from kinerja.laporan.model.narasi import docx_path
from kinerja.lembar.findings import has_galat, to_frame
from kinerja.numbers import triwulan_label
from kinerja.paths import NOTEBOOKS_DIR, Workspace
from kinerja.workspace import init_workspace

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.lembar.reader import Dataset

DEMO_TAHUN = 2025
DEMO_FOLDER = "ruang-kerja-demo"
"""The demo's own sample workspace inside the checkout (git-ignored)."""


def demo_workspace(workspace: Workspace) -> tuple[Workspace, str]:
    """Where the demo runs: ``workspace`` itself, or, when that is the repository checkout (its
    sample workbooks are tracked files), a sample workspace of its own (``ruang-kerja-demo/``,
    made with ``kinerja init --contoh`` the first time). Returns it and a sentence saying so ('' for
    ``workspace`` itself)."""
    root = workspace.root.resolve()
    if root != paths.PROJECT_ROOT.resolve() or not (root / ".git").exists():
        return workspace, ""
    own = Workspace(root / DEMO_FOLDER)
    if own.config_file.exists():
        return own, (f"Demo berjalan di ruang kerja contoh {own.root} (dipakai lagi; hapus folder itu untuk "
                     "mengulang tahun contoh dari awal), agar berkas contoh di checkout tidak berubah.")
    made = init_workspace(own.root, contoh=True)
    return made, f"Demo berjalan di ruang kerja contoh baru {made.root}, agar berkas contoh di checkout tidak berubah."


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
    from kinerja.capaian.tabel import capaian_table, display_frame  # noqa: PLC0415 -- kinerja.capaian.tabel + pandas, numpy, dateutil (~217 ms) kept off importing this module
    from kinerja.lembar.template import write_template  # noqa: PLC0415 -- kinerja.lembar.template + openpyxl, numpy, PIL (~142 ms) kept off importing this module
    from kinerja.lembar.validate import validate_workbooks  # noqa: PLC0415 -- kinerja.lembar.validate + pandas, numpy, dateutil (~232 ms) kept off importing this module

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
    """Take ``steps`` of one case's SOP (a quarter, or the annual case when ``triwulan`` is None) as
    the sample office's people (their sample keys sign).

    A step the case has already passed (a second ``kinerja demo`` in the same workspace) is skipped.
    """
    from kinerja.alur.konteks import store_of  # noqa: PLC0415 -- kinerja.alur.konteks (~12 ms) kept off importing this module
    from kinerja.alur.workflow import act, load_case  # noqa: PLC0415 -- kinerja.alur.workflow (~50 ms) kept off importing this module

    for step in steps:
        with store_of(workspace) as store:
            keadaan = load_case(store, config, tahun, triwulan).keadaan
        if keadaan != step.dari:
            continue
        penerima = _sample_actor(config, step.menugaskan) if step.menugaskan else None
        act(workspace, config, step.aksi, tahun, triwulan, username=_sample_actor(config, step.peran),
            catatan="Contoh: dijalankan oleh kinerja demo.", penerima=penerima)


def _run_reports(workspace: Workspace, config: Config, tahun: int) -> int:
    """Step 4: the whole SOP year, as the sample office's people run it.

    Every quarter is assigned, its material handed over, its report made (DRAF) and submitted.
    A quarter whose material still has a galat (the sample's TW II) cannot be handed over (the
    SOP's guard); its corrected workbooks come in through the upload path
    (:func:`_upload_corrections`) first. A report under review that still has a galat would be
    returned by the Sekretaris with a note naming it (:func:`_return_and_correct`). Each quarter is then approved,
    finalized and documented; after the fourth the annual case opens: the annual report (with
    the narasi draft) is made, submitted, approved (its final says who approved and when) and
    documented, so the year can serve as last year for the next one. Only the sample office runs
    this: its people act with the sample keys.
    """
    from kinerja.alur.workflow import ActionRefused, Alasan, approval  # noqa: PLC0415 -- kinerja.alur.workflow (~50 ms) kept off importing this module
    from kinerja.laporan.bagian.narasi import write_narasi_from_results  # noqa: PLC0415 -- kinerja.laporan.bagian.narasi (~22 ms) kept off importing this module
    from kinerja.laporan.jalan.runner import finalize_in, run_report  # noqa: PLC0415 -- kinerja.laporan.jalan.runner (~68 ms) kept off importing this module
    from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat  # noqa: PLC0415 -- kinerja.laporan.model.riwayat + pandas, numpy, dateutil (~221 ms) kept off importing this module

    opsi = config.opsi_sop

    def split(lingkup: str):
        path = sop.jalur_utama(lingkup, opsi)
        submit = next(i for i, s in enumerate(path) if s.mengajukan)
        archive = next(i for i, s in enumerate(path) if s.mengarsipkan)
        return path[:submit], path[submit], path[submit + 1:archive], path[archive]

    before, submitting, deciding, archiving = split(sop.TRIWULAN)
    click.echo(f"4. Alur SOP dan laporan triwulan I-IV serta laporan tahunan {tahun} (HTML + PDF + DOCX)")
    kernels, printing = _warm_session(config)  # one kernel and one browser for every report of the demo
    try:
        # what `kinerja sampel` / `init --contoh` write, when missing (a fresh clone of the checkout)
        write_workspace_sample_keys(workspace.root, config)
        write_workspace_sample_riwayat(workspace, config, tahun)
        for triwulan in _quarters_present(workspace, tahun):
            label = triwulan_label(triwulan)
            try:
                _walk(workspace, config, tahun, triwulan, before)
            except ActionRefused as exc:  # the material has galat (the sample's TW II): it cannot be handed over
                if exc.reason != Alasan.BAHAN_BERGALAT:
                    raise
                click.echo(f"   {label}: bahan belum dapat diserahkan ({exc})")
                _upload_corrections(workspace, config, tahun, triwulan)
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
            _walk(workspace, config, tahun, triwulan, deciding)
            final = finalize_in(printing, workspace, config, tahun, triwulan)
            _walk(workspace, config, tahun, triwulan, [archiving])
            click.echo(f"   {label}: disetujui dan didokumentasikan; dokumen final {final.folder.name}.")
        before, submitting, deciding, archiving = split(sop.TAHUNAN)
        if not docx_path(workspace.root, tahun).exists():
            path = write_narasi_from_results(workspace, config, tahun)
            click.echo(f"5. Draf narasi LKjIP ditulis ke {path} dari keempat triwulan yang didokumentasikan")
        _walk(workspace, config, tahun, None, before)
        _show("Tahunan", run_report(workspace, config, tahun, None, printing=printing, kernels=kernels))
        _walk(workspace, config, tahun, None, [submitting, *deciding])
        final = finalize_in(printing, workspace, config, tahun, None)
        _walk(workspace, config, tahun, None, [archiving])
        _show("Tahunan final", final)
        state = approval(workspace, config, tahun, None)
        click.echo(f"6. Laporan tahunan {tahun} diajukan Kasubag Perencanaan, {state.uraian}; final dan "
                   f"didokumentasikan ke {state.arsip_berkas}.")
    except KinerjaError as exc:
        click.echo(f"Galat: {exc}", err=True)
        return exc.exit_code
    finally:
        close_together(printing, kernels)
    click.echo(f"Selesai. Laporan ada di {workspace.reports / str(tahun)}, arsip di {workspace.archive / str(tahun)}; "
               "buka berkas .html di browser atau .pdf untuk dicetak.")
    return 0


def _galat_under_review(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> int:
    """The galat count of the report the Sekretaris is reviewing (0 when the case is not under review)."""
    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow (~50 ms) kept off importing this module

    if not sop.sedang_diperiksa(approval(workspace, config, tahun, triwulan).keadaan):
        return 0
    published = terbitan.current(workspace.report_dir(tahun, triwulan))
    return int(published.info.get("galat") or 0) if published is not None else 0


def _return_and_correct(workspace: Workspace, config: Config, tahun: int, triwulan: int, galat: int) -> None:
    """The Sekretaris returns the quarter with a note naming its galat; the corrected workbooks
    come in through the upload path (:func:`kinerja.alur.bahan.simpan_bahan`: validated with the
    quarter's others, stored only without a galat, the returned copy kept in ``data/diganti``)."""
    from kinerja.alur.workflow import act  # noqa: PLC0415 -- kinerja.alur.workflow (~50 ms) kept off importing this module

    label = triwulan_label(triwulan)
    returning = sop.langkah_khusus(sop.TRIWULAN, "mengembalikan")
    catatan = f"Lembar kerja {label} masih memuat {galat} galat; mohon diperbaiki lalu diajukan ulang."
    act(workspace, config, returning.aksi, tahun, triwulan, username=_sample_actor(config, returning.peran),
        catatan=catatan)
    click.echo(f"   {label}: dikembalikan oleh Sekretaris untuk perbaikan ({galat} galat).")
    _upload_corrections(workspace, config, tahun, triwulan)


def _upload_corrections(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> None:
    """The corrected workbooks of a quarter come in through the upload path (validated with the
    quarter's others, stored only without a galat, the previous copy kept in ``data/diganti``),
    each recorded as a signed ``simpan_bahan`` event by the sample analyst."""
    from kinerja.lembar.sample import corrected_workbooks  # noqa: PLC0415 -- kinerja.lembar.sample + openpyxl, numpy, PIL (~154 ms) kept off importing this module

    label = triwulan_label(triwulan)
    analyst = _sample_actor(config, "analis_data")
    waiting = corrected_workbooks(triwulan, config, tahun=tahun)
    while waiting:  # a workbook is validated with the others: one may wait for another's fix (arah across units)
        refused = {}
        for nama, isi in waiting.items():
            hasil = simpan_bahan(workspace, config, tahun, triwulan, nama, isi, ganti=True, username=analyst)
            if hasil.disimpan is None:
                refused[nama] = (isi, hasil.pesan)
            else:
                click.echo(f"   {label}: perbaikan {nama} diunggah ({hasil.galat} galat, {len(hasil.temuan)} temuan); "
                           "lembar kerja yang dikembalikan disimpan di data/diganti.")
        if len(refused) == len(waiting):
            raise KinerjaError(f"Perbaikan {label} ditolak: " + " ".join(pesan for _, pesan in refused.values()))
        waiting = {nama: isi for nama, (isi, _) in refused.items()}


def _warm_session(config: Config) -> tuple[Any, Any]:
    """A kernel pool and a print thread with its browser that every report of the demo reuses,
    instead of each starting its own (the demo took 45.6 s with a kernel and a browser per
    report, 27.0 s with these)."""
    from kinerja.laporan.jalan.runner import KERNEL_NAME  # noqa: PLC0415 -- kinerja.laporan.jalan.runner (~68 ms) kept off importing this module
    from kinerja.laporan.render.browser import PrintThread  # noqa: PLC0415 -- kinerja.laporan.render.browser (~29 ms) kept off importing this module

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
