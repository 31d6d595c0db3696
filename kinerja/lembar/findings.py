"""Validation findings: a reason code (Enum), a level, where, and an Indonesian message.

Shaped like pandera's failure table: every problem is one :class:`Temuan`; all of them are
collected, never stopping at the first; :func:`to_frame` turns them into the table users see
in a notebook, on the terminal, as JSON (keys ``berkas, lembar, sel, kolom, kode, tingkat,
pesan``) or as the ``Temuan`` sheet of an annotated workbook. Tests assert codes, not wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
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
    ANGGARAN_MELEBIHI_PAGU = "anggaran_melebihi_pagu"
    KODE_INDIKATOR_KOSONG = "kode_indikator_kosong"  # no Kode Indikator: derived from the name
    # Rows across the set
    INDIKATOR_GANDA = "indikator_ganda"
    KODE_INDIKATOR_GANDA = "kode_indikator_ganda"    # one code twice within a unit
    RENCANA_ANGGARAN_TIDAK_SESUAI = "rencana_anggaran_tidak_sesuai"  # anggaran kas does not add up to pagu
    TARGET_TIDAK_SESUAI = "target_tidak_sesuai"      # kumulatif quarters do not add up
    TARGET_TRIWULAN_KOSONG = "target_triwulan_kosong"  # kumulatif: some quarters' targets blank (or merged)
    TEKS_TERLALU_PANJANG = "teks_terlalu_panjang"    # over Excel's 32,767 characters per cell
    ARAH_TIDAK_KONSISTEN = "arah_tidak_konsisten"    # same indicator, other arah elsewhere
    SATUAN_TIDAK_KONSISTEN = "satuan_tidak_konsisten"
    METODE_TIDAK_KONSISTEN = "metode_tidak_konsisten"
    BERKAS_TERLAMBAT = "berkas_terlambat"            # submitted after the deadline
    BERKAS_BELUM_MASUK = "berkas_belum_masuk"        # an expected unit sent nothing
    TANGGAL_TIDAK_VALID = "tanggal_tidak_valid"      # metadata date unreadable or in the future


@dataclass(frozen=True)
class Aturan:
    """One rule of the findings table: a reason code, the level it is raised with, and when."""

    kode: Kode
    tingkat: Tingkat
    kapan: str


ATURAN: tuple[Aturan, ...] = (
    Aturan(Kode.BERKAS_TIDAK_ADA, Tingkat.GALAT, 'the path does not exist, or a folder holds no workbook'),
    Aturan(Kode.BERKAS_BUKAN_XLSX, Tingkat.GALAT, 'legacy .xls or not an Excel file at all'),
    Aturan(Kode.BERKAS_RUSAK, Tingkat.GALAT, 'a zip/xml that cannot be read'),
    Aturan(Kode.BERKAS_TERKUNCI, Tingkat.GALAT, 'password-protected (encrypted) workbook'),
    Aturan(Kode.BERKAS_TERLALU_BESAR, Tingkat.GALAT, 'beyond the [batas] limits: file size, zip expansion, rows or columns'),
    Aturan(Kode.BERKAS_KOSONG, Tingkat.GALAT, '0-byte file'),
    Aturan(Kode.BERKAS_KOSONG, Tingkat.PERINGATAN, 'no indicator rows although Unit Kerja/Tanggal is filled'),
    Aturan(Kode.LEMBAR_TIDAK_ADA, Tingkat.GALAT, 'no ``Rencana Aksi`` sheet and no sheet with a matching header'),
    Aturan(Kode.HEADER_TIDAK_DITEMUKAN, Tingkat.GALAT, '``Rencana Aksi`` sheet without a recognisable header row'),
    Aturan(Kode.KOLOM_HILANG, Tingkat.GALAT, 'a required column is missing'),
    Aturan(Kode.KOLOM_HILANG, Tingkat.PERINGATAN, 'an optional column is missing'),
    Aturan(Kode.KOLOM_GANDA, Tingkat.GALAT, 'two header cells name the same column'),
    Aturan(Kode.TAHUN_BERBEDA, Tingkat.PERINGATAN, 'metadata Tahun differs from ``--tahun`` (or is unreadable)'),
    Aturan(Kode.TANGGAL_TIDAK_VALID, Tingkat.PERINGATAN, 'Tanggal Penyampaian unreadable or later than today'),
    Aturan(Kode.BERKAS_TERLAMBAT, Tingkat.PERINGATAN, 'Tanggal Penyampaian after the deadline of the triwulan'),
    Aturan(Kode.BERKAS_BELUM_MASUK, Tingkat.PERINGATAN, 'a quarter folder holds no workbook of a configured unit'),
    Aturan(Kode.NILAI_WAJIB_KOSONG, Tingkat.GALAT, 'a required cell of an indicator row is empty'),
    Aturan(Kode.BUKAN_ANGKA, Tingkat.GALAT, 'text in a number column (rupiah, or a numeric indicator)'),
    Aturan(Kode.NILAI_NEGATIF, Tingkat.GALAT, 'a negative target, realisasi, pagu or realisasi anggaran'),
    Aturan(Kode.PILIHAN_TIDAK_DIKENAL, Tingkat.GALAT, 'arah / metode not in the list'),
    Aturan(Kode.TARGET_NOL, Tingkat.PERINGATAN, 'target tahunan 0: capaian cannot be computed'),
    Aturan(Kode.TARGET_TIDAK_VALID, Tingkat.GALAT, 'a range whose lower bound is above the upper one'),
    Aturan(Kode.REALISASI_BELUM_DIISI, Tingkat.PERINGATAN, 'realisasi empty for a quarter up to the reported one'),
    Aturan(Kode.PERSEN_TIDAK_WAJAR, Tingkat.GALAT, 'a value above 200 in a % indicator (an absolute count?)'),
    Aturan(Kode.PREDIKAT_TIDAK_DIKENAL, Tingkat.GALAT, 'a qualitative value on no configured scale'),
    Aturan(Kode.PPTK_TIDAK_DIKENAL, Tingkat.PERINGATAN, 'PPTK not a person of the config (or not a PPTK)'),
    Aturan(Kode.UNIT_TIDAK_DIKENAL, Tingkat.PERINGATAN, 'unit kerja not a unit of the config'),
    Aturan(Kode.KODE_TIDAK_DIKENAL, Tingkat.PERINGATAN, 'nomenclature code not on the reference list'),
    Aturan(Kode.TEKS_TERLALU_PANJANG, Tingkat.GALAT, "a text longer than a cell holds (Excel's 32,767 characters)"),
    Aturan(Kode.ANGGARAN_MELEBIHI_PAGU, Tingkat.GALAT, 'realisasi anggaran (sum of quarters) above pagu'),
    Aturan(Kode.INDIKATOR_GANDA, Tingkat.GALAT, 'same indicator (and sub kegiatan) twice in one workbook'),
    Aturan(Kode.KODE_INDIKATOR_KOSONG, Tingkat.PERINGATAN, 'no Kode Indikator (column or cell): a code is derived from the name'),
    Aturan(Kode.KODE_INDIKATOR_GANDA, Tingkat.GALAT, "one Kode Indikator twice within a unit (in one quarter's set)"),
    Aturan(Kode.RENCANA_ANGGARAN_TIDAK_SESUAI, Tingkat.PERINGATAN, 'anggaran kas TW I–IV filled but not adding up to the pagu'),
    Aturan(Kode.TARGET_TRIWULAN_KOSONG, Tingkat.GALAT, 'kumulatif: some quarterly targets blank (or merged) while others are filled'),
    Aturan(Kode.TARGET_TIDAK_SESUAI, Tingkat.GALAT, 'kumulatif: quarterly targets do not add up to the annual one'),
    Aturan(Kode.ARAH_TIDAK_KONSISTEN, Tingkat.GALAT, 'same indicator with another arah in another row/workbook'),
    Aturan(Kode.METODE_TIDAK_KONSISTEN, Tingkat.GALAT, 'same indicator with another metode elsewhere'),
    Aturan(Kode.SATUAN_TIDAK_KONSISTEN, Tingkat.PERINGATAN, 'same indicator with another satuan elsewhere'),
)
"""The findings table: every (kode, tingkat) a check may raise, in the order users read them.
A code raised with a level not listed here is a bug (:class:`Temuan` refuses it); the table in
:mod:`kinerja.lembar.validate`'s docstring is generated from this one (:func:`rules_table`)."""

