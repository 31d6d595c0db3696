"""Validation findings: a reason code (Enum), a level, where, and an Indonesian message.

Shaped like pandera's failure table: every problem is one :class:`Temuan`; all of them are
collected, never stopping at the first; :func:`to_frame` turns them into the table users see
in a notebook, on the terminal, as JSON (keys ``berkas, lembar, sel, kolom, kode, tingkat,
pesan``) or as the ``Temuan`` sheet of an annotated workbook. Tests assert codes, not wording.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class Tingkat(str, Enum):
    """Severity: ``galat`` blocks the computation, ``peringatan`` only warns."""

    GALAT = "galat"
    PERINGATAN = "peringatan"


class Kode(str, Enum):
    """Reason codes. The value is the stable, machine-readable code."""

    # The file itself
    BERKAS_TIDAK_ADA = "berkas_tidak_ada"
    BERKAS_BUKAN_XLSX = "berkas_bukan_xlsx"          # legacy .xls, csv, anything else
    BERKAS_RUSAK = "berkas_rusak"                    # corrupt zip / xml
    BERKAS_TERKUNCI = "berkas_terkunci"              # password-protected (encrypted)
    BERKAS_KOSONG = "berkas_kosong"                  # 0 bytes or no data rows
    BERKAS_TERLALU_BESAR = "berkas_terlalu_besar"    # beyond [batas]: size, zip bomb, rows, columns
    LEMBAR_TIDAK_ADA = "lembar_tidak_ada"
    HEADER_TIDAK_DITEMUKAN = "header_tidak_ditemukan"
    KOLOM_HILANG = "kolom_hilang"
    KOLOM_GANDA = "kolom_ganda"
    TAHUN_BERBEDA = "tahun_berbeda"
    # Cells
    NILAI_WAJIB_KOSONG = "nilai_wajib_kosong"
    BUKAN_ANGKA = "bukan_angka"
    NILAI_NEGATIF = "nilai_negatif"
    PILIHAN_TIDAK_DIKENAL = "pilihan_tidak_dikenal"  # arah / metode not in the list
    TARGET_NOL = "target_nol"
    TARGET_TIDAK_VALID = "target_tidak_valid"        # e.g. range with low > high
    REALISASI_BELUM_DIISI = "realisasi_belum_diisi"  # a past quarter left empty
    PERSEN_TIDAK_WAJAR = "persen_tidak_wajar"        # 222 typed into a % indicator
    PREDIKAT_TIDAK_DIKENAL = "predikat_tidak_dikenal"  # qualitative value not on any scale
    PPTK_TIDAK_DIKENAL = "pptk_tidak_dikenal"
    UNIT_TIDAK_DIKENAL = "unit_tidak_dikenal"
    KODE_TIDAK_DIKENAL = "kode_tidak_dikenal"        # nomenclature code not in the reference
    KODE_TIDAK_SEJALAN = "kode_tidak_sejalan"        # a sub kegiatan not under its row's kegiatan (or kegiatan under program)
    KODE_URUSAN_LAIN = "kode_urusan_lain"            # a program of another urusan than the office's
    RIWAYAT_TIDAK_DIPAKAI = "riwayat_tidak_dipakai"  # a riwayat row whose (unit, kode) is not an indicator of the year
    ANGGARAN_MELEBIHI_PAGU = "anggaran_melebihi_pagu"
    KODE_INDIKATOR_KOSONG = "kode_indikator_kosong"  # no Kode Indikator: derived from the name
    # Rows across the set
    INDIKATOR_GANDA = "indikator_ganda"
    KODE_INDIKATOR_GANDA = "kode_indikator_ganda"    # one code twice within a unit
    INDIKATOR_DUA_BERKAS = "indikator_dua_berkas"    # one (unit, kode) in two workbooks of a quarter: counted twice
    RENCANA_ANGGARAN_TIDAK_SESUAI = "rencana_anggaran_tidak_sesuai"  # anggaran kas does not add up to pagu
    TARGET_TIDAK_SESUAI = "target_tidak_sesuai"      # kumulatif quarters do not add up
    TARGET_TRIWULAN_KOSONG = "target_triwulan_kosong"  # kumulatif: some quarters' targets blank (or merged)
    TEKS_TERLALU_PANJANG = "teks_terlalu_panjang"    # over Excel's 32,767 characters per cell
    SEL_ANGKA_DIGABUNG = "sel_angka_digabung"        # a merged range over target/realisasi/rupiah cells
    ARAH_TIDAK_KONSISTEN = "arah_tidak_konsisten"    # same indicator, other arah elsewhere
    SATUAN_TIDAK_KONSISTEN = "satuan_tidak_konsisten"
    METODE_TIDAK_KONSISTEN = "metode_tidak_konsisten"
    BERKAS_TERLAMBAT = "berkas_terlambat"            # submitted after the deadline
    BERKAS_BELUM_MASUK = "berkas_belum_masuk"        # an expected unit sent nothing
    TANGGAL_TIDAK_VALID = "tanggal_tidak_valid"      # metadata date unreadable or in the future


PLACE_FIELDS = ("berkas", "lembar", "sel", "kolom")
"""Fields every message template may use besides its own: where the finding is (:class:`Temuan`)."""


@dataclass(frozen=True)
class Aturan:
    """One rule of the findings table: a reason code, its level, when it is raised, and its message.

    ``pesan`` is a :meth:`str.format` template in Indonesian naming the place and what is
    expected; ``contoh`` declares the template's fields with an example value each (the place
    fields :data:`PLACE_FIELDS` included when the template uses them). A template whose fields
    differ from the declared ones is refused when the table is built, so a rule cannot drift.
    """

    kode: Kode
    tingkat: Tingkat
    kapan: str
    pesan: str
    contoh: Mapping[str, object] = field(default_factory=dict)
    nilai: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        used = template_fields(self.pesan)
        if used != set(self.contoh):
            raise ValueError(f"{self.kode.value}: template fields {sorted(used)} but declared {sorted(self.contoh)}")
        object.__setattr__(self, "nilai", frozenset(self.contoh) - set(PLACE_FIELDS))

    def format(self, berkas: str = "", lembar: str = "", sel: str = "", kolom: str = "", **nilai: object) -> str:
        """The message with the place and the declared values filled in."""
        if nilai.keys() != self.nilai:
            raise TypeError(f"{self.kode.value}: values {sorted(nilai)}, declared {sorted(self.nilai)}")
        return self.pesan.format(berkas=berkas, lembar=lembar, sel=sel, kolom=kolom, **nilai)

    def temuan(self, berkas: str, lembar: str = "", sel: str = "", kolom: str = "", **nilai: object) -> Temuan:
        """The finding of this rule at a place: the only way kinerja makes a :class:`Temuan`."""
        return Temuan(berkas, lembar, sel, kolom, self.kode, self.tingkat, self.format(berkas, lembar, sel, kolom, **nilai))

    def example(self) -> str:
        """The message with the example values (documentation, tests)."""
        place = {name: self.contoh.get(name, "") for name in PLACE_FIELDS}
        values = {name: value for name, value in self.contoh.items() if name not in PLACE_FIELDS}
        return self.format(**place, **values)  # type: ignore[arg-type]


def template_fields(template: str) -> set[str]:
    """The field names a :meth:`str.format` template uses.

    >>> sorted(template_fields("Nilai {nilai} di {sel}."))
    ['nilai', 'sel']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


