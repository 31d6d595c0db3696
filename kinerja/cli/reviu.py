"""CLI: ``kinerja reviu BERKAS…`` — the Inspektorat's reviu of another office's LKjIP.

Reads each .docx/.xlsx/.ods/PDF, recomputes every capaian row (:mod:`kinerja.reviu.periksa`)
and prints the rows with their verdict (``--format tabel``), the JSON list of rows and findings
(``--format json``), or writes the Kertas Kerja Reviu (``--format xlsx --keluaran KKR.xlsx``).
Exit codes: 0 no row ``tidak_sesuai``; 1 at least one; 3 a document could not be read; 2 usage.
Outside a workspace the scales and predikat bands are kinerja's defaults (Permendagri 86/2017).
"""

from __future__ import annotations

import json
import sys

import click

pass_state = click.pass_obj
FORMAT = click.Choice(["tabel", "json", "xlsx"])
TIDAK_TERBACA = 3


def _aturan(state, batas_capaian: float | None):
    """The reviu's rules: the workspace's scales and bands when there is a workspace, else the defaults."""
    from kinerja.config import DEFAULT_PREDIKAT, DEFAULT_SKALA
    from kinerja.errors import KinerjaError
    from kinerja.reviu.periksa import Aturan

    try:
        config = state.config
    except KinerjaError:
        return Aturan(skala=dict(DEFAULT_SKALA), pita=DEFAULT_PREDIKAT, batas_capaian=batas_capaian), None
    return Aturan.dari_config(config, batas_capaian), config


def _ringkas(hasil) -> str:
    from kinerja.reviu.temuan import STATUS

    counts = {s: sum(1 for b in hasil.baris if b.status == s) for s in STATUS}
    return (f"{len(hasil.baris)} baris capaian dibaca: {counts['sesuai']} sesuai, {counts['pembulatan']} pembulatan, "
            f"{counts['tidak_sesuai']} tidak sesuai, {counts['tidak_dapat_dihitung']} tidak dapat dihitung.")


def _cetak(hasil) -> None:
    import pandas as pd

    from kinerja.cli.tabel import cetak
    from kinerja.numbers import format_number
    from kinerja.reviu.kkr import LABEL_STATUS

    if hasil.baris:
        frame = pd.DataFrame([{
            "Berkas": b.berkas,
            "Hal.": b.lembar if b.lembar is not None else ("" if b.halaman is None else str(b.halaman)),
            "Tabel": b.tabel,
            "Baris": str(b.baris),
            "Indikator": b.indikator,
            "Target": b.target,
            "Realisasi": b.realisasi,
            "Tercetak": format_number(b.capaian_tercetak) if b.capaian_tercetak is not None else "–",
            "Hitung": format_number(b.capaian_hitung) if b.capaian_hitung is not None else "–",
            "Hasil": LABEL_STATUS[b.status],
            "Keterangan": b.pesan,
        } for b in hasil.baris])
        cetak(frame, judul="Reviu capaian kinerja", lebar={"Hasil": 12})
    if hasil.temuan:
        frame = pd.DataFrame([{
            "Berkas": t.berkas, "Jenis": t.jenis, "Tempat": " ".join(
                x for x in (t.tabel or "", f"baris {t.baris}" if t.baris else "", f"hal. {t.halaman}" if t.halaman else "") if x),
            "Hasil": LABEL_STATUS.get(t.status, t.status), "Keterangan": t.pesan,
        } for t in hasil.temuan])
        cetak(frame, judul="Temuan lain")


@click.command("reviu")
@click.argument("berkas", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=FORMAT, default="tabel", show_default=True, help="Bentuk keluaran.")
@click.option("--keluaran", metavar="BERKAS.xlsx", help="Kertas Kerja Reviu untuk --format xlsx.")
@click.option("--batas-capaian", type=click.FloatRange(min=0, min_open=True), default=None, metavar="PERSEN",
              help="Batas atas capaian yang dinyatakan aturan kantor yang direviu (mis. 120); tanpa ini capaian yang "
                   "dibatasi dinilai tidak sesuai.")
