"""Documenting: write-once archive versions with SHA-256 manifests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from _util_alur import drive, make_workspace

from kinerja.alur.archive import CHECKSUMS, MANIFEST, ArchiveError, document, verify_version, versions
from kinerja.alur.workflow import history

NOW = dt.datetime(2025, 4, 11, 9, 0)


def _sources(ws):
    raw = ws.raw / "2025" / "triwulan-1"
    raw.mkdir(parents=True)
    (raw / "SEKRETARIAT.xlsx").write_bytes(b"PK workbook 1")
    (raw / "~$SEKRETARIAT.xlsx").write_bytes(b"lock file")
    (raw / "catatan.txt").write_text("not a workbook")
    return raw


def test_document_copies_report_and_workbooks_with_checksums(tmp_path):
    ws = make_workspace(tmp_path, reports_for=(1,))
    (ws.report_dir(2025, 1) / "lampiran").mkdir()
    (ws.report_dir(2025, 1) / "lampiran" / "capaian.xlsx").write_bytes(b"PK capaian")
    _sources(ws)
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, disetujui=["abc"])
    assert version.path == ws.archive_dir(2025, 1) / "versi-1"
    assert set(version.files) == {"laporan/laporan.pdf", "laporan/lampiran/capaian.xlsx", "sumber/SEKRETARIAT.xlsx"}
    manifest = json.loads((version.path / MANIFEST).read_text())
    assert manifest["peristiwa_persetujuan"] == ["abc"] and manifest["versi"] == 1
    for entry in manifest["berkas"]:
        assert hashlib.sha256((version.path / entry["berkas"]).read_bytes()).hexdigest() == entry["sha256"]
    assert version.manifest_sha256 == hashlib.sha256((version.path / MANIFEST).read_bytes()).hexdigest()
    lines = (version.path / CHECKSUMS).read_text().splitlines()
    assert len(lines) == 3 and all(len(line.split("  ")[0]) == 64 for line in lines)
    assert verify_version(version.path) == []


def test_later_documentation_is_a_new_version_and_never_overwrites(tmp_path):
    ws = make_workspace(tmp_path, reports_for=(1,))
    first = document(ws, 2025, 1, pengguna="rizal", waktu=NOW)
    original = (first.path / "laporan" / "laporan.pdf").read_bytes()
    (ws.report_dir(2025, 1) / "laporan.pdf").write_bytes(b"%PDF revisi")
    second = document(ws, 2025, 1, pengguna="rizal", waktu=NOW)
    assert second.path.name == "versi-2" and second.path.parent == first.path.parent
    assert (first.path / "laporan" / "laporan.pdf").read_bytes() == original
    assert (second.path / "laporan" / "laporan.pdf").read_bytes() == b"%PDF revisi"
    assert [p.name for p in versions(ws, 2025, 1)] == ["versi-1", "versi-2"]
    assert not [p for p in ws.archive_dir(2025, 1).iterdir() if p.name.startswith(".")]


def test_changed_archive_file_is_found(tmp_path):
    ws = make_workspace(tmp_path, reports_for=(1,))
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW)
    target = version.path / "laporan" / "laporan.pdf"
    target.chmod(0o644)
    target.write_bytes(b"diganti")
    assert verify_version(version.path) == ["laporan/laporan.pdf"]


def test_nothing_to_document_is_refused_and_leaves_no_folder(tmp_path):
    ws = make_workspace(tmp_path)
    with pytest.raises(ArchiveError):
        document(ws, 2025, 2, pengguna="rizal", waktu=NOW)
    assert versions(ws, 2025, 2) == []


def test_workflow_documenting_records_the_manifest_checksum(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    _sources(ws)
    event = drive(ws, config, "dokumentasikan")
    folder = ws.root / event.berkas
    assert hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest() == event.sha256
    approval = [e for e in history(ws, 2025, 1) if e.aksi == "setujui"][-1]
    assert json.loads((folder / MANIFEST).read_text())["peristiwa_persetujuan"] == [approval.hash]


def test_links_out_of_the_workspace_are_not_followed_and_folders_have_the_normal_mode(tmp_path):
    from kinerja.atomic import shared_dir_mode

    outside = tmp_path / "rahasia"
    outside.mkdir()
    (outside / "gaji.xlsx").write_bytes(b"PK data dari luar ruang kerja")
    (outside / "dokumen").mkdir()
    (outside / "dokumen" / "surat.pdf").write_bytes(b"%PDF dari luar")
    ws = make_workspace(tmp_path / "ws", reports_for=(1,))
    raw = _sources(ws)
    (raw / "gaji.xlsx").symlink_to(outside / "gaji.xlsx")
    (ws.report_dir(2025, 1) / "lampiran").symlink_to(outside / "dokumen", target_is_directory=True)
    (raw / "salinan.xlsx").symlink_to(raw / "SEKRETARIAT.xlsx")  # a link inside the workspace is fine
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW)
    assert set(version.files) == {"laporan/laporan.pdf", "sumber/SEKRETARIAT.xlsx", "sumber/salinan.xlsx"}
    assert version.path.stat().st_mode & 0o777 == shared_dir_mode()
    assert (version.path / "laporan").stat().st_mode & 0o777 == shared_dir_mode()
