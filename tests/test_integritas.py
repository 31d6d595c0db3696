"""Official results on disk against the history: the audit names what changed, ``kinerja arsip pulihkan`` restores it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat

import pytest
from _util_alur import drive, make_workspace
from click.testing import CliRunner

from kinerja.alur.archive import BACKUP, CHECKSUMS, MANIFEST, backup_dir, version_problems
from kinerja.alur.workflow import ActionRefused, Alasan, act, audit, history
from kinerja.cli.commands import main
from kinerja.terbitan import current, sha256_file

LATER = dt.datetime(2025, 5, 2, 9, 0)


@pytest.fixture(autouse=True)
def _hub(hub):
    global HUB
    HUB = hub


def run(ws, *args, user="rizal"):
    return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args], env=HUB(user))


def _documented(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "dokumentasikan")
    version = ws.archive_dir(2025, 1) / "versi-1"
    assert version.is_dir()
    return ws, version


def _hand_edit(path, data: bytes) -> None:
    """What a user with a file manager does: make it writable, change it."""
    path.parent.chmod(path.parent.stat().st_mode | stat.S_IWUSR)
    path.chmod(0o644)
    path.write_bytes(data)


def test_archived_files_and_folders_are_read_only_and_a_copy_is_kept_beside_them(tmp_path, config):
    ws, version = _documented(tmp_path, config)
    for path in (version, *version.rglob("*")):
        assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, path
    kept = backup_dir(ws, 2025, 1, 1)
    assert kept == ws.archive_dir(2025, 1) / BACKUP / "versi-1"
    recorded = history(ws, 2025, 1)[-1].sha256
    assert sha256_file(kept / MANIFEST) == recorded and version_problems(kept, recorded) == []
    assert version_problems(version, recorded) == []


def test_a_hand_edited_archived_file_is_named_by_the_audit_and_restored_by_the_recovery_command(tmp_path, config):
    ws, version = _documented(tmp_path, config)
    clean = run(ws, "audit", "verifikasi")
    assert clean.exit_code == 0, clean.output
    assert "1 versi arsip" in clean.output
    original = (version / "laporan" / "laporan.pdf").read_bytes()
    _hand_edit(version / "laporan" / "laporan.pdf", b"%PDF angka diubah")

    found = run(ws, "audit", "verifikasi")
    assert found.exit_code == 1
    assert "data/archive/2025/triwulan-1/versi-1" in found.output and "laporan/laporan.pdf berubah" in found.output
    assert "kinerja arsip pulihkan --tahun 2025 --triwulan 1" in found.output

    refused = run(ws, "arsip", "pulihkan", "--tahun", "2025", "--triwulan", "1", user="budi")  # a PPTK
    assert refused.exit_code == 1 and "Kasubag" in refused.output and "Traceback" not in refused.output

    restored = run(ws, "arsip", "pulihkan", "--tahun", "2025", "--triwulan", "1", "--catatan", "disunting tanpa sengaja")
    assert restored.exit_code == 0, restored.output
    assert (version / "laporan" / "laporan.pdf").read_bytes() == original
    event = history(ws, 2025, 1)[-1]
    assert event.aksi == "pulihkan_arsip" and event.pengguna == "rizal"
    assert "laporan/laporan.pdf berubah" in event.catatan and "disunting tanpa sengaja" in event.catatan
    assert event.berkas == "data/archive/2025/triwulan-1/versi-1" and event.sha256 == history(ws, 2025, 1)[-2].sha256
    aside = [p for p in (ws.archive_dir(2025, 1) / BACKUP).iterdir() if p.name.startswith("rusak-versi-1-")]
    assert len(aside) == 1 and (aside[0] / "laporan" / "laporan.pdf").read_bytes() == b"%PDF angka diubah"  # kept
    for path in (version, *version.rglob("*")):
        assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0, path

    after = run(ws, "audit", "verifikasi")
    assert after.exit_code == 0, after.output
    assert config and history(ws, 2025, 1)[-2].aksi == "dokumentasikan"
    again = run(ws, "arsip", "pulihkan", "--tahun", "2025", "--triwulan", "1")
    assert again.exit_code == 1 and "tidak ada yang perlu dipulihkan" in again.output


def test_the_recovery_does_not_move_the_case(tmp_path, config):
    from kinerja.alur.workflow import case_status

    ws, version = _documented(tmp_path, config)
    before = case_status(ws, config, 2025, 1)
    _hand_edit(version / CHECKSUMS, b"0" * 64 + b"  laporan/laporan.pdf\n")
    act(ws, config, "pulihkan_arsip", 2025, 1, username="rizal", now=LATER)
    after = case_status(ws, config, 2025, 1)
    assert [(r["keadaan"], r["sejak"], r["kasus_terlambat"]) for r in after] == \
        [(r["keadaan"], r["sejak"], r["kasus_terlambat"]) for r in before]
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "pulihkan_arsip", 2025, 2, username="rizal", now=LATER)
    assert info.value.reason == Alasan.KEADAAN_TIDAK_SESUAI


def test_a_replaced_checksum_file_and_a_forged_folder_are_named(tmp_path, config):
    """Issue 23: a group member replaced SHA256SUMS, moved the archived laporan/ aside and put a forged one in its place."""
    ws, version = _documented(tmp_path, config)
    version.chmod(0o755)
    os.rename(version / "laporan", version / "laporan.asli")
    forged = version / "laporan"
    shutil.copytree(version / "laporan.asli", forged)
    (forged / "laporan.pdf").chmod(0o644)
    (forged / "laporan.pdf").write_bytes(b"%PDF palsu")
    (version / CHECKSUMS).chmod(0o644)
    sums = [line.split("  ") for line in (version / CHECKSUMS).read_text().splitlines()]
    (version / CHECKSUMS).write_text("".join(f"{sha256_file(version / name) if name == 'laporan/laporan.pdf' else sha}  {name}\n"
                                             for sha, name in sums))
    result = audit(ws, config)
    texts = [p.pesan for p in result.pelanggaran if p.jenis == "arsip"]
    assert any("laporan/laporan.pdf berubah" in t for t in texts)
    assert any(f"{CHECKSUMS} tidak sesuai dengan manifest" in t for t in texts)
    assert any("laporan.asli/laporan.pdf ditambahkan" in t for t in texts)
    act(ws, config, "pulihkan_arsip", 2025, 1, username="rizal", now=LATER)
    assert audit(ws, config).pelanggaran == []


def test_a_rewritten_manifest_and_an_unrecorded_version_are_named(tmp_path, config):
    ws, version = _documented(tmp_path, config)
    _hand_edit(version / "laporan" / "laporan.pdf", b"%PDF palsu")
    manifest = (version / MANIFEST).read_text().replace(
        sha256_file(ws.archive_dir(2025, 1) / BACKUP / "versi-1" / "laporan" / "laporan.pdf"),
        sha256_file(version / "laporan" / "laporan.pdf"))
    _hand_edit(version / MANIFEST, manifest.encode())
    forged = ws.archive_dir(2025, 1) / "versi-2"
    shutil.copytree(version, forged)
    texts = [p.pesan for p in audit(ws, config).pelanggaran]
    assert any("manifest.json diubah" in t for t in texts)
    assert any("laporan/laporan.pdf berubah" in t for t in texts)  # against the kept copy's list, not the rewritten one
    assert any("data/archive/2025/triwulan-1/versi-2 tidak tercatat" in t for t in texts)


def test_a_changed_published_set_is_named_and_restored_from_the_archive(tmp_path, config):
    """The issue's case: an exploration overwrote a documented quarter's published results."""
    ws, _version = _documented(tmp_path, config)
    published = current(ws.report_dir(2025, 1))
    original = published.path("laporan.pdf").read_bytes()
    published.path("laporan.pdf").write_bytes(b"%PDF 7 baris")
    texts = [p.pesan for p in audit(ws, config).pelanggaran]
    assert any(f"{published.folder.name}: laporan.pdf berubah" in t and "kinerja arsip pulihkan" in t for t in texts)
    act(ws, config, "pulihkan_arsip", 2025, 1, username="rizal", now=LATER)
    assert published.path("laporan.pdf").read_bytes() == original
    assert current(ws.report_dir(2025, 1)).folder == published.folder
    assert audit(ws, config).pelanggaran == []
    aside = list((ws.report_dir(2025, 1) / ".rusak").iterdir())
    assert len(aside) == 1 and (aside[0] / "laporan.pdf").read_bytes() == b"%PDF 7 baris"


def test_no_good_copy_left_is_refused_and_changes_nothing(tmp_path, config):
    ws, version = _documented(tmp_path, config)
    _hand_edit(version / "laporan" / "laporan.pdf", b"%PDF rusak")
    kept = backup_dir(ws, 2025, 1, 1)
    _hand_edit(kept / "laporan" / "laporan.pdf", b"%PDF rusak juga")
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "pulihkan_arsip", 2025, 1, username="rizal", now=LATER)
    assert info.value.reason == Alasan.ARSIP_TAK_TERPULIHKAN
    assert "salinan cadangannya" in str(info.value)
    assert (version / "laporan" / "laporan.pdf").read_bytes() == b"%PDF rusak"
    assert history(ws, 2025, 1)[-1].aksi == "dokumentasikan"


def test_the_annual_archive_is_restored_too(tmp_path, config):
    from _util_alur import drive_annual, publish_report

    from kinerja.alur.workflow import case_start

    ws = make_workspace(tmp_path)
    for triwulan in (1, 2, 3, 4):
        publish_report(ws, 2025, triwulan)
        drive(ws, config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, config))
    drive_annual(ws, config, files={"lkjip.pdf": b"%PDF tahunan"})
    version = ws.archive_dir(2025, None) / "versi-1"
    _hand_edit(version / "laporan" / "lkjip.pdf", b"%PDF diubah")
    found = run(ws, "audit", "verifikasi")
    assert found.exit_code == 1 and "data/archive/2025/tahunan/versi-1" in found.output
    assert "kinerja arsip pulihkan --tahun 2025`" in found.output  # no --triwulan for the annual report
    restored = run(ws, "arsip", "pulihkan", "--tahun", "2025")
    assert restored.exit_code == 0, restored.output
    assert (version / "laporan" / "lkjip.pdf").read_bytes() == b"%PDF tahunan"
    assert history(ws, 2025, None)[-1].aksi == "pulihkan_arsip_tahunan"
    assert run(ws, "audit", "verifikasi").exit_code == 0


def test_the_report_command_does_not_hand_out_a_damaged_final(tmp_path, config):
    """Before, `kinerja laporan triwulan` answered "sudah final" over a changed final set."""
    from kinerja.errors import ReportError
    from kinerja.laporan.jalan.runner import finalize_report

    ws, _version = _documented(tmp_path, config)
    published = current(ws.report_dir(2025, 1))
    assert "sudah final" in finalize_report(ws, config, 2025, 1).notes[-1]
    published.path("laporan.pdf").write_bytes(b"%PDF 7 baris")
    with pytest.raises(ReportError) as info:
        finalize_report(ws, config, 2025, 1)
    assert "laporan.pdf" in str(info.value) and "kinerja arsip pulihkan --tahun 2025 --triwulan 1" in str(info.value)
    act(ws, config, "pulihkan_arsip", 2025, 1, username="rizal", now=LATER)
    assert "sudah final" in finalize_report(ws, config, 2025, 1).notes[-1]


def _material_in_the_app(tmp_path, config):
    """TW I 2025 gathering its material: the sample office's clean workbooks uploaded by the analyst (dewi),
    each a signed ``simpan_bahan`` event with its checksum."""
    from _util_alur import clean_material


    ws = make_workspace(tmp_path / "kantor")
    drive(ws, config, "perintahkan")
    files = clean_material(make_workspace(tmp_path / "analis"), 2025, 1)
    for minute, path in enumerate(files):
        _upload(ws, config, path.name, path.read_bytes(), dt.datetime(2025, 4, 10, 10, minute))
    return ws, [ws.quarter_folder(2025, 1) / path.name for path in files]


def _upload(ws, config, name, content, now):
    from kinerja.alur.bahan import catat_simpan, terima_bahan

    hasil = terima_bahan(ws, config, 2025, 1, name, content, ganti=True)
    assert hasil.disimpan is not None, hasil.pesan
    catat_simpan(ws, config, 2025, 1, hasil, username="dewi", now=now)


def _material_findings(ws, config):
    return [v.pesan for v in audit(ws, config).pelanggaran if v.jenis == "bahan"]


def test_stored_workbooks_changed_removed_or_unrecorded_outside_the_app_are_named_and_stop_the_hand_over(tmp_path, config):
    from kinerja.alur.bahan import tarik_bahan, withdrawn_dir

    ws, (changed, removed, withdrawn, kept) = _material_in_the_app(tmp_path, config)
    assert _material_findings(ws, config) == []
    originals = {path.name: path.read_bytes() for path in (changed, removed, withdrawn)}
    changed.write_bytes(changed.read_bytes() + b"\0")          # edited on the shared folder
    removed.unlink()                                            # deleted in the file manager
    tarik_bahan(ws, config, 2025, 1, withdrawn.name, "unit salah kirim", username="dewi", now=dt.datetime(2025, 4, 10, 11, 0))
    shutil.copy2(next(withdrawn_dir(ws, 2025, 1).iterdir()), withdrawn)  # copied back by hand
    (ws.quarter_folder(2025, 1) / "titipan.xlsx").write_bytes(kept.read_bytes())  # dropped in, never uploaded

    found = _material_findings(ws, config)
    assert len(found) == 4, found
    [edited] = [m for m in found if changed.name in m]
    assert "berubah di luar aplikasi sesudah dicatat pada peristiwa #" in edited and "'simpan_bahan' oleh dewi" in edited
    assert "data/raw/2025/triwulan-1/" in edited and "TW I 2025" in edited
    assert any(removed.name in m and "hilang dari foldernya" in m for m in found)
    assert any(withdrawn.name in m and "ditarik pada peristiwa #" in m and "ada lagi" in m for m in found)
    assert any("titipan.xlsx" in m and "tanpa dicatat dalam riwayat" in m for m in found)
    assert not any(kept.name in m for m in found if "titipan" not in m)
    cli = run(ws, "audit", "verifikasi")
    assert cli.exit_code == 1 and changed.name in cli.output and "titipan.xlsx" in cli.output, cli.output

    with pytest.raises(ActionRefused) as refused:  # the hand-over is refused naming every file
        act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=dt.datetime(2025, 4, 10, 12, 0))
    assert refused.value.reason == Alasan.BAHAN_BERUBAH
    message = str(refused.value)
    assert message.startswith("Penyerahan bahan TW I 2025 ditolak: bahan yang tersimpan tidak sama dengan yang dicatat")
    assert all(name in message for name in (changed.name, removed.name, withdrawn.name, "titipan.xlsx"))

    (ws.quarter_folder(2025, 1) / "titipan.xlsx").unlink()  # put right through the app: nothing left to name
    withdrawn.unlink()
    for minute, (name, content) in enumerate(originals.items()):
        _upload(ws, config, name, content, dt.datetime(2025, 4, 10, 13, minute))
    assert _material_findings(ws, config) == []
    event = act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=dt.datetime(2025, 4, 10, 14, 0))
    assert event.aksi == "serahkan_bahan"


def test_a_quarter_whose_workbooks_were_never_recorded_is_a_note_not_a_finding(tmp_path, config):
    from _util_alur import clean_material

    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    clean_material(ws, 2025, 1)  # put into the folder by hand (the sample office's way)
    result = audit(ws, config)
    assert [v for v in result.pelanggaran if v.jenis == "bahan"] == []
    assert any(n.startswith("4 lembar kerja TW I 2025 (data/raw/2025/triwulan-1) tidak disimpan melalui aplikasi")
               for n in result.catatan), result.catatan
