"""Reading another office's LKjIP (or quarterly report) into grids of cells and lines of text.

Whatever tool made the document, the reviu sees the same thing: every table as a grid of
:class:`Sel` (the text as printed, and for a spreadsheet number the value with the decimals its
number format prints), with the page (or sheet) and row each grid row came from, the caption
printed above it (``Tabel 3.8 …``) when there is one, and the document's text as lines with
their page for the outline and stated-figure checks.

- ``.docx`` (python-docx): body order kept (paragraphs, tables); a merged cell's text stands in
  every grid column and row it covers; the page is counted from page breaks and the breaks
  Word/LibreOffice record when they last laid the document out.
- ``.xlsx`` (openpyxl, cached values of formulas; number formats give the printed decimals;
  ``0.00%`` is printed ×100) and ``.ods`` (each cell's displayed text from ``content.xml``), after the limits of
  :func:`kinerja.lembar.batas.check_workbook`. A sheet is one grid; the table finder splits it.
- ``.pdf`` (pdfplumber): ruled tables per page with their position, so a table that goes on at
  the top of the next page can be joined to the one before; a PDF without any text layer is a
  scan and is refused (``tidak dapat dibaca: PDF hasil pindaian``).

Every failure is a :class:`BacaError` with one Indonesian sentence naming the file.
"""

from __future__ import annotations

import logging
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from kinerja.errors import KinerjaError, describe_fault
from kinerja.numbers import NotANumber, format_number, parse_number

JENIS = {".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods", ".pdf": "pdf"}
"""File suffix → reader."""


class BacaError(KinerjaError):
    """A document that cannot be read (one Indonesian sentence naming the file)."""


@dataclass(frozen=True)
class Sel:
    """One printed cell: its text; for a spreadsheet number also the value and printed decimals."""

    teks: str
    nilai: float | None = None
    desimal: int | None = None

    @property
    def kosong(self) -> bool:
        return not self.teks.strip()


@dataclass
class Grid:
    """One table (or one sheet) as read: rows of cells with where each row stands."""

    berkas: Path
    urutan: int
    baris: list[list[Sel]]
    nomor_baris: list[int]
    halaman: list[int | None]
    lembar: str | None = None
    judul: str = ""
    di_awal_halaman: bool = False
    """PDF: the table starts at the top of its page (it may go on from the page before)."""


@dataclass
class Dokumen:
    """A read document: its tables in order and its text lines ``(halaman, teks)``."""

    berkas: Path
    jenis: str
    grid: list[Grid] = field(default_factory=list)
    teks: list[tuple[int | None, str]] = field(default_factory=list)


def baca(path: Path, batas=None) -> Dokumen:
    """Read one document by its suffix; :class:`BacaError` for anything unreadable."""
    path = Path(path)
    jenis = JENIS.get(path.suffix.lower())
    if jenis is None:
        raise BacaError(
            f"{path.name}: jenis berkas {path.suffix or '(tanpa akhiran)'} tidak dikenal; "
            "yang dapat direviu: .docx, .xlsx, .ods, .pdf."
        )
    if not path.is_file():
        raise BacaError(f"{path}: berkas tidak ditemukan.")
    reader = {"docx": _baca_docx, "xlsx": _baca_xlsx, "ods": _baca_ods, "pdf": _baca_pdf}[jenis]
    try:
        return reader(path, batas)
    except BacaError:
        raise
    except MemoryError as exc:
        raise BacaError(f"{path.name}: tidak dapat dibaca: memori komputer tidak cukup untuk berkas ini.") from exc
    except OSError as exc:
        raise BacaError(describe_fault(exc) or f"{path.name}: tidak dapat dibaca ({exc.strerror or exc}).") from exc
    except Exception as exc:  # a broken file of any kind: the reader libraries raise their own types
        # the library's own (English) name of the fault is for the log, not for the person reading the page
        logging.getLogger(__name__).info("%s: %s: %s", path, type(exc).__name__, exc)
        raise BacaError(f"{path.name}: tidak dapat dibaca; berkas rusak atau bukan {jenis} yang sah.") from exc


