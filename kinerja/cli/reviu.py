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
from pathlib import Path

import click

from kinerja.cli.alur import _signer_with_passphrase
from kinerja.cli.jenis import TAHUN
from kinerja.cli.tabel import cetak
from kinerja.config import DEFAULT_PREDIKAT, DEFAULT_SKALA, Batas
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import KinerjaError, UsageError
from kinerja.numbers import format_date, format_datetime, format_number, office_today, zona_of

pass_state = click.pass_obj
FORMAT = click.Choice(["tabel", "json", "xlsx"])
TIDAK_TERBACA = 3


def _aturan(state, batas_capaian: float | None):
    """The reviu's rules: the workspace's scales and bands when there is a workspace, else the defaults."""
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
@click.option("--semua-opd", is_flag=True, help="Di ruang kerja Pemda: reviu laporan tahunan terdokumentasi setiap OPD; rekapnya ditulis ke rekap Pemda tahun itu (laporan/TAHUN/tahunan).")
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
    from kinerja.reviu.opd import tulis_rekap

    written = tulis_rekap(pemda, tahun, hasil, dibuat=office_today(pemda.zona_waktu).isoformat())
    click.echo(f"Rekap reviu ditulis ke rekap Pemda: {', '.join(str(p) for p in written)}.", err=True)
    if fmt == "json":
        click.echo(json.dumps({"rekap": recap, "baris": [b.as_json() for b in semua.baris]}, ensure_ascii=False, indent=2))
    elif fmt == "xlsx":
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


def _make_step(step) -> click.Command:
    """One ``kinerja penugasan-reviu <aksi>`` command for a reviu step of the SOP table."""
    def callback(state, tahun: int, opd: str, catatan: str = "", penerima: str | None = None,
                 berkas: tuple[str, ...] = (), nama_opd: str = "", batas_capaian: float | None = None) -> None:
        from kinerja.alur.workflow import act, case_label, parse_time
        from kinerja.reviu import kasus as reviu_kasus

        unit = sop.kasus_reviu(opd)
        kunci = _signer_with_passphrase(state)
        made: tuple = ()
        if step.mengajukan:
            if not berkas:
                raise UsageError("Sebutkan dokumen LKjIP yang direviu, misalnya: kinerja penugasan-reviu "
                                 f"{step.aksi} --tahun {tahun} --opd {opd} LKjIP-{opd}-{tahun}.pdf")
            missing = [b for b in berkas if not Path(b).is_file()]
            if missing:
                raise UsageError(f"Dokumen {', '.join(missing)} tidak ditemukan.")
            done = reviu_kasus.laksanakan(state.workspace, state.config, tahun, opd, [Path(b) for b in berkas],
                                          nama_opd=nama_opd, catatan=catatan or "", kunci=kunci,
                                          batas_capaian=batas_capaian)
            event, made = done.peristiwa, done.berkas
            if done.hasil is not None:
                click.echo(_ringkas(done.hasil))
        elif sop.LHR_FINAL in step.syarat:
            done = reviu_kasus.terbitkan(state.workspace, state.config, tahun, opd, catatan=catatan or "", kunci=kunci)
            event, made = done.peristiwa, done.berkas
        else:
            event = act(state.workspace, state.config, step.aksi, tahun, None, unit=unit, catatan=catatan or "",
                        penerima=penerima, kunci=kunci)
        click.echo(f"{case_label(tahun, None, unit)}: '{step.aksi}' oleh {event.pengguna} dicatat pada "
                   f"{format_datetime(parse_time(event.waktu), zona_of(state.config))}. Keadaan sekarang: "
                   f"{sop.keadaan(event.ke).label}.")
        if event.penerima:
            click.echo(f"Ditugaskan: {event.penerima}.")
        if event.berkas:
            click.echo(f"Berkas: {event.berkas} (sha256 {event.sha256})")
        for path in made:
            if path.suffix in (".xlsx", ".docx", ".pdf") and path.parent.name != reviu_kasus.DOKUMEN:
                click.echo(f"  {state.workspace.shown(path)}")
        if sop.LHR_FINAL in step.syarat:
            pdf_name = Path(reviu_kasus.PERNYATAAN).with_suffix(".pdf").name
            pernyataan = next((p for p in made if p.name == pdf_name), None)
            if pernyataan is not None:
                click.echo(f"Pernyataan Telah Direviu untuk LKjIP {opd}: lampirkan di ruang kerja kantor itu dengan "
                           f"`kinerja alur nyatakan_direviu --tahun {tahun} --berkas {pernyataan}`.")

    params: list[click.Parameter] = [
        click.Option(["--tahun"], type=TAHUN, required=True, help="Tahun LKjIP yang direviu."),
        click.Option(["--opd"], required=True, metavar="KODE", help="Kode perangkat daerah yang LKjIP-nya direviu."),
    ]
    catatan_kwargs = {"required": True} if step.catatan_wajib else {"default": ""}
    params.append(click.Option(["--catatan"], help="Catatan telaah (wajib)." if step.catatan_wajib else "Catatan.",
                               **catatan_kwargs))
    if step.menugaskan:
        params.append(click.Option(["--penerima"], metavar="USERNAME",
                                   help=f"{ROLE_LABELS[step.menugaskan]} yang ditugaskan."))
    if step.mengajukan:
        params.append(click.Argument(["berkas"], nargs=-1, type=click.Path(dir_okay=False)))
        params.append(click.Option(["--nama-opd"], default="", help="Nama perangkat daerah (untuk LHR)."))
        params.append(click.Option(["--batas-capaian"], type=click.FloatRange(min=0, min_open=True), default=None,
                                   metavar="PERSEN", help="Batas atas capaian menurut aturan kantor yang direviu."))
    syarat = "; ".join(sop.SYARAT[key] for key in step.syarat)
    help_text = (f"Langkah {step.langkah} reviu: {step.uraian}. Peran: {ROLE_LABELS[step.peran]}; keluaran: "
                 f"{step.keluaran}." + (f" Syarat: {syarat}." if syarat else ""))
    return click.Command(step.aksi, callback=pass_state(callback), params=params, help=help_text, short_help=step.label)


@click.group("penugasan-reviu")
def penugasan_reviu() -> None:
    """Reviu LKjIP sebagai penugasan ([alur] reviu_lkjip): Inspektur menugaskan, auditor melaksanakan, Pengendali
    Teknis menelaah, Inspektur menerbitkan Laporan Hasil Reviu. Setiap aksi ditandatangani dan dicatat di riwayat."""


def _add_steps() -> None:
    for step in sop.LANGKAH:
        if step.lingkup == sop.REVIU:
            penugasan_reviu.add_command(_make_step(step))


_add_steps()

COMMANDS: list[click.Command] = [reviu, penugasan_reviu]
