"""The annual report's appendices: the Perjanjian Kinerja with both signatures, the formulas and
predikat intervals, and the data sources with their workflow state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from kinerja.capaian.tabel import (
    aturan_efisiensi,
    format_target,
)
from kinerja.config import Config
from kinerja.laporan.bagian.umum import (
    _group,
    _judul,
    _label_unit,
    _row,
    _rp,
    _text,
    judul_status_alur,
    tabel_status_alur,
)
from kinerja.laporan.model.data import LaporanTahunan
from kinerja.laporan.model.dokumen import (
    Bagian,
    Baris,
    Kotak,
    Paragraf,
    Penandatangan,
    Sel,
    Tabel,
    TandaTangan,
    paragraf,
)
from kinerja.numbers import (
    format_datetime,
    format_number,
    triwulan_label,
    zona_of,
)

PERNYATAAN = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi pada hasil, "
    "kami yang bertanda tangan di bawah ini:"
)


def perjanjian_kinerja(tabel: pd.DataFrame, *, lengkap: bool = False, tahun: int | None = None) -> Tabel:
    """The Perjanjian Kinerja grouped by Sasaran: indicator, unit, annual target (and, in
    full, grouped by Program / Kegiatan as well, with the budget)."""
    headers = ["No", "Indikator Kinerja", "Satuan", "Target"] + (["Anggaran (Rp)"] if lengkap else [])
    width = len(headers)
    rows: list[Baris] = []
    last_sasaran = last_program = last_kegiatan = None
    for i, row in enumerate(tabel.to_dict(orient="records"), start=1):
        if row["sasaran"] != last_sasaran:
            rows.append(_group(f"Sasaran: {_text(row['sasaran']) or '–'}", width))
            last_sasaran, last_program, last_kegiatan = row["sasaran"], None, None
        if lengkap and row["program"] != last_program:
            rows.append(_group(f"Program: {_text(row['kode_program'])} {_text(row['program']) or '–'}", width, 2))
            last_program, last_kegiatan = row["program"], None
        if lengkap and row["kegiatan"] != last_kegiatan:
            rows.append(_group(f"Kegiatan: {_text(row['kode_kegiatan'])} {_text(row['kegiatan']) or '–'}", width, 2))
            last_kegiatan = row["kegiatan"]
        cells = [str(i), _label_unit(row), _text(row["satuan"]), format_target(row["target_tahunan"])]
        if lengkap:
            cells.append(_rp(row["pagu"]))
        rows.append(_row(*cells))
    if lengkap and not tabel.empty:
        pagu = pd.to_numeric(tabel["pagu"], errors="coerce").sum()
        rows.append(Baris([Sel("Jumlah anggaran", colspan=width - 1), Sel(_rp(pagu), "angka")], grup=1))
    widths = [5, 55, 12, 12, 16] if lengkap else [5, 63, 16, 16]
    return Tabel(headers, rows, angka=[3, 4], lebar=widths, judul=f"Perjanjian Kinerja Tahun {tahun}" if tahun else "")


def kepala_daerah(config: Config) -> Penandatangan:
    """The regional head (Bupati/Wali Kota) as a signer; config ``[kepala_daerah]``."""
    head = config.kepala_daerah
    return Penandatangan("Pihak Kedua,", head.jabatan + ",", head.nama or "(nama kepala daerah)", head.pangkat, head.nip)


def lampiran_perjanjian(lap: LaporanTahunan) -> Bagian:
    """Lampiran 1: the Perjanjian Kinerja, its pernyataan and table of targets, signed once by both parties."""
    cfg = lap.config
    head = kepala_daerah(cfg)
    k = cfg.kepala
    pangkat = k.pangkat
    pihak = [
        _row("Nama", ":", k.nama), _row("Jabatan", ":", f"{k.jabatan} {cfg.instansi.nama.removeprefix(k.jabatan).strip()}".strip()),
    ]
    if pangkat:
        pihak.insert(1, _row("Pangkat/golongan", ":", pangkat))
    return Bagian([
        _judul("LAMPIRAN", 1, halaman_baru=True),
        _judul(f"1. Perjanjian Kinerja Tahun {lap.tahun}", 2),
        Paragraf(f"PERJANJIAN KINERJA TAHUN {lap.tahun}\n{cfg.instansi.nama.upper()}", "tengah"),
        Paragraf(PERNYATAAN),
        Tabel(["Pihak Pertama", "", ""], pihak, lebar=[22, 3, 75]),
        Paragraf("selanjutnya disebut pihak pertama;"),
        Tabel(["Pihak Kedua", "", ""], [_row("Nama", ":", head.nama), _row("Jabatan", ":", head.jabatan.rstrip(","))], lebar=[22, 3, 75]),
        Paragraf("selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
        *paragraf("Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam "
                   "rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. "
                   "Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.\n\n"
                   "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja dari "
                   "perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi."),
        perjanjian_kinerja(lap.tabel, lengkap=True, tahun=lap.tahun),
        # signed once, under the statement and its table of targets
        TandaTangan([head, Penandatangan(f"{cfg.instansi.kota}, 2 Januari {lap.tahun}\nPihak Pertama,", k.jabatan + ",", k.nama, pangkat, k.nip)]),
    ])


def lampiran_formula(lap: LaporanTahunan) -> Bagian:
    """Lampiran 2: how capaian is computed and the predikat intervals of the config."""
    bands = list(lap.config.predikat)
    rows = []
    for i, band in enumerate(bands):
        upper = bands[i - 1].batas_bawah if i else None
        low = band.batas_bawah
        if upper is None:
            text = f"capaian ≥ {format_number(low, 0)}%"
        elif low == float("-inf"):
            text = f"capaian < {format_number(upper, 0)}%"
        else:
            text = f"{format_number(low, 0)}% ≤ capaian < {format_number(upper, 0)}%"
        rows.append(_row(band.nama, text))
    formula = [
        _row("Indikator positif (semakin tinggi semakin baik)", "capaian = realisasi ÷ target × 100%"),
        _row("Indikator negatif (semakin rendah semakin baik)", "capaian = (2 × target − realisasi) ÷ target × 100%, paling rendah 0%"),
        _row("Target berupa rentang", "di dalam rentang: 100%; di atas: terhadap batas atas; di bawah: terhadap batas bawah"),
        _row("Target kualitatif (opini, predikat, level)", "nilai pada skala ordinal yang dikonfigurasi, lalu rumus di atas"),
        _row("Metode kumulatif / akhir periode / rata-rata", "jumlah triwulan terisi / nilai triwulan terakhir yang terisi / rata-rata triwulan terisi"),
        _row("Serapan anggaran", "realisasi anggaran ÷ pagu × 100%; di tengah tahun juga terhadap anggaran kas (rencana penarikan "
                                 "dana) sampai triwulan itu"),
        _row("Efisiensi", aturan_efisiensi(lap.config)),
    ]
    return Bagian([
        _judul("2. Formula capaian dan interval predikat", 2),
        Tabel(["Perhitungan", "Rumus"], formula, lebar=[38, 62], judul="Formula perhitungan capaian"),
        Tabel(["Predikat", "Interval capaian"], rows, lebar=[38, 62], judul="Interval predikat capaian (Permendagri 86/2017)"),
        Paragraf("Capaian dibulatkan dua desimal hanya untuk tampilan (pembulatan setengah ke atas); perhitungan memakai nilai penuh.", "catatan"),
    ])


def sumber_data(lap: LaporanTahunan) -> Bagian:
    """Lampiran 3: which quarterly results this report is built from, and their workflow state."""
    rows = []
    for r in lap.status_triwulan.itertuples(index=False):
        dibuat = format_datetime(dt.datetime.fromisoformat(r.dibuat), zona_of(lap.config)) if r.dibuat else "–"
        rows.append(_row(r.label, Sel("ada" if r.tersedia else "belum ada", "" if r.tersedia else "galat"), r.keadaan,
                         Sel("ya" if r.disetujui else "belum", "" if r.disetujui else "galat"),
                         # a quarter without approved results has no count to show (not "0")
                         r.galat if r.tersedia else "–", r.dikecualikan if r.tersedia else "–", dibuat))
    blocks: list[Any] = [_judul("3. Sumber data laporan", 2)]
    if lap.sumber_triwulan is None:
        blocks.append(Kotak("peringatan", "Belum ada hasil laporan triwulan; capaian tahunan belum dapat dihitung."))
    elif lap.sumber_triwulan != 4:
        blocks.append(Kotak("peringatan", f"Hasil Triwulan IV belum ada; capaian tahunan dihitung dari data "
                                          f"{triwulan_label(lap.sumber_triwulan)} dan belum final."))
    blocks.append(Tabel(["Triwulan", "Hasil laporan", "Keadaan alur", "Disetujui", "Galat", "Tidak dihitung", "Dibuat"], rows,
                        angka=[4, 5], lebar=[13, 12, 19, 11, 8, 12, 25]))
    blocks.append(judul_status_alur("Status alur kerja", 3))
    return Bagian(blocks) + tabel_status_alur(lap.status_alur, lap.catatan_alur, zona_of(lap.config))