G, P = Tingkat.GALAT, Tingkat.PERINGATAN
K = Kode

# -- the file itself (reader) ----------------------------------------------------------------
FOLDER_TANPA_LEMBAR = Aturan(
    K.BERKAS_TIDAK_ADA, G, "a folder given holds no workbook",
    "Folder {berkas} tidak berisi lembar kerja (.xlsx, .xlsm, .ods atau .xls).",
    {"berkas": "data/raw/2025/triwulan-2"})
BERKAS_TIDAK_ADA = Aturan(
    K.BERKAS_TIDAK_ADA, G, "the path does not exist",
    "Berkas {berkas} tidak ditemukan.", {"berkas": "umum.xlsx"})
BERKAS_BUKAN_XLS_LAMA = Aturan(
    K.BERKAS_BUKAN_XLSX, G, "legacy .xls (an OLE file without encryption)",
    "Berkas {berkas} berformat Excel lama (.xls); buka lalu simpan ulang sebagai Excel Workbook (.xlsx).",
    {"berkas": "umum.xls"})
BERKAS_BUKAN_XLSX = Aturan(
    K.BERKAS_BUKAN_XLSX, G, "not an Excel file at all (csv, pdf, anything else)",
    "Berkas {berkas} bukan berkas Excel .xlsx; gunakan templat Rencana Aksi (.xlsx).", {"berkas": "umum.csv"})
