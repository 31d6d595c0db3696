"""A rendered document read back (kinerja.laporan.render.baca): located text for the checks a
final must pass, from a real .docx (python-docx) and the HTML of the same model blocks."""

from __future__ import annotations

from pathlib import Path

from kinerja.laporan.model.dokumen import Bagian, Baris, Judul, Naskah, Paragraf, Sel, Tabel
from kinerja.laporan.render.baca import docx_potongan, html_potongan, periksa_final
from kinerja.laporan.render.ke_docx import write_docx
from kinerja.laporan.render.ke_html import render_bagian
from kinerja.periksa import HasilResmi

HASIL = HasilResmi(tahun=2025, jumlah=29, dihitung=29, rata_rata=108.6137,
                   per_predikat={"Sangat Tinggi": 26, "Tinggi": 1, "Sedang": 2, "Rendah": 0, "Sangat Rendah": 0},
                   pagu=1_887_500_000, realisasi_anggaran=1_709_400_000, serapan=90.5642)


def _write(folder: Path, parts: list[Bagian]) -> None:
    write_docx(Naskah({"judul": "LKjIP", "final": True}, parts), folder / "laporan.docx")
    (folder / "laporan.html").write_text("<html><body>" + "".join(render_bagian(p) for p in parts) + "</body></html>",
                                         encoding="utf-8")


def test_paragraphs_are_placed_under_their_headings(tmp_path: Path) -> None:
    parts = [Bagian([Judul("BAB I PENDAHULUAN", 1), Judul("C. Isu strategis", 2), Paragraf("Pertama."), Paragraf("Kedua."),
                     Tabel(["Predikat", "Jumlah"], [Baris([Sel("Sedang"), Sel("2")])])])]
    _write(tmp_path, parts)
    placed = [(p.letak, p.teks) for p in docx_potongan(tmp_path / "laporan.docx")]
    assert ("BAB I PENDAHULUAN › C. Isu strategis, paragraf 1", "Pertama.") in placed
    assert ("BAB I PENDAHULUAN › C. Isu strategis, paragraf 2", "Kedua.") in placed
    assert not any("Sedang" in text for _, text in placed)  # a table is what the text is checked against, not text
    cells = [p for p in docx_potongan(tmp_path / "laporan.docx", tabel=True) if p.letak.endswith("tabel 1")]
    assert cells and "Sedang" in cells[0].teks
    html = html_potongan((tmp_path / "laporan.html").read_text(encoding="utf-8"))
    assert any(p.letak == 'HTML, di bawah judul "C. Isu strategis"' and "Pertama." in p.teks for p in html)


def test_a_final_with_a_wrong_figure_or_guidance_text_is_refused_naming_each_place(tmp_path: Path) -> None:
    parts = [Bagian([Judul("IKHTISAR EKSEKUTIF", 1), Paragraf("Rata-rata capaian indikator yang terukur 94,70%. Realisasi "
                                                                 "anggaran Rp 1.709.400.000 (serapan 90,56%)."),
                     Judul("BAB I PENDAHULUAN", 1), Judul("B. Tugas dan fungsi", 2),
                     Paragraf("Tugas membantu bupati (sesuaikan dengan peraturan kepala daerah)."),
                     Tabel(["Unit", "Tugas"], [Baris([Sel("Irban I"), Sel("[Diisi oleh Sub Bagian Perencanaan: tugas]")])])])]
    _write(tmp_path, parts)
    problems = periksa_final(tmp_path, "laporan", HASIL)
    assert problems[0] == ('IKHTISAR EKSEKUTIF, paragraf 1: "Rata-rata capaian indikator yang terukur 94,70%." menyebut '
                           "94,70%, menurut tabel 108,61% (rata-rata capaian indikator terukur).")
    assert any(p.startswith("Word BAB I PENDAHULUAN › B. Tugas dan fungsi, paragraf 1: teks petunjuk (sesuaikan …)") for p in problems)
    assert any(p.startswith("Word BAB I PENDAHULUAN › B. Tugas dan fungsi, tabel 1: teks petunjuk [Diisi oleh …]") for p in problems)
    assert len(problems) == 3  # the right Rupiah and serapan are not named; the HTML says nothing the .docx did not


def test_guidance_only_the_html_shows_is_named_from_the_html(tmp_path: Path) -> None:
    _write(tmp_path, [Bagian([Judul("BAB IV PENUTUP", 1), Paragraf("Langkah perbaikan.")])])
    html = tmp_path / "laporan.html"
    html.write_text(html.read_text(encoding="utf-8").replace("Langkah perbaikan.", "Contoh: langkah perbaikan."), encoding="utf-8")
    assert periksa_final(tmp_path, "laporan", HASIL) == [
        'HTML, di bawah judul "BAB IV PENUTUP": teks petunjuk contoh: masih tertulis: "Contoh: langkah perbaikan."']


def test_a_true_final_passes(tmp_path: Path) -> None:
    _write(tmp_path, [Bagian([Judul("BAB IV PENUTUP", 1), Paragraf("Pada tahun 2025 kantor mengukur 29 indikator kinerja dengan "
                                                                   "rata-rata capaian 108,61% (26 Sangat Tinggi, 1 Tinggi, 2 Sedang).")])])
    assert periksa_final(tmp_path, "laporan", HASIL) == []
