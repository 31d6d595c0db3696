"""Reading Rencana Aksi workbooks into one tidy DataFrame, keeping every value's source.

Data contract (what :func:`read_workbooks` returns, shared by validation, capaian and reports):

* :class:`Dataset` ``.data`` — a DataFrame, one row per indicator row of every readable
  workbook, in file order then row order. Columns: ``berkas`` (the path as given, or as found
  inside a given folder), ``lembar`` (sheet name), ``baris`` (1-based Excel row), then every
  :data:`kinerja.lembar.schema.COLUMNS` field in schema order:

  - text and code fields: ``str``, stripped, inner spacing folded, ``''`` when empty;
  - ``arah``: ``"positif"`` / ``"negatif"`` or None when empty or unknown;
  - ``metode``: ``"kumulatif"`` / ``"akhir_periode"`` / ``"rata_rata"`` or None;
  - ``target_*`` and ``realisasi_*``: :func:`kinerja.numbers.parse_target` results (float,
    :class:`~kinerja.numbers.Rentang`, upper-cased grade ``str``, or None when empty) in
    ``object`` columns;
  - ``pagu`` and ``realisasi_anggaran_triwulan_n``: float, NaN when empty or not a number.

  A column missing from a workbook is empty in its rows. Rows with findings stay in ``.data``.
* ``.temuan`` — list of :class:`kinerja.lembar.findings.Temuan` (reading problems here; the rules
  are added by :mod:`kinerja.lembar.validate`).
* ``.files`` — one :class:`FileInfo` per input file (readable or not): path, sheet, header
  row, column letter per field, metadata (``tahun``, ``unit``, ``tanggal_penyampaian``),
  SHA-256, quarter inferred from a ``triwulan-<n>`` folder.
* ``.cell(row_label, field)`` — the Excel address (``"F12"``) of a value of ``.data``.

How a sheet is read: with python-calamine (values; formulas give their cached value),
a few files ahead in worker threads (``parallel_loads``, default :data:`PARALLEL_LOADS`) but used strictly in file order. The
data sheet is ``Rencana Aksi`` (any case), else the first sheet whose header matches. The
header row is the row among the first :data:`~kinerja.lembar.schema.HEADER_SEARCH_ROWS` that
matches most known headers (labels, aliases, spelling/case/spacing variants, ``TW 1`` /
``Triwulan I``, ``Target 2025``); a header split over two rows (``Target`` merged above
``TW I … TW IV``) is read as one. Rows above it are title and metadata rows (label in column
A, value in the next filled cell, normally C). Below it: fully blank rows and a column-number
row (``1 2 3 …``) are skipped; a row with only a Sasaran is a heading whose Sasaran applies to
the rows below; an empty Sasaran repeats the one above; merged cells of text columns give
their value to every cell they cover. Numbers may be typed as Indonesian text (``1.250.000,50``,
``85%``, ``Rp 1.250.000``). A number in a cell formatted as a percentage (Excel stores a
typed ``85%`` as 0.85) is read back as the percentage typed (85). A formula without a cached
value (a file written by a script and never opened in a spreadsheet) reads as an empty cell.
A legacy ``.xls`` is not read (finding ``berkas_bukan_xlsx``): it is re-saved as .xlsx so that
the annotated copy and the archive stay in one format. A folder without any workbook is a
finding (``berkas_tidak_ada``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from itertools import compress, repeat
from operator import is_not
from pathlib import Path

import pandas as pd
import python_calamine

from kinerja.config import Batas
from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.batas import check_workbook
from kinerja.lembar.findings import Temuan
from kinerja.numbers import BULAN, NotANumber, format_number, parse_number, parse_target
from kinerja.paths import ANNOTATED_SUFFIX as ANNOTATED_SUFFIX
from kinerja.paths import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES
from kinerja.paths import workbooks_in

MIN_HEADER_MATCHES = 3
"""A header row must match at least this many known columns, one of them Indikator."""

PARALLEL_LOADS = 2
"""Default number of threads that open and parse workbooks ahead of the main thread (python-calamine parses
without holding the GIL, so parsing the next files overlaps the Python work on this one).
Results are consumed strictly in file order: the output does not depend on this number."""


_MISSING = object()
_PARSED_TARGETS: dict[str, object] = {}
"""Text of target/realisasi cells -> :func:`parse_target` result (immutable), shared by all reads."""
_PARSED_TARGETS_MAX = 50_000
_HEADER_CACHE: dict[str, str | None] = {}
"""Cell text -> :func:`header_field` result, for the header search."""
_HEADER_CACHE_MAX = 50_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_TRIWULAN_DIR = re.compile(r"^triwulan[-_ ]?([1-4])$", re.IGNORECASE)
_YEAR_TARGET = re.compile(r"^target( kinerja)?( tahun(an)?)?( (19|20)\d\d)$")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_QUARTER_WORDS = {"triwulan", "trw", "tw", "q"}

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


def canonical_header(text: object) -> str:
    """Header text folded further than :func:`schema.normalize_header`: quarter words and numbers.

    ``Triwulan I``, ``TW-1``, ``TW1`` and ``trw 1`` all become ``tw 1``; a trailing ``rp`` is dropped.

    >>> canonical_header("Realisasi Triwulan II") == canonical_header("realisasi tw2")
    True
    >>> canonical_header("Pagu Anggaran (Rp)")
    'pagu anggaran'
    """
    words = schema.normalize_header(text).split()
    out: list[str] = []
    for word in words:
        match = re.fullmatch(r"(triwulan|trw|tw|q)([1-4]|i{1,3}|iv)", word)
        if match:
            out += ["tw", _ROMAN.get(match.group(2), match.group(2))]
        elif word in _QUARTER_WORDS:
            out.append("tw")
        elif word in _ROMAN and out and out[-1] == "tw":
            out.append(_ROMAN[word])
        elif word == "rp":
            continue
        else:
            out.append(word)
    return " ".join(out)


_CANONICAL_LOOKUP: dict[str, str] = {}
for _key, _field in schema.HEADER_LOOKUP.items():
    _CANONICAL_LOOKUP.setdefault(canonical_header(_key), _field)
del _key, _field


MAX_HEADER_LENGTH = 60
"""Longer cells are data, not a header (saves work scanning the first rows)."""


def header_field(text: object) -> str | None:
    """The schema field a header cell names, or None.

    >>> header_field("  indikator  KINERJA "), header_field("Target 2025"), header_field("Realisasi TW-3")
    ('indikator', 'target_tahunan', 'realisasi_triwulan_3')
    >>> header_field("Catatan") is None
    True
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_HEADER_LENGTH:
        return None
    return _header_field(text)


