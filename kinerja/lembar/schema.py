"""The Rencana Aksi worksheet: its columns, their header labels, aliases and kinds.

This is the single definition the template writer, the reader, the validator and the
reports share. A column is identified by its ``field`` (a snake_case Indonesian identifier,
also the column name in the tidy DataFrame); ``label`` is the header the template writes;
``aliases`` are other spellings seen in real worksheets. Header matching ignores case,
punctuation and spacing (see :func:`normalize_header`).

The data sheet is called ``Rencana Aksi``. Above its header row the template writes a title
and metadata rows (``Tahun``, ``Unit Kerja``, ``Tanggal Penyampaian``) as ``label`` in column
A and value in column C; the reader tolerates any number of such rows (up to
:data:`HEADER_SEARCH_ROWS`), merged or not.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from kinerja.numbers import ROMAWI

DATA_SHEET = "Rencana Aksi"
INSTRUCTIONS_SHEET = "Petunjuk"
REFERENCE_SHEET = "Referensi"
FINDINGS_SHEET = "Temuan"
HEADER_SEARCH_ROWS = 20
TRIWULAN = (1, 2, 3, 4)


class Kind(str, Enum):
    """What a column holds."""

    TEKS = "teks"            # free text
    PILIHAN = "pilihan"      # one of a fixed list (arah, metode)
    TARGET = "target"        # number, range "80 - 90" or a qualitative grade ("WTP", "BB")
    REALISASI = "realisasi"  # number or qualitative grade, empty = belum diukur
    RUPIAH = "rupiah"        # money, >= 0
    KODE = "kode"            # nomenclature code, e.g. 6.01.02.2.01.0001


class Arah(str, Enum):
    """Direction of an indicator."""

    POSITIF = "positif"  # semakin tinggi semakin baik
    NEGATIF = "negatif"  # semakin rendah semakin baik


class Metode(str, Enum):
    """How the quarters add up to the year (DOMAIN.md)."""

    KUMULATIF = "kumulatif"
    AKHIR_PERIODE = "akhir_periode"
    RATA_RATA = "rata_rata"


ARAH_LABELS = {Arah.POSITIF: "Positif (semakin tinggi semakin baik)", Arah.NEGATIF: "Negatif (semakin rendah semakin baik)"}
METODE_LABELS = {
    Metode.KUMULATIF: "Kumulatif (dijumlahkan)",
    Metode.AKHIR_PERIODE: "Akhir periode (nilai terakhir)",
    Metode.RATA_RATA: "Rata-rata",
}
SATUAN_UMUM = ("%", "dokumen", "laporan", "kegiatan", "nilai", "level", "predikat", "opini", "temuan", "orang", "indeks")


@dataclass(frozen=True)
class Column:
    """One worksheet column."""

    field: str
    label: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 14


def _quarterly(prefix_field: str, prefix_label: str, kind: Kind, aliases: tuple[str, ...], width: int) -> list[Column]:
    cols = []
    roman = ROMAWI
    for n in TRIWULAN:
        extra = tuple(a.format(n=n, r=roman[n]) for a in aliases)
        cols.append(Column(f"{prefix_field}_triwulan_{n}", f"{prefix_label} TW {roman[n]}", kind, False, extra, width))
    return cols


COLUMNS: tuple[Column, ...] = (
    Column("sasaran", "Sasaran", Kind.TEKS, True, ("sasaran strategis", "tujuan/sasaran"), 30),
    Column("kode_indikator", "Kode Indikator", Kind.TEKS, True,
           ("kode iku", "kode ik", "nomor indikator", "no indikator", "kode indikator kinerja", "id indikator"), 11),
    Column("indikator", "Indikator Kinerja", Kind.TEKS, True, ("indikator", "indikator kinerja sasaran", "iku"), 40),
    Column("satuan", "Satuan", Kind.TEKS, True, ("sat",), 11),
    Column("arah", "Arah", Kind.PILIHAN, True, ("arah indikator", "polarisasi", "sifat indikator"), 14),
    Column("metode", "Metode Perhitungan", Kind.PILIHAN, True, ("metode", "cara perhitungan", "metode pengukuran"), 16),
    Column("target_tahunan", "Target Tahunan", Kind.TARGET, True, ("target", "target tahun", "target {tahun}"), 13),
    *_quarterly("target", "Target", Kind.TARGET, ("target triwulan {r}", "target tw{n}", "target triwulan {n}", "target q{n}"), 11),
    *_quarterly("realisasi", "Realisasi", Kind.REALISASI, ("realisasi triwulan {r}", "realisasi tw{n}", "realisasi triwulan {n}", "realisasi q{n}"), 11),
    Column("kode_program", "Kode Program", Kind.KODE, False, (), 12),
    Column("program", "Program", Kind.TEKS, False, ("nama program",), 30),
    Column("kode_kegiatan", "Kode Kegiatan", Kind.KODE, False, (), 14),
    Column("kegiatan", "Kegiatan", Kind.TEKS, False, ("nama kegiatan",), 30),
    Column("kode_sub_kegiatan", "Kode Sub Kegiatan", Kind.KODE, False, ("kode subkegiatan",), 18),
    Column("sub_kegiatan", "Sub Kegiatan", Kind.TEKS, False, ("subkegiatan", "nama sub kegiatan"), 30),
    Column("pagu", "Pagu Anggaran (Rp)", Kind.RUPIAH, False, ("pagu", "pagu anggaran", "anggaran"), 16),
    *_quarterly(
        "rencana_anggaran", "Anggaran Kas", Kind.RUPIAH,
        ("anggaran kas tw {r} (rp)", "rencana penarikan tw {r}", "rencana penarikan dana tw {r}", "rencana anggaran tw {r}",
         "rencana anggaran triwulan {r}", "anggaran kas triwulan {r}", "rencana penarikan tw{n}"), 15,
    ),
    *_quarterly(
        "realisasi_anggaran", "Realisasi Anggaran", Kind.RUPIAH,
        ("realisasi anggaran tw {r} (rp)", "realisasi keuangan tw {r}", "realisasi anggaran triwulan {r}", "realisasi anggaran tw{n}"), 16,
    ),
    Column("pptk", "PPTK", Kind.TEKS, True, ("penanggung jawab", "pptk/penanggung jawab", "pj"), 24),
    Column("unit", "Unit Kerja", Kind.TEKS, True, ("unit", "bidang", "sub bagian", "bidang/sub bagian"), 24),
    Column("kendala", "Kendala", Kind.TEKS, False, ("hambatan", "permasalahan"), 30),
    Column("tindak_lanjut", "Tindak Lanjut", Kind.TEKS, False, ("rencana tindak lanjut", "solusi", "upaya"), 30),
)
"""Every worksheet column, in the template's order."""