# --------------------------------------------------------------------------- numbers as printed


_SEPARATORS = re.compile(r"[.,]")


def desimal_tercetak(teks: str) -> int | None:
    """How many decimals a printed number shows (``84,44`` → 2, ``1.250`` → 0); None if not a number.

    The separator is read the way :func:`kinerja.numbers.parse_number` reads it, so a group of
    thousands is not taken for decimals.

    >>> desimal_tercetak("84,44"), desimal_tercetak("84"), desimal_tercetak("1.250.000,5"), desimal_tercetak("12,5 %")
    (2, 0, 1, 1)
    """
    try:
        value = parse_number(teks)
    except NotANumber:
        return None
    if value is None:
        return None
    core = re.sub(r"[^0-9.,]", "", teks)
    parts = _SEPARATORS.split(core)
    if len(parts) == 1:
        return 0
    digits = "".join(parts)
    if digits and float(digits) == abs(value):  # every separator grouped thousands
        return 0
    return len(parts[-1])


def _decimals_of_format(fmt: str | None, value: float) -> tuple[int, bool]:
    """(decimals printed, shown as percent) for an Excel number format."""
    fmt = (fmt or "General").split(";")[0]
    percent = "%" in fmt
    if fmt == "General" or not re.search(r"[0#]", fmt):
        text = repr(round(value * (100 if percent else 1), 10))
        return (len(text.split(".")[1].rstrip("0")) if "." in text else 0), percent
    match = re.search(r"\.([0#]+)", fmt)
    return (len(match.group(1)) if match else 0), percent


def _sel_angka(value: float, fmt: str | None) -> Sel:
    decimals, percent = _decimals_of_format(fmt, value)
    shown = value * 100 if percent else value

    teks = format_number(shown, decimals) + (" %" if percent else "")
    return Sel(teks, shown, decimals)


def _sel(value: object, fmt: str | None = None) -> Sel:
    if value is None:
        return Sel("")
    if isinstance(value, bool):
        return Sel(str(value))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return Sel("")
        return _sel_angka(float(value), fmt)
    return Sel(" ".join(_join_lines(str(value)).split()))


_FRAGMENT = re.compile(r"^([a-z]{1,2})(\s|$)")
_SHORT_WORDS = {"di", "ke", "se", "ya", "yg", "dr", "dg", "s", "d"}


def _join_lines(text: str) -> str:
    r"""Lines of a cell joined; a word broken in a narrow column (``Kematia`` / ``n``) is mended.

    >>> _join_lines("Angka Kematia\nn Bayi"), _join_lines("Angka\nKematian"), _join_lines("dilaksanakan\ndi desa")
    ('Angka Kematian Bayi', 'Angka Kematian', 'dilaksanakan di desa')
    """
    lines = text.splitlines()
    if len(lines) < 2:
        return text
    out = lines[0]
    for line in lines[1:]:
        m = _FRAGMENT.match(line)
        if m and out[-1:].isalpha() and out[-1:].islower() and m.group(1) not in _SHORT_WORDS:
            out += line
        else:
            out += " " + line
    return out


# --------------------------------------------------------------------------- .docx


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _breaks(element) -> int:
    """Page breaks inside a paragraph or table: hard breaks and breaks recorded at last layout."""
    count = 0
    for br in element.iter(f"{_W}br"):
        if br.get(f"{_W}type") == "page":
            count += 1
    count += sum(1 for _ in element.iter(f"{_W}lastRenderedPageBreak"))
    return count


