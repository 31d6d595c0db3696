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
class Temuan:
    """One finding. ``sel`` is an Excel address (``F12``) or empty for file-level findings."""

    berkas: str
    lembar: str
    sel: str
    kolom: str
    kode: Kode
    tingkat: Tingkat
    pesan: str

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
