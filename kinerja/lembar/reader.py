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

import re
from collections.abc import Sequence
from pathlib import Path

from kinerja.config import Batas
from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.cells import parse_date
from kinerja.lembar.dataset import TEXT_KINDS, Dataset, FileInfo, build_frame, column_letter, empty_frame, finding
from kinerja.lembar.findings import Temuan
from kinerja.lembar.header import two_row_header
from kinerja.lembar.load import PARALLEL_LOADS, load_all
from kinerja.lembar.rows import read_data
from kinerja.numbers import NotANumber, format_number, parse_number
from kinerja.paths import ANNOTATED_SUFFIX as ANNOTATED_SUFFIX
from kinerja.paths import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES
from kinerja.paths import workbooks_in

_TRIWULAN_DIR = re.compile(r"^triwulan[-_ ]?([1-4])$", re.IGNORECASE)


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
    for info, loaded in load_all(files, parallel_loads, limits):
        _read_one(info, loaded, columns, temuan)
    _cut_long_texts(columns, files, limits.teks, temuan)
    if not files:
        return Dataset(empty_frame(), temuan, files)
    return Dataset(build_frame(columns), temuan, files)


def _cut_long_texts(columns: dict[str, list], files: list[FileInfo], limit: int, temuan: list[Temuan]) -> None:
    """Text cells longer than ``[batas] teks`` are cut to it (ending in ``…``) with a galat naming
    the cell: a 1 MB Kendala never reaches a report or a printer whole. The one text-length rule:
    ``[batas] teks`` is at most what a spreadsheet cell holds (32,767, its config ceiling), so no
    text longer than a cell reaches validation or any workbook written."""
    by_name = {info.berkas: info for info in files}
    for name, column in schema.FIELDS.items():
        if column.kind not in TEXT_KINDS:
            continue
        values = columns[name]  # every value of a text column is a str (cells.CONVERTERS, cells.EMPTY)
        if not values or max(map(len, values)) <= limit:
            continue
        for i, value in enumerate(values):
            if isinstance(value, str) and len(value) > limit:
                info = by_name[columns["berkas"][i]]
                letter = info.kolom.get(name, "")
                temuan.append(finding(info, aturan.TEKS_TERLALU_PANJANG, sel=f"{letter}{columns['baris'][i]}",
                                       kolom=column.label, panjang=format_number(len(value), 0),
                                       batas=format_number(limit, 0)))
                values[i] = value[:limit - 1] + "…"


def _triwulan_of(path: Path) -> int | None:
    match = _TRIWULAN_DIR.match(path.parent.name)
    return int(match.group(1)) if match else None


def _read_one(info: FileInfo, loaded: tuple[list[Temuan], bool, tuple | None], columns: dict[str, list],
              temuan: list[Temuan]) -> None:
    found, opened, picked = loaded
    temuan.extend(found)
    if not opened:
        return
    if picked is None:
        temuan.append(finding(info, aturan.LEMBAR_TIDAK_ADA, lembar_data=schema.DATA_SHEET))
        return
    sheet, rows, header, mapping, dupes, merged, percent = picked
    data_start = header + 1
    if header >= 0:
        split = two_row_header(rows, header)
        if split is not None:
            mapping, dupes = split
            data_start = header + 2
    info.lembar = sheet
    if header < 0:
        temuan.append(finding(info, aturan.HEADER_TIDAK_DITEMUKAN, baris_cari=schema.HEADER_SEARCH_ROWS))
        return
    info.readable = True
    info.header_row = header + 1
    info.kolom = {f: column_letter(c) for c, f in mapping.items()}
    for col, name in dupes:
        label = schema.FIELDS[name].label
        temuan.append(finding(info, aturan.KOLOM_GANDA, sel=f"{column_letter(col)}{header + 1}", kolom=label,
                               kolom_lain=info.kolom[name]))
    optional: list[str] = []
    for column in schema.COLUMNS:
        if column.field in info.kolom:
            continue
        if column.field == "kode_indikator":
            continue  # derived from the name, with a peringatan (see _fill_kode_indikator)
        if column.required:
            temuan.append(finding(info, aturan.KOLOM_WAJIB_HILANG, kolom=column.label, baris_judul=header + 1))
        else:
            optional.append(column.label)
    if optional:
        temuan.append(finding(info, aturan.KOLOM_HILANG, kolom=f"{len(optional)} kolom",
                               baris_judul=header + 1, daftar=", ".join(optional)))
    _read_metadata(info, rows[:header], temuan)
    read_data(info, rows, header, data_start, mapping, merged, percent, columns, temuan)
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
    raw = columns["kode_indikator"][start:]
    normalized = {text: schema.normalize_kode(text) for text in set(raw)}  # each distinct code once
    kodes = [normalized[text] for text in raw]
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
        temuan.append(finding(info, aturan.KODE_INDIKATOR_TANPA_KOLOM, kolom=label, kode_turunan=filled_kodes[filled[0]]))
        return
    baris = columns["baris"][start:]
    for i in filled:
        temuan.append(finding(info, aturan.KODE_INDIKATOR_KOSONG, sel=f"{letter}{baris[i]}", kolom=label,
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
                temuan.append(finding(info, aturan.TAHUN_TIDAK_TERBACA, sel=address, kolom="Tahun", nilai=value))
                continue
            info.metadata["tahun"] = int(number)
        elif key == "tanggal_penyampaian":
            parsed = parse_date(value)
            if parsed is None:
                temuan.append(finding(info, aturan.TANGGAL_TIDAK_TERBACA, sel=address, kolom="Tanggal Penyampaian",
                                       nilai=value))
                continue
            info.metadata["tanggal_penyampaian"] = parsed
        else:
            info.metadata["unit"] = " ".join(str(value).split())


__all__ = [  # what the worksheets' readers import from here (the other names have their own module)
    "ANNOTATED_SUFFIX", "PARALLEL_LOADS", "WORKBOOK_SUFFIXES", "Dataset", "FileInfo", "collect_paths", "parse_date",
    "read_workbooks",
]