BERKAS_TIDAK_TERBUKA = Aturan(
    K.BERKAS_RUSAK, G, "the operating system refuses to read the file",
    "Berkas {berkas} tidak dapat dibuka ({sebab}).", {"berkas": "umum.xlsx", "sebab": "Permission denied"})
BERKAS_RUSAK = Aturan(
    K.BERKAS_RUSAK, G, "a zip/xml that cannot be read",
    "Berkas {berkas} rusak dan tidak dapat dibaca sebagai .xlsx ({sebab}); simpan ulang dari Excel atau kirim ulang.",
    {"berkas": "umum.xlsx", "sebab": "invalid zip"})
BERKAS_TERKUNCI = Aturan(
    K.BERKAS_TERKUNCI, G, "password-protected (encrypted) workbook",
    "Berkas {berkas} dilindungi kata sandi; simpan ulang tanpa kata sandi (File > Info > Protect Workbook).",
    {"berkas": "umum.xlsx"})
BERKAS_TERLALU_BESAR = Aturan(
    K.BERKAS_TERLALU_BESAR, G,
    "beyond [batas]: size, zip expansion, rows, columns (sentence: ``batas.check_workbook``)",
    "{uraian}", {"uraian": "Berkas umum.xlsx berukuran 9,0 MB, melebihi batas 5,0 MB ([batas] ukuran_berkas_mb)."})
BERKAS_NOL_BYTE = Aturan(
    K.BERKAS_KOSONG, G, "0-byte file",
    "Berkas {berkas} kosong (0 byte); kirim ulang lembar kerja .xlsx yang terisi.", {"berkas": "umum.xlsx"})
BERKAS_TANPA_BARIS = Aturan(
    K.BERKAS_KOSONG, P, "no indicator rows although Unit Kerja/Tanggal is filled",
    "Lembar '{lembar}' belum berisi baris indikator di bawah baris judul (baris {baris_judul}).",
    {"lembar": "Rencana Aksi", "baris_judul": 7})
LEMBAR_TIDAK_ADA = Aturan(
    K.LEMBAR_TIDAK_ADA, G, "no ``Rencana Aksi`` sheet and no sheet with a matching header",
    "Lembar '{lembar_data}' tidak ditemukan di {berkas}; gunakan templat Rencana Aksi.",
    {"lembar_data": "Rencana Aksi", "berkas": "umum.xlsx"})
HEADER_TIDAK_DITEMUKAN = Aturan(
    K.HEADER_TIDAK_DITEMUKAN, G, "``Rencana Aksi`` sheet without a recognisable header row",
    "Baris judul kolom (Indikator Kinerja, Satuan, Target, …) tidak ditemukan pada {baris_cari} baris pertama "
    "lembar '{lembar}'.", {"baris_cari": 30, "lembar": "Rencana Aksi"})
KOLOM_WAJIB_HILANG = Aturan(
    K.KOLOM_HILANG, G, "a required column is missing",
    "Kolom wajib '{kolom}' tidak ada pada baris judul (baris {baris_judul}); tambahkan kolom itu atau gunakan templat.",
    {"kolom": "Satuan", "baris_judul": 7})
KOLOM_HILANG = Aturan(
    K.KOLOM_HILANG, P, "an optional column is missing",
    "Kolom berikut tidak ada pada baris judul (baris {baris_judul}) dan dianggap kosong: {daftar}.",
    {"baris_judul": 7, "daftar": "Kendala, Tindak Lanjut"})
KOLOM_GANDA = Aturan(
    K.KOLOM_GANDA, G, "two header cells name the same column",
    "Kolom '{kolom}' muncul dua kali (juga di kolom {kolom_lain}); hapus salah satunya.",
    {"kolom": "Satuan", "kolom_lain": "D"})
