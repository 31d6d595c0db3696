"""The reviewer's upload page (issue 20, item 5): another office's LKjIP uploaded, the rows that do not match shown
with their page; a document that cannot be read is one sentence."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _util_reviu as fx  # noqa: E402

from kinerja.config import load_config  # noqa: E402
from kinerja.reviu.halaman import HalamanReviu  # noqa: E402


def _upload(name: str, content: bytes) -> dict:
    """One file as the browser's FileUpload hands it over."""
    return {"name": name, "type": "", "size": len(content), "content": memoryview(content),
            "last_modified": dt.datetime(2026, 12, 7, tzinfo=dt.UTC)}


def test_uploaded_lkjip_shows_every_wrong_row_with_its_page_and_nothing_is_kept(tmp_path):
    docx = fx.write_docx(tmp_path / "lkjip-2019.docx")
    pdf = fx.to_pdf(docx, tmp_path)
    page = HalamanReviu(load_config())
    page.unggah.value = (_upload("LKjIP Dinkes 2019.pdf", pdf.read_bytes()),)
    assert page.unggah.value == ()  # taken in, the upload field is empty again
    hasil = page.hasil_reviu
    assert hasil is not None and {b.indikator for b in hasil.baris if b.status == "tidak_sesuai"} == fx.SALAH
    shown = page.hasil.value
    for b in hasil.baris:
        if b.status == "tidak_sesuai":
            assert b.indikator in shown and f"hal. {b.halaman}" in shown
    right = next(b for b in hasil.baris if b.status == "sesuai")
    assert right.indikator not in shown  # only the rows that do not match are listed
    assert "tidak sesuai" in shown and "baris capaian dibaca" in shown


def test_a_document_that_cannot_be_read_is_one_sentence():
    page = HalamanReviu()
    assert page.periksa([("rusak.docx", b"bukan docx")]) is None
    assert page.hasil.value.startswith("<p style='color:#b00020'>Ditolak: ") and "rusak.docx" in page.hasil.value
    assert "Traceback" not in page.hasil.value