def _baca_docx(path: Path, batas) -> Dokumen:
    import docx  # noqa: PLC0415 -- docx + lxml, typing_extensions (~44 ms) kept off importing this module
    from docx.table import Table  # noqa: PLC0415 -- docx.table + lxml, typing_extensions (~44 ms) kept off importing this module
    from docx.text.paragraph import Paragraph  # noqa: PLC0415 -- docx.text.paragraph + lxml, typing_extensions (~44 ms) kept off importing this module

    document = docx.Document(str(path))
    out = Dokumen(path, "docx")
    page = 1
    last_caption = ""
    for child in document.element.body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            page += _breaks(child)
            text = " ".join(paragraph.text.split())
            if text:
                out.teks.append((page, text))
                if re.match(r"(?i)^tabel\b", text):
                    last_caption = text
                elif len(text) > 160:
                    last_caption = ""
            if child.find(f"{_W}pPr/{_W}sectPr") is not None:
                page += 1
        elif tag == f"{_W}tbl":
            table = Table(child, document)
            rows: list[list[Sel]] = []
            pages: list[int | None] = []
            for row in table.rows:
                page += _breaks(row._tr)
                rows.append([Sel(" ".join(cell.text.split())) for cell in row.cells])
                pages.append(page)
            out.grid.append(Grid(path, len(out.grid) + 1, rows, list(range(1, len(rows) + 1)), pages, judul=last_caption))
            last_caption = ""
    return out


# --------------------------------------------------------------------------- .xlsx / .ods


def _check_limits(path: Path, batas) -> None:
    if batas is None:
        return
    from kinerja.lembar.batas import check_workbook  # noqa: PLC0415 -- kinerja.lembar.batas + numpy, platform (~49 ms) kept off importing this module

    problem = check_workbook(path, batas)
    if problem:
        raise BacaError(problem)


def _baca_xlsx(path: Path, batas) -> Dokumen:
    import openpyxl  # noqa: PLC0415 -- openpyxl + numpy, PIL (~133 ms) kept off importing this module

    _check_limits(path, batas)
    book = openpyxl.load_workbook(str(path), data_only=True)
    out = Dokumen(path, "xlsx")
    try:
        for sheet in book.worksheets:
            rows: list[list[Sel]] = []
            numbers: list[int] = []
            for row in sheet.iter_rows():
                cells = [_sel(cell.value, cell.number_format) for cell in row]
                if any(not c.kosong for c in cells):
                    rows.append(cells)
                    numbers.append(row[0].row)
            if rows:
                out.grid.append(Grid(path, len(out.grid) + 1, rows, numbers, [None] * len(rows), lembar=sheet.title))
    finally:
        book.close()
    return out


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_cell_text(cell) -> str:
    """The text a cell shows, as the spreadsheet saved it (``90,83%``: the printed figure, format included)."""
    lines = []
    for p in cell.iter(f"{_ODS_TEXT}p"):
        lines.append("".join(p.itertext()))
    return "\n".join(lines)


