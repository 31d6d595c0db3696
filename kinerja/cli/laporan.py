"""CLI for the reports: ``kinerja laporan triwulan|tahunan`` (and ``--semua``).

Thin click commands around :mod:`kinerja.laporan.jalan.runner`. Exit codes: 0 when every report was
produced (a missing browser only prints a note: the HTML is there), 1 when a report failed
(a failing cell: the message names the notebook, the cell and the cause), 2 for wrong usage.
"""

from __future__ import annotations

import click

from kinerja.cli.jenis import TAHUN, TRIWULAN
from kinerja.cli.pemda import run_all_opd
from kinerja.errors import UsageError
from kinerja.numbers import last_finished_quarter, office_today, zona_of

# Not imported from kinerja.cli.commands: that module imports this one while it is being built.


def _echo_result(result, *, judul: bool = False) -> None:
    from kinerja.laporan.jalan.runner import result_lines

    out, notes = result_lines(result, judul=judul)
    for line in out:
        click.echo(line)
    for line in notes:
        click.echo(line, err=True)


def _run_year(state, tahun: int, tanpa_pdf: bool) -> None:
    """The four quarters then the annual report, with a progress bar."""
    from kinerja.laporan.jalan.batch import run_year

    for result in run_year(state.workspace, state.config, tahun, pdf=not tanpa_pdf, progress=True):
        _echo_result(result)


@click.group("laporan")
def laporan() -> None:
    """Jalankan notebook laporan dan ekspor ke HTML dan PDF."""


@laporan.command("triwulan")
@click.option("--tahun", type=TAHUN, help="Tahun anggaran.")
@click.option("--triwulan", type=TRIWULAN, help="Triwulan yang dilaporkan (1-4).")
@click.option("--semua", is_flag=True, help="Keempat triwulan lalu laporan tahunan sekaligus, dengan bilah kemajuan.")
@click.option("--terakhir", is_flag=True, help="Triwulan terakhir yang sudah berakhir (untuk cron/systemd).")
@click.option("--tanpa-pdf", is_flag=True, help="Hanya HTML (tanpa browser).")
@click.option("--semua-opd", is_flag=True, help="Setiap OPD dalam ruang kerja Pemda (pemda.toml), sekaligus dan paralel.")
@click.option("--opd", "opd", multiple=True, metavar="KODE", help="Dengan --semua-opd: hanya OPD ini (boleh berulang).")
@click.option("--dask", metavar="ALAMAT", help="Dengan --semua-opd: penjadwal Dask, mis. tcp://10.0.0.5:8786 (bawaan: [dask] alamat di pemda.toml).")
@click.option("--pekerja", type=click.IntRange(1, 64), help="Dengan --semua-opd: jumlah kernel sekaligus (bawaan: jumlah inti prosesor).")
@click.pass_obj
def triwulan_command(state, tahun: int | None, triwulan: int | None, semua: bool, terakhir: bool, tanpa_pdf: bool,
                     semua_opd: bool, opd: tuple[str, ...], dask: str | None, pekerja: int | None) -> None:
    """Laporan evaluasi kinerja satu triwulan (atau --semua, --terakhir, --semua-opd)."""
    if terakhir:
        if tahun is not None or triwulan is not None or semua:
            raise UsageError("--terakhir tidak dapat digabung dengan --tahun, --triwulan atau --semua.")

        tahun, triwulan = last_finished_quarter(office_today(zona_of(state.config)))
    if tahun is None:
        raise UsageError("Sebutkan --tahun (atau --terakhir).")
    if semua == (triwulan is not None):
        raise UsageError("Sebutkan --triwulan N atau --semua (salah satu).")
    if not semua_opd and (opd or dask or pekerja):
        raise UsageError("--opd, --dask dan --pekerja hanya berlaku dengan --semua-opd.")
    if semua_opd:
        if triwulan is None:
            raise UsageError("--semua-opd menjalankan satu triwulan; sebutkan --triwulan N, bukan --semua.")

        run_all_opd(state, tahun, triwulan, pdf=not tanpa_pdf, dask=dask, pekerja=pekerja, opd=opd)
        return
    _run_and_echo(state, tahun, triwulan, semua=semua, tanpa_pdf=tanpa_pdf)


@laporan.command("tahunan")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran.")
@click.option("--semua", is_flag=True, help="Jalankan dahulu keempat laporan triwulan.")
@click.option("--tanpa-pdf", is_flag=True, help="Hanya HTML (tanpa browser).")
@click.pass_obj
def tahunan_command(state, tahun: int, semua: bool, tanpa_pdf: bool) -> None:
    """Laporan Kinerja Tahunan (LKjIP) dari hasil keempat laporan triwulan."""
    _run_and_echo(state, tahun, None, semua=semua, tanpa_pdf=tanpa_pdf)


def _run_and_echo(state, tahun: int, triwulan: int | None, *, semua: bool, tanpa_pdf: bool) -> None:
    """One report (a quarter, or the year when ``triwulan`` is None) and where it went; with
    ``semua`` the four quarters and the year (:func:`_run_year`)."""
    from kinerja.laporan.jalan.runner import run_report

    if semua:
        _run_year(state, tahun, tanpa_pdf)
        return
    _echo_result(run_report(state.workspace, state.config, tahun, triwulan, pdf=not tanpa_pdf), judul=True)


@click.command("narasi")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun anggaran.")
@click.option("--timpa", is_flag=True, help="Tulis draf baru di atas narasi yang sudah ada (isinya hilang).")
@click.pass_obj
def narasi_command(state, tahun: int, timpa: bool) -> None:
    """Tulis narasi-<tahun>.docx: satu judul per bagian naratif LKjIP, berisi draf dari data."""
    from kinerja.laporan.bagian.narasi import narasi_draf

    path, terbuka = narasi_draf(state.workspace, state.config, tahun, timpa=timpa)
    click.echo(f"Narasi LKjIP {tahun} ditulis ke {path}. Sunting teks di bawah setiap judul di Word, lalu jalankan "
               f"`kinerja laporan tahunan --tahun {tahun}`.")
    if terbuka:
        names = ", ".join(terbuka[:-1]) + (" dan " if len(terbuka) > 1 else "") + terbuka[-1]
        click.echo(f"Peringatan: {names} {tahun} belum disetujui Sekretaris, jadi tahun ini belum selesai. "
                   "Angka dalam draf ditulis sebagai bidang {{ … }} yang diisi dari hasil resmi saat laporan tahunan dibuat; "
                   "angka yang Anda ketik sendiri diperiksa terhadap tabel, dan laporan final ditolak bila berbeda.", err=True)


COMMANDS: list[click.Command] = [laporan, narasi_command]
