"""Limits on an input workbook, checked before it is parsed (broken or hostile files).

A Rencana Aksi workbook is small (< 2 MB, < 2,000 rows). A file far beyond that is a mistake or
an attack: a 9 MB file, a zip bomb (a few MB that inflate to gigabytes), or a sheet whose cells
lie a million rows apart, each of which once made the parser allocate until the process died.
:func:`check_workbook` looks only at what is cheap and safe to read: the file size, the zip
central directory (declared sizes and compression ratio), and then, streaming with a byte cap,
the extent of each sheet (xlsx: every ``<row>`` and ``<c>`` counted in order, ``r=`` or not, and
``<dimension>``; ods: rows and columns with a value, repeats included), stopping as soon as a
limit is passed. The limits are ``[batas]`` of the office config
(:class:`kinerja.config.Batas`). The answer is one Indonesian sentence, or None when the file
is within the limits (or is not a zip at all: the reader reports that itself).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element, XMLPullParser

import numpy as np

from kinerja.config import Batas

MB = 1024 * 1024
_CHUNK = 1 << 20
_ELEMENT = re.compile(  # <row r="12" ...> or <c r="AB12" ...>, each with or without r=, in document order
    rb"<(?:\w+:)?(?:(row)(?=[\s>/])(?:[^>]*?\sr=\"(\d{1,9})\")?|c(?=[\s>/])(?:[^>]*?\sr=\"([A-Z]{1,4})(\d{1,9})\")?)")
_DIMENSION_WORD = re.compile(rb"dimension\b[^>]*?\bref=\"[A-Z]{0,4}\d{0,9}:?([A-Z]{1,4})(\d{1,9})\"")
_TAG_PREFIX = re.compile(rb"(?:\w+:)?")  # <dimension …> or <x:dimension …>: what comes between < and the word
_PREFIX_NAME = re.compile(rb"<\w+:")  # <x: before an element's name
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class _TooBig(Exception):
    """Raised inside the streaming scan when a member inflates past the limit."""


def _column_number(letters: bytes) -> int:
    """1-based column number of Excel letters.

    >>> _column_number(b"A"), _column_number(b"XFD")
    (1, 16384)
    """
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _count(number: int) -> str:
    """Indonesian thousands: ``1.048.576``."""
    return f"{number:,}".replace(",", ".")


def _mb(size: float) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def _stream(book: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int],
            keep: dict[str, bytes] | None = None) -> Iterator[bytes]:
    """The member's bytes in chunks, stopping once the shared ``budget`` of inflated bytes is spent;
    a member read to its end is put in ``keep`` (when given) under its name."""
    parts = []
    with book.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _TooBig
            if keep is not None:
                parts.append(chunk)
            yield chunk
    if keep is not None:
        keep[info.filename] = b"".join(parts)


def _xlsx_extent(chunks: Iterator[bytes], max_rows: int = 0, max_cols: int = 0) -> tuple[int, int]:
    """(rows, columns) a worksheet spans, counted while streaming whatever its attributes say.

    Every ``<row>`` and ``<c>`` element counts where a spreadsheet program places it: one with
    ``r=`` where it says, one without right after the one before (a sheet of 650,000 rows without
    ``r=`` spans 650,000 rows; ``<dimension>`` only ever adds). A stretch where every row and cell
    carries ``r=`` first (what spreadsheet programs write) is read with numpy (:func:`_tagged_extent`,
    without holding the GIL for its passes over the bytes); one that does not, element by element. The scan stops as soon as ``max_rows``/``max_cols`` (when given) are
    passed, so reading stays bounded whatever the file holds.
    """
    rows = cols = 0
    row = col = 0
    for body in _bodies(chunks):
        for match in _dimensions(body):
            cols, rows = max(cols, _column_number(match.group(1))), max(rows, int(match.group(2)))
        tagged = _tagged_extent(body)
        if tagged is not None:  # every row and cell written r= first: read with numpy
            last_row, cell_rows, cell_cols = tagged
            if last_row:
                row, col = last_row, 0
            rows, cols = max(rows, last_row, cell_rows), max(cols, cell_cols)
        else:
            for match in _ELEMENT.finditer(body):
                if match.group(1) == b"row":
                    number = match.group(2)
                    row, col = (int(number) if number else row + 1), 0
                    rows = max(rows, row)
                else:
                    found, number = match.group(3), match.group(4)
                    if found:
                        col = _column_number(found)
                        row = max(row, int(number))  # a cell outside any <row> still names its row
                        rows = max(rows, row)
                    else:
                        col += 1
                    cols = max(cols, col)
        if (max_rows and rows > max_rows) or (max_cols and cols > max_cols):
            break
    return rows, cols


_TAG = 20  # bytes read from a tag's "<": <row r=" or <c r=", then the reference (4 letters, 9 digits, quote)
_PAD = bytes(_TAG)  # read past the end of a body without an index check: never a tag's byte
_DELIMITER = np.zeros(256, dtype=bool)  # what may follow an element's name: \s, / or >
_DELIMITER[np.frombuffer(b" \t\n\r\x0b\x0c/>", dtype=np.uint8)] = True
_CELL_OPENING = np.frombuffer(b'<c r="', dtype=np.uint8)
_ROW_OPENING = np.frombuffer(b'<row r="', dtype=np.uint8)
_POWERS_10 = 10 ** np.arange(9, dtype=np.int64)
_POWERS_26 = 26 ** np.arange(4, dtype=np.int64)


def _tagged_extent(body: bytes) -> tuple[int, int, int] | None:
    """``(largest <row r>, largest row of a <c r>, largest column of a <c r>)`` of a stretch of a
    sheet in which every ``<row>`` is written ``<row r="12"`` and every ``<c>`` ``<c r="AB12"``
    (r= first, a whole reference: what spreadsheet programs write), read with numpy; None when any
    is not (no r=, r= later, another whitespace after the name, a prefixed ``<x:c>``), which is
    then read element by element.

    >>> _tagged_extent(b'<row r="7"><c r="B7" s="1"/><c r="AA3"><v>1</v></c></row><cols/>')
    (7, 7, 27)
    >>> _tagged_extent(b'<row r="1"><c r="A1"/></row><row/>'), _tagged_extent(b'<x:c r="A1"/>')
    (None, None)
    """
    if b"<c" not in body and b"<row" not in body and b":c" not in body and b":row" not in body:
        return 0, 0, 0  # no row or cell at all (the </worksheet> left at the end)
    padded = body + _PAD
    data = np.frombuffer(padded, dtype=np.uint8)
    tags = np.ndarray((len(body), _TAG), dtype=np.uint8, buffer=padded, strides=(1, 1))  # row i: body[i:i + 20]
    opens = np.flatnonzero(data[:len(body)] == 60)  # every "<"
    first = data[opens + 1]
    cells = tags[opens[first == 99]]
    cells = cells[_DELIMITER[cells[:, 2]]]  # <c …
    rows = tags[opens[first == 114]]
    rows = rows[(rows[:, 2] == 111) & (rows[:, 3] == 119) & _DELIMITER[rows[:, 4]]]  # <row …
    if not (cells[:, :6] == _CELL_OPENING).all() or not (rows[:, :8] == _ROW_OPENING).all() \
            or _prefixed(body, data):
        return None  # no r=, r= not first, or a prefixed element
    read_rows = _references(rows[:, 8:], letters=False)
    read_cells = _references(cells[:, 6:], letters=True)
    if read_rows is None or read_cells is None:
        return None
    return read_rows[1], read_cells[1], read_cells[0]


def _prefixed(body: bytes, data: np.ndarray) -> bool:
    """Whether ``body`` has a prefixed ``<x:c …>`` or ``<x:row …>`` element."""
    colons = np.flatnonzero(data[:len(body)] == 58)
    if not len(colons):
        return False
    after = data[colons + 1]
    named = colons[((after == 99) & _DELIMITER[data[colons + 2]])
                   | ((after == 114) & (data[colons + 2] == 111) & (data[colons + 3] == 119) & _DELIMITER[data[colons + 4]])]
    return any(_PREFIX_NAME.fullmatch(body, body.rfind(b"<", 0, at), at + 1) for at in named.tolist())


def _references(window: np.ndarray, *, letters: bool) -> tuple[int, int] | None:
    """``(largest column, largest row)`` of the references at the start of each row of ``window``
    (``AB12"``, or ``12"`` when not ``letters``); None when one is not 1–4 capitals (none for a
    row), 1–9 digits (leading zeros allowed) and the closing quote."""
    if not len(window):
        return 0, 0
    quote = np.argmax(window == 34, axis=1)  # the closing quote (0: none within reach)
    if letters:
        count = np.argmin((window[:, :5] >= 65) & (window[:, :5] <= 90), axis=1)  # leading capitals
        if not ((count >= 1) & (count <= 4)).all():
            return None
    else:
        count = np.zeros(len(window), dtype=np.intp)
    width = quote - count
    if not ((width >= 1) & (width <= 9)).all():
        return None
    other = (window < 48) | (window > 57)
    for k in range(4 if letters else 0):
        other[:, k] &= count <= k  # the capitals are not digits: skipped
    if (np.argmax(other, axis=1) != quote).any():
        return None  # something else than digits between the capitals and the quote
    column = 0
    if letters:
        most = int(count.max())
        column = int(((window[count == most, :most] - 64).astype(np.int64) @ _POWERS_26[most - 1::-1]).max())
    if (window[np.arange(len(window)), count] == 48).any():  # a leading zero: every number read whole
        number = np.zeros(len(window), dtype=np.int64)
        for k in range(window.shape[1]):
            number = np.where((count <= k) & (k < quote), number * 10 + window[:, k] - 48, number)
        return column, int(number.max())
    most = int(width.max())  # no leading zero: the largest number has the most digits
    longest = width == most
    row = max(int(((window[longest & (count == c), c:c + most] - 48).astype(np.int64) @ _POWERS_10[most - 1::-1]).max())
              for c in np.flatnonzero(np.bincount(count[longest], minlength=5)).tolist())
    return column, row


def _bodies(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks again, each ending before its last ``<`` (a tag cut by the chunk boundary is read
    whole with the next chunk), and at the end what is left: the stream's last tag is read, too.

    >>> list(_bodies(iter([b'<a/><c r="A', b'1"/><c r="B1"/>'])))
    [b'<a/>', b'<c r="A1"/>', b'<c r="B1"/>']
    """
    tail = b""
    for chunk in chunks:
        text = tail + chunk
        cut = text.rfind(b"<")
        body, tail = (text[:cut], text[cut:]) if cut > 0 and len(text) - cut < 4096 else (text, b"")
        yield body
    if tail:
        yield tail