TAHUN_TIDAK_TERBACA = Aturan(
    K.TAHUN_BERBEDA, P, "metadata Tahun unreadable",
    "Tahun '{nilai}' tidak dapat dibaca; isi tahun empat angka, misalnya 2025.", {"nilai": "dua ribu"})
TAHUN_BERBEDA = Aturan(
    K.TAHUN_BERBEDA, P, "metadata Tahun differs from ``--tahun``",
    "Tahun pada lembar kerja {tahun_lembar}, sedangkan yang diperiksa tahun {tahun}.",
    {"tahun_lembar": 2024, "tahun": 2025})
TANGGAL_TIDAK_TERBACA = Aturan(
    K.TANGGAL_TIDAK_VALID, P, "Tanggal Penyampaian unreadable",
    "Tanggal Penyampaian '{nilai}' tidak dapat dibaca; isi tanggal, misalnya 9 April 2025 atau 09/04/2025.",
    {"nilai": "besok"})
TANGGAL_MASA_DEPAN = Aturan(
    K.TANGGAL_TIDAK_VALID, P, "Tanggal Penyampaian later than today",
    "Tanggal Penyampaian {tanggal} jatuh sesudah hari ini; periksa tanggalnya.", {"tanggal": "9 April 2099"})
BERKAS_TERLAMBAT = Aturan(
    K.BERKAS_TERLAMBAT, P, "Tanggal Penyampaian after the deadline of the triwulan",
    "Disampaikan {tanggal}, sesudah batas {triwulan} tanggal {batas} ({hari} hari terlambat).",
    {"tanggal": "14 April 2025", "triwulan": "Triwulan I", "batas": "10 April 2025", "hari": 4})
BERKAS_BELUM_MASUK = Aturan(
    K.BERKAS_BELUM_MASUK, P, "a quarter folder holds no workbook of a configured unit",
    "Belum ada lembar kerja dari {unit} ({kode_unit}) di folder {folder}.",
    {"unit": "Sub Bagian Umum", "kode_unit": "umum", "folder": "2025/triwulan-2"})
# -- cells -------------------------------------------------------------------------------------
NILAI_WAJIB_KOSONG = Aturan(
    K.NILAI_WAJIB_KOSONG, G, "a required cell of an indicator row is empty",
    "{kolom} wajib diisi untuk indikator '{indikator}'.", {"kolom": "Satuan", "indikator": "Indeks kepuasan"})
BUKAN_ANGKA = Aturan(
    K.BUKAN_ANGKA, G, "text in a numeric target/realisasi",
    "'{nilai}' bukan angka; isi angka, misalnya 85 atau 85,5.", {"nilai": "delapan"})
BUKAN_ANGKA_RUPIAH = Aturan(
    K.BUKAN_ANGKA, G, "text in a rupiah column",
    "'{nilai}' bukan angka rupiah; isi angka, misalnya 1.250.000.", {"nilai": "satu juta"})
NILAI_NEGATIF = Aturan(
    K.NILAI_NEGATIF, G, "a negative target or realisasi",
    "Nilai {nilai} negatif; isi angka 0 atau lebih.", {"nilai": "-5"})
NILAI_NEGATIF_RUPIAH = Aturan(
    K.NILAI_NEGATIF, G, "a negative pagu, anggaran kas or realisasi anggaran",
    "Nilai {nilai} negatif; isi rupiah 0 atau lebih.", {"nilai": "-1.000.000"})
PILIHAN_TIDAK_DIKENAL = Aturan(
    K.PILIHAN_TIDAK_DIKENAL, G, "arah / metode not in the list",
    "'{nilai}' bukan pilihan {kolom} yang dikenal; pilih salah satu: {pilihan}.",
    {"nilai": "naik", "kolom": "Arah", "pilihan": "maksimal, minimal"})
TARGET_NOL = Aturan(
    K.TARGET_NOL, P, "target tahunan 0: capaian cannot be computed",
    "Target tahunan 0: capaian tidak dapat diukur; isi target yang lebih dari 0.")
TARGET_TIDAK_VALID = Aturan(
    K.TARGET_TIDAK_VALID, G, "a range whose lower bound is above the upper one",
    "Rentang {nilai} terbalik; tulis batas bawah dulu, misalnya 80 - 90.", {"nilai": "90 – 80"})
