"""The LKjIP's narasi uploaded back through the web app (kinerja.laporan.bagian.narasi.simpan_narasi):
a real .docx written with python-docx, checked, stored, the replaced one kept, guidance text named; each
stored narasi a signed ``simpan_narasi`` event of the annual case (or nothing stored), which the audit
checks the file against."""

from __future__ import annotations

import hashlib
import io

import pytest
from _util_alur import drive, make_workspace, publish_report
from click.testing import CliRunner
from docx import Document

from kinerja.alur.bahan import TidakTercatat
from kinerja.alur.workflow import case_start, history
from kinerja.cli.commands import main
from kinerja.errors import ConfigError
from kinerja.laporan.bagian.narasi import replaced_narasi_dir, simpan_narasi
from kinerja.laporan.model.narasi import docx_path, read_docx
from kinerja.terbitan import sha256_file


@pytest.fixture
def ws(tmp_path, config):
    """Four documented quarters: the annual case is being composed (the Kasubag Perencanaan's task)."""
    workspace = make_workspace(tmp_path / "ruang-kerja")
    for triwulan in (1, 2, 3, 4):
        publish_report(workspace, 2025, triwulan)
        drive(workspace, config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, config))
    return workspace


def sha256_file_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _docx(parts: dict[str, str]) -> bytes:
    document = Document()
    document.add_paragraph("Petunjuk pengisian (diabaikan).")
    for title, text in parts.items():
        document.add_heading(title, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_filled_narasi_is_stored_and_recorded_and_the_one_it_replaces_is_kept(ws, config):
    first = _docx({"Kata Pengantar": "Puji syukur.", "Isu Strategis": "Dari {{ jumlah_indikator }} indikator."})
    stored, petunjuk = simpan_narasi(ws, config, 2025, "narasi-2025 (isi).docx", first, username="rizal")
    assert stored == docx_path(ws.root, 2025) == ws.narasi_docx(2025) and stored.read_bytes() == first and petunjuk == []
    assert read_docx(stored)["isu_strategis"] == "Dari {{ jumlah_indikator }} indikator."
    second = _docx({"Tugas dan Fungsi": "Tugas pokok (sesuaikan dengan peraturan kepala daerah)."})
    stored, petunjuk = simpan_narasi(ws, config, 2025, "narasi-2025.docx", second, username="rizal")
    assert stored.read_bytes() == second
    kept = list(replaced_narasi_dir(ws).iterdir())
    assert [p.read_bytes() for p in kept] == [first]  # never lost
    assert len(petunjuk) == 1 and petunjuk[0].startswith("Tugas dan Fungsi: teks petunjuk (sesuaikan …)")
    simpan_narasi(ws, config, 2025, "narasi-2025.docx", second, username="rizal")  # the same again: nothing new
    events = [e for e in history(ws, 2025, None) if e.aksi == "simpan_narasi"]
    assert [(e.berkas, e.sha256, e.pengguna, bool(e.tanda_tangan)) for e in events] == [
        ("narasi-2025.docx", sha256_file_of(first), "rizal", True), ("narasi-2025.docx", sha256_file_of(second), "rizal", True)]
    assert events[1].catatan == f"menggantikan versi sebelumnya (sha256 {sha256_file_of(first)})"
    assert history(ws, 2025, None)[-1].ke == "penyusunan_tahunan"  # a note: the case stays where it was


def test_a_narasi_that_cannot_be_recorded_is_put_back_as_it_was(ws, config, tmp_path, monkeypatch):
    first = _docx({"Kata Pengantar": "Puji syukur."})
    simpan_narasi(ws, config, 2025, "narasi-2025.docx", first, username="rizal")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "tanpa-kunci"))  # rizal's key is not there
    with pytest.raises(TidakTercatat) as info:
        simpan_narasi(ws, config, 2025, "narasi-2025.docx", _docx({"Kata Pengantar": "Baru."}), username="rizal")
    assert "narasi-2025.docx tidak disimpan" in str(info.value) and "kunci" in str(info.value).lower()
    assert ws.narasi_docx(2025).read_bytes() == first  # the replaced narasi is back
    assert not list(replaced_narasi_dir(ws).iterdir())  # and no stray copy of a replacement that did not happen
    assert [e.aksi for e in history(ws, 2025, None)] == ["simpan_narasi"]


def test_only_the_kasubag_perencanaan_stores_the_narasi_while_the_lkjip_is_composed(ws, config):
    with pytest.raises(TidakTercatat) as info:
        simpan_narasi(ws, config, 2025, "narasi-2025.docx", _docx({"Kata Pengantar": "Puji syukur."}), username="budi")
    assert "tidak disimpan" in str(info.value)
    assert not ws.narasi_docx(2025).exists() and history(ws, 2025, None) == []


def test_the_audit_names_a_narasi_changed_or_removed_outside_the_app(ws, config):
    simpan_narasi(ws, config, 2025, "narasi-2025.docx", _docx({"Kata Pengantar": "Puji syukur."}), username="rizal")
    [event] = history(ws, 2025, None)
    audit = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "audit", "verifikasi"])
    assert audit.exit_code == 0, audit.output
    ws.narasi_docx(2025).write_bytes(_docx({"Kata Pengantar": "Diubah di luar aplikasi."}))
    assert sha256_file(ws.narasi_docx(2025)) != event.sha256
    audit = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "audit", "verifikasi"])
    assert audit.exit_code == 1
    assert "narasi narasi/narasi-2025.docx (laporan tahunan 2025) berubah di luar aplikasi" in " ".join(audit.output.split())
    assert f"#{event.id}" in audit.output and "Traceback" not in audit.output
    ws.narasi_docx(2025).unlink()
    audit = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "audit", "verifikasi"])
    assert audit.exit_code == 1 and "hilang" in audit.output


@pytest.mark.parametrize(("nama", "isi", "why"), [
    ("narasi.pdf", b"%PDF-1.7", "bukan dokumen Word"),
    ("narasi.docx", b"bukan zip", "tidak dapat dibaca sebagai dokumen Word"),
    ("narasi.docx", _docx({"Bab Lain": "teks"}), 'judul "Bab Lain" tidak dikenal'),
    ("narasi.docx", _docx({}), "tidak memuat satu pun bagian narasi"),
])
def test_an_unusable_narasi_is_refused_and_nothing_is_stored(ws, config, nama, isi, why):
    with pytest.raises(ConfigError) as info:
        simpan_narasi(ws, config, 2025, nama, isi, username="rizal")
    assert why in str(info.value)
    assert not docx_path(ws.root, 2025).exists() and history(ws, 2025, None) == []


def test_the_command_line_stores_and_records_the_narasi_with_the_same_function(ws, tmp_path, hub):
    path = tmp_path / "narasi-isi.docx"
    path.write_bytes(_docx({"Kata Pengantar": "Puji syukur."}))
    done = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "alur", "simpan_narasi", "--tahun", "2025",
                                     "--berkas", str(path)], env=hub("rizal"))
    assert done.exit_code == 0, done.output
    assert "Narasi narasi-isi.docx disimpan dan dicatat sebagai narasi/narasi-2025.docx" in done.output
    [event] = history(ws, 2025, None)
    assert (event.aksi, event.pengguna, event.sha256) == ("simpan_narasi", "rizal", sha256_file(ws.narasi_docx(2025)))
