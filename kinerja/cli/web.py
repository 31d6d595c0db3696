"""``kinerja layani``: the SOP web app (Voila)."""

from __future__ import annotations

import click

from kinerja.web.layani import DEFAULT_ADDRESS, DEFAULT_PORT, serve
from kinerja.web.sesi import SESI_JAM


@click.command("layani")
@click.option("--alamat", default=DEFAULT_ADDRESS, show_default=True,
              help="Alamat yang didengarkan: hanya komputer ini (127.0.0.1, ::1 atau localhost).")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="Port HTTP.")
@click.option("--token", metavar="TEKS", help="Token akses (bawaan: dibuat acak setiap kali dijalankan).")
@click.option("--sesi-jam", type=click.FloatRange(0.01, 24 * 30), default=SESI_JAM, show_default=True,
              help="Lama sesi peramban setelah tautan dibuka (jam).")
@click.option("--tanpa-hangat", is_flag=True,
              help="Tanpa kernel dan browser yang disiapkan untuk 'Susun laporan' (hemat memori; setiap laporan lebih lama).")
@click.pass_obj
def layani(state, alamat: str, port: int, token: str | None, sesi_jam: float, tanpa_hangat: bool) -> None:
    """Jalankan aplikasi web alur SOP (Tugas saya, Status, Laporan) tanpa kode yang terlihat."""
    serve(state.workspace, alamat, port, token, echo=click.echo, sesi_jam=sesi_jam, hangat=not tanpa_hangat)


COMMANDS: list[click.Command] = [layani]
