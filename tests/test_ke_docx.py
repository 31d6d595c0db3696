"""The .docx renderer: a rendered table read back with python-docx (what Word and LibreOffice read)."""

from __future__ import annotations

import io

import pytest

from kinerja.laporan.model.dokumen import Bagian, Baris, Naskah, Penandatangan, Sel, Tabel, TandaTangan
from kinerja.laporan.render.ke_docx import render_docx

TABLE = Tabel(
    ["No", "Indikator", "Capaian", "Predikat"],
    [
        Baris([Sel("Sasaran: Meningkatnya kualitas pengawasan", colspan=4)], grup=1),
        Baris([Sel("1"), Sel("Audit <kinerja> & reviu\nIrban I"), Sel("98,50"), Sel("Rendah", "predikat-bawah")]),
        Baris([Sel("2"), Sel("Nilai\x07 SPIP"), Sel("–", "galat"), Sel("")]),
        Baris([Sel("Jumlah", colspan=2), Sel("12,5", "angka"), Sel("sisa", colspan=5)]),
    ],
    angka=[2],
    lebar=[10, 40, 25, 25],
    judul="Tabel 1. Capaian",
)


@pytest.fixture(scope="module")
def document():
    from docx import Document

    naskah = Naskah({"judul": "Laporan", "final": False}, [Bagian([TABLE, TandaTangan([Penandatangan("Kota, 1 Juli 2025", "Inspektur,", "Nama Kepala", "Pembina (IV/a)", "1970")])])])
    return Document(io.BytesIO(render_docx(naskah)))


@pytest.fixture(scope="module")
def table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "No")


def test_table_grid_centred_fixed_with_the_given_column_widths(table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn

    assert table.style.name == "Table Grid"
    assert table.alignment == WD_TABLE_ALIGNMENT.CENTER
    assert table.autofit is False
    assert len(table._tbl.tblPr.findall(qn("w:tblLayout"))) == 1
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert [round(w / 567, 2) for w in grid] == [1.7, 6.8, 4.25, 4.25]  # 17 cm text width split 10/40/25/25
    assert [round(c.width.cm, 2) for c in table.rows[2].cells] == [1.7, 6.8, 4.25, 4.25]
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins.find(qn("w:left")).get(qn("w:w")) == "57"


def test_header_row_repeats_and_no_row_splits(table) -> None:
    from docx.oxml.ns import qn

    rows = [r._tr for r in table.rows]
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows] == [True, False, False, False, False]
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    header = table.rows[0].cells
    assert [c.text for c in header] == ["No", "Indikator", "Capaian", "Predikat"]
    assert all(c.paragraphs[0].runs[0].bold for c in header)
    assert {c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in header} == {"E4E8EE"}


def test_group_row_spans_the_table_shaded_and_kept_with_the_next(table) -> None:
    from docx.oxml.ns import qn

    group = table.rows[1]._tr.tc_lst
    assert len(group) == 1 and group[0].grid_span == 4
    assert abs(table.rows[1].cells[0].width.cm - 17.0) < 0.01
    assert group[0].tcPr.find(qn("w:shd")).get(qn("w:fill")) == "F1F3F6"
    paragraph = table.rows[1].cells[0].paragraphs[0]
    assert paragraph.paragraph_format.keep_with_next is True and paragraph.runs[0].bold is True
    assert table.rows[1].cells[0].text == "Sasaran: Meningkatnya kualitas pengawasan"


