"""The LKjIP's narasi uploaded back through the web app (kinerja.laporan.bagian.narasi.simpan_narasi):
a real .docx written with python-docx, checked, stored, the replaced one kept, guidance text named."""

from __future__ import annotations

import io

import pytest
from docx import Document

from kinerja.errors import ConfigError
from kinerja.laporan.bagian.narasi import replaced_narasi_dir, simpan_narasi
from kinerja.laporan.model.narasi import docx_path, read_docx
from kinerja.paths import Workspace


def _docx(parts: dict[str, str]) -> bytes:
    document = Document()
    document.add_paragraph("Petunjuk pengisian (diabaikan).")
    for title, text in parts.items():
        document.add_heading(title, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_filled_narasi_is_stored_and_the_one_it_replaces_is_kept(tmp_path):
    ws = Workspace(tmp_path)
    first = _docx({"Kata Pengantar": "Puji syukur.", "Isu Strategis": "Dari {{ jumlah_indikator }} indikator."})
    stored, petunjuk = simpan_narasi(ws, 2025, "narasi-2025 (isi).docx", first)
    assert stored == docx_path(ws.root, 2025) and stored.read_bytes() == first and petunjuk == []
    assert read_docx(stored)["isu_strategis"] == "Dari {{ jumlah_indikator }} indikator."
    second = _docx({"Tugas dan Fungsi": "Tugas pokok (sesuaikan dengan peraturan kepala daerah)."})
    stored, petunjuk = simpan_narasi(ws, 2025, "narasi-2025.docx", second)
    assert stored.read_bytes() == second
    kept = list(replaced_narasi_dir(ws).iterdir())
    assert [p.read_bytes() for p in kept] == [first]  # never lost
    assert len(petunjuk) == 1 and petunjuk[0].startswith("Tugas dan Fungsi: teks petunjuk (sesuaikan …)")


@pytest.mark.parametrize(("nama", "isi", "why"), [
    ("narasi.pdf", b"%PDF-1.7", "bukan dokumen Word"),
    ("narasi.docx", b"bukan zip", "tidak dapat dibaca sebagai dokumen Word"),
    ("narasi.docx", _docx({"Bab Lain": "teks"}), 'judul "Bab Lain" tidak dikenal'),
    ("narasi.docx", _docx({}), "tidak memuat satu pun bagian narasi"),
])
def test_an_unusable_narasi_is_refused_and_nothing_is_stored(tmp_path, nama, isi, why):
    ws = Workspace(tmp_path)
    with pytest.raises(ConfigError) as info:
        simpan_narasi(ws, 2025, nama, isi)
    assert why in str(info.value)
    assert not docx_path(ws.root, 2025).exists()