def _baca_ods(path: Path, batas) -> Dokumen:
    """An .ods read from its ``content.xml``: each cell's displayed text (number formats applied, so
    a percentage prints as ``90,83%``, not 0,9083), merged (covered) cells empty, repeats expanded
    only where they hold text."""
    _check_limits(path, batas)
    out = Dokumen(path, "ods")
    with zipfile.ZipFile(path) as book, book.open("content.xml") as content:
        rows: list[list[Sel]] = []
        numbers: list[int] = []
        row_number = 0
        name = ""
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{_ODS_TABLE}table":
                name = element.get(f"{_ODS_TABLE}name", "")
                rows, numbers, row_number = [], [], 0
            elif event == "end" and tag == f"{_ODS_TABLE}table-row":
                repeat = int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                cells: list[Sel] = []
                for cell in element:
                    if cell.tag not in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
                        continue
                    times = int(cell.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                    text = " ".join(_join_lines(_ods_cell_text(cell)).split())
                    if text:
                        cells.extend(Sel(text) for _ in range(min(times, 1000)))
                    else:
                        cells.extend(Sel("") for _ in range(min(times, 1000)))
                while cells and cells[-1].kosong:
                    cells.pop()
                if cells:
                    for _ in range(min(repeat, 1000)):
                        rows.append(list(cells))
                        numbers.append(row_number + 1)
                        row_number += 1
                else:
                    row_number += repeat
                element.clear()
            elif event == "end" and tag == f"{_ODS_TABLE}table":
                if rows:
                    out.grid.append(Grid(path, len(out.grid) + 1, rows, numbers, [None] * len(rows), lembar=name))
                element.clear()
    return out


# --------------------------------------------------------------------------- .pdf


PINDAIAN = "tidak dapat dibaca: PDF hasil pindaian (tidak ada lapisan teks); mintakan berkas .docx/.xlsx atau PDF yang dicetak dari aplikasinya"


def miring(obj: dict) -> bool:
    """True for a character set at a slant (neither level nor turned a quarter): the letters of a diagonal
    watermark ("CONTOH", "DRAF" across the page), which pdfplumber would otherwise put into the table cells
    they cross. Text turned by a multiple of 90° (a column header set upright) is kept.

    >>> miring({"object_type": "char", "matrix": (0.61, 0.43, -0.43, 0.61, 93.3, 271.6)})
    True
    >>> miring({"object_type": "char", "matrix": (0.75, 0, 0, 0.75, 10, 10)}), miring({"object_type": "char", "matrix": (0, 1, -1, 0, 5, 5)})
    (False, False)
    """
    if obj.get("object_type") != "char":
        return False
    a, b = obj["matrix"][:2]
    sudut = math.degrees(math.atan2(b, a)) % 90
    return min(sudut, 90 - sudut) > MIRING_DERAJAT


MIRING_DERAJAT = 2.0
"""A character turned more than this from level (or from a quarter turn) is a watermark's, not text's."""


def _baca_pdf(path: Path, batas) -> Dokumen:
    import pdfplumber  # noqa: PLC0415 -- pdfplumber + pdfminer, cryptography (~136 ms) kept off importing this module

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out = Dokumen(path, "pdf")
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise BacaError(f"{path.name}: tidak dapat dibaca: PDF dikunci dengan kata sandi.") from exc
        logging.getLogger(__name__).info("%s: %s: %s", path, name, exc)
        raise BacaError(f"{path.name}: tidak dapat dibaca: bukan PDF yang sah.") from exc
    with pdf:
        any_text = False
        for number, whole in enumerate(pdf.pages, start=1):
            if whole.chars:
                any_text = True
            page = whole.filter(lambda obj: not miring(obj))  # the diagonal watermark's letters are no cell's text
            tables = page.find_tables()
            outside: Any = page
            for table in tables:  # the text lines are the page without its tables
                try:
                    outside = outside.outside_bbox(table.bbox)
                except ValueError:  # a table reaching past the page's edge: keep the text as is
                    pass
            text = outside.extract_text() or ""
            for line in text.splitlines():
                line = " ".join(line.split())
                if line:
                    out.teks.append((number, line))
            for table in tables:
                x0, top, x1, bottom = table.bbox
                above = page.crop((0, 0, page.width, max(top, 1))).extract_text() or ""
                lines = [" ".join(line.split()) for line in above.splitlines() if line.strip()]
                caption = ""
                for line in reversed(lines[-3:]):
                    if re.match(r"(?i)^tabel\b", line):
                        caption = line
                        break
                # At the top of the page: nothing but the running header above it.
                starts_page = top < page.height * 0.2 and not caption
                rows = [[_sel(c) for c in row] for row in table.extract()]
                rows = [r for r in rows if any(not c.kosong for c in r)]
                if rows:
                    out.grid.append(Grid(
                        path, len(out.grid) + 1, rows, list(range(1, len(rows) + 1)), [number] * len(rows),
                        judul=caption, di_awal_halaman=starts_page,
                    ))
        if not any_text and pdf.pages:
            raise BacaError(f"{path.name}: {PINDAIAN}.")
    return out
