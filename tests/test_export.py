"""The nbconvert template: no code, no prompts, no external links, letterhead and signature."""

from __future__ import annotations

import base64
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from kinerja.laporan.render.export import DOC_MIME, document_info, external_references, render_html

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)).decode()

DOC = {
    "judul": "Laporan Uji Triwulan I", "subjudul": "Inspektorat Uji", "periode": "Periode Triwulan I",
    "kop": ["PEMERINTAH KABUPATEN UJI", "INSPEKTORAT DAERAH", "Jl. Uji No. 1"], "kota": "Uji", "tanggal": "10 Januari 2025",
    "kepala": {"jabatan": "Inspektur", "nama": "Nama Kepala", "nip": "19700101 199503 1 001"}, "status": "",
    "provenans": {"versi": "9.9", "waktu": "10 Januari 2025 pukul 07.30", "notebook": "notebooks/uji.ipynb",
                  "parameter": {"tahun": "2025"}, "berkas": [{"nama": "a.xlsx", "sha256": "ab" * 32}]},
}


def _notebook() -> nbformat.NotebookNode:
    secret = "rahasia_kode_sumber = 42"
    cells = [
        new_markdown_cell("Catatan untuk analis", metadata={"tags": ["tidak-dicetak"]}),
        new_code_cell("parameter_rahasia = 1", metadata={"tags": ["parameters"]}),
        new_markdown_cell("## Bagian satu"),
        new_code_cell(secret, execution_count=1, outputs=[
            new_output("display_data", data={DOC_MIME: DOC, "text/plain": "dokumen"}),
            new_output("display_data", data={"text/html": "<table><tr><td>85,50%</td></tr></table>", "text/plain": "x"}),
            new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
            new_output("stream", name="stderr", text="peringatan internal"),
        ]),
        new_markdown_cell("", metadata={"tags": ["tanda-tangan"]}),
        new_markdown_cell("## Lampiran", metadata={"tags": ["halaman-baru"]}),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def test_rendered_document_has_outputs_but_no_code_prompts_or_streams() -> None:
    html = render_html(_notebook())
    assert "rahasia_kode_sumber" not in html and "parameter_rahasia" not in html
    assert "In&nbsp;[" not in html and "In [" not in html and "Out[" not in html
    assert "peringatan internal" not in html and "Catatan untuk analis" not in html
    assert "85,50%" in html and f"data:image/png;base64,{PNG}" in html
    assert external_references(html) == []
    assert "<script" not in html


def test_letterhead_title_signature_and_provenance_come_from_the_document_block() -> None:
    from kinerja.config import load_config
    from kinerja.laporan.render.export import is_final, mark_final

    notebook = _notebook()
    draft = render_html(notebook)
    assert not is_final(notebook)
    assert "menunggu persetujuan Sekretaris" in draft  # not marked final: nothing to sign
    assert "NIP 19700101 199503 1 001" not in draft  # a DRAF has nothing to sign
    mark_final(notebook, load_config(), approval="disetujui oleh Siti (Sekretaris) pada 10 Januari 2025 pukul 09.15 WIB")
    html = render_html(notebook)
    body = html.split("</style>", 1)[1]
    assert is_final(notebook) and 'class="tanda-air"' not in body and "DRAF" not in body
    for text in ("PEMERINTAH KABUPATEN UJI", "Laporan Uji Triwulan I", "Uji, ", "Nama Kepala",
                 "NIP 19700101 199503 1 001", "ab" * 32, "kinerja versi 9.9", "disetujui oleh Siti"):
        assert text in html
    # the signature sits where the tagged cell is: before the attachment
    assert html.index("Nama Kepala") < html.index("Lampiran")
    assert "halaman-baru" in html and "size: A4" in html


def test_placeholder_narrative_keys_are_found() -> None:
    from kinerja.laporan.model.narasi import JUDUL
    from kinerja.laporan.render.export import placeholder_keys

    notebook = _notebook()
    assert placeholder_keys(notebook, JUDUL) == []
    notebook.cells[3].outputs.append(new_output("display_data", data={
        "text/html": '<div class="isian" data-kunci="isu_strategis">[Diisi oleh Sub Bagian Perencanaan: isu]</div>'
                     '<div class="isian">[Diisi oleh Sub Bagian Perencanaan: langkah. Tulis pada narasi-2025.docx, '
                     'bagian &quot;Rencana Tindak Lanjut&quot;.]</div>'}))
    assert placeholder_keys(notebook, JUDUL) == ["isu_strategis", "rencana_tindak_lanjut"]


def test_document_info_reads_the_block_back() -> None:
    assert document_info(_notebook())["judul"] == "Laporan Uji Triwulan I"


def test_external_references_finds_cdn_links() -> None:
    html = '<link rel="stylesheet" href="https://cdn.example/x.css"><script src="//cdn/require.js"></script>'
    assert len(external_references(html)) == 2


def test_watermark_words_are_one_fixed_element_and_absent_otherwise():
    def html_with(doc):
        cells = [new_code_cell("x", execution_count=1, outputs=[new_output("display_data", data={DOC_MIME: doc, "text/plain": "d"})])]
        return render_html(new_notebook(cells=cells))

    marked = html_with(dict(DOC, tanda_air=["CONTOH", "DRAF"]))
    assert len(re.findall(r'<div [^>]*class="tanda-air"[^>]*>CONTOH · DRAF</div>', marked)) == 1
    assert ".tanda-air {" in marked and "position: fixed" in marked.split(".tanda-air {")[1].split("}")[0]
    assert 'class="tanda-air"' not in html_with(dict(DOC, tanda_air=[])) and 'class="tanda-air"' not in html_with(DOC)


def test_a_signature_holds_what_its_document_shows_when_the_state_is_known() -> None:
    """A report notebook's section is made as a draft and marked final later by its document block alone, so its
    signature holds both the draft's note and the blocks to sign (the stylesheet shows one); a document rendered
    whole (render_naskah: the Pemda recap) knows its state and holds only what it shows."""
    from kinerja.laporan.model.dokumen import Bagian, Naskah, Penandatangan, TandaTangan
    from kinerja.laporan.render.export import render_naskah
    from kinerja.laporan.render.ke_html import render_bagian

    bagian = Bagian([TandaTangan([Penandatangan("Kota, 1 Juli 2025", "Kepala,", "Nama Penanda", "", "1970")], draf="DRAF — belum.")])
    notebook_section = render_bagian(bagian)
    assert 'class="ttd-draf"' in notebook_section and '<p class="ttd-nama">Nama Penanda</p>' in notebook_section
    final = render_naskah(Naskah({"judul": "Rekap", "final": True}, [bagian])).split("</style>")[1]
    assert '<p class="ttd-nama">Nama Penanda</p>' in final and "NIP 1970" in final
    assert "ttd-draf" not in final and "DRAF" not in final
    draft = render_naskah(Naskah({"judul": "Rekap", "final": False, "draf": True}, [bagian])).split("</style>")[1]
    assert '<tr class="ttd-draf"><td colspan="2">DRAF — belum.</td></tr>' in draft
    assert "ttd-baris" not in draft and "Nama Penanda" not in draft and "NIP" not in draft