def _dimensions(body: bytes) -> Iterator[re.Match]:
    """Every ``<dimension ref="…">`` (or ``<x:dimension …>``), in order, groups: the last cell's
    letters and row. Found from the word ``dimension`` on (a regex starting with a word is found by a
    C-level substring search; one starting with ``<`` tries every tag of the sheet). A match counts
    when ``<`` or ``<prefix:`` comes right before its word; otherwise the search goes on one byte
    further: the same matches as ``<(?:\\w+:)?dimension…`` searched left to right.

    >>> [m.groups() for m in _dimensions(b'<t>dimension ref="A1:Z9"</t><x:dimension ref="A1:C3"/>')]
    [(b'C', b'3')]
    """
    at = 0
    while match := _DIMENSION_WORD.search(body, at):
        start = match.start()
        opening = body.rfind(b"<", 0, start)
        if opening >= 0 and _TAG_PREFIX.fullmatch(body, opening + 1, start):
            yield match
            at = match.end()
        else:
            at = start + 1


def _repeat(element, name: str) -> int:
    try:
        return max(1, int(element.get(f"{{{_TABLE}}}{name}", "1")))
    except ValueError:
        return 1


def _ods_extent(chunks: Iterator[bytes]) -> tuple[int, int]:
    """(rows, columns) of the largest table of an ODS ``content.xml`` that hold a value (repeats counted).

    Trailing empty rows and columns, which spreadsheet programs write with huge repeat counts,
    do not count; a value repeated a million times does.
    """
    parser: XMLPullParser = XMLPullParser(events=("start", "end"))
    rows = cols = 0
    row = col = 0
    row_repeat, row_has_value, row_cols = 1, False, 0
    for chunk in chunks:
        parser.feed(chunk)
        for pair in parser.read_events():
            event, element = cast(tuple[str, Element], pair)  # start/end events carry elements
            tag = element.tag
            if event == "start":
                if tag == f"{{{_TABLE}}}table":
                    row = 0
                elif tag == f"{{{_TABLE}}}table-row":
                    row_repeat, row_has_value, row_cols, col = _repeat(element, "number-rows-repeated"), False, 0, 0
                continue
            if tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
                repeat = _repeat(element, "number-columns-repeated")
                filled = element.get(f"{{{_OFFICE}}}value-type") is not None or len(element) > 0
                col += repeat
                if filled:
                    row_has_value, row_cols = True, col
                element.clear()
            elif tag == f"{{{_TABLE}}}table-row":
                row += row_repeat
                if row_has_value:
                    rows, cols = max(rows, row), max(cols, row_cols)
                element.clear()
    parser.close()
    return rows, cols