@lru_cache(maxsize=4096)
def _header_field(text: str) -> str | None:
    found = schema.HEADER_LOOKUP.get(schema.normalize_header(text))
    if found:
        return found
    canon = canonical_header(text)
    found = _CANONICAL_LOOKUP.get(canon)
    if found:
        return found
    if _YEAR_TARGET.match(canon):
        return "target_tahunan"
    return None


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
    return _frame({name: [] for name in (*schema.PROVENANCE_FIELDS, *schema.FIELDS)})


def _frame(columns: dict[str, list]) -> pd.DataFrame:
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


def collect_paths(paths: Sequence[Path | str]) -> list[tuple[Path, str]]:
    """Expand folders (recursively, sorted) into workbook files; files are kept as given.

    Returns ``(path, berkas)`` pairs where ``berkas`` is the path as given or as found.
    Missing paths are kept (the reader reports them).
    """
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((child, str(child)) for child in workbooks_in(path))
        else:
            found.append((path, str(raw)))
    return found


def read_workbooks(paths: Sequence[Path | str], *, parallel_loads: int = PARALLEL_LOADS, batas: Batas | None = None) -> Dataset:
    """Read every workbook (files, or folders searched recursively) into one :class:`Dataset`.

    ``parallel_loads`` worker threads parse the next workbooks ahead (0: all in this thread);
    the result does not depend on it.

    Never raises for a bad workbook: unreadable files, missing sheets, missing columns and
    cells that cannot be parsed become findings. A file beyond ``batas`` (size, inflated size,
    compression ratio, rows, columns; default :class:`~kinerja.config.Batas`) is a finding
    ``berkas_terlalu_besar`` and is never handed to the parser.
    """
    columns: dict[str, list] = {name: [] for name in (*schema.PROVENANCE_FIELDS, *schema.FIELDS)}
    temuan: list[Temuan] = []
    files: list[FileInfo] = []
    for raw in paths:
        if Path(raw).is_dir() and not collect_paths([raw]):
            temuan.append(aturan.FOLDER_TANPA_LEMBAR.temuan(str(raw)))
    for path, berkas in collect_paths(paths):
        files.append(FileInfo(path=path, berkas=berkas, triwulan=_triwulan_of(path)))
    limits = batas or Batas()
    for info, loaded in _load_all(files, parallel_loads, limits):
        _read_one(info, loaded, columns, temuan)
    _cut_long_texts(columns, files, limits.teks, temuan)
    if not files:
        return Dataset(empty_frame(), temuan, files)
    return Dataset(_frame(columns), temuan, files)


