"""Low-level OOXML for the .docx renderer (:mod:`kinerja.laporan.render.ke_docx`): element and field
helpers (bookmarks, PAGEREF fields, borders, the DRAF watermark) and data tables written as one
``w:tbl`` XML string each (:func:`table_xml`), parsed once instead of built cell by cell.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kinerja.domain.predikat import gaya
from kinerja.laporan.model.dokumen import (
    Tabel,
    baris_tabel,
)

TEXT_WIDTH_CM = 17.0
SERIF = "Liberation Serif"
SANS = "Liberation Sans"
BOX_COLOURS = {"info": "EEF3F9", "peringatan": "FDF0F2", "isian": "FFFBE6"}
GROUP_COLOURS = {1: "F1F3F6", 2: "F8F9FB"}



def _qn(tag: str) -> str:
    from docx.oxml.ns import qn  # noqa: PLC0415 -- docx.oxml.ns + lxml, typing_extensions (~43 ms) kept off importing this module

    return qn(tag)



def _element(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement  # noqa: PLC0415 -- docx.oxml + lxml, typing_extensions (~43 ms) kept off importing this module

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



def _box_border(paragraph: Any, colour: str) -> None:
    """A dashed frame around a paragraph (the draft's signature note, like the HTML's dashed box)."""
    props = paragraph._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        borders.append(_element(f"w:{side}", **{"w:val": "dashed", "w:sz": "8", "w:space": "4", "w:color": colour}))
    props.append(borders)


def _bottom_border(paragraph: Any, *, double: bool = True) -> None:
    props = paragraph._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    borders.append(_element("w:bottom", **{"w:val": "double" if double else "single", "w:sz": "12" if double else "4",
                                           "w:space": "1", "w:color": "000000"}))
    props.append(borders)



WATERMARK_FILL = "#F7E5E8"
"""The watermark's colour: the HTML's rgba(176, 0, 32, 0.10) on white, solid. Like Word's own
watermarks it lies behind the text (the charts are transparent PNGs, so it shows through them too)."""


def _watermark(section: Any, text: str) -> None:
    """A diagonal text watermark in the page header, so on every page (Word's 'PowerPlusWaterMarkObject')."""
    from lxml import etree  # noqa: PLC0415 -- lxml (~6 ms) kept off importing this module

    header = section.header
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
        '<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>'
        '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:150pt;rotation:315;z-index:-251657216;'
        'mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;'
        f'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="{WATERMARK_FILL}" stroked="f">'
        f'<v:textpath style="font-family:&quot;{SANS}&quot;;font-size:1pt" string="{text}"/>'
        "</v:shape></w:pict></w:r>"
    )
    paragraph._p.append(etree.fromstring(xml))



W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"



HEADER_FILL = "E4E8EE"



CELL_MARGIN_CM = 0.1
CELL_MARGIN_CM_RAPAT = 0.05
"""A dense table's cell margins (about the HTML's 3px padding), so wide forms such as Form E.81 keep
their numbers on one line."""



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



# Advance widths of Liberation Sans (metric-compatible with Arial and Helvetica) in 1/1000 em, for the
# printable ASCII characters " " to "~"; any other character is taken as wide as a digit.
_SANS_WIDTHS = dict(zip(map(chr, range(32, 127)), (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space ! " # $ % & ' ( ) * + , - . /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0-9 : ; < = > ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ A-O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P-Z [ \ ] ^ _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` a-o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p-z { | } ~
), strict=True))
_BOLD = 1.08
"""How much wider a bold header is than the same text in regular weight (Liberation Sans Bold, about)."""
_WORDS = re.compile(r"[^\s-]*-|[^\s-]+")
"""The pieces a line may break between: at spaces and after a hyphen ("Rata-rata" → "Rata-", "rata")."""


@functools.lru_cache(maxsize=4096)
def _em(text: str) -> tuple[float, float]:
    """``text``'s widest line and its widest unbreakable piece, in em of Liberation Sans."""
    def width(piece: str) -> float:
        return sum(_SANS_WIDTHS.get(ch, 556) for ch in piece) / 1000

    lines = str(text).split("\n")
    return (max(width(line) for line in lines), max((width(w) for w in _WORDS.findall(str(text))), default=0.0))


