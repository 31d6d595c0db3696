"""CLI for deadline reminders: ``kinerja ingatkan`` (run it every 15 minutes from cron, a systemd
timer or the Windows Task Scheduler; see docs/pengingat.md)."""

from __future__ import annotations

import click

from kinerja.cli.jenis import TAHUN
from kinerja.numbers import format_datetime, zona_of


@click.command("ingatkan")
@click.option("--kering", is_flag=True, help="Hanya tampilkan pengingat yang akan dikirim; tidak mengirim apa pun.")
@click.option("--tahun", type=TAHUN, help="Tahun kasus (bawaan: tahun yang sedang berjalan).")
@click.pass_obj
def ingatkan(state, kering: bool, tahun: int | None) -> None:
    """Kirim surel pengingat kepada pelaksana langkah berikutnya sebelum (dan sekali setelah) tenggatnya.

    Setiap pengingat dikirim sekali: yang terkirim dicatat di kinerja-pengingat.db, sehingga
    perintah ini aman dijalankan setiap 15 menit. Bila server surel gagal, tidak ada yang dicatat
    terkirim dan jalan berikutnya mencoba lagi (kode keluar 1).
    """
    from kinerja.alur.pengingat import HARI_TENGGAT, LEWAT, SEBELUM, send_due, zone_label  # noqa: PLC0415 -- kinerja.alur.pengingat + email, ssl, logging (~110 ms) kept off `kinerja --help`

    config = state.config
    hasil = send_due(state.workspace, config, kering=kering, tahun=tahun)
    jenis = {SEBELUM: "sebelum tenggat", HARI_TENGGAT: "hari tenggat", LEWAT: "tenggat terlewati"}
    kata = "akan dikirim" if kering else "terkirim"
    for item in hasil.terkirim:
        click.echo(f"{kata}: {item.kasus.label} — {item.langkah.label} ({jenis[item.jenis]}), kepada "
                   f"{item.penerima.nama} <{item.penerima.surel}>, tenggat {format_datetime(item.tenggat, zona_of(config))}")
    for item in hasil.tanpa_alamat:
        click.echo(f"tanpa alamat surel: {item.penerima.nama} ({item.penerima.username}) untuk {item.kasus.label} — "
                   f"{item.langkah.label}; isi surel = \"...\" pada [[pegawai]] orang ini di kinerja.toml", err=True)
    ringkas = f"{len(hasil.terkirim)} pengingat {kata}"
    if hasil.sudah:
        ringkas += f", {len(hasil.sudah)} sudah terkirim sebelumnya"
    click.echo(f"{ringkas} (waktu kantor {zone_label(config)}).")


COMMANDS = [ingatkan]