FIELDS = {c.field: c for c in COLUMNS}
TARGET_FIELDS = tuple(f"target_triwulan_{n}" for n in TRIWULAN)
REALISASI_FIELDS = tuple(f"realisasi_triwulan_{n}" for n in TRIWULAN)
ANGGARAN_FIELDS = tuple(f"realisasi_anggaran_triwulan_{n}" for n in TRIWULAN)
RENCANA_ANGGARAN_FIELDS = tuple(f"rencana_anggaran_triwulan_{n}" for n in TRIWULAN)
"""The DPA's anggaran kas (rencana penarikan dana): rupiah planned to be spent in each quarter."""
BUDGET_FIELDS = ("pagu", *RENCANA_ANGGARAN_FIELDS, *ANGGARAN_FIELDS)
"""The budget cells of a row: a galat here never hides the indicator's capaian (and vice versa)."""

KODE_INDIKATOR_DERIVED_PREFIX = "IND-"
"""Prefix of an indicator code derived from the name (old workbooks without Kode Indikator)."""

PROVENANCE_FIELDS = ("berkas", "lembar", "baris")
"""Columns the reader adds to every row: file name, sheet name, 1-based Excel row."""

METADATA_LABELS = {"tahun": "Tahun", "unit": "Unit Kerja", "tanggal_penyampaian": "Tanggal Penyampaian"}
"""Metadata rows above the header (label in column A, value in column C)."""

