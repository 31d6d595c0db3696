"""CLI for the start of a year: ``kinerja riwayat templat|periksa`` (earlier years and Renstra targets) and
``kinerja tahun-baru`` (what January needs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kinerja.cli.jenis import TAHUN
from kinerja.cli.tabel import KODE_WHOLE, cetak, findings_view
from kinerja.errors import UsageError
from kinerja.lembar.findings import has_galat, to_frame

pass_state = click.pass_obj


@click.group("riwayat")
def riwayat() -> None:
    """Riwayat capaian tahun-tahun sebelumnya dan target Renstra (data/referensi/riwayat-capaian.xlsx)."""


@riwayat.command("templat")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun LKjIP yang akan memakai riwayat ini.")
@click.option("--dari", type=click.Path(dir_okay=False), help="Lembar kerja Rencana Aksi yang memuat indikator tahun itu "
              "(bawaan: triwulan terakhir di data/raw tahun itu atau tahun sebelumnya).")
@click.option("--timpa", is_flag=True, help="Tulis templat kosong di atas berkas yang sudah ada.")
@pass_state
def templat(state, tahun: int, dari: str | None, timpa: bool) -> None:
    """Tulis berkas riwayat capaian kantor Anda: satu baris per indikator, kolom Renstra, standar dan dua tahun sebelumnya."""
    from kinerja.laporan.model.riwayat_templat import write_riwayat_template

    path, count, where = write_riwayat_template(state.workspace, state.config, tahun, dari=Path(dari) if dari else None,
                                                timpa=timpa)
    click.echo(f"{state.workspace.shown(path)} ditulis: {count} indikator dari {where}, kolom Realisasi {tahun - 2} dan "
               f"{tahun - 1}. Isi sel kuning, lalu periksa: kinerja riwayat periksa --tahun {tahun}")


@riwayat.command("periksa")
@click.option("--tahun", type=TAHUN, required=True, help="Tahun LKjIP yang akan memakai riwayat ini.")
@click.option("--dari", type=click.Path(dir_okay=False), help="Lembar kerja Rencana Aksi yang memuat indikator tahun itu.")
@pass_state
def periksa(state, tahun: int, dari: str | None) -> None:
    """Periksa berkas riwayat capaian seperti lembar kerja Rencana Aksi (kode keluar 1 bila ada galat)."""
    from kinerja.laporan.model.riwayat_templat import check_riwayat, office_indicators

    try:
        indicators, _where = office_indicators(state.workspace, state.config, tahun, Path(dari) if dari else None)
    except UsageError:
        indicators = None  # no workbook yet: the rows cannot be compared with the year's indicators
    found = check_riwayat(state.workspace, state.config, tahun, indicators)
    if not found:
        click.echo(f"Riwayat capaian siap untuk LKjIP {tahun}: tidak ada temuan.")
        return
    cetak(findings_view(to_frame(found)), lebar=KODE_WHOLE)
    galat = sum(1 for t in found if t.tingkat.value == "galat")
    click.echo(f"\n{galat} galat, {len(found) - galat} peringatan.")
    sys.exit(1 if has_galat(found) else 0)


@click.command("tahun-baru")
@click.option("--tahun", type=TAHUN, help="Tahun yang dimulai (bawaan: tahun sesudah tahun yang sedang ditutup).")
@click.option("--siapkan-folder", is_flag=True, help="Buat folder data/raw/<tahun>/triwulan-1 … triwulan-4 yang belum ada.")
@pass_state
def tahun_baru(state, tahun: int | None, siapkan_folder: bool) -> None:
    """Daftar periksa awal tahun: laporan tahunan lalu, templat PK baru, folder, riwayat capaian, kunci (kode keluar 1 bila belum siap)."""
    from kinerja.alur.workflow import current_year
    from kinerja.tahun_baru import daftar

    tahun = tahun or current_year(state.config) + 1
    if siapkan_folder:
        for n in range(1, 5):
            (state.workspace.raw / str(tahun) / f"triwulan-{n}").mkdir(parents=True, exist_ok=True)
    items = daftar(state.workspace, state.config, tahun)
    click.echo(f"Awal tahun {tahun} · {state.config.instansi.nama}")
    for item in items:
        click.echo(f"[{'x' if item.siap else ' '}] {item.judul}: {item.keterangan}")
        if item.perintah:
            click.echo(f"      → {item.perintah}")
    ready = sum(item.siap for item in items)
    click.echo(f"{ready} dari {len(items)} siap.")
    sys.exit(0 if ready == len(items) else 1)


COMMANDS: list[click.Command] = [riwayat, tahun_baru]