REALISASI_BELUM_DIISI = Aturan(
    K.REALISASI_BELUM_DIISI, P, "realisasi empty for a quarter up to the reported one",
    "Realisasi {triwulan} belum diisi untuk indikator '{indikator}'; isi realisasi sampai {triwulan_lapor}.",
    {"triwulan": "Triwulan I", "indikator": "Indeks kepuasan", "triwulan_lapor": "Triwulan II"})
PERSEN_TIDAK_WAJAR = Aturan(
    K.PERSEN_TIDAK_WAJAR, G, "a value above 200 in a % indicator (an absolute count?)",
    "Nilai {nilai} terlalu besar untuk satuan persen; isi persentase (0–100), bukan jumlah absolut.", {"nilai": "222"})
PREDIKAT_TIDAK_DIKENAL = Aturan(
    K.PREDIKAT_TIDAK_DIKENAL, G, "a qualitative value on no configured scale",
    "'{nilai}' bukan nilai kualitatif yang dikenal; pilih dari: {pilihan}.", {"nilai": "AAA", "pilihan": "A, B, BB"})
PPTK_TIDAK_DIKENAL = Aturan(
    K.PPTK_TIDAK_DIKENAL, P, "PPTK not a person of the config",
    "PPTK '{nama}' tidak ada di konfigurasi; pilih salah satu: {pilihan}.", {"nama": "Budi", "pilihan": "Dewi, Rizal"})
PPTK_BUKAN_PPTK = Aturan(
    K.PPTK_TIDAK_DIKENAL, P, "PPTK a person of the config without the PPTK role",
    "'{nama}' tidak berperan PPTK di konfigurasi.", {"nama": "Siti"})
UNIT_TIDAK_DIKENAL = Aturan(
    K.UNIT_TIDAK_DIKENAL, P, "unit kerja not a unit of the config",
    "Unit kerja '{nama}' tidak ada di konfigurasi; pilih salah satu: {pilihan}.",
    {"nama": "Bagian Lain", "pilihan": "Sub Bagian Umum, Bidang Pelayanan"})
KODE_TIDAK_DIKENAL = Aturan(
    K.KODE_TIDAK_DIKENAL, P, "nomenclature code not on the reference list",
    "Kode {jenjang} '{kode}' tidak ada di daftar nomenklatur; periksa penulisannya.",
    {"jenjang": "program", "kode": "9.99.99"})
KODE_TIDAK_SEJALAN = Aturan(
    K.KODE_TIDAK_SEJALAN, P, "a sub kegiatan (kegiatan) code not under the kegiatan (program) code of its row",
    "Kode {jenjang} '{kode}' bukan bagian dari {jenjang_induk} '{induk}' pada baris yang sama (kode {jenjang} "
    "diawali kode {jenjang_induk}-nya); periksa kedua kode.",
    {"jenjang": "sub kegiatan", "kode": "6.01.03.2.01.0001", "jenjang_induk": "kegiatan", "induk": "6.01.02.2.01"})
KODE_URUSAN_LAIN = Aturan(
    K.KODE_URUSAN_LAIN, P, "a program code of another urusan than the office's ([instansi] urusan)",
    "Kode program '{kode}' termasuk urusan {urusan}, sedangkan kantor ini urusan {urusan_kantor} (kinerja.toml); "
    "periksa kodenya.", {"kode": "1.02.02", "urusan": "1.02", "urusan_kantor": "6.01"})
RIWAYAT_TIDAK_DIPAKAI = Aturan(
    K.RIWAYAT_TIDAK_DIPAKAI, P, "a riwayat workbook row whose unit + Kode Indikator is no indicator of the year",
    "Indikator {unit} {kode} tidak ada di antara indikator tahun {tahun}; baris ini tidak dipakai LKjIP {tahun}. "
    "Periksa Kode Indikator-nya (sama dengan kode di lembar Rencana Aksi).", {"unit": "IRBAN-1", "kode": "IK-9", "tahun": 2026})
