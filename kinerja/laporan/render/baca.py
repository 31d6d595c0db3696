"""A rendered document read back as located text pieces, for the checks a final must pass
(:mod:`kinerja.periksa`): the .docx by python-docx (paragraphs under their headings), the PDF by
pypdf (page by page), the HTML by its headings. What is checked is what will be signed, not the
data that produced it.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from kinerja.periksa import PENANDA, HasilResmi, Potongan, cari_petunjuk, periksa, pesan_per_kalimat, salah

_HEADING = re.compile(r"^(?:heading|judul)\s*(\d)", re.IGNORECASE)


def docx_potongan(path: Path, *, tabel: bool = False) -> list[Potongan]:
    """The paragraphs of a .docx, each placed under its headings ("BAB I PENDAHULUAN › C. Isu
    strategis, paragraf 1"); ``tabel``: table cells too (placed "…, tabel N")."""
    return [piece for is_table, piece in _read_docx(path) if tabel or not is_table]


def _read_docx(path: Path) -> list[tuple[bool, Potongan]]:
    """Every paragraph and table of the body in order, (is a table, piece). Styles are looked up
    by id once (python-docx's ``Paragraph.style`` searches styles.xml on every call)."""
    from docx import Document  # noqa: PLC0415 -- docx + lxml, typing_extensions (~45 ms) kept off importing this module
    from docx.oxml.ns import qn  # noqa: PLC0415 -- docx.oxml.ns + lxml, typing_extensions (~45 ms) kept off importing this module

    document = Document(str(path))
    names = {style.style_id: style.name or "" for style in document.styles}
    heads: list[str] = []
    count = tables = 0
    out: list[tuple[bool, Potongan]] = []

    def where() -> str:
        return " › ".join(heads) if heads else "awal dokumen"

    def text_of(element: Any) -> str:
        return " ".join("".join(t.text or "" for t in element.iter(qn("w:t"))).split())

    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = text_of(child)
            if not text:
                continue
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            level = _HEADING.match(names.get(style.get(qn("w:val")), "") if style is not None else "")
            if level:
                heads = [*heads[: int(level.group(1)) - 1], text]
                count = tables = 0
            else:
                count += 1
                out.append((False, Potongan(f"{where()}, paragraf {count}", text)))
        elif child.tag == qn("w:tbl"):
            tables += 1
            cells = [text_of(cell) for cell in child.iter(qn("w:tc"))]
            text = " | ".join(dict.fromkeys(c for c in cells if c))
            if text:
                out.append((True, Potongan(f"{where()}, tabel {tables}", text)))
    return out


def pdf_potongan(path: Path) -> list[Potongan]:
    """The text of every page of a PDF ("halaman 7")."""
    from pypdf import PdfReader  # noqa: PLC0415 -- pypdf + fontTools, PIL (~156 ms) kept off importing this module

    reader = PdfReader(str(path))
    return [Potongan(f"halaman {n}", page.extract_text() or "") for n, page in enumerate(reader.pages, start=1)]


_SECTION = re.compile(r"<h([1-4])[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_DROP = re.compile(r"<(script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return " ".join(html_lib.unescape(_TAG.sub(" ", fragment)).split())


def html_potongan(html: str) -> list[Potongan]:
    """The visible text of an HTML document, one piece per heading ("HTML, di bawah judul X")."""
    body = _DROP.sub(" ", html)
    out: list[Potongan] = []
    last, title = 0, "awal dokumen"
    for m in _SECTION.finditer(body):
        if text := _plain(body[last:m.start()]):
            out.append(Potongan(f"HTML, {title}", text))
        title, last = f"di bawah judul \"{_plain(m.group(2))}\"", m.end()
    if text := _plain(body[last:]):
        out.append(Potongan(f"HTML, {title}", text))
    return out


ISIAN = PENANDA[0].label
"""The "[Diisi oleh …]" marker: a DRAF shows it on purpose where a narrative part is not written."""


def periksa_final(folder: Path, name: str, hasil: HasilResmi, *, abaikan: tuple[str, ...] = ()) -> list[str]:
    """What stops a rendered final from being published, one Indonesian sentence each (empty:
    nothing): every figure its text states that disagrees with ``hasil``
    (:func:`kinerja.periksa.periksa` on the paragraphs of the .docx read back, placed under their
    headings, with the PDF page the sentence is printed on), and every guidance marker
    (:data:`kinerja.periksa.PENANDA`) left in the .docx (paragraphs and tables), the PDF text or
    the HTML.

    The figures are read from the .docx's paragraphs: the PDF's text runs table cells and prose
    together, so a figure in it cannot be told from its neighbour's; the PDF and the .docx are
    rendered from the same blocks. ``folder`` holds ``<name>.docx`` and ``<name>.html`` and, when
    it was printed, ``<name>.pdf``. ``abaikan``: marker labels not to name (a DRAF's own boxes).
    """
    docx, html, pdf = (folder / f"{name}{suffix}" for suffix in (".docx", ".html", ".pdf"))
    pages = pdf_potongan(pdf) if pdf.is_file() else []
    flat = [(p.letak, _squeeze(p.teks)) for p in pages]

    def page_of(text: str) -> str:
        probe = _squeeze(text)[:60]
        return next((letak for letak, body in flat if probe and probe in body), "")

    out: list[str] = []
    if docx.is_file():
        read = _read_docx(docx)
        wrong = salah(periksa([piece for is_table, piece in read if not is_table], hasil))
        out += pesan_per_kalimat(replace(t, letak=_with_page(t.letak, page_of(t.kalimat))) for t in wrong)
        guidance = [g for g in cari_petunjuk(piece for _is_table, piece in read) if g.penanda not in abaikan]
        out += [f"Word {replace(g, letak=_with_page(g.letak, page_of(g.kutipan.strip('…')))).pesan}" for g in guidance]
    seen = {*abaikan, *(g.penanda for g in guidance)} if docx.is_file() else set(abaikan)
    extra = [f"PDF {g.pesan}" for g in cari_petunjuk(pages) if g.penanda not in seen]
    if html.is_file():
        extra += [g.pesan for g in cari_petunjuk(html_potongan(html.read_text(encoding="utf-8"))) if g.penanda not in seen]
    return out + list(dict.fromkeys(extra))


def _squeeze(text: str) -> str:
    """Text without spaces and line-end hyphens, to find a sentence in a PDF page's text."""
    return re.sub(r"-\s+|\s+", "", text)


def _with_page(letak: str, page: str) -> str:
    return f"{letak} ({page})" if page else letak