@click.option("--lhr", metavar="BERKAS.docx", help="Tulis juga Laporan Hasil Reviu (DRAF) ke .docx ini dan PDF-nya.")
@click.option("--pernyataan", metavar="BERKAS.docx", help="Tulis juga halaman Pernyataan Telah Direviu (DRAF).")
@click.option("--semua-opd", is_flag=True, help="Di ruang kerja Pemda: reviu laporan tahunan terdokumentasi setiap OPD.")
@click.option("--tahun", type=click.IntRange(2000, 2100), help="Tahun laporan tahunan untuk --semua-opd.")
@click.option("--opd", multiple=True, metavar="KODE", help="Hanya OPD ini (boleh berulang) untuk --semua-opd.")
@click.option("--pekerja", type=click.IntRange(min=1), help="Jumlah proses pemeriksa untuk --semua-opd.")
@pass_state
def reviu(state, berkas: tuple[str, ...], fmt: str, keluaran: str | None, batas_capaian: float | None,
          lhr: str | None, pernyataan: str | None, semua_opd: bool, tahun: int | None, opd: tuple[str, ...], pekerja: int | None) -> None:
    """Reviu LKjIP: hitung ulang setiap baris capaian dalam laporan kinerja OPD lain (.docx, .xlsx, .ods, PDF).

    Setiap baris dinilai: sesuai, pembulatan, tidak_sesuai, atau tidak_dapat_dihitung. Kode keluar 1 bila
    ada baris yang tidak sesuai. Dengan --semua-opd --tahun N (ruang kerja Pemda): laporan tahunan setiap
    OPD yang sudah didokumentasikan, dari hasil kinerja sendiri.
    """
    from pathlib import Path

    from kinerja.errors import UsageError
    from kinerja.reviu.baca import BacaError
    from kinerja.reviu.periksa import reviu as jalankan

    if fmt == "xlsx" and (not keluaran or Path(keluaran).suffix.lower() != ".xlsx"):
        raise UsageError("--format xlsx memerlukan --keluaran BERKAS.xlsx (Kertas Kerja Reviu).")
    if lhr and Path(lhr).suffix.lower() != ".docx":
        raise UsageError("--lhr memerlukan nama berkas .docx (PDF-nya ditulis di sampingnya).")
    if pernyataan and Path(pernyataan).suffix.lower() != ".docx":
        raise UsageError("--pernyataan memerlukan nama berkas .docx.")
    if semua_opd:
        if berkas:
            raise UsageError("--semua-opd memeriksa hasil setiap OPD; jangan sebutkan berkas bersamanya.")
        if tahun is None:
            raise UsageError("--semua-opd memerlukan --tahun, misalnya: kinerja reviu --semua-opd --tahun 2025")
        _semua_opd(state, tahun, opd, pekerja, fmt, keluaran, batas_capaian)
        return
    if not berkas:
        raise UsageError("Sebutkan berkas laporan yang direviu, misalnya: kinerja reviu LKjIP-Dinkes-2024.pdf")
    aturan, config = _aturan(state, batas_capaian)
    batas = config.batas if config is not None else None
    if batas is None:
        from kinerja.config import Batas

        batas = Batas()
    try:
        hasil = jalankan([Path(b) for b in berkas], aturan, batas)
    except BacaError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(TIDAK_TERBACA)
    if fmt == "json":
        click.echo(json.dumps(hasil.as_json(), ensure_ascii=False, indent=2))
    elif fmt == "xlsx":
        from kinerja.reviu.kkr import tulis_kkr

        tulis_kkr(hasil, Path(keluaran or ""))
        click.echo(f"Kertas Kerja Reviu ditulis ke {keluaran}.", err=True)
    else:
        _cetak(hasil)
    if lhr or pernyataan:
        from kinerja.numbers import format_date, office_today, zona_of

        tanggal = format_date(office_today(zona_of(config))) if config is not None else ""
    if pernyataan:
        from kinerja.reviu.lhr import tulis_pernyataan

        made = tulis_pernyataan(hasil, Path(pernyataan), obyek=", ".join(Path(b).name for b in berkas), tahun=tahun,
                                config=config, tanggal=tanggal)
        click.echo(f"Pernyataan Telah Direviu (DRAF) ditulis: {made}.", err=True)
    if lhr:
        from kinerja.reviu.lhr import tulis_lhr

        written = tulis_lhr(hasil, Path(lhr), obyek=", ".join(Path(b).name for b in berkas), tahun=tahun, config=config,
                            tanggal=tanggal)
        click.echo(f"Laporan Hasil Reviu (DRAF) ditulis: {', '.join(str(p) for p in written)}.", err=True)
    click.echo(_ringkas(hasil), err=fmt != "tabel")
    if hasil.ada_tidak_sesuai:
        sys.exit(1)


