"""Where things stand on a Rencana Aksi workbook's data sheet (title, metadata, header and first data rows;
a field's column), its number formats, and the cell styles every sheet of the workbook shares."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter

from kinerja.lembar import schema

EMPTY_ROWS = 50
"""Empty, formatted rows with dropdowns below the data rows of a workbook."""

TITLE_ROW = 1
SUBTITLE_ROW = 2
FIRST_METADATA_ROW = 3
HEADER_ROW = FIRST_METADATA_ROW + len(schema.METADATA_LABELS) + 1
FIRST_DATA_ROW = HEADER_ROW + 1
METADATA_VALUE_COLUMN = 3  # column C, as schema.METADATA_LABELS says

RUPIAH_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"

COLUMN_INDEX = {column.field: index for index, column in enumerate(schema.COLUMNS, start=1)}
"""Field -> 1-based column number on the data sheet."""


def column_letter(field: str) -> str:
    """Excel column letter of a field on the data sheet.

    >>> column_letter("sasaran"), column_letter("kode_indikator"), column_letter("indikator"), column_letter("pagu")
    ('A', 'B', 'C', 'V')
    """
    return get_column_letter(COLUMN_INDEX[field])


LAST_COLUMN = get_column_letter(len(schema.COLUMNS))

_THIN = Side(style="thin", color="9E9E9E")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LABEL_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
RIGHT_TOP = Alignment(horizontal="right", vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
