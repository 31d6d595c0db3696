"""The Daftar Isi's page numbers: read from a layout pass's PDF outline, written into its cells."""

from __future__ import annotations

from pypdf import PdfWriter

from kinerja.laporan.render.halaman import fill_pages, has_daftar_isi, outline_pages, toc_pages


def test_the_outline_of_a_printed_pdf_gives_every_heading_its_page_nested_ones_too(tmp_path):
    """A PDF as Chromium prints it: bookmarks nested under the chapters, titles with line breaks."""
    writer = PdfWriter()
    for _ in range(6):
        writer.add_blank_page(width=595, height=842)
    writer.add_outline_item("DAFTAR ISI", 1)
    bab = writer.add_outline_item("BAB I\nPENDAHULUAN", 2)
    writer.add_outline_item("A. Latar   Belakang", 2, parent=bab)
    writer.add_outline_item("B. Maksud", 4, parent=bab)
    writer.add_outline_item("BAB II", 5)
    path = tmp_path / "tata-letak.pdf"
    with path.open("wb") as out:
        writer.write(out)

    outline = outline_pages(path)

    assert outline == [("DAFTAR ISI", 2), ("BAB I PENDAHULUAN", 3), ("A. Latar Belakang", 3), ("B. Maksud", 5),
                       ("BAB II", 6)]


def test_an_entry_without_a_heading_in_the_outline_keeps_an_empty_cell_and_the_rest_their_pages():
    html = ('<tr class="di-1"><td><a href="#bab1">BAB I PENDAHULUAN</a></td><td><span class="hal" data-untuk="bab1">'
            '</span></td></tr><tr class="di-2"><td><a href="#hilang">C. Tidak &amp; Ada</a></td><td>'
            '<span class="hal" data-untuk="hilang">?</span></td></tr><tr class="di-1"><td><a href="#bab2">BAB II</a>'
            '</td><td><span class="hal" data-untuk="bab2"></span></td></tr>')
    assert has_daftar_isi(html) and not has_daftar_isi("<p>tanpa daftar isi</p>")
    pages = toc_pages(html, [("DAFTAR ISI", 2), ("BAB I PENDAHULUAN", 3), ("BAB II", 6)])
    assert pages == {"bab1": 3, "bab2": 6}
    filled = fill_pages(html, pages)
    assert '<span class="hal" data-untuk="bab1">3</span>' in filled
    assert '<span class="hal" data-untuk="hilang"></span>' in filled  # no page guessed
    assert '<span class="hal" data-untuk="bab2">6</span>' in filled
