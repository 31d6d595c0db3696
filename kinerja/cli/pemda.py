"""CLI for a Pemda: ``--semua-opd`` runs, ``kinerja pemda sampel|rekap``.

``kinerja laporan triwulan --semua-opd`` and ``kinerja status --semua-opd`` call
:func:`run_all_opd` and :func:`status_all_opd`; the Pemda workspace is ``--ruang-kerja`` (or
``KINERJA_WORKSPACE``, or the current folder) holding ``pemda.toml``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from kinerja.cli.jenis import TAHUN, TRIWULAN
from kinerja.cli.tabel import render
from kinerja.config import load_workspace_config
from kinerja.errors import KinerjaError
from kinerja.numbers import format_datetime
from kinerja.paths import Workspace


def _short(text: str, width: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def run_all_opd(state, tahun: int, triwulan: int, *, pdf: bool, dask: str | None, pekerja: int | None, opd: tuple[str, ...]) -> None:
    """Every OPD's quarterly report (local pool or Dask), a line per OPD, a summary; exit 1 on any failure."""
    from tqdm import tqdm

    from kinerja.pemda.workspace import find_pemda

    pemda = find_pemda(state.workspace_arg)
    chosen = pemda.pilih(opd)
    address = dask or pemda.dask
    where = f"penjadwal Dask {address}" if address else "prosesor komputer ini"
    click.echo(f"{pemda.nama}: laporan triwulan {triwulan} tahun {tahun} untuk {len(chosen)} OPD di {where}.")
    bar = tqdm(total=len(chosen), desc="OPD", unit="OPD", leave=True, file=sys.stderr)

    def done(hasil) -> None:
        mark = "selesai" if hasil.berhasil else "GAGAL"
        extra = f", {hasil.galat} galat" if hasil.galat else ""
        bar.write(f"  [{mark}] {hasil.kode} {hasil.nama} ({hasil.detik:.1f} d{extra})", file=sys.stderr)
        bar.set_postfix_str(hasil.kode)
        bar.update(1)

    try:
        if address:
            from kinerja.pemda.cluster import run_dask

            results = run_dask(chosen, tahun, triwulan, address=address, pdf=pdf, on_done=done)
        else:
            from kinerja.pemda.pool import run_local

            results = run_local(chosen, tahun, triwulan, pdf=pdf, workers=pekerja, on_done=done)
    finally:
        bar.close()
    failed = [h for h in results if not h.berhasil]
    galat = [h for h in results if h.berhasil and h.galat]
    click.echo(f"Ringkasan: {len(results) - len(failed)} dari {len(results)} OPD selesai, {len(failed)} gagal.")
    for h in galat:
        click.echo(f"  {h.kode}: laporan dibuat, tetapi lembar kerjanya masih memiliki {h.galat} galat (baris itu dikecualikan).")
    notes = sorted({n for h in results for n in h.catatan})
    for note in notes:
        click.echo(f"Catatan: {note}", err=True)
    if failed:
        click.echo("OPD yang gagal:", err=True)
        for h in failed:
            click.echo(f"  {h.kode} ({h.nama}): {_short(h.alasan, 400)}", err=True)
        sys.exit(1)