def _cut_long_texts(columns: dict[str, list], files: list[FileInfo], limit: int, temuan: list[Temuan]) -> None:
    """Text cells longer than ``[batas] teks`` are cut to it (ending in ``…``) with a galat naming
    the cell: a 1 MB Kendala never reaches a report or a printer whole."""
    by_name = {info.berkas: info for info in files}
    for name, column in schema.FIELDS.items():
        if column.kind not in TEXT_KINDS:
            continue
        values = columns[name]
        if not values or max((len(v) for v in values if isinstance(v, str)), default=0) <= limit:
            continue
        for i, value in enumerate(values):
            if isinstance(value, str) and len(value) > limit:
                info = by_name[columns["berkas"][i]]
                letter = info.kolom.get(name, "")
                temuan.append(_finding(info, aturan.TEKS_TERLALU_PANJANG, sel=f"{letter}{columns['baris'][i]}",
                                       kolom=column.label, panjang=format_number(len(value), 0),
                                       batas=format_number(limit, 0)))
                values[i] = value[:limit - 1] + "…"


def _triwulan_of(path: Path) -> int | None:
    match = _TRIWULAN_DIR.match(path.parent.name)
    return int(match.group(1)) if match else None


def _finding(info: FileInfo, rule: aturan.Aturan, sel: str = "", kolom: str = "", **nilai: object) -> Temuan:
    return rule.temuan(info.berkas, info.lembar, sel, kolom, **nilai)


def _open(info: FileInfo, temuan: list[Temuan]) -> python_calamine.CalamineWorkbook | None:
    """Open the workbook, or add the finding that says why it cannot be read."""
    path = info.path
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        temuan.append(_finding(info, aturan.BERKAS_TIDAK_ADA))
        return None
    except OSError as exc:
        temuan.append(_finding(info, aturan.BERKAS_TIDAK_TERBUKA, sebab=exc.strerror or exc))
        return None
    info.sha256 = hashlib.sha256(content).hexdigest()
    if not content:
        temuan.append(_finding(info, aturan.BERKAS_NOL_BYTE))
        return None
    if content.startswith(_OLE_MAGIC):
        if _ENCRYPTION_STREAM in content:
            temuan.append(_finding(info, aturan.BERKAS_TERKUNCI))
        else:
            temuan.append(_finding(info, aturan.BERKAS_BUKAN_XLS_LAMA))
        return None
    if not content.startswith(_ZIP_MAGIC):
        temuan.append(_finding(info, aturan.BERKAS_BUKAN_XLSX))
        return None
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        temuan.append(_finding(info, aturan.BERKAS_TERKUNCI))
    except Exception as exc:  # calamine raises several error types for broken files
        temuan.append(_finding(info, aturan.BERKAS_RUSAK, sebab=exc))
    return None


def _find_header(rows: list[list]) -> tuple[int, dict[int, str], list[tuple[int, str]]]:
    """Best header row (0-based index or -1), its column->field map and duplicate columns."""
    best, best_count, best_map, best_dupes = -1, 0, {}, []
    for index, row in enumerate(rows[: schema.HEADER_SEARCH_ROWS]):
        mapping: dict[int, str] = {}
        dupes: list[tuple[int, str]] = []
        for col, value in enumerate(row):
            if value.__class__ is not str or not value:
                continue
            found = _HEADER_CACHE.get(value, _MISSING)
            if found is _MISSING:
                found = header_field(value)
                if len(_HEADER_CACHE) < _HEADER_CACHE_MAX:
                    _HEADER_CACHE[value] = found
            if found is not None:
                _place(mapping, dupes, col, str(found))
        if len(mapping) > best_count and "indikator" in mapping.values():
            best, best_count, best_map, best_dupes = index, len(mapping), mapping, dupes
    if best_count < MIN_HEADER_MATCHES:
        return -1, {}, []
    return best, best_map, best_dupes


_QUARTER_FIELDS = frozenset((*schema.TARGET_FIELDS, *schema.REALISASI_FIELDS, *schema.ANGGARAN_FIELDS))