TEKS_TERLALU_PANJANG = Aturan(
    K.TEKS_TERLALU_PANJANG, G, "a text longer than [batas] teks (at most Excel's 32,767 characters per cell): cut",
    "Teks {panjang} karakter melebihi batas {batas} karakter per sel ([batas] teks) dan dipotong untuk laporan, "
    "salinan dan keluaran .xlsx; persingkat isinya.", {"panjang": "40.000", "batas": "4.000"})
SEL_ANGKA_DIGABUNG = Aturan(
    K.SEL_ANGKA_DIGABUNG, G, "a merged range covers number cells (target, realisasi, anggaran): figures would change silently",
    "Sel {rentang} digabung (merge) di kolom angka {kolom_angka}; angka hanya terbaca di sel pertama dan sel lain "
    "menjadi kosong, sehingga capaian berubah tanpa terlihat. Pisahkan gabungan sel itu (Unmerge Cells) lalu isi "
    "setiap sel dengan angkanya sendiri.", {"rentang": "G8:K8", "kolom_angka": "Target Tahunan, Target TW I"})
ANGGARAN_MELEBIHI_PAGU = Aturan(
    K.ANGGARAN_MELEBIHI_PAGU, G, "realisasi anggaran (sum of quarters) above pagu",
    "Realisasi anggaran sampai triwulan ini Rp {realisasi} melebihi pagu Rp {pagu}.",
    {"realisasi": "12.000.000", "pagu": "10.000.000"})
KODE_INDIKATOR_TANPA_KOLOM = Aturan(
    K.KODE_INDIKATOR_KOSONG, P, "no Kode Indikator column: codes are derived from the names",
    "Kolom '{kolom}' tidak ada; kode indikator diturunkan dari nama indikator ({kode_turunan}, …). Tambahkan kolom "
    "{kolom} (misalnya IKU-01, IK-3.2) agar indikator tetap dikenali bila namanya berubah.",
    {"kolom": "Kode Indikator", "kode_turunan": "umum-indeks-kepuasan"})
KODE_INDIKATOR_KOSONG = Aturan(
    K.KODE_INDIKATOR_KOSONG, P, "an empty Kode Indikator cell: a code is derived from the name",
    "{kolom} kosong untuk indikator '{indikator}'; dipakai kode turunan {kode_turunan}. Isi kode yang unik dalam unit "
    "kerja, misalnya IKU-01.",
    {"kolom": "Kode Indikator", "indikator": "Indeks kepuasan", "kode_turunan": "umum-indeks-kepuasan"})
# -- rows across the set -----------------------------------------------------------------------
INDIKATOR_GANDA = Aturan(
    K.INDIKATOR_GANDA, G, "same indicator (and sub kegiatan) twice in one workbook",
    "Indikator '{indikator}' sudah ada di baris {baris_lain}; gabungkan atau hapus salah satu.",
    {"indikator": "Indeks kepuasan", "baris_lain": 8})
KODE_INDIKATOR_GANDA = Aturan(
    K.KODE_INDIKATOR_GANDA, G, "one Kode Indikator twice within a unit (in one quarter's set)",
    "Kode Indikator {kode} sudah dipakai indikator '{indikator_lain}' ({berkas_lain} baris {baris_lain}) di unit kerja "
    "yang sama; beri setiap indikator kode yang berbeda.",
    {"kode": "IKU-01", "indikator_lain": "Indeks kepuasan", "berkas_lain": "umum.xlsx", "baris_lain": 8})
INDIKATOR_DUA_BERKAS = Aturan(
    K.INDIKATOR_DUA_BERKAS, G, "one (unit, Kode Indikator) in two workbooks of one quarter's set (counted twice)",
    "Indikator {kode} '{indikator}' unit kerja {unit} ada di dua lembar kerja triwulan ini: {berkas_nama} dan "
    "{berkas_lain} (baris {baris_lain}); indikator itu akan dihitung dua kali. Simpan satu lembar kerja per unit: "
    "tarik salah satu berkas itu.",
    {"kode": "IKU-01", "indikator": "Indeks kepuasan", "unit": "IRBAN-2", "berkas_nama": "irban-2 (1).xlsx",
     "berkas_lain": "irban-2.xlsx", "baris_lain": 8})