def _semua_opd(state, tahun: int, kode: tuple[str, ...], pekerja: int | None, fmt: str, keluaran: str | None,
               batas_capaian: float | None) -> None:
    import pandas as pd

    from kinerja.cli.tabel import cetak
    from kinerja.config import DEFAULT_PREDIKAT, DEFAULT_SKALA
    from kinerja.pemda.workspace import find_pemda
    from kinerja.reviu.opd import rekap, reviu_semua_opd
    from kinerja.reviu.periksa import HasilReviu, TemuanReviu

    pemda = find_pemda(state.workspace_arg)
    chosen = pemda.pilih(kode)
    from kinerja.reviu.periksa import Aturan

    # each OPD is checked with its own config's scales and bands; only the named cap is the reviewer's
    aturan = Aturan(skala=dict(DEFAULT_SKALA), pita=DEFAULT_PREDIKAT, batas_capaian=batas_capaian)
    click.echo(f"{pemda.nama}: reviu laporan tahunan {tahun} dari hasil terdokumentasi {len(chosen)} OPD.", err=True)
    hasil = reviu_semua_opd(chosen, tahun, aturan, pekerja=pekerja)
    semua = HasilReviu([b for h in hasil for b in h.baris],
                       [TemuanReviu(h.kode, "opd", "tidak_dapat_dihitung", f"{h.kode} {h.nama}: {h.alasan}") for h in hasil if h.alasan])
    recap = rekap(hasil)
    if fmt == "json":
        click.echo(json.dumps({"rekap": recap, "baris": [b.as_json() for b in semua.baris]}, ensure_ascii=False, indent=2))
    elif fmt == "xlsx":
        from pathlib import Path

        from kinerja.reviu.kkr import tulis_kkr

        tulis_kkr(semua, Path(keluaran or ""), judul=f"KERTAS KERJA REVIU LAPORAN KINERJA {tahun} — {pemda.nama}")
        click.echo(f"Kertas Kerja Reviu ditulis ke {keluaran}.", err=True)
    else:
        frame = pd.DataFrame([{"Kode": r["kode"], "OPD": r["nama"], "Baris": str(r["baris"]), "Sesuai": str(r["sesuai"]),
                               "Pembulatan": str(r["pembulatan"]), "Tidak sesuai": str(r["tidak_sesuai"]),
                               "Tidak dapat dihitung": str(r["tidak_dapat_dihitung"]), "Keterangan": r["keterangan"]}
                              for r in recap])
        cetak(frame, judul=f"Rekap reviu laporan tahunan {tahun}")
        wrong = [b for b in semua.baris if b.status == "tidak_sesuai"]
        if wrong:
            _cetak(HasilReviu(wrong, []))
    checked = sum(r["baris"] for r in recap)
    bad = sum(r["tidak_sesuai"] for r in recap)
    without = sum(1 for r in recap if r["keterangan"])
    click.echo(f"{checked} baris dari {len(recap) - without} OPD diperiksa; {bad} tidak sesuai; "
               f"{without} OPD tanpa laporan tahunan terdokumentasi.", err=fmt != "tabel")
    if bad:
        sys.exit(1)


COMMANDS: list[click.Command] = [reviu]