def test_merged_cell_has_the_width_of_the_columns_it_covers(table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    tcs = table.rows[4]._tr.tc_lst
    assert [tc.grid_span for tc in tcs] == [2, 1, 1]  # a span past the last column is cut at the table's edge
    cells = table.rows[4].cells
    assert cells[0].text == "Jumlah" and cells[1]._tc is cells[0]._tc
    assert abs(cells[0].width.cm - (1.7 + 6.8)) < 0.01
    assert cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT  # class 'angka' outside the numeric columns
    assert cells[3].text == "sisa"


def test_numbers_right_aligned_text_not(table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    row = table.rows[2].cells
    assert row[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert row[1].paragraphs[0].alignment is None
    assert all(p.paragraph_format.keep_with_next is False for p in row[1].paragraphs)
    header = table.rows[0].cells  # a numeric column's header stands over its numbers, as the HTML's th.angka
    assert [c.paragraphs[0].alignment for c in header] == [None, None, WD_ALIGN_PARAGRAPH.RIGHT, None]


def test_class_sets_colour_and_bold_and_text_is_kept_exactly(table) -> None:
    from docx.shared import RGBColor

    rendah = table.rows[2].cells[3].paragraphs[0].runs[0]
    galat = table.rows[3].cells[2].paragraphs[0].runs[0]
    plain = table.rows[2].cells[2].paragraphs[0].runs[0]
    for run in (rendah, galat):
        assert run.font.color.rgb == RGBColor(0xB0, 0x00, 0x20) and run.bold is True
    assert plain.font.color.rgb is None and plain.bold is False
    assert plain.font.name == "Liberation Sans" and plain.font.size.pt == 8
    # markup characters escaped, one paragraph per line, a control character XML forbids dropped
    assert [p.text for p in table.rows[2].cells[1].paragraphs] == ["Audit <kinerja> & reviu", "Irban I"]
    assert table.rows[3].cells[1].text == "Nilai SPIP"


def test_caption_and_draft_signature(document) -> None:
    from docx import Document

    texts = [p.text for p in document.paragraphs]
    assert "Tabel 1. Capaian" in texts
    assert any(t.startswith("DRAF") for t in texts)
    # a draft has nothing to sign: no date line, name or NIP
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert not any("NIP" in text or "Nama Kepala" in text for text in [*texts, *cells])
    final = Naskah({"judul": "Laporan", "final": True}, [Bagian([TandaTangan([Penandatangan("Kota, 1 Juli 2025", "Inspektur,",
                                                                                            "Nama Kepala", "Pembina (IV/a)", "1970")])])])
    document = Document(io.BytesIO(render_docx(final)))
    assert not any(t.startswith("DRAF") for t in (p.text for p in document.paragraphs))
    signature = document.tables[-1].rows[0].cells[1]
    lines = [p.text for p in signature.paragraphs]
    assert lines[:2] == ["Kota, 1 Juli 2025", "Inspektur,"] and lines[-3:] == ["Nama Kepala", "Pembina (IV/a)", "NIP 1970"]
    name = signature.paragraphs[-3].runs[0]
    assert name.bold and name.underline


def test_the_stylesheet_marks_the_same_cell_classes_as_the_docx() -> None:
    """kinerja.css (HTML/PDF) and domain.predikat.GAYA_KELAS (.docx, charts) give a class the same colour and weight."""
    import re

    from kinerja.domain.predikat import GAYA_KELAS
    from kinerja.paths import TEMPLATES_DIR

    css = (TEMPLATES_DIR / "kinerja" / "kinerja.css").read_text(encoding="utf-8")
    styles: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        for selector in selectors.split(","):
            if re.fullmatch(r"\.[a-z-]+", selector.strip()):
                styles[selector.strip()[1:]] = styles.get(selector.strip()[1:], "") + body
    assert {"predikat-teratas", "predikat-bawah", "galat"} <= set(GAYA_KELAS)
    for kelas, gaya in GAYA_KELAS.items():
        assert re.search(rf"color:\s*#{gaya.warna}\b", styles[kelas], re.IGNORECASE), kelas
        assert ("font-weight: bold" in styles[kelas]) == gaya.tebal, kelas


RECAP_LIKE = Tabel(
    ["Peringkat", "Kode", "Perangkat Daerah", "Status Hasil", "Indikator", "Rata-rata Capaian (%)", "Serapan (%)", "Lembar Kerja",
     "Terlambat", "Tepat Waktu (%)", "Galat", "Peringatan", "Berisiko (proyeksi)"],
    [Baris([Sel("1"), Sel("DPUPR"), Sel("Dinas Pekerjaan Umum dan Penataan Ruang"), Sel("resmi"), Sel("22"), Sel("92,12%"),
            Sel("68,06%"), Sel("3"), Sel("0"), Sel("100,00%"), Sel("0"), Sel("1"), Sel("2")]),
     Baris([Sel("2"), Sel("DINKES"), Sel("Dinas Kesehatan"), Sel("DRAF"), Sel("21"), Sel("88,54%"), Sel("66,20%"), Sel("3"), Sel("0"),
            Sel("100,00%"), Sel("0"), Sel("1"), Sel("4")])],
    angka=[0, 4, 5, 6, 7, 8, 9, 10, 11, 12], rapat=True)
"""A table that gives no widths (the Pemda recap's ranking): 13 columns of very different content."""


def test_a_table_without_widths_gets_columns_by_its_content_as_the_html_does(tmp_path) -> None:
    import shutil
    import subprocess

    from docx import Document
    from docx.oxml.ns import qn

    target = tmp_path / "tabel.docx"
    target.write_bytes(render_docx(Naskah({"judul": "Uji", "final": True}, [Bagian([RECAP_LIKE])])))
    table = Document(str(target)).tables[-1]
    grid = [int(c.get(qn("w:w"))) / 567 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) - 17.0) < 0.01  # the text width, as the HTML's width: 100%
    assert max(grid) == grid[2] and min(grid) == grid[10]  # the names' column widest, "Galat" (one-digit counts) narrowest
    assert grid[2] > 1.5 * grid[1]
    assert [round(c.width.cm, 2) for c in table.rows[1].cells] == [round(w, 2) for w in grid]  # every cell as its grid column
    # laid out by LibreOffice, no header word is broken inside (equal columns broke "Peringatan" and "Peringkat")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is installed by scripts/install-system-deps.sh"
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(target)], check=True, capture_output=True, timeout=240)
    words = subprocess.run(["pdftotext", str(tmp_path / "tabel.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split()
    for word in ("Peringkat", "Perangkat", "Indikator", "Terlambat", "Peringatan", "(proyeksi)", "Pekerjaan", "Kesehatan", "100,00%"):
        assert word in words, (word, words)


def test_a_table_with_widths_keeps_them_and_an_empty_one_spans_them() -> None:
    from kinerja.laporan.render.docx_xml import auto_widths

    empty = Tabel(["No", "Uraian"], [])
    assert [round(w, 2) for w in auto_widths(empty, 8, 0.1)] == [round(w, 2) for w in auto_widths(Tabel(["No", "Uraian"], []), 8, 0.1)]
    lo, hi = auto_widths(Tabel(["No", "Uraian panjang sekali " * 10], []), 8, 0.1)
    assert lo < 1.5 and abs(lo + hi - 17.0) < 1e-9  # "No" keeps about its own width when the other column must wrap
    crowded = auto_widths(Tabel([f"Kolomyangpanjangsekali{i}" for i in range(12)], []), 8, 0.1)
    assert abs(sum(crowded) - 17.0) < 1e-9 and max(crowded) - min(crowded) < 0.2  # too many long words: shared out, no overflow
