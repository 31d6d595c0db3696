"""What the reader returns: :class:`Dataset` (tidy data, findings, one :class:`FileInfo` per file), its
empty frame with every column, a reading finding placed in a file, and Excel column letters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.findings import Temuan

TEXT_KINDS = (schema.Kind.TEKS, schema.Kind.KODE)
NUMBER_KINDS = (schema.Kind.TARGET, schema.Kind.REALISASI)


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class FileInfo:
    """What the reader learned about one input file."""

    path: Path
    berkas: str
    readable: bool = False
    lembar: str = ""
    header_row: int = 0                      # 1-based; 0 when not found
    kolom: dict[str, str] = field(default_factory=dict)  # field -> column letter
    metadata: dict[str, object] = field(default_factory=dict)  # tahun, unit, tanggal_penyampaian
    metadata_cells: dict[str, str] = field(default_factory=dict)  # key -> address of its value
    sha256: str = ""
    triwulan: int | None = None              # from a ``triwulan-<n>`` folder
    rows: int = 0


@dataclass
class Dataset:
    """Everything read from a set of workbooks: tidy data, findings, per-file information."""

    data: pd.DataFrame
    temuan: list[Temuan]
    files: list[FileInfo]

    def file(self, berkas: str) -> FileInfo | None:
        """The :class:`FileInfo` of ``berkas`` (as in the ``berkas`` column)."""
        return next((f for f in self.files if f.berkas == berkas), None)

    def cell(self, row_label: object, field_name: str) -> str:
        """Excel address of ``field_name`` in the row ``row_label`` of :attr:`data` (``"F12"``).

        Returns ``''`` when the workbook has no such column.
        """
        berkas = self.data.at[row_label, "berkas"]
        baris = int(self.data.at[row_label, "baris"])
        info = self.file(berkas)
        letter = info.kolom.get(field_name, "") if info else ""
        return f"{letter}{baris}" if letter else ""


def empty_frame() -> pd.DataFrame:
    """A ``.data`` frame with no rows but every column."""
    return build_frame({name: [] for name in (*schema.PROVENANCE_FIELDS, *schema.FIELDS)})


def build_frame(columns: dict[str, list]) -> pd.DataFrame:
    built: dict[str, pd.Series] = {}
    for name, values in columns.items():
        kind = schema.FIELDS[name].kind if name in schema.FIELDS else None
        if kind in NUMBER_KINDS:
            built[name] = pd.Series(values, dtype=object)
        elif kind is schema.Kind.RUPIAH:
            built[name] = pd.Series(values, dtype="float64")
        elif name == "baris":
            built[name] = pd.Series(values, dtype="int64")
        elif name in ("arah", "metode"):
            built[name] = pd.Series(values, dtype=object)
        else:
            built[name] = pd.Series(values, dtype="str")
    return pd.DataFrame(built)


def finding(info: FileInfo, rule: aturan.Aturan, sel: str = "", kolom: str = "", **nilai: object) -> Temuan:
    return rule.temuan(info.berkas, info.lembar, sel, kolom, **nilai)
