"""Annotated copies of validated workbooks, for the analyst to send back to the PPTK.

:func:`write_annotated` writes, for every readable input workbook, a COPY named
``<nama>-bertanda.xlsx`` (``.xlsm`` kept; an ``.ods`` becomes ``.xlsx`` with its values) in the
output folder: each cell with a finding gets a
fill (red for ``galat``, yellow for ``peringatan``) and a comment with the message(s); a
``Temuan`` sheet lists every finding of that file. Input files are only read, never written.
An existing copy is never overwritten: the next free name ``<nama>-bertanda-2.xlsx``,
``-3`` … is used. Copies are written atomically. A copy holds values, not formulas, and every
text that a spreadsheet would evaluate is neutralized (:mod:`kinerja.spreadsheet`). Unreadable inputs (corrupt, locked, legacy,
missing) get no copy; their findings are in the validation output.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from pathlib import Path

import python_calamine
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.atomic import atomic_path, make_dirs
from kinerja.errors import UsageError
from kinerja.lembar.findings import COLUMNS, Temuan, Tingkat
from kinerja.lembar.reader import ANNOTATED_SUFFIX, Dataset
from kinerja.spreadsheet import neutralize, neutralize_workbook

FILL_COLORS = {Tingkat.GALAT: "FFC7CE", Tingkat.PERINGATAN: "FFEB9C"}
"""Cell fill per level (Excel's light red / light yellow)."""

AUTHOR = "kinerja"


def annotated_name(source: Path, out_dir: Path) -> Path:
    """The first free ``<stem>-bertanda[-n]<suffix>`` path in ``out_dir``.

    >>> annotated_name(Path("a/IRBAN-1.xlsx"), Path("/nonexistent"))
    PosixPath('/nonexistent/IRBAN-1-bertanda.xlsx')
    """
    suffix = source.suffix.lower() if source.suffix.lower() in (".xlsx", ".xlsm") else ".xlsx"
    candidate = out_dir / f"{source.stem}{ANNOTATED_SUFFIX}{suffix}"
    number = 2
    while candidate.exists():
        candidate = out_dir / f"{source.stem}{ANNOTATED_SUFFIX}-{number}{suffix}"
        number += 1
    return candidate


def write_annotated(dataset: Dataset, out_dir: Path) -> list[Path]:
    """Write an annotated copy of every readable workbook of ``dataset`` into ``out_dir``.

    Returns:
        The paths written, in input order.

    Raises:
        UsageError: ``out_dir`` is a file or cannot be created.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} adalah berkas, bukan folder; sebutkan folder untuk salinan bertanda.")
    try:
        make_dirs(out_dir)
    except OSError as exc:
        raise UsageError(f"Folder {out_dir} tidak dapat dibuat ({exc.strerror or exc}).") from None
    by_file: dict[str, list[Temuan]] = defaultdict(list)
    for temuan in dataset.temuan:
        by_file[temuan.berkas].append(temuan)
    written: list[Path] = []
    for info in dataset.files:
        if not info.readable:
            continue
        target = annotated_name(info.path, out_dir)  # free on disk: two inputs of one name get -2
        _annotate_one(info.path, info.lembar, by_file.get(info.berkas, []), target)
        written.append(target)
    return written


def _annotate_one(source: Path, lembar: str, temuan: list[Temuan], target: Path) -> None:
    keep_vba = source.suffix.lower() == ".xlsm"
    if source.suffix.lower() == ".ods":
        book = _book_from_ods(source)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not keep
            # values, not formulas: a received workbook's formulas never become live in the copy
            book = load_workbook(source, keep_vba=keep_vba, data_only=True)
    neutralize_workbook(book)
    per_cell: dict[tuple[str, str], list[Temuan]] = defaultdict(list)
    for t in temuan:
        if t.sel and t.lembar in book.sheetnames:
            per_cell[(t.lembar, _visible_cell(book[t.lembar], t.sel))].append(t)
    for (sheet_name, address), items in per_cell.items():
        cell = book[sheet_name][address]
        level = Tingkat.GALAT if any(t.tingkat is Tingkat.GALAT for t in items) else Tingkat.PERINGATAN
        color = FILL_COLORS[level]
        cell.fill = PatternFill(start_color=color, end_color=color, fill_type="solid")
        text = "\n".join(f"[{t.tingkat.value}] {t.pesan}" for t in items)
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, 40 + 30 * len(items)
        cell.comment = comment

    name, number = "Temuan", 2
    while name in book.sheetnames:
        name, number = f"Temuan {number}", number + 1
    sheet = book.create_sheet(name)
    headers = ["Berkas", "Lembar", "Sel", "Kolom", "Kode", "Tingkat", "Pesan"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if not temuan:
        sheet.append(["", neutralize(lembar), "", "", "", "", "Tidak ada temuan."])
    ordered = sorted(temuan, key=lambda t: (t.tingkat is not Tingkat.GALAT,))
    for t in ordered:
        row = t.as_dict()
        sheet.append([neutralize(row[key]) for key in COLUMNS])
        color = FILL_COLORS[t.tingkat]
        sheet.cell(sheet.max_row, 6).fill = PatternFill(start_color=color, end_color=color, fill_type="solid")
    for index, width in enumerate((30, 14, 8, 24, 24, 11, 90), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{sheet.max_row}"
    with atomic_path(target) as tmp:
        book.save(tmp)


def _visible_cell(sheet, address: str) -> str:
    """The cell that shows ``address``: the top-left cell of a merged range holding it (findings
    on several cells of one merged range share its one comment), else ``address`` itself."""
    if type(sheet[address]).__name__ != "MergedCell":
        return address
    for merged in sheet.merged_cells.ranges:
        if address in merged:
            return sheet.cell(merged.min_row, merged.min_col).coordinate
    return address


def _book_from_ods(source: Path):
    """An openpyxl workbook holding the values of an OpenDocument spreadsheet (openpyxl cannot read .ods)."""
    reader = python_calamine.CalamineWorkbook.from_path(str(source))
    book = Workbook()
    book.remove(book.active)
    try:
        for name in reader.sheet_names:
            sheet = book.create_sheet(name[:31])
            try:
                rows = reader.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception:  # a chart or unreadable sheet: kept empty
                continue
            for values in rows:
                sheet.append([None if v == "" else v for v in values])
    finally:
        reader.close()
    return book