def auto_widths(t: Tabel, font_pt: float, margin_cm: float, width_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths (cm, summing to ``width_cm``) for a table that gives none, laid out as a browser lays
    out the HTML's ``width: 100%`` table (CSS automatic table layout), so a column of long names is wide
    and a column of small numbers narrow, instead of equal columns:

    each column's narrowest (its longest word) and widest (its longest line) content from the header and
    the cells that span one column, plus the cell margins; when every column fits at its widest, the
    widths are in proportion to the widest; else each column gets its narrowest plus a share of the rest
    in proportion to what it lacks; when not even the narrowest fit, in proportion to the narrowest.

    >>> from kinerja.laporan.model.dokumen import Baris, Sel
    >>> t = Tabel(["No", "Perangkat Daerah", "Nilai"], [Baris([Sel("1"), Sel("Dinas Pekerjaan Umum dan Penataan Ruang"), Sel("98,50")])])
    >>> [round(w, 1) for w in auto_widths(t, 8, 0.1)]
    [1.4, 13.4, 2.1]
    """
    columns = len(t.kepala)
    em_cm = font_pt * 2.54 / 72
    pad = 2 * margin_cm + 0.05  # cell margins and the border
    least = [_em(h)[1] * _BOLD * em_cm + pad for h in t.kepala]
    most = [_em(h)[0] * _BOLD * em_cm + pad for h in t.kepala]
    for row in t.baris:
        if row.grup:
            continue
        col = 0
        for cell in row.sel:
            if cell.colspan == 1 and col < columns:
                line, word = _em(cell.teks)
                bold = _BOLD if gaya(cell.kelas).tebal else 1.0
                least[col] = max(least[col], word * bold * em_cm + pad)
                most[col] = max(most[col], line * bold * em_cm + pad)
            col += max(1, cell.colspan)
    if sum(most) <= width_cm:
        return [width_cm * w / sum(most) for w in most]
    if sum(least) >= width_cm:
        return [width_cm * w / sum(least) for w in least]
    share = (width_cm - sum(least)) / (sum(most) - sum(least))
    return [lo + (hi - lo) * share for lo, hi in zip(least, most, strict=True)]


def table_xml(t: Tabel, style_id: str = "TableGrid") -> str:
    """The ``w:tbl`` of a data table, as one XML string.

    Table Grid style, centred, fixed layout with the grid's column widths (``t.lebar`` in
    percent of the text width; without them :func:`auto_widths`, by the content, as the HTML), small cell margins; the header row
    shaded, bold, repeated on every page (``w:tblHeader``); no row split across pages
    (``w:cantSplit``); group rows shaded and kept with the next row; numeric columns (their headers too, as the HTML)
    right-aligned; a cell's class sets bold and colour (:data:`kinerja.domain.predikat.GAYA_KELAS`);
    a spanning cell has ``w:gridSpan`` and the width of the columns it covers.
    """
    columns = len(t.kepala)
    half_points = 14 if t.rapat else 16
    margin_cm = CELL_MARGIN_CM_RAPAT if t.rapat else CELL_MARGIN_CM
    if t.lebar and len(t.lebar) == columns:
        widths_cm = [TEXT_WIDTH_CM * w / sum(t.lebar) for w in t.lebar]
    else:
        widths_cm = auto_widths(t, half_points / 2, margin_cm)
    cell_widths = [_twips(w) for w in widths_cm]
    numeric = set(t.angka)
    margin = round(margin_cm * 567)
    out = [f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val={quoteattr(style_id)}/><w:tblW w:type="auto" w:w="0"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
           '<w:top w:w="15" w:type="dxa"/><w:bottom w:w="15" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
           "</w:tblPr><w:tblGrid>"]
    out += [f'<w:gridCol w:w="{round(w * 567)}"/>' for w in widths_cm]
    out.append("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    out += [cell_xml(text, cell_widths[i], fill=HEADER_FILL, half_points=half_points, bold=True, right=i in numeric, keep=True)
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
                                bold=row.grup == 1 or gaya(item.kelas).tebal, colour=gaya(item.kelas).warna,
                                right=(col in numeric and not row.grup) or item.kelas == "angka", keep=bool(row.grup)))
            col += span
        out += [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell_widths[i]}"/></w:tcPr><w:p/></w:tc>' for i in range(col, columns)]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
