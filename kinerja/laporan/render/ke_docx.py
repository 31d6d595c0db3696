"""Render the document model (:mod:`kinerja.laporan.model.dokumen`) to a Word .docx (python-docx).

The same :class:`~kinerja.laporan.model.dokumen.Naskah` that becomes the HTML/PDF report becomes the
.docx: letterhead with the lambang daerah, title block, every section's headings, paragraphs,
tables (header row repeated on each page, rows never split, group rows kept with the next row,
numbers right-aligned, fixed column widths), charts, boxes, signature blocks with
pangkat/golongan, the provenance note, "Halaman X dari Y" in the footer and, while the
report is a draft, a DRAF watermark on every page. The Daftar Isi is a Word TOC field
(pre-filled with the headings; Word updates the page numbers when the document is opened).

python-docx makes the document, styles, sections, pictures and fields; a data table is written
as one ``w:tbl`` XML string (:func:`table_xml`, the elements python-docx would write) and
parsed once, because python-docx builds tables cell by cell and walks the whole grid on every
row and cell access (that was most of a report's .docx time).

:func:`naskah_from_notebook` rebuilds the Naskah from an executed report notebook (the
document block and every output of mimetype :data:`~kinerja.laporan.model.dokumen.MODEL_MIME`).
"""

from __future__ import annotations

import functools
import io
import os
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kinerja.laporan.model.dokumen import (
    DRAF_TANDA_TANGAN,
    MODEL_MIME,
    WARNA_KELAS,
    Bagian,
    DaftarIsi,
    Gambar,
    HalamanBaru,
    Judul,
    Kotak,
    Naskah,
    Paragraf,
    Penandatangan,
    Ringkasan,
    Tabel,
    TandaTangan,
    baris_tabel,
    is_draf,
    kelas_tebal,
    slug,
)

TEXT_WIDTH_CM = 17.0
SERIF = "Liberation Serif"
SANS = "Liberation Sans"
BOX_COLOURS = {"info": "EEF3F9", "peringatan": "FDF0F2", "isian": "FFFBE6"}
GROUP_COLOURS = {1: "F1F3F6", 2: "F8F9FB"}


def naskah_from_notebook(notebook: Any) -> Naskah:
    """The report's Naskah from an executed notebook: its document block
    (:func:`kinerja.laporan.render.export.document_info`) and every Bagian output, in cell order."""
    from kinerja.laporan.render.export import document_info

    parts = [Bagian.from_json(output["data"][MODEL_MIME]) for cell in notebook.cells for output in cell.get("outputs", [])
             if MODEL_MIME in (output.get("data") or {})]
    return Naskah(document_info(notebook), parts)


# --- low-level OOXML helpers -------------------------------------------------------------

def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _element(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn(key), value)
    return el


def _shade(cell: Any, colour: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    props.append(_element("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": colour}))


def _grid(table: Any, widths_cm: list[float]) -> None:
    """Column widths in the table grid (what LibreOffice and Word lay the columns out by)."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(_qn("w:gridCol")), widths_cm, strict=False):
        col.set(_qn("w:w"), str(round(width * 567)))
    table.autofit = False  # w:tblLayout fixed


def bookmark_name(ident: str) -> str:
    """A Word bookmark name for a heading id (letters, digits, underscores; at most 40).

    >>> bookmark_name("bab-iii-akuntabilitas-kinerja")
    'h_bab_iii_akuntabilitas_kinerja'
    """
    import re

    return ("h_" + re.sub(r"[^A-Za-z0-9]", "_", ident))[:40]


def _row_flags(row: Any, *, header: bool = False) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(_element("w:cantSplit"))
    if header:
        props.append(_element("w:tblHeader"))


def _field(paragraph: Any, instruction: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC ...) with a pre-filled result."""
    run = paragraph.add_run()
    run._r.append(_element("w:fldChar", **{"w:fldCharType": "begin"}))
    run = paragraph.add_run()
    instr = _element("w:instrText", **{"xml:space": "preserve"})
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(_element("w:fldChar", **{"w:fldCharType": "separate"}))
    paragraph.add_run(shown)
    run = paragraph.add_run()
    run._r.append(_element("w:fldChar", **{"w:fldCharType": "end"}))


def _bottom_border(paragraph: Any, *, double: bool = True) -> None:
    props = paragraph._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    borders.append(_element("w:bottom", **{"w:val": "double" if double else "single", "w:sz": "12" if double else "4",
                                           "w:space": "1", "w:color": "000000"}))
    props.append(borders)