_LEVELS: dict[Kode, tuple[Tingkat, ...]] = {}
for _rule in ATURAN:
    _LEVELS[_rule.kode] = (*_LEVELS.get(_rule.kode, ()), _rule.tingkat)


def levels(kode: Kode) -> tuple[Tingkat, ...]:
    """The levels ``kode`` is raised with (first: the usual one).

    >>> levels(Kode.BERKAS_KOSONG)
    (<Tingkat.GALAT: 'galat'>, <Tingkat.PERINGATAN: 'peringatan'>)
    """
    return _LEVELS[kode]


def rules_table() -> str:
    """:data:`ATURAN` as a reStructuredText table (kode, tingkat, when)."""
    width = max(len(r.kode.value) for r in ATURAN)
    rule = f"{'=' * width}  ==========  {'=' * 58}"
    lines = [rule, f"{'kode':<{width}}  {'tingkat':<10}  when", rule]
    lines += [f"{r.kode.value:<{width}}  {r.tingkat.value:<10}  {r.kapan}" for r in ATURAN]
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
    import pandas as pd

    rows = [t.as_dict() for t in temuan]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if frame.empty:
        return frame
    order = frame["tingkat"].map({"galat": 0, "peringatan": 1})
    return frame.assign(_o=order).sort_values(["_o", "berkas", "lembar"], kind="stable").drop(columns="_o").reset_index(drop=True)