def status_all_opd(state, tahun: int | None, triwulan: int | None, fmt: str = "tabel") -> None:
    """Every OPD's workflow cases: state, who acts next, deadline, lateness (``fmt`` tabel or json)."""
    from kinerja.alur.workflow import case_status, current_year
    from kinerja.pemda.workspace import find_pemda

    pemda = find_pemda(state.workspace_arg)
    header = ("OPD", "Kasus", "Keadaan", "Bertindak berikutnya", "Tenggat", "Terlambat")
    rows: list[tuple[str, ...]] = []
    records: list[dict] = []
    problems = 0
    for opd in pemda.opd:
        try:
            config = load_workspace_config(opd.root)
            year = tahun
            if year is None:
                year = current_year(config)
            cases = case_status(Workspace(opd.root), config, year, triwulan)
        except KinerjaError as exc:
            rows.append((opd.kode, "-", f"tidak dapat dibaca: {_short(str(exc), 80)}", "-", "-", "-"))
            records.append({"opd": opd.kode, "nama": opd.nama, "galat": str(exc), "kasus": []})
            problems += 1
            continue
        records.append({"opd": opd.kode, "nama": opd.nama, "galat": None, "kasus": cases})
        if not cases:
            rows.append((opd.kode, "-", "belum ada kasus", "-", "-", "-"))
        for case in cases:
            tenggat = case.get("tenggat")
            rows.append((
                opd.kode, case["kasus"], case["keadaan_label"], case.get("pelaksana_berikut") or "-",
                format_datetime(dt.datetime.fromisoformat(tenggat)) if isinstance(tenggat, str) else "-",
                "YA" if case.get("terlambat") else "tidak",
            ))
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return

    click.echo(render(header, rows))
    late = sum(1 for r in rows if r[5] == "YA")
    click.echo(f"\n{len(pemda.opd)} OPD, {late} kasus terlambat" + (f", {problems} OPD tidak dapat dibaca." if problems else "."))


@click.group("pemda")
def pemda() -> None:
    """Ruang kerja Pemda: banyak OPD sekaligus dan rekapitulasinya."""


@pemda.command("sampel")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--jumlah", type=click.IntRange(1, 500), default=5, show_default=True, help="Jumlah OPD contoh.")
@click.option("--tahun", type=TAHUN, default=2025, show_default=True)
@click.option("--timpa", is_flag=True, help="Tulis ke folder yang tidak kosong (OPD bernama sama ditulis ulang).")
def sampel(folder: str, jumlah: int, tahun: int, timpa: bool) -> None:
    """Buat ruang kerja Pemda contoh: pemda.toml dan JUMLAH OPD dari kantor sampel."""
    from kinerja.pemda.sample import write_sample_pemda

    written = write_sample_pemda(folder, jumlah, tahun, timpa=timpa)
    click.echo(f"Ruang kerja Pemda dengan {jumlah} OPD ditulis ke {written.root}")
    click.echo(f"Lanjutkan: kinerja --ruang-kerja {written.root} laporan triwulan --tahun {tahun} --triwulan 3 --semua-opd")


@pemda.command("rekap")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran.")
@click.option("--triwulan", type=TRIWULAN, required=True, help="Triwulan yang direkap.")
@click.option("--tanpa-pdf", is_flag=True, help="Hanya HTML dan .xlsx.")
@click.option("--draf", is_flag=True,
              help="Pratinjau: OPD yang hasilnya belum disetujui diambil dari laporan terkininya dan ditandai DRAF; "
                   "seluruh dokumen bertanda DRAF, tidak untuk ditandatangani (berkas *-draf, rekap resmi tidak ditimpa).")
@click.pass_obj
def rekap(state, tahun: int, triwulan: int, tanpa_pdf: bool, draf: bool) -> None:
    """Rekapitulasi kinerja perangkat daerah (HTML, PDF, .xlsx) dari hasil setiap OPD yang sudah disetujui.

    OPD yang hasilnya belum disetujui tetap tercantum dengan alasannya, tanpa peringkat.
    """
    from kinerja.pemda.recap import write_recap
    from kinerja.pemda.workspace import find_pemda

    pemda_ = find_pemda(state.workspace_arg)
    result = write_recap(pemda_, tahun, triwulan, pdf=not tanpa_pdf, draf=draf)
    jenis = "Rekapitulasi DRAF (pratinjau, tidak untuk ditandatangani)" if draf else "Rekapitulasi"
    click.echo(f"{jenis} triwulan {triwulan} tahun {tahun} ditulis ke {result.folder}:")
    for path in result.berkas:
        click.echo(f"  {path}")
    for note in result.catatan:
        click.echo(f"Catatan: {note}", err=True)


COMMANDS: list[click.Command] = [pemda]