def _watermark(section: Any, text: str) -> None:
    """A diagonal grey text watermark in the page header (Word's 'PowerPlusWaterMarkObject')."""
    from lxml import etree

    header = section.header
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
        '<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>'
        f'<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:150pt;rotation:315;z-index:-251657216;'
        'mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;'
        'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d9d9d9" stroked="f">'
        '<v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{SANS}&quot;;font-size:1pt" string="{text}"/>'
        "</v:shape></w:pict></w:r>"
    )
    paragraph._p.append(etree.fromstring(xml))


# --- tables as one XML string -----------------------------------------------------------
# python-docx builds a table cell by cell and recomputes the table grid on every row/cell
# access, which made tables most of the cost of a report. A data table is instead written as
# one ``w:tbl`` string (the same elements python-docx wrote) and parsed once.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER_FILL = "E4E8EE"
CELL_MARGIN_CM = 0.1
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RUN_SPLIT = re.compile(r"(\t|\r|\n)")
_SPECIAL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def _twips(cm: float) -> int:
    """Centimetres to twips the way python-docx writes a width (``Cm(cm).twips``)."""
    return round(int(cm * 360000) / 635)


@functools.lru_cache(maxsize=256)
def _rpr(font: str, half_points: int, bold: bool | None, colour: str) -> str:
    """A run's ``w:rPr`` (children in schema order: rFonts, b, color, sz); '' when empty."""
    props = []
    if font:
        props.append(f"<w:rFonts w:ascii={quoteattr(font)} w:hAnsi={quoteattr(font)}/>")
    if bold is not None:
        props.append("<w:b/>" if bold else '<w:b w:val="0"/>')
    if colour:
        props.append(f"<w:color w:val={quoteattr(colour)}/>")
    if half_points:
        props.append(f'<w:sz w:val="{half_points}"/>')
    return f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""


def _t(piece: str) -> str:
    """One ``w:t`` (``xml:space="preserve"`` when the piece has outer whitespace, as python-docx)."""
    space = ' xml:space="preserve"' if piece.strip() != piece else ""
    return f"<w:t{space}>{escape(piece)}</w:t>"


def run_xml(text: str, *, font: str = "", half_points: int = 0, bold: bool | None = None, colour: str = "") -> str:
    """One ``w:r``: properties, then the text as python-docx writes it (tabs as ``w:tab``, line
    breaks as ``w:br``); characters XML 1.0 forbids (control characters) are left out.

    >>> run_xml("12,5", font="Arial", half_points=16, bold=False)
    '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b w:val="0"/><w:sz w:val="16"/></w:rPr><w:t>12,5</w:t></w:r>'
    >>> run_xml("a & b\\tc \\x07", bold=True)
    '<w:r><w:rPr><w:b/></w:rPr><w:t>a &amp; b</w:t><w:tab/><w:t xml:space="preserve">c </w:t></w:r>'
    """
    rpr = _rpr(font, half_points, bold, colour)
    if not text:
        return f"<w:r>{rpr}</w:r>"
    if _SPECIAL.search(text) is None:  # the usual case: one w:t
        return f"<w:r>{rpr}{_t(text)}</w:r>"
    content = []
    for piece in _RUN_SPLIT.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            content.append(_t(piece))
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


@functools.lru_cache(maxsize=64)
def _cell_ppr(keep: bool, right: bool) -> str:
    """A table cell paragraph's ``w:pPr``: keep with next (or explicitly not), no space after,
    single line spacing, right-aligned for numbers."""
    return ("<w:pPr>" + ("<w:keepNext/>" if keep else '<w:keepNext w:val="0"/>')
            + '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>' + ('<w:jc w:val="right"/>' if right else "") + "</w:pPr>")


def cell_xml(text: str, width: int, *, span: int = 1, fill: str = "", half_points: int = 16, bold: bool = False,
             colour: str = "", right: bool = False, keep: bool = False) -> str:
    """One ``w:tc`` of a data table: width (twips), span, shading, one paragraph per line of
    ``text`` (no space after, single line spacing, kept with the next row when ``keep``)."""
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill={quoteattr(fill)}/>' if fill else ""
    ppr = _cell_ppr(keep, right)
    paragraphs = "".join(f"<w:p>{ppr}{run_xml(line, font=SANS, half_points=half_points, bold=bold, colour=colour)}</w:p>"
                         for line in str(text).split("\n"))
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span_xml}{shade}</w:tcPr>{paragraphs}</w:tc>'