RENCANA_ANGGARAN_TIDAK_SESUAI = Aturan(
    K.RENCANA_ANGGARAN_TIDAK_SESUAI, P, "anggaran kas TW I–IV filled but not adding up to the pagu",
    "Jumlah anggaran kas TW I–IV Rp {jumlah} tidak sama dengan pagu Rp {pagu}.",
    {"jumlah": "9.000.000", "pagu": "10.000.000"})
TARGET_TRIWULAN_KOSONG = Aturan(
    K.TARGET_TRIWULAN_KOSONG, G, "kumulatif: some quarterly targets blank (or merged) while others are filled",
    "Target {triwulan} kosong padahal target triwulan lain terisi (metode kumulatif); capaian akan berubah diam-diam. "
    "Isi target setiap triwulan (0 bila memang tidak ada) dan jangan menggabungkan (merge) sel target.",
    {"triwulan": "Triwulan III"})
TARGET_TIDAK_SESUAI = Aturan(
    K.TARGET_TIDAK_SESUAI, G, "kumulatif: quarterly targets do not add up to the annual one",
    "Metode kumulatif: jumlah target TW I–IV {jumlah} tidak sama dengan target tahunan {target}.",
    {"jumlah": "90", "target": "100"})
_TIDAK_KONSISTEN = ("Indikator '{indikator}' tertulis {kolom} '{nilai}', sedangkan di {berkas_lain} baris {baris_lain} "
                    "'{nilai_lain}'; samakan.")
ARAH_TIDAK_KONSISTEN = Aturan(
    K.ARAH_TIDAK_KONSISTEN, G, "same indicator with another arah in another row/workbook", _TIDAK_KONSISTEN,
    {"indikator": "Indeks kepuasan", "kolom": "Arah", "nilai": "minimal", "berkas_lain": "umum.xlsx",
     "baris_lain": 8, "nilai_lain": "maksimal"})
METODE_TIDAK_KONSISTEN = Aturan(
    K.METODE_TIDAK_KONSISTEN, G, "same indicator with another metode elsewhere", _TIDAK_KONSISTEN,
    {"indikator": "Indeks kepuasan", "kolom": "Metode", "nilai": "kumulatif", "berkas_lain": "umum.xlsx",
     "baris_lain": 8, "nilai_lain": "akhir periode"})
SATUAN_TIDAK_KONSISTEN = Aturan(
    K.SATUAN_TIDAK_KONSISTEN, P, "same indicator with another satuan elsewhere", _TIDAK_KONSISTEN,
    {"indikator": "Indeks kepuasan", "kolom": "Satuan", "nilai": "indeks", "berkas_lain": "umum.xlsx",
     "baris_lain": 8, "nilai_lain": "%"})

ATURAN: tuple[Aturan, ...] = (
    FOLDER_TANPA_LEMBAR, BERKAS_TIDAK_ADA, BERKAS_BUKAN_XLS_LAMA, BERKAS_BUKAN_XLSX, BERKAS_TIDAK_TERBUKA,
    BERKAS_RUSAK, BERKAS_TERKUNCI, BERKAS_TERLALU_BESAR, BERKAS_NOL_BYTE, BERKAS_TANPA_BARIS, LEMBAR_TIDAK_ADA,
    HEADER_TIDAK_DITEMUKAN, KOLOM_WAJIB_HILANG, KOLOM_HILANG, KOLOM_GANDA, TAHUN_TIDAK_TERBACA, TAHUN_BERBEDA,
    TANGGAL_TIDAK_TERBACA, TANGGAL_MASA_DEPAN, BERKAS_TERLAMBAT, BERKAS_BELUM_MASUK,
    NILAI_WAJIB_KOSONG, BUKAN_ANGKA, BUKAN_ANGKA_RUPIAH, NILAI_NEGATIF, NILAI_NEGATIF_RUPIAH, PILIHAN_TIDAK_DIKENAL,
    TARGET_NOL, TARGET_TIDAK_VALID, REALISASI_BELUM_DIISI, PERSEN_TIDAK_WAJAR, PREDIKAT_TIDAK_DIKENAL,
    PPTK_TIDAK_DIKENAL, PPTK_BUKAN_PPTK, UNIT_TIDAK_DIKENAL, KODE_TIDAK_DIKENAL, KODE_TIDAK_SEJALAN, KODE_URUSAN_LAIN,
    RIWAYAT_TIDAK_DIPAKAI, TEKS_TERLALU_PANJANG, SEL_ANGKA_DIGABUNG,
    ANGGARAN_MELEBIHI_PAGU, KODE_INDIKATOR_TANPA_KOLOM, KODE_INDIKATOR_KOSONG,
    INDIKATOR_GANDA, KODE_INDIKATOR_GANDA, INDIKATOR_DUA_BERKAS, RENCANA_ANGGARAN_TIDAK_SESUAI, TARGET_TRIWULAN_KOSONG, TARGET_TIDAK_SESUAI,
    ARAH_TIDAK_KONSISTEN, METODE_TIDAK_KONSISTEN, SATUAN_TIDAK_KONSISTEN,
)
"""The findings table: every rule a check may raise (code, level, when, message template), in the
order users read them. Checks make findings only through a rule (:meth:`Aturan.temuan`), so a
message lives here and nowhere else; :class:`Temuan` refuses a level not listed for its code; the
table in :mod:`kinerja.lembar.validate`'s docstring is generated from this one (:func:`rules_table`)."""