def check_workbook(path: Path, batas: Batas, name: str | None = None) -> str | None:
    """Why ``path`` is refused before parsing (one Indonesian sentence), or None.

    Args:
        path: the workbook file.
        batas: the limits.
        name: the file name shown in the message (default: ``path``).
    """
    shown = name or str(path)
    size = path.stat().st_size
    problem = check_size(size, batas, shown)
    if problem:
        return problem
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    with book:
        return check_archive(book, size, batas, shown)


def check_size(size: int, batas: Batas, shown: str) -> str | None:
    """Why a file of ``size`` bytes is refused before it is even read (``[batas] ukuran_berkas_mb``), or None."""
    if size > batas.ukuran_berkas_mb * MB:
        return (f"Berkas {shown} berukuran {_mb(size)} MB, melebihi batas {_mb(batas.ukuran_berkas_mb * MB)} MB "
                "([batas] ukuran_berkas_mb); lembar kerja Rencana Aksi biasanya di bawah 2 MB: hapus gambar, lembar "
                "dan baris yang tidak perlu lalu simpan ulang.")
    return None


def check_archive(book: zipfile.ZipFile, size: int, batas: Batas, shown: str,
                  keep: dict[str, bytes] | None = None) -> str | None:
    """Why an opened workbook (a zip of ``size`` bytes, within :func:`check_size`) is refused before
    parsing, or None: the central directory, then each sheet's extent while inflating it.

    ``keep`` (when given) receives every worksheet inflated whole (member name -> bytes), so that
    a reader of the same file need not inflate it again.
    """
    members = book.infolist()
    inflated = sum(m.file_size for m in members)
    limit = batas.ukuran_terurai_mb * MB
    if inflated > limit:
        return (f"Berkas {shown} berisi {_mb(inflated)} MB setelah diurai, melebihi batas {_mb(limit)} MB "
                "([batas] ukuran_terurai_mb); berkas ini bukan lembar kerja biasa (mungkin bom zip).")
    if size and inflated / size > batas.rasio_kompresi:
        return (f"Berkas {shown} mengembang {inflated / size:.0f} kali saat diurai, melebihi rasio "
                f"{batas.rasio_kompresi:.0f} ([batas] rasio_kompresi); berkas ini bukan lembar kerja biasa "
                "(mungkin bom zip).")
    names = {m.filename for m in members}
    budget = [int(limit)]  # declared sizes can lie: inflated bytes are counted, too
    try:
        if "content.xml" in names and "mimetype" in names:
            extents = [("", *_ods_extent(_stream(book, book.getinfo("content.xml"), budget)))]
        else:
            extents = [(m.filename, *_xlsx_extent(_stream(book, m, budget, keep), batas.baris, batas.kolom))
                       for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
    except _TooBig:
        return (f"Berkas {shown} mengembang melebihi {_mb(limit)} MB saat diurai ([batas] ukuran_terurai_mb), "
                "walau ukuran yang tercatat di dalamnya lebih kecil; berkas ini bukan lembar kerja biasa.")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, SyntaxError, NotImplementedError):
        return None  # broken inside: the reader says so when it tries
    for _member, rows, cols in extents:
        if rows > batas.baris or cols > batas.kolom:
            return (f"Lembar kerja di {shown} membentang sedikitnya sampai baris {_count(rows)} dan kolom "
                    f"{_count(cols)}, "
                    f"melebihi batas {_count(batas.baris)} baris × {_count(batas.kolom)} kolom"
                    " ([batas] baris, kolom); hapus baris/kolom kosong yang berformat atau berisi sampai ujung "
                    "lembar, lalu simpan ulang.")
    return None