def table_xml(t: Tabel, style_id: str = "TableGrid") -> str:
    """The ``w:tbl`` of a data table, as one XML string.

    Table Grid style, centred, fixed layout with the grid's column widths (``t.lebar`` in
    percent of the text width, equal columns otherwise), small cell margins; the header row
    shaded, bold, repeated on every page (``w:tblHeader``); no row split across pages
    (``w:cantSplit``); group rows shaded and kept with the next row; numeric columns
    right-aligned; a cell's class sets bold and colour (:data:`kinerja.laporan.model.dokumen.WARNA_KELAS`);
    a spanning cell has ``w:gridSpan`` and the width of the columns it covers.
    """
    columns = len(t.kepala)
    widths = t.lebar if t.lebar and len(t.lebar) == columns else [100 / columns] * columns
    total = sum(widths)
    widths_cm = [TEXT_WIDTH_CM * w / total for w in widths]
    cell_widths = [_twips(w) for w in widths_cm]
    half_points = 14 if t.rapat else 16
    numeric = set(t.angka)
    margin = round(CELL_MARGIN_CM * 567)
    out = [f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val={quoteattr(style_id)}/><w:tblW w:type="auto" w:w="0"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
           '<w:top w:w="15" w:type="dxa"/><w:bottom w:w="15" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
           "</w:tblPr><w:tblGrid>"]
    out += [f'<w:gridCol w:w="{round(w * 567)}"/>' for w in widths_cm]
    out.append("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    out += [cell_xml(text, cell_widths[i], fill=HEADER_FILL, half_points=half_points, bold=True, keep=True)
            for i, text in enumerate(t.kepala)]
    out.append("</w:tr>")
    for row in baris_tabel(t):
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        col = 0
        for item in row.sel:
            if col >= columns:
                break
            span = max(1, min(item.colspan, columns - col))
            out.append(cell_xml(item.teks, sum(cell_widths[col:col + span]), span=span,
                                fill=GROUP_COLOURS.get(row.grup, "F8F9FB") if row.grup else "", half_points=half_points,
                                bold=row.grup == 1 or kelas_tebal(item.kelas), colour=WARNA_KELAS.get(item.kelas, ""),
                                right=(col in numeric and not row.grup) or item.kelas == "angka", keep=bool(row.grup)))
            col += span
        out += [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell_widths[i]}"/></w:tcPr><w:p/></w:tc>' for i in range(col, columns)]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# --- the document ------------------------------------------------------------------------