_LEVELS: dict[Kode, tuple[Tingkat, ...]] = {}
for _kode, _tingkat in dict.fromkeys((r.kode, r.tingkat) for r in ATURAN):
    _LEVELS[_kode] = (*_LEVELS.get(_kode, ()), _tingkat)


def levels(kode: Kode) -> tuple[Tingkat, ...]:
    """The levels ``kode`` is raised with (first: the usual one).

    >>> levels(Kode.BERKAS_KOSONG)
    (<Tingkat.GALAT: 'galat'>, <Tingkat.PERINGATAN: 'peringatan'>)
    """
    return _LEVELS[kode]


def rules_table() -> str:
    """:data:`ATURAN` as a reStructuredText table (kode, tingkat, when, message template)."""
    widths = (max(len(r.kode.value) for r in ATURAN), 10, max(len(r.kapan) for r in ATURAN), 60)
    rule = "  ".join("=" * w for w in widths)
    head = "  ".join(f"{text:<{w}}" for text, w in zip(("kode", "tingkat", "when", "pesan"), widths, strict=True))
    lines = [rule, head.rstrip(), rule]
    lines += [f"{r.kode.value:<{widths[0]}}  {r.tingkat.value:<{widths[1]}}  {r.kapan:<{widths[2]}}  {r.pesan}" for r in ATURAN]
    return "\n".join([*lines, rule])


@dataclass(frozen=True)
class Temuan:
    """One finding. ``sel`` is an Excel address (``F12``) or empty for file-level findings."""

    berkas: str
    lembar: str
    sel: str
    kolom: str
    kode: Kode
    tingkat: Tingkat
    pesan: str

    def __post_init__(self) -> None:
        if self.tingkat not in _LEVELS.get(self.kode, ()):
            raise ValueError(f"{self.kode.value} is not raised as {self.tingkat.value}: add it to findings.ATURAN")

    def as_dict(self) -> dict[str, str]:
        """JSON-ready dict with the public keys."""
        data = asdict(self)
        data["kode"] = self.kode.value
        data["tingkat"] = self.tingkat.value
        return data


COLUMNS = ("berkas", "lembar", "sel", "kolom", "kode", "tingkat", "pesan")


def has_galat(temuan: Iterable[Temuan]) -> bool:
    """True when any finding blocks."""
    return any(t.tingkat is Tingkat.GALAT for t in temuan)


def to_frame(temuan: Iterable[Temuan]) -> pd.DataFrame:
    """The findings as a DataFrame with :data:`COLUMNS`, galat first, then by place."""
    import pandas as pd  # noqa: PLC0415 -- pandas + numpy, dateutil (~220 ms) kept off `kinerja --help`

    rows = [t.as_dict() for t in temuan]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if frame.empty:
        return frame
    order = frame["tingkat"].map({"galat": 0, "peringatan": 1})
    return frame.assign(_o=order).sort_values(["_o", "berkas", "lembar"], kind="stable").drop(columns="_o").reset_index(drop=True)
