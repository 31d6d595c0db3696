"""Render the document model (:mod:`kinerja.laporan.model.dokumen`) to a Word .docx (python-docx).

The same :class:`~kinerja.laporan.model.dokumen.Naskah` that becomes the HTML/PDF report becomes the
.docx: letterhead with the lambang daerah, title block, every section's headings, paragraphs,
tables (header row repeated on each page, rows never split, group rows kept with the next row,
numbers right-aligned, fixed column widths), charts, boxes, signature blocks with
pangkat/golongan, the provenance note, "Halaman X dari Y" in the footer and, while the
report is a draft, a DRAF watermark on every page. The Daftar Isi is a Word TOC field
(pre-filled with the headings; Word updates the page numbers when the document is opened).

python-docx makes the document, styles, sections, pictures and fields; a data table is written
as one ``w:tbl`` XML string (:func:`kinerja.laporan.render.docx_xml.table_xml`, the elements python-docx would write) and
parsed once, because python-docx builds tables cell by cell and walks the whole grid on every
row and cell access (that was most of a report's .docx time).

:func:`naskah_from_notebook` rebuilds the Naskah from an executed report notebook (the
document block and every output of mimetype :data:`~kinerja.laporan.model.dokumen.MODEL_MIME`).
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor

from kinerja.atomic import write_bytes
from kinerja.laporan.model.dokumen import (
    DRAF_TANDA_TANGAN,
    MODEL_MIME,
    WARNA_DRAF,
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
    is_draf,
    slug,
    spanduk,
    spanduk_halaman,
)
from kinerja.laporan.render.docx_xml import (
    BOX_COLOURS,
    SANS,
    SERIF,
    TEXT_WIDTH_CM,
    _bottom_border,
    _box_border,
    _element,
    _field,
    _grid,
    _row_flags,
    _shade,
    _watermark,
    bookmark_name,
    table_xml,
)
from kinerja.laporan.render.export import document_info


def naskah_from_notebook(notebook: Any) -> Naskah:
    """The report's Naskah from an executed notebook: its document block
    (:func:`kinerja.laporan.render.export.document_info`) and every Bagian output, in cell order."""
    parts = [Bagian.from_json(output["data"][MODEL_MIME]) for cell in notebook.cells for output in cell.get("outputs", [])
             if MODEL_MIME in (output.get("data") or {})]
    return Naskah(document_info(notebook), parts)


# --- tables as one XML string -----------------------------------------------------------
# python-docx builds a table cell by cell and recomputes the table grid on every row/cell
# access, which made tables most of the cost of a report. A data table is instead written as
# one ``w:tbl`` string (the same elements python-docx wrote) and parsed once.


# --- the document ------------------------------------------------------------------------

class _Writer:
    def __init__(self, info: dict[str, Any]) -> None:
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
        if is_draf(self.info):  # the banner at the top of every page, as in the PDF's running header
            banner = section.header.paragraphs[0]
            banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = banner.add_run(spanduk_halaman(self.info))
            run.bold, run.font.size, run.font.name = True, Pt(8.5), SANS
            run.font.color.rgb = RGBColor.from_string(WARNA_DRAF)
        if words:
            _watermark(section, " · ".join(words))

    def letterhead(self) -> None:
        kop = list(self.info.get("kop") or [])
        if not kop:
            return
        lambang = self.info.get("lambang_png")
        table = self.doc.add_table(rows=1, cols=2 if lambang else 1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        text_cell = table.rows[0].cells[-1]
        if lambang:
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
        for key, size, bold in (("judul", 13, True), ("subjudul", 11, True), ("periode", 11, False)):
            text = self.info.get(key)
            if text:
                p = self.doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
                run = p.add_run(text.upper() if key == "judul" else text)
                run.bold, run.font.size = bold, Pt(size)
        self.doc.add_paragraph()
        # a draft's own statement (the Pemda recap's preview: longer than its page header's banner) under the title, as in the HTML
        own = spanduk(self.info) if is_draf(self.info) and spanduk(self.info) != spanduk_halaman(self.info) else ""
        for text in (own, self.info.get("status")):
            if not text:
                continue
            table = self.doc.add_table(rows=1, cols=1)
            table._tbl.tblStyle_val = self.style_ids["Table Grid"]
            p = table.rows[0].cells[0].paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(WARNA_DRAF)
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
        :func:`~kinerja.laporan.render.docx_xml.table_xml`) and parsed once, then a small spacer paragraph."""
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
        body = self.doc.element.body
        element = parse_xml(xml)
        if body.sectPr is not None:
            body.sectPr.addprevious(element)
        else:  # pragma: no cover - python-docx's default document always has a sectPr
            body.append(element)

    def picture(self, g: Gambar) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(io.BytesIO(g.png), width=Cm(min(g.lebar_cm, TEXT_WIDTH_CM)))
        if g.judul:
            p.paragraph_format.keep_with_next = True  # the caption stays on the chart's page
            self.paragraph(Paragraf(g.judul, "tengah"))

    def box(self, b: Kotak) -> None:
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
        """The signature blocks; in a draft only the note that it awaits approval, framed in the
        draft colour, and nothing to sign (no date, name, pangkat or NIP), as in the PDF."""
        self.signed = True
        self.doc.add_paragraph().paragraph_format.keep_with_next = True
        if is_draf(self.info):
            note = self.doc.add_paragraph()
            _box_border(note, WARNA_DRAF)
            run = note.add_run(t.draf or DRAF_TANDA_TANGAN)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(WARNA_DRAF)
            return
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
        if is_draf(self.info):
            lines.append("Status: DRAF (belum disetujui)")
        elif self.info.get("final"):
            lines.append("Status: final" + (f", {p['persetujuan']}" if p.get("persetujuan") else ""))
            if p.get("dasar"):
                lines.append(f"Laporan yang disetujui: {p['dasar']}")
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
    target = Path(target)
    write_bytes(target, render_docx(naskah))
    return target
