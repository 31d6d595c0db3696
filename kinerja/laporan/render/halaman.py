"""Right page numbers in the Daftar Isi of a printed report (two passes).

Chromium has no CSS ``target-counter()``, so the report is first printed in a layout pass
(document outline, i.e. PDF bookmarks from the headings, without the running header and
footer: :meth:`kinerja.laporan.render.browser.PdfPrinter.print_pdf` ``tata_letak``), the page of every
heading is read back from that outline with pypdf, the numbers are written into the Daftar
Isi's page cells (``<span class="hal" data-untuk="ID">``) and the report is printed. Only
numbers change between the passes, so the page breaks stay where they were.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

_ENTRY = re.compile(r'<tr class="di-\d"><td><a href="#([^"]+)">(.*?)</a></td>')
_CELL = re.compile(r'(<span class="hal" data-untuk="([^"]+)">)[^<]*(</span>)')


def has_daftar_isi(html: str) -> bool:
    """True when the document has a Daftar Isi to number."""
    return 'class="hal" data-untuk="' in html


def outline_pages(pdf_path: str | Path) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline item of a PDF, in document order."""
    from pypdf import PdfReader  # noqa: PLC0415 -- pypdf + fontTools, PIL (~156 ms) kept off importing this module

    reader = PdfReader(str(pdf_path))
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            if page is not None and page >= 0:
                found.append((" ".join(str(item.title).split()), page + 1))

    walk(reader.outline)
    return found


def toc_pages(html: str, outline: list[tuple[str, int]]) -> dict[str, int]:
    """Page per Daftar Isi entry: each entry takes the next outline item with its title.

    >>> toc_pages('<tr class="di-1"><td><a href="#a">BAB I</a></td><tr class="di-2"><td><a href="#b">A. X</a></td>',
    ...           [("DAFTAR ISI", 2), ("BAB I", 3), ("A. X", 3), ("A. X", 9)])
    {'a': 3, 'b': 3}
    """
    pages: dict[str, int] = {}
    position = 0
    for ident, text in _ENTRY.findall(html):
        title = " ".join(htmllib.unescape(text).split())
        for i in range(position, len(outline)):
            if outline[i][0] == title:
                pages[ident] = outline[i][1]
                position = i + 1
                break
    return pages


def fill_pages(html: str, pages: dict[str, int]) -> str:
    """Write the page numbers into the Daftar Isi.

    >>> fill_pages('<span class="hal" data-untuk="a"></span>', {"a": 4})
    '<span class="hal" data-untuk="a">4</span>'
    """
    return _CELL.sub(lambda m: f"{m.group(1)}{pages.get(m.group(2), '')}{m.group(3)}", html)
