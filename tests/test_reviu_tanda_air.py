"""The reviu reader on a PDF kinerja renders with its diagonal watermark ("CONTOH · DRAF" across the page,
issue 20's leftover): the watermark's letters cross the capaian table, and none of them lands in a cell.
The PDF is made the way kinerja makes its reports: the document model through the report template
(render_naskah) printed by Debian's Chromium (PdfPrinter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.config import load_config
from kinerja.laporan.model.dokumen import Bagian, Baris, Judul, Naskah, Paragraf, Sel, Tabel
from kinerja.laporan.render.browser import BrowserSpec, PdfPrinter
from kinerja.laporan.render.export import render_naskah
from kinerja.numbers import format_number
from kinerja.reviu.baca import miring
from kinerja.reviu.periksa import Aturan, reviu

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed")]
ROWS = 30


def _lkjip(folder: Path) -> Path:
    """A DRAF LKjIP page of the sample office: 30 capaian rows (R/T × 100, printed with two decimals)."""
    rows = [Baris([Sel(str(n)), Sel(f"IK-1.{n} Persentase kegiatan pengawasan nomor {n} yang selesai tepat waktu"),
                   Sel("%"), Sel(format_number(80), "angka"), Sel(format_number(50 + n), "angka"),
                   Sel(format_number((50 + n) / 80 * 100), "angka")]) for n in range(1, ROWS + 1)]
    tabel = Tabel(["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)"], rows, angka=[3, 4, 5],
                  judul="Tabel 3.1 Pencapaian Kinerja")
    info = {"judul": "Laporan Kinerja Instansi Pemerintah", "subjudul": "Tahun 2025", "final": False, "draf": True,
            "tanda_air": ["CONTOH", "DRAF"], "kop": []}
    html = folder / "lkjip.html"
    html.write_text(render_naskah(Naskah(info, [Bagian([Judul("Capaian kinerja", 2), Paragraf("Tabel berikut."),
                                                        tabel])])), encoding="utf-8")
    with PdfPrinter(BrowserSpec(executable_path=str(CHROMIUM))) as printer:
        return printer.print_pdf(html, folder / "lkjip.pdf", judul="LKjIP 2025")


def test_the_watermark_letters_crossing_a_table_stay_out_of_its_cells(tmp_path):
    import pdfplumber

    pdf = _lkjip(tmp_path)
    with pdfplumber.open(str(pdf)) as document:
        page = document.pages[0]
        [table] = page.find_tables()
        x0, top, x1, bottom = table.bbox
        slanted = [c for c in page.chars if miring(c)]
        assert "".join(c["text"] for c in slanted).replace(" ", "") == "CONTOH·DRAF"  # the watermark, and only it
        crossing = [c for c in slanted if x0 < c["x0"] < x1 and top < c["top"] < bottom]
        assert crossing  # it crosses the table: read naively, its letters land in cells
        naive = table.extract()
        [clean] = page.filter(lambda obj: not miring(obj)).find_tables()
        differ = [(a, b) for row_a, row_b in zip(naive, clean.extract(), strict=True)
                  for a, b in zip(row_a, row_b, strict=True) if a != b]
        assert differ, "the watermark no longer reaches a cell: this test would not show the reader's fix"
    checked = reviu([pdf], Aturan.dari_config(load_config()))
    assert len(checked.baris) == ROWS
    assert [b.status for b in checked.baris] == ["sesuai"] * ROWS, [(b.indikator, b.target, b.realisasi, b.pesan)
                                                                     for b in checked.baris if b.status != "sesuai"]
    assert {b.halaman for b in checked.baris} == {1}
