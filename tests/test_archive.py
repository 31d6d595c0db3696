"""Documenting: write-once archive versions of exactly the approved report, with SHA-256 manifests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from _util_alur import drive, make_workspace, publish_report

from kinerja.alur.archive import BACKUP, CHECKSUMS, MANIFEST, ArchiveError, document, verify_version, versions
from kinerja.alur.workflow import ActionRefused, Alasan, act, history

NOW = dt.datetime(2025, 4, 11, 9, 0)


def _sources(ws):
    raw = ws.raw / "2025" / "triwulan-1"
    raw.mkdir(parents=True)
    (raw / "SEKRETARIAT.xlsx").write_bytes(b"PK workbook 1")
    (raw / "~$SEKRETARIAT.xlsx").write_bytes(b"lock file")
    (raw / "catatan.txt").write_text("not a workbook")
    return raw


def _approved_final(ws, files=None):
    draft = publish_report(ws, 2025, 1, files=files)
    publish_report(ws, 2025, 1, final=True, files=files)
    return draft.manifest_sha256


def test_document_copies_the_final_set_and_workbooks_with_checksums(tmp_path):
    ws = make_workspace(tmp_path)
    _sources(ws)
    approved = _approved_final(ws, {"laporan.pdf": b"%PDF", "lampiran/capaian.xlsx": b"PK capaian"})
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, disetujui=["abc"], laporan_disetujui=approved)
    assert version.path == ws.archive_dir(2025, 1) / "versi-1"
    assert set(version.files) == {"laporan/laporan.pdf", "laporan/lampiran/capaian.xlsx", "laporan/manifest.json",
                                  "sumber/SEKRETARIAT.xlsx"}
    manifest = json.loads((version.path / MANIFEST).read_text())
    assert manifest["peristiwa_persetujuan"] == ["abc"] and manifest["versi"] == 1
    assert manifest["laporan_disetujui"] == approved
    assert not any(entry["asal"].startswith("/") for entry in manifest["berkas"])  # no machine paths
    for entry in manifest["berkas"]:
        assert hashlib.sha256((version.path / entry["berkas"]).read_bytes()).hexdigest() == entry["sha256"]
    assert version.manifest_sha256 == hashlib.sha256((version.path / MANIFEST).read_bytes()).hexdigest()
    lines = (version.path / CHECKSUMS).read_text().splitlines()
    assert len(lines) == 4 and all(len(line.split("  ")[0]) == 64 for line in lines)
    assert verify_version(version.path) == []


def test_later_documentation_is_a_new_version_and_never_overwrites(tmp_path):
    ws = make_workspace(tmp_path)
    approved = _approved_final(ws)
    first = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, laporan_disetujui=approved)
    original = (first.path / "laporan" / "laporan.pdf").read_bytes()
    approved = _approved_final(ws, {"laporan.pdf": b"%PDF revisi"})
    second = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, laporan_disetujui=approved)
    assert second.path.name == "versi-2" and second.path.parent == first.path.parent
    assert (first.path / "laporan" / "laporan.pdf").read_bytes() == original
    assert (second.path / "laporan" / "laporan.pdf").read_bytes() == b"%PDF revisi"
    assert [p.name for p in versions(ws, 2025, 1)] == ["versi-1", "versi-2"]
    assert [p.name for p in ws.archive_dir(2025, 1).iterdir() if p.name.startswith(".")] == [BACKUP]  # no staging left


def test_changed_archive_file_is_found(tmp_path):
    ws = make_workspace(tmp_path)
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, laporan_disetujui=_approved_final(ws))
    target = version.path / "laporan" / "laporan.pdf"
    target.chmod(0o644)
    target.write_bytes(b"diganti")
    assert verify_version(version.path) == ["laporan/laporan.pdf"]


def test_nothing_to_document_is_refused_and_leaves_no_folder(tmp_path):
    ws = make_workspace(tmp_path)
    with pytest.raises(ArchiveError):
        document(ws, 2025, 2, pengguna="rizal", waktu=NOW)
    assert versions(ws, 2025, 2) == []


@pytest.mark.parametrize("case", ["draf", "bukan_yang_disetujui", "diubah", "lembar_kerja_berubah"])
def test_anything_but_the_approved_final_report_is_refused(tmp_path, case):
    ws = make_workspace(tmp_path)
    raw = _sources(ws)
    approved = _approved_final(ws)
    if case == "draf":
        publish_report(ws, 2025, 1)
    elif case == "bukan_yang_disetujui":
        publish_report(ws, 2025, 1)
        publish_report(ws, 2025, 1, final=True)
    elif case == "diubah":
        from kinerja.terbitan import current

        current(ws.report_dir(2025, 1)).path("laporan.pdf").write_bytes(b"%PDF ditukar")
    else:
        (raw / "SEKRETARIAT.xlsx").write_bytes(b"PK diubah sesudah laporan")
    with pytest.raises(ArchiveError) as info:
        document(ws, 2025, 1, pengguna="rizal", waktu=NOW, laporan_disetujui=approved)
    expected = {"draf": "masih DRAF", "bukan_yang_disetujui": "tidak berasal dari laporan yang disetujui",
                "diubah": "berubah sesudah diterbitkan", "lembar_kerja_berubah": "SEKRETARIAT.xlsx"}[case]
    assert expected in str(info.value)
    assert versions(ws, 2025, 1) == []


def test_workflow_documenting_records_the_manifest_checksum(tmp_path, config):
    ws = make_workspace(tmp_path)
    event = drive(ws, config, "dokumentasikan")
    folder = ws.root / event.berkas
    assert hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest() == event.sha256
    approval = [e for e in history(ws, 2025, 1) if e.aksi == "setujui"][-1]
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["peristiwa_persetujuan"] == [approval.hash]
    assert manifest["laporan_disetujui"] == approval.sha256 != ""


def test_a_report_changed_after_submission_or_with_galat_cannot_be_approved(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "ajukan")
    publish_report(ws, 2025, 1)  # the PPTK runs the report again while it is under review
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "setujui", 2025, 1, username="siti", now=NOW)
    assert info.value.reason == Alasan.LAPORAN_BERUBAH
    ws2 = make_workspace(tmp_path / "dua")
    drive(ws2, config, "serahkan_bahan")
    publish_report(ws2, 2025, 1, galat=2)
    act(ws2, config, "ajukan", 2025, 1, username="budi", now=NOW)
    with pytest.raises(ActionRefused) as info:
        act(ws2, config, "setujui", 2025, 1, username="siti", now=NOW)
    assert info.value.reason == Alasan.LAPORAN_BERGALAT and "2 galat" in str(info.value)


def test_a_report_made_before_the_material_was_handed_over_cannot_be_submitted(tmp_path, config):
    ws = make_workspace(tmp_path)
    publish_report(ws, 2025, 1, keadaan="belum_dimulai")
    drive(ws, config, "serahkan_bahan")
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "ajukan", 2025, 1, username="budi", now=NOW)
    assert info.value.reason == Alasan.LAPORAN_KEDALUWARSA


def test_links_out_of_the_workspace_are_not_followed_and_folders_have_the_normal_mode_sealed(tmp_path):
    from kinerja.atomic import shared_dir_mode

    outside = tmp_path / "rahasia"
    outside.mkdir()
    (outside / "gaji.xlsx").write_bytes(b"PK data dari luar ruang kerja")
    (outside / "dokumen").mkdir()
    (outside / "dokumen" / "surat.pdf").write_bytes(b"%PDF dari luar")
    ws = make_workspace(tmp_path / "ws")
    raw = _sources(ws)
    (raw / "salinan.xlsx").symlink_to(raw / "SEKRETARIAT.xlsx")  # a link inside the workspace is fine
    approved = _approved_final(ws)
    (raw / "gaji.xlsx").symlink_to(outside / "gaji.xlsx")
    (ws.report_dir(2025, 1) / "lampiran").symlink_to(outside / "dokumen", target_is_directory=True)
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, laporan_disetujui=approved)
    assert set(version.files) == {"laporan/laporan.pdf", "laporan/manifest.json", "sumber/SEKRETARIAT.xlsx",
                                  "sumber/salinan.xlsx"}
    read_only = shared_dir_mode() & ~0o222  # the ordinary mode without write permission: sealed
    assert version.path.stat().st_mode & 0o777 == read_only
    assert (version.path / "laporan").stat().st_mode & 0o777 == read_only


def test_a_staging_folder_left_by_a_killed_run_is_removed_by_the_next_one(tmp_path):
    """What a run killed half-way leaves (a private, partly sealed .versi-* folder) is gone after the next run."""
    import os
    import stat

    ws = make_workspace(tmp_path)
    _sources(ws)
    approved = _approved_final(ws)
    base = ws.archive_dir(2025, 1)
    left = base / ".versi-mati"
    (left / "laporan").mkdir(parents=True)
    (left / "laporan" / "laporan.pdf").write_bytes(b"%PDF setengah")
    os.chmod(left / "laporan" / "laporan.pdf", stat.S_IRUSR)
    os.chmod(left / "laporan", 0o500)
    version = document(ws, 2025, 1, pengguna="rizal", waktu=NOW, disetujui=["abc"], laporan_disetujui=approved)
    assert version.path.name == "versi-1"
    assert [p.name for p in base.iterdir() if p.name.startswith(".versi-")] == []