ARAH_ALIASES = {
    "positif": Arah.POSITIF, "+": Arah.POSITIF, "naik": Arah.POSITIF, "maksimal": Arah.POSITIF,
    "semakin tinggi semakin baik": Arah.POSITIF, "positif (semakin tinggi semakin baik)": Arah.POSITIF,
    "negatif": Arah.NEGATIF, "-": Arah.NEGATIF, "turun": Arah.NEGATIF, "minimal": Arah.NEGATIF,
    "semakin rendah semakin baik": Arah.NEGATIF, "negatif (semakin rendah semakin baik)": Arah.NEGATIF,
}
METODE_ALIASES = {
    "kumulatif": Metode.KUMULATIF, "kumulatif (dijumlahkan)": Metode.KUMULATIF, "jumlah": Metode.KUMULATIF,
    "sum": Metode.KUMULATIF, "akumulasi": Metode.KUMULATIF,
    "akhir_periode": Metode.AKHIR_PERIODE, "akhir periode": Metode.AKHIR_PERIODE,
    "akhir periode (nilai terakhir)": Metode.AKHIR_PERIODE, "nilai terakhir": Metode.AKHIR_PERIODE,
    "posisi akhir": Metode.AKHIR_PERIODE, "terakhir": Metode.AKHIR_PERIODE,
    "rata_rata": Metode.RATA_RATA, "rata-rata": Metode.RATA_RATA, "rata rata": Metode.RATA_RATA,
    "rerata": Metode.RATA_RATA, "average": Metode.RATA_RATA,
}

_NON_WORD = re.compile(r"[^0-9a-z%]+")


def normalize_header(text: object) -> str:
    """Header text folded for matching: lower case, punctuation and spacing folded.

    >>> normalize_header("  Target  TW-I ") == normalize_header("target tw i")
    True
    """
    return _NON_WORD.sub(" ", str(text).lower()).strip()


def normalize_choice(text: object) -> str:
    """A dropdown value folded for lookup in ARAH_ALIASES / METODE_ALIASES."""
    return " ".join(str(text).strip().lower().split())


HEADER_LOOKUP: dict[str, str] = {}
"""Normalized header text -> field, from labels and aliases."""
for _col in COLUMNS:
    for _name in (_col.label, _col.field.replace("_", " "), *_col.aliases):
        HEADER_LOOKUP.setdefault(normalize_header(_name), _col.field)
del _col, _name


def normalize_kode(text: object) -> str:
    """An indicator code as compared and stored: stripped, inner spacing folded, upper case.

    >>> normalize_kode(" iku-01 "), normalize_kode("IK 3.2"), normalize_kode(None)
    ('IKU-01', 'IK 3.2', '')
    """
    if text is None:
        return ""
    return " ".join(str(text).split()).upper()


def derived_kode(indikator: str, occurrence: int = 1) -> str:
    """The code of an indicator whose workbook has no Kode Indikator: deterministic, from the
    name (case, spacing and punctuation ignored), so every quarter of an old workbook gives
    the same code; the ``occurrence``-th row with the same name in a unit gets ``-<n>``.

    >>> derived_kode("Jumlah temuan berulang")
    'IND-E22A1D'
    >>> derived_kode("  jumlah TEMUAN berulang. ") == derived_kode("Jumlah temuan berulang"), derived_kode("X", 2)[-2:]
    (True, '-2')
    """
    digest = hashlib.sha256(normalize_header(indikator).encode("utf-8")).hexdigest()[:6].upper()
    code = f"{KODE_INDIKATOR_DERIVED_PREFIX}{digest}"
    return code if occurrence <= 1 else f"{code}-{occurrence}"


def derive_kodes(kodes: list[str], indikator: list[str], units: list[str]) -> tuple[list[str], list[int]]:
    """Fill empty codes with :func:`derived_kode`; returns the codes and the filled positions.

    Occurrences are counted per (unit, folded name) in row order, so a name that stands
    twice in a unit gets two distinct codes.

    >>> derive_kodes(["IKU-01", "", ""], ["A", "B", "B"], ["U", "U", "U"])[1]
    [1, 2]
    >>> codes, _ = derive_kodes(["", ""], ["B", "B"], ["U", "U"]); codes[0] != codes[1]
    True
    """
    out = list(kodes)
    filled: list[int] = []
    seen: dict[tuple[str, str], int] = {}
    for i, (kode, name, unit) in enumerate(zip(kodes, indikator, units, strict=True)):
        if kode:
            continue
        key = (" ".join(str(unit).split()).lower(), normalize_header(name))
        seen[key] = seen.get(key, 0) + 1
        out[i] = derived_kode(str(name), seen[key])
        filled.append(i)
    return out, filled
