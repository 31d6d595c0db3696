"""The one rule for text written into spreadsheets: never let it become a formula.

Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and
LibreOffice as a formula (``=HYPERLINK(…)``, ``=WEBSERVICE(…)``, ``=cmd|' /C calc'!A0``);
openpyxl even stores such a Python string as a formula. Following the OWASP rule against CSV
/ formula injection, such text is prefixed with a single quote, so it is shown, not evaluated.
Every ``.xlsx`` and ``.csv`` kinerja writes from data it did not make itself passes through
here: cell values (:func:`neutralize`), DataFrames before ``to_excel`` (:func:`neutralize_frame`),
whole tables as CSV text or an .xlsx sheet (:func:`frame_csv`, :func:`write_frame_xlsx`, what
``--format csv/xlsx`` of validasi, capaian and status write) and whole workbooks copied from
someone else (:func:`neutralize_workbook`); file names shown in cells are text like any other.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat text as a formula."""


def neutralize(value: Any) -> Any:
    """``value`` unchanged, unless it is text a spreadsheet would evaluate: then ``'`` + text.

    >>> neutralize("=HYPERLINK(\\"http://x\\")"), neutralize("-5 dokumen"), neutralize("Baik"), neutralize(-5)
    ('\\'=HYPERLINK("http://x")', "'-5 dokumen", 'Baik', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize_frame(frame):
    """A copy of a DataFrame with every text cell and column label neutralized (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(neutralize).astype(object)
    out.columns = [neutralize(c) for c in out.columns]
    return out


def frame_csv(frame) -> str:
    """A DataFrame as CSV text (no index), every formula-leading text neutralized."""
    return neutralize_frame(frame).to_csv(index=False)


def write_frame_xlsx(frame, path, sheet: str) -> None:
    """Write a DataFrame as the one sheet ``sheet`` of the .xlsx ``path`` (no index), neutralized."""
    neutralize_frame(frame).to_excel(path, sheet_name=str(neutralize(sheet)).lstrip("'")[:31], index=False,
                                     engine="openpyxl")


def neutralize_workbook(book) -> int:
    """Neutralize every text cell of an openpyxl workbook in place; returns how many changed.

    Meant for copies of received workbooks loaded with ``data_only=True`` (formulas replaced
    by their cached values), so nothing in the copy is a live formula any more.
    """
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.value = "'" + value
                    cell.data_type = "s"
                    changed += 1
    return changed