def _two_row_header(rows: list[list], header: int) -> tuple[dict[int, str], list[tuple[int, str]]] | None:
    """A header split over two rows (``Target`` merged above ``TW I … TW IV``), or None.

    Each lower cell is read together with the nearest filled upper cell at or left of it;
    accepted when at least two quarterly columns are found that way.
    """
    if header + 1 >= len(rows):
        return None
    top, sub = rows[header], rows[header + 1]
    width = max(len(top), len(sub))
    mapping: dict[int, str] = {}
    dupes: list[tuple[int, str]] = []
    parent, combined = "", 0
    for col in range(width):
        upper = top[col] if col < len(top) else ""
        lower = sub[col] if col < len(sub) else ""
        if upper != "":
            parent = upper if upper.__class__ is str else ""
        found = None
        if lower.__class__ is str and lower.strip() and parent:
            found = header_field(f"{parent} {lower}")
            if found in _QUARTER_FIELDS:
                combined += 1
            else:
                found = None
        if found is None and upper.__class__ is str:
            found = header_field(upper)
        if found is None and lower.__class__ is str:
            found = header_field(lower)
        if found is not None:
            _place(mapping, dupes, col, found)
    return (mapping, dupes) if combined >= 2 else None


def _place(mapping: dict[int, str], dupes: list[tuple[int, str]], col: int, found: str) -> None:
    """Map ``col`` to ``found``, or record it as a duplicate when the field is already mapped."""
    if found in mapping.values():
        dupes.append((col, found))
    else:
        mapping[col] = found


def _pick_sheet(book: python_calamine.CalamineWorkbook) -> tuple | None:
    """The data sheet: ``(name, rows, header index or -1, column map, duplicates, merged ranges)``."""
    names = book.sheet_names
    preferred = [n for n in names if n.strip().lower() == schema.DATA_SHEET.lower()]
    order = preferred + [n for n in names if n not in preferred]
    for name in order:
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except Exception:  # a chart sheet or an unreadable sheet: try the next
            continue
        header, mapping, dupes = _find_header(rows)
        if header >= 0 or name in preferred:
            return name, rows, header, mapping, dupes, merged
    return None


def _within_limits(info: FileInfo, batas: Batas, found: list[Temuan]) -> bool:
    """The pre-parse limits check (:mod:`kinerja.lembar.batas`); a file beyond them becomes a finding."""
    try:
        problem = check_workbook(info.path, batas, info.berkas)
    except OSError:
        return True  # missing or unreadable: _open says so
    if problem:
        found.append(_finding(info, aturan.BERKAS_TERLALU_BESAR, uraian=problem))
    return problem is None


def _load(info: FileInfo, batas: Batas) -> tuple[list[Temuan], bool, tuple | None]:
    """Open and parse one workbook: ``(findings, opened, picked sheet)``; runs in a worker thread."""
    found: list[Temuan] = []
    if not _within_limits(info, batas, found):
        return found, False, None
    book = _open(info, found)
    if book is None:
        return found, False, None
    try:
        picked = _pick_sheet(book)
    finally:
        book.close()
    return found, True, picked


def _load_all(files: list[FileInfo], parallel_loads: int, batas: Batas):
    """``(info, _load(info))`` for every file, in order; a few files are parsed ahead in threads."""
    workers = min(parallel_loads, len(files) - 1)
    if workers < 1:
        for info in files:
            yield info, _load(info, batas)
        return
    ahead = 2 * workers
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kinerja-baca") as pool:
        pending: deque = deque()
        try:
            for info in files:
                pending.append((info, pool.submit(_load, info, batas)))
                if len(pending) > ahead:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _, future in pending:
                future.cancel()


def _read_one(info: FileInfo, loaded: tuple[list[Temuan], bool, tuple | None], columns: dict[str, list],
              temuan: list[Temuan]) -> None:
    found, opened, picked = loaded
    temuan.extend(found)
    if not opened:
        return
    if picked is None:
        temuan.append(_finding(info, aturan.LEMBAR_TIDAK_ADA, lembar_data=schema.DATA_SHEET))
        return
    sheet, rows, header, mapping, dupes, merged = picked
    data_start = header + 1
    if header >= 0:
        split = _two_row_header(rows, header)
        if split is not None:
            mapping, dupes = split
            data_start = header + 2
    info.lembar = sheet
    if header < 0:
        temuan.append(_finding(info, aturan.HEADER_TIDAK_DITEMUKAN, baris_cari=schema.HEADER_SEARCH_ROWS))
        return
    info.readable = True
    info.header_row = header + 1
    info.kolom = {f: column_letter(c) for c, f in mapping.items()}
    for col, name in dupes:
        label = schema.FIELDS[name].label
        temuan.append(_finding(info, aturan.KOLOM_GANDA, sel=f"{column_letter(col)}{header + 1}", kolom=label,
                               kolom_lain=info.kolom[name]))
    optional: list[str] = []
    for column in schema.COLUMNS:
        if column.field in info.kolom:
            continue
        if column.field == "kode_indikator":
            continue  # derived from the name, with a peringatan (see _fill_kode_indikator)
        if column.required:
            temuan.append(_finding(info, aturan.KOLOM_WAJIB_HILANG, kolom=column.label, baris_judul=header + 1))
        else:
            optional.append(column.label)
    if optional:
        temuan.append(_finding(info, aturan.KOLOM_HILANG, kolom=f"{len(optional)} kolom",
                               baris_judul=header + 1, daftar=", ".join(optional)))
    _read_metadata(info, rows[:header], temuan)
    _read_data(info, rows, header, data_start, mapping, merged, columns, temuan)
    _fill_kode_indikator(info, columns, temuan)