class _Writer:
    def __init__(self, info: dict[str, Any]) -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        self.info = info
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = SERIF
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.15
        for level, size in ((1, 13), (2, 12), (3, 11), (4, 10.5)):
            style = styles[f"Heading {level}"]
            style.font.name = SANS
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            from docx.shared import RGBColor

            style.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.space_before = Pt(10 if level > 1 else 0)
            style.paragraph_format.space_after = Pt(4)
        self.style_ids = {name: styles[name].style_id for name in ("Table Grid", "Heading 1", "Heading 2", "Heading 3", "Heading 4")}
        """Style ids looked up once (python-docx looks a style name up in styles.xml on every use)."""
        self.signed = False
        self.bookmarks = 0

    # header, footer, letterhead, title
    def frame(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        section = self.doc.sections[0]
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        left = self.info.get("subjudul", "")
        run = footer.add_run(f"{left}    Halaman ")
        run.font.size = Pt(8)
        _field(footer, "PAGE")
        footer.add_run(" dari ").font.size = Pt(8)
        _field(footer, "NUMPAGES")
        for r in footer.runs:
            r.font.size = Pt(8)
        words = self.info.get("tanda_air") or (["DRAF"] if is_draf(self.info) else [])
        if words:
            _watermark(section, " · ".join(words))

    def letterhead(self) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        kop = list(self.info.get("kop") or [])
        if not kop:
            return
        lambang = self.info.get("lambang_png")
        table = self.doc.add_table(rows=1, cols=2 if lambang else 1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        text_cell = table.rows[0].cells[-1]
        if lambang:
            import base64

            logo = table.rows[0].cells[0]
            logo.width = Cm(2.6)
            text_cell.width = Cm(TEXT_WIDTH_CM - 2.6)
            logo.paragraphs[0].add_run().add_picture(io.BytesIO(base64.b64decode(lambang)), width=Cm(2.1))
            _grid(table, [2.6, TEXT_WIDTH_CM - 2.6])
        for i, line in enumerate(kop):
            p = text_cell.paragraphs[0] if i == 0 else text_cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(line)
            last = i == len(kop) - 1 and len(kop) > 2
            run.font.size = Pt(8.5 if last else (15 if i == 1 else 13))
            run.bold = not last
            run.italic = last
        rule = self.doc.add_paragraph()
        _bottom_border(rule)
        rule.paragraph_format.space_after = Pt(8)

    def title(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt, RGBColor

        for key, size, bold in (("judul", 13, True), ("subjudul", 11, True), ("periode", 11, False)):
            text = self.info.get(key)
            if text:
                p = self.doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
                run = p.add_run(text.upper() if key == "judul" else text)
                run.bold, run.font.size = bold, Pt(size)
        self.doc.add_paragraph()
        if self.info.get("status"):
            table = self.doc.add_table(rows=1, cols=1)
            table._tbl.tblStyle_val = self.style_ids["Table Grid"]
            p = table.rows[0].cells[0].paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(self.info["status"])
            run.bold = True
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
            self.doc.add_paragraph()

    # blocks
    def heading(self, b: Judul) -> None:
        p = self.doc.add_paragraph(b.teks)
        p._p.style = self.style_ids[f"Heading {min(max(b.tingkat, 1), 4)}"]
        p.paragraph_format.page_break_before = b.halaman_baru
        self.bookmarks += 1
        start = _element("w:bookmarkStart", **{"w:id": str(self.bookmarks), "w:name": bookmark_name(b.id or slug(b.teks))})
        end = _element("w:bookmarkEnd", **{"w:id": str(self.bookmarks)})
        p._p.insert(1, start)
        p._p.append(end)

    def paragraph(self, b: Paragraf) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if b.gaya == "tengah" else WD_ALIGN_PARAGRAPH.JUSTIFY
        for i, line in enumerate(b.teks.split("\n")):
            if i:
                p.add_run().add_break()
            run = p.add_run(line)
            if b.gaya == "catatan":
                run.font.size = Pt(9)
            if b.gaya in ("tebal", "tengah"):
                run.bold = True

    def table(self, t: Tabel) -> None:
        """A data table: caption, then the whole ``w:tbl`` built as one XML string (see
        :func:`table_xml`) and parsed once, then a small spacer paragraph."""
        from docx.shared import Pt

        if t.judul:
            cap = self.doc.add_paragraph()
            cap.paragraph_format.keep_with_next = True
            cap.paragraph_format.space_after = Pt(2)
            run = cap.add_run(t.judul)
            run.bold, run.font.size = True, Pt(9)
        self.append(table_xml(t, self.style_ids["Table Grid"]))
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(2)

    def append(self, xml: str) -> None:
        """Parse one block's XML (the ``w`` prefix bound) and add it at the end of the body."""
        from docx.oxml import parse_xml

        body = self.doc.element.body
        element = parse_xml(xml)
        if body.sectPr is not None:
            body.sectPr.addprevious(element)
        else:  # pragma: no cover - python-docx's default document always has a sectPr
            body.append(element)

    def picture(self, g: Gambar) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(io.BytesIO(g.png), width=Cm(min(g.lebar_cm, TEXT_WIDTH_CM)))
        if g.judul:
            self.paragraph(Paragraf(g.judul, "tengah"))

    def box(self, b: Kotak) -> None:
        from docx.shared import Pt

        table = self.doc.add_table(rows=1, cols=1)
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        cell = table.rows[0].cells[0]
        _shade(cell, BOX_COLOURS.get(b.jenis, "EEF3F9"))
        lines = b.teks.split("\n")
        for i, line in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            run = p.add_run(line)
            run.font.size = Pt(10)
            run.italic = b.jenis == "isian"
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def summary(self, b: Ringkasan) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        table = self.doc.add_table(rows=1, cols=len(b.butir))
        table._tbl.tblStyle_val = self.style_ids["Table Grid"]
        table.autofit = False
        _grid(table, [TEXT_WIDTH_CM / len(b.butir)] * len(b.butir))
        for cell, (value, label) in zip(table.rows[0].cells, b.butir, strict=True):
            cell.width = Cm(TEXT_WIDTH_CM / len(b.butir))
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            run = p.add_run(value)
            run.bold, run.font.size, run.font.name = True, Pt(10), SANS
            q = cell.add_paragraph()
            r = q.add_run(label)
            r.font.size, r.font.name = Pt(7.5), SANS
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def signature(self, t: TandaTangan) -> None:
        from docx.shared import Cm, Pt

        self.signed = True
        self.doc.add_paragraph().paragraph_format.keep_with_next = True
        if is_draf(self.info):
            from docx.shared import RGBColor

            note = self.doc.add_paragraph()
            note.paragraph_format.keep_with_next = True
            run = note.add_run(DRAF_TANDA_TANGAN)
            run.bold = True
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        columns = 2
        table = self.doc.add_table(rows=1, cols=columns)
        table.autofit = False
        _grid(table, [TEXT_WIDTH_CM / columns] * columns)
        blocks: list[Penandatangan | None] = list(t.blok) if len(t.blok) > 1 else [None, t.blok[0]]
        for cell, person in zip(table.rows[0].cells, blocks, strict=False):
            cell.width = Cm(TEXT_WIDTH_CM / columns)
            if person is None:
                continue
            lines: list[tuple[str, bool, bool]] = []
            for kind, text in person.atas():  # the pengantar as one line (breaks inside), each jabatan line a paragraph
                lines += [(text, False, False)] if kind == "pengantar" else [(line, False, False) for line in text.split("\n")]
            lines += [("", False, False), ("", False, False), ("", False, False)]
            lines += [(text, kind == "nama", kind == "nama") for kind, text in person.bawah()]
            for i, (text, bold, underline) in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                p.paragraph_format.keep_with_next = True
                run = p.add_run(text)
                run.bold, run.underline = bold, underline
        _row_flags(table.rows[0])

    def toc(self, d: DaftarIsi) -> None:
        """One line per entry: the heading text, dotted leader, and a PAGEREF field to the
        heading's bookmark (Word and LibreOffice compute the page when they lay out)."""
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Cm, Pt

        for e in d.entri:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_after = Pt(1)
            p.paragraph_format.left_indent = Cm(0.8 * (e.tingkat - 1))
            p.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            p.add_run(f"{e.teks}\t")
            _field(p, f"PAGEREF {bookmark_name(e.id)} \\h", shown=str(e.halaman or ""))
            for r in p.runs:
                r.font.size = Pt(10.5)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def block(self, b: Any) -> None:
        handlers: dict[type, Any] = {Judul: self.heading, Paragraf: self.paragraph, Tabel: self.table, Gambar: self.picture, Kotak: self.box,
                    Ringkasan: self.summary, TandaTangan: self.signature, DaftarIsi: self.toc}
        if isinstance(b, HalamanBaru):
            self.page_break()
            return
        handlers[type(b)](b)

    def default_signature(self) -> None:
        kepala = self.info.get("kepala") or {}
        if not kepala or self.signed:
            return
        self.signature(TandaTangan([Penandatangan(f"{self.info.get('kota', '')}, {self.info.get('tanggal', '')}",
                                                  f"{kepala.get('jabatan', '')},", kepala.get("nama", ""), kepala.get("pangkat", ""),
                                                  kepala.get("nip", ""))]))

    def provenance(self) -> None:
        from docx.shared import Pt

        p = self.info.get("provenans") or {}
        if not p:
            return
        self.doc.add_paragraph()
        head = self.doc.add_paragraph()
        _bottom_border(head, double=False)
        run = head.add_run("Keterangan pembuatan dokumen")
        run.bold, run.font.size = True, Pt(8)
        lines = [f"Dibuat oleh: kinerja {p.get('versi', '')}, {p.get('waktu', '')}"]
        if p.get("parameter"):
            lines.append("Parameter: " + "; ".join(f"{k} = {v}" for k, v in p["parameter"].items()))
        for item in p.get("berkas", []):
            lines.append(f"{item.get('nama', '')}  SHA-256 {item.get('sha256', '')}")
        if p.get("riwayat"):
            lines.append(f"Riwayat alur (audit): {p['riwayat']}")
        for line in lines:
            q = self.doc.add_paragraph()
            q.paragraph_format.space_after = Pt(0)
            r = q.add_run(line)
            r.font.size = Pt(7)

    def settings(self) -> None:
        """Ask Word to update fields (the TOC page numbers) when the document is opened."""
        settings = self.doc.settings.element
        settings.append(_element("w:updateFields", **{"w:val": "true"}))


def render_docx(naskah: Naskah) -> bytes:
    """The report as .docx bytes."""
    writer = _Writer(naskah.info)
    writer.frame()
    writer.letterhead()
    writer.title()
    for part in naskah.bagian:
        for b in part.blok:
            writer.block(b)
    writer.default_signature()
    writer.provenance()
    writer.settings()
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()


def write_docx(naskah: Naskah, target: str | os.PathLike[str]) -> Path:
    """Render ``naskah`` and write it atomically to ``target``."""
    from kinerja.atomic import write_bytes

    target = Path(target)
    write_bytes(target, render_docx(naskah))
    return target