def _fill_kode_indikator(info: FileInfo, columns: dict[str, list], temuan: list[Temuan]) -> None:
    """Normalize this file's indicator codes; derive the missing ones (with a peringatan).

    An old workbook without the Kode Indikator column, or a row whose code is empty, still
    reads: its code is :func:`kinerja.lembar.schema.derived_kode` of the name, the same in
    every quarter, so the quarters still join.
    """
    count = info.rows
    if not count:
        return
    start = len(columns["kode_indikator"]) - count
    kodes = [schema.normalize_kode(k) for k in columns["kode_indikator"][start:]]
    names = columns["indikator"][start:]
    fallback = str(info.metadata.get("unit", ""))
    units = [u or fallback for u in columns["unit"][start:]]
    filled_kodes, filled = schema.derive_kodes(kodes, names, units)
    columns["kode_indikator"][start:] = filled_kodes
    if not filled:
        return
    label = schema.FIELDS["kode_indikator"].label
    letter = info.kolom.get("kode_indikator")
    if letter is None:
        temuan.append(_finding(info, aturan.KODE_INDIKATOR_TANPA_KOLOM, kolom=label, kode_turunan=filled_kodes[filled[0]]))
        return
    baris = columns["baris"][start:]
    for i in filled:
        temuan.append(_finding(info, aturan.KODE_INDIKATOR_KOSONG, sel=f"{letter}{baris[i]}", kolom=label,
                               indikator=names[i] or "(tanpa nama)", kode_turunan=filled_kodes[i]))


_METADATA_KEYS = (
    ("tanggal", "tanggal_penyampaian"), ("tgl", "tanggal_penyampaian"),
    ("tahun", "tahun"), ("unit", "unit"), ("bidang", "unit"), ("sub bagian", "unit"),
)


def _read_metadata(info: FileInfo, rows: list[list], temuan: list[Temuan]) -> None:
    for index, row in enumerate(rows):
        if not row or row[0].__class__ is not str or not row[0].strip():
            continue
        label_text = row[0]
        inline = ""
        if ":" in label_text:
            label_text, inline = label_text.split(":", 1)
        label = schema.normalize_header(label_text)
        key = next((k for prefix, k in _METADATA_KEYS if label.startswith(prefix)), None)
        if key is None or key in info.metadata:
            continue
        value: object = inline.strip()
        address = f"A{index + 1}"
        if value == "":
            for col in range(1, len(row)):
                if row[col] != "" and row[col] is not None:
                    value, address = row[col], f"{column_letter(col)}{index + 1}"
                    break
        if value == "":
            continue
        info.metadata_cells[key] = address
        if key == "tahun":
            try:
                number = parse_number(value)
            except NotANumber:
                number = None
            if number is None or number != int(number):
                temuan.append(_finding(info, aturan.TAHUN_TIDAK_TERBACA, sel=address, kolom="Tahun", nilai=value))
                continue
            info.metadata["tahun"] = int(number)
        elif key == "tanggal_penyampaian":
            parsed = parse_date(value)
            if parsed is None:
                temuan.append(_finding(info, aturan.TANGGAL_TIDAK_TERBACA, sel=address, kolom="Tanggal Penyampaian",
                                       nilai=value))
                continue
            info.metadata["tanggal_penyampaian"] = parsed
        else:
            info.metadata["unit"] = " ".join(str(value).split())


_DATE_NUMERIC = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")
_MONTHS = {name.lower(): i for i, name in enumerate(BULAN, start=1)}
_MONTHS.update({name.lower()[:3]: i for i, name in enumerate(BULAN, start=1)})
_MONTHS.update({"agu": 8, "ags": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11, "nov": 11})


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: a date, an Excel serial number or Indonesian text; None if unreadable.

    >>> parse_date("9 April 2025"), parse_date("09/04/2025"), parse_date("2025-04-09")
    (datetime.date(2025, 4, 9), datetime.date(2025, 4, 9), datetime.date(2025, 4, 9))
    >>> parse_date(45756.0), parse_date("kemarin")
    (datetime.date(2025, 4, 9), None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return None
    text = str(value).strip().lower()
    match = _DATE_NUMERIC.match(text)
    try:
        if match:
            a, b, c = (int(g) for g in match.groups())
            return dt.date(a, b, c) if len(match.group(1)) == 4 else dt.date(c if c > 99 else 2000 + c, b, a)
        parts = text.replace(",", " ").split()
        if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
            month = _MONTHS.get(parts[1]) or _MONTHS.get(parts[1][:3])
            if month:
                return dt.date(int(parts[2]), month, int(parts[0]))
    except ValueError:
        return None
    return None


def _is_column_numbers(row: list, cols: list[int]) -> bool:
    """A row like ``1 2 3 4 …`` under the header (column numbering)."""
    values = [row[c] for c in cols if c < len(row) and row[c] != ""]
    if len(values) < 3:
        return False
    try:
        numbers = [parse_number(v) for v in values]
    except NotANumber:
        return False
    if any(n is None or n != int(n) for n in numbers):
        return False
    whole = [float(n) for n in numbers if n is not None]
    return whole == sorted(whole) and whole[0] <= 2


def _percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    """0-based (row, col) of cells formatted as a percentage, read from the sheet XML.

    Only parsed when the workbook's styles contain a percentage number format at all.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            styles = archive.read("xl/styles.xml").decode("utf-8", "replace")
            custom = {int(i) for i, code in re.findall(r'<numFmt [^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', styles)
                      if "%" in code.replace('"%"', "")}
            percent_ids = {9, 10} | custom
            xfs_block = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
            if not xfs_block:
                return set()
            xfs = re.findall(r"<xf\b([^>]*)", xfs_block.group(1))
            styled = {str(i) for i, attrs in enumerate(xfs)
                      if (m := re.search(r'numFmtId="(\d+)"', attrs)) and int(m.group(1)) in percent_ids}
            if not styled:
                return set()
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            rid = next((r for n, r in re.findall(r'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', workbook) if _xml_unescape(n) == sheet), None)
            target = next((t for i, t in re.findall(r'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', rels) if i == rid), None)
            if target is None:
                for t_id, t_target in re.findall(r'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', rels):
                    if t_target == rid:
                        target = t_id
            if target is None:
                return set()
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            xml = archive.read(member).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return set()
    cells = set()
    for letters, number, style in re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*?\bs="(\d+)"', xml):
        if style in styled:
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            cells.add((int(number) - 1, col - 1))
    return cells


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def _as_text(value: object) -> str:
    if value.__class__ is str:
        return " ".join(value.split()) if value else ""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return " ".join(str(value).split())


def _read_data(info: FileInfo, rows: list[list], header: int, data_start: int, mapping: dict[int, str], merged_ranges: list,
               columns: dict[str, list], temuan: list[Temuan]) -> None:
    """Append the sheet's indicator rows to ``columns``: each field through the converter of its
    :class:`~kinerja.lembar.schema.Kind` (:data:`_CONVERTERS`)."""
    temuan.extend(_merged_number_cells(info, mapping, merged_ranges, data_start - 1))
    kept = _data_rows(rows, data_start, mapping, merged_ranges)
    info.rows = len(kept)
    if not kept:
        # An unchanged template (nothing but the pre-filled Tahun) is not a finding; a workbook
        # that says who sent it (Unit Kerja or Tanggal Penyampaian) but has no rows is.
        if "unit" in info.metadata or "tanggal_penyampaian" in info.metadata:
            temuan.append(_finding(info, aturan.BERKAS_TANPA_BARIS, baris_judul=header + 1))
        return
    count = len(kept)
    columns["berkas"].extend([info.berkas] * count)
    columns["lembar"].extend([info.lembar] * count)
    columns["baris"].extend([i + 1 for i, _ in kept])
    by_field = {f: c for c, f in mapping.items()}
    # Transpose once: one tuple per sheet column (every kept row is at least ``width`` long).
    transposed = list(zip(*[row for _, row in kept], strict=False))
    percent_rows: dict[int, set[int]] = {}
    for r, c in _percent_cells(info.path, info.lembar):
        percent_rows.setdefault(c, set()).add(r)
    for name, column in schema.FIELDS.items():
        col = by_field.get(name)
        if col is None:
            columns[name].extend([_EMPTY[column.kind]] * count)
            continue
        cells = _Cells(info, column, info.kolom[name], transposed[col], kept, percent_rows.get(col), temuan)
        columns[name].extend(_CONVERTERS[column.kind](cells))


def _data_rows(rows: list[list], data_start: int, mapping: dict[int, str], merged_ranges: list) -> list[tuple[int, list]]:
    """``(0-based sheet row, cells)`` of the indicator rows below the header.

    Skips a column-numbering row (``1 2 3 …``), empty rows and Sasaran heading rows (whose
    Sasaran is carried down to the rows below); merged text cells give their value to every
    covered cell. Every row returned is at least as wide as the mapped columns.
    """
    data_cols = sorted(mapping)
    width = max(data_cols) + 1
    key_cols = [c for c, f in mapping.items() if f != "sasaran" and schema.FIELDS[f].kind is not schema.Kind.TEKS or f == "indikator"]
    sasaran_col = next((c for c, f in mapping.items() if f == "sasaran"), None)
    indikator_col = next(c for c, f in mapping.items() if f == "indikator")
    sheet_rows = rows[data_start:]
    first = data_start
    if sheet_rows and _is_column_numbers(sheet_rows[0], data_cols):
        sheet_rows = sheet_rows[1:]
        first += 1
    text_cols = {c for c, f in mapping.items() if schema.FIELDS[f].kind in TEXT_KINDS or f in ("arah", "metode", "satuan")}
    merged = _merged_text_fill(merged_ranges, text_cols, rows, data_start - 1)

    kept: list[tuple[int, list]] = []
    carry_sasaran = ""
    for offset, row in enumerate(sheet_rows):
        index = first + offset  # 0-based sheet row
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if index in merged:
            row = list(row)
            for c, value in merged[index].items():
                if row[c] == "":
                    row[c] = value
        if row[indikator_col] == "":  # fast path: a filled Indikator makes a data row
            if all(row[c] == "" or row[c] is None for c in data_cols):
                continue
            if not any(row[c] != "" and row[c] is not None for c in key_cols):
                if sasaran_col is not None and row[sasaran_col] != "":
                    carry_sasaran = row[sasaran_col]  # a Sasaran heading row
                continue
        if sasaran_col is not None:
            if row[sasaran_col] == "":
                if carry_sasaran:
                    row = list(row)
                    row[sasaran_col] = carry_sasaran
            else:
                carry_sasaran = row[sasaran_col]
        kept.append((index, row))
    return kept


@dataclass(frozen=True)
class _Cells:
    """One mapped column of the kept rows, what a converter needs."""

    info: FileInfo
    column: schema.Column
    letter: str
    values: tuple
    kept: list[tuple[int, list]]
    percent_rows: set[int] | None  # 0-based sheet rows whose cell has a % number format
    temuan: list[Temuan]

    def not_floats(self) -> Iterator[int]:
        """Indexes of the cells that are not floats (a C-level scan; floats need no work)."""
        return compress(range(len(self.values)), map(is_not, map(type, self.values), repeat(float)))

    def finding(self, i: int, rule: aturan.Aturan, **nilai: object) -> None:
        self.temuan.append(_finding(self.info, rule, sel=f"{self.letter}{self.kept[i][0] + 1}", kolom=self.column.label,
                                    **nilai))


def _convert_number(cells: _Cells) -> list:
    """Target/realisasi: float, :class:`~kinerja.numbers.Rentang`, grade text or None; a number
    shown with a % format is the percentage typed (0.85 → 85)."""
    values = cells.values
    out = list(values)
    for i in cells.not_floats():
        value = values[i]
        if value == "" or value is None:
            out[i] = None
        elif value.__class__ is str:
            parsed = _PARSED_TARGETS.get(value, _MISSING)
            if parsed is _MISSING:
                parsed = parse_target(value)
                if len(_PARSED_TARGETS) < _PARSED_TARGETS_MAX:
                    _PARSED_TARGETS[value] = parsed
            out[i] = parsed
        elif isinstance(value, (bool, dt.date, dt.datetime, dt.time, dt.timedelta)):
            out[i] = _as_text(value).upper()
        else:
            out[i] = parse_target(value)
    if cells.percent_rows:
        for i, (index, _) in enumerate(cells.kept):
            if index in cells.percent_rows and values[i].__class__ is float:
                out[i] = values[i] * 100
    return out


def _convert_rupiah(cells: _Cells) -> list:
    """Rupiah: float (NaN when empty); text that is not a number is a ``bukan_angka`` galat."""
    values = cells.values
    out = list(values)
    for i in cells.not_floats():
        value = values[i]
        if value == "" or value is None:
            out[i] = math.nan
            continue
        try:
            number = None if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)) else parse_number(value)
            if number is None and not isinstance(value, str):
                raise NotANumber(str(value))
        except NotANumber:
            cells.finding(i, aturan.BUKAN_ANGKA_RUPIAH, nilai=_as_text(value))
            number = None
        out[i] = math.nan if number is None else number
    return out


_CHOICES: dict[str, Mapping[str, Enum]] = {"arah": schema.ARAH_ALIASES, "metode": schema.METODE_ALIASES}


def _convert_choice(cells: _Cells) -> list:
    """Arah/metode: the canonical value or None; an unknown text is a ``pilihan_tidak_dikenal`` galat."""
    aliases = _CHOICES[cells.column.field]
    values = cells.values
    if set(map(type, values)) == {str}:
        # Only strings: decide once per distinct text; when every text is empty or a known
        # choice there is no finding and the column is a plain look-up.
        decided: dict[str, object] = {}
        for value in set(values):
            text = _as_text(value)
            choice = aliases.get(schema.normalize_choice(text)) if text else None
            decided[value] = choice.value if choice is not None else (None if not text else _MISSING)
        if _MISSING not in decided.values():
            return list(map(decided.__getitem__, values))
    out: list = []
    cache: dict[object, object] = {}
    for i, value in enumerate(values):
        if value in cache:
            out.append(cache[value])
            continue
        text = _as_text(value)
        if not text:
            out.append(None)
            continue
        choice = aliases.get(schema.normalize_choice(text))
        if choice is None:
            allowed = ", ".join(sorted({a.value for a in aliases.values()}))
            cells.finding(i, aturan.PILIHAN_TIDAK_DIKENAL, nilai=text, pilihan=allowed)
            out.append(None)
        else:
            cache[value] = choice.value
            out.append(choice.value)
    return out


def _convert_text(cells: _Cells) -> list:
    """Free text and codes: whitespace folded; each distinct text cleaned once."""
    values = cells.values
    if set(map(type, values)) == {str}:
        # str keys cannot collide with numbers
        clean = {value: value if value and value == value.strip() and "  " not in value else _as_text(value)
                 for value in set(values)}
        return list(map(clean.__getitem__, values))
    return [value if value.__class__ is str and value and value == value.strip() and "  " not in value
            else _as_text(value) for value in values]


_CONVERTERS: dict[schema.Kind, Callable[[_Cells], list]] = {
    schema.Kind.TARGET: _convert_number,
    schema.Kind.REALISASI: _convert_number,
    schema.Kind.RUPIAH: _convert_rupiah,
    schema.Kind.PILIHAN: _convert_choice,
    schema.Kind.TEKS: _convert_text,
    schema.Kind.KODE: _convert_text,
}
"""One converter per column kind: cells of the kept rows → the tidy column's values."""

_EMPTY: dict[schema.Kind, object] = {
    schema.Kind.TARGET: None, schema.Kind.REALISASI: None, schema.Kind.PILIHAN: None,
    schema.Kind.RUPIAH: math.nan, schema.Kind.TEKS: "", schema.Kind.KODE: "",
}
"""A column the sheet does not have: this value in every row."""


def _merged_number_cells(info: FileInfo, mapping: dict[int, str], ranges: list, header: int) -> list[Temuan]:
    """A galat for every merged range below the header that covers a number cell (target, realisasi,
    rupiah): only its first cell holds the figure, the others read as empty, and a capaian would
    change without anyone seeing it (a target merged over G8:K8, a realisasi over L9:N9)."""
    found = []
    number_cols = {c: f for c, f in mapping.items()
                   if schema.FIELDS[f].kind in (*NUMBER_KINDS, schema.Kind.RUPIAH)}
    for (r0, c0), (r1, c1) in sorted(ranges):
        if r1 <= header or (r0, c0) == (r1, c1):
            continue
        covered = [c for c in range(c0, c1 + 1) if c in number_cols]
        if not covered:
            continue
        labels = ", ".join(schema.FIELDS[number_cols[c]].label for c in covered)
        rentang = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        found.append(_finding(info, aturan.SEL_ANGKA_DIGABUNG, sel=f"{column_letter(c0)}{r0 + 1}",
                              kolom=schema.FIELDS[number_cols[covered[0]]].label, rentang=rentang, kolom_angka=labels))
    return found


def _merged_text_fill(ranges: list, text_cols: set[int], rows: list[list], header: int) -> dict[int, dict[int, object]]:
    """Below the header: row -> {column: value} for cells of text columns covered by a merged range."""
    fill: dict[int, dict[int, object]] = {}
    for (r0, c0), (r1, c1) in ranges:
        if r1 <= header or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if value == "":
            continue
        for r in range(max(r0, header + 1), r1 + 1):
            for c in range(c0, c1 + 1):
                if c in text_cols and (r, c) != (r0, c0):
                    fill.setdefault(r, {})[c] = value
    return fill
