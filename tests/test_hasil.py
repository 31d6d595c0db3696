"""Stored results (kinerja.laporan.model.hasil): the one module that writes and reads capaian/temuan/meta.json."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from kinerja import __version__
from kinerja.errors import WriteError
from kinerja.laporan.model.hasil import META_KEYS, read_results, scratch_dir, write_quarter, write_results, write_year
from kinerja.lembar import findings as aturan

DIBUAT = dt.datetime(2025, 7, 9, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TABEL = pd.DataFrame({"unit": ["umum", "umum"], "kode": ["IKU-01", "IKU-02"], "capaian": [105.0, float("nan")],
                      "target_tahunan": ["80–90", "WTP"]})
BERKAS = [{"berkas": "umum.xlsx", "nama": "umum.xlsx", "sha256": "ab" * 32, "unit": "Sub Bagian Umum",
           "tanggal_penyampaian": "2025-07-08"}]


def test_a_quarter_is_stored_with_its_findings_and_meta(tmp_path):
    temuan = [
        aturan.NILAI_NEGATIF.temuan("umum.xlsx", "Rencana Aksi", "F9", "Target TW I", nilai="-5"),
        aturan.TARGET_NOL.temuan("umum.xlsx", "Rencana Aksi", "E10", "Target Tahunan"),
        aturan.TARGET_NOL.temuan("umum.xlsx", "Rencana Aksi", "E11", "Target Tahunan"),
    ]
    excluded = pd.DataFrame([{"berkas": "umum.xlsx", "baris": 9, "indikator": "Indeks kepuasan"}])
    written = write_quarter(tmp_path, TABEL, temuan, tahun=2025, triwulan=2, unit="", dibuat=DIBUAT, berkas=BERKAS,
                            dikecualikan=excluded, sumber=tmp_path / "raw")
    assert [p.name for p in written] == ["capaian.json", "temuan.json", "meta.json"]
    stored = read_results(tmp_path)
    assert stored is not None
    assert stored.meta == {
        "tahun": 2025, "triwulan": 2, "unit": "", "dibuat": "2025-07-09T10:30:00+07:00", "versi": __version__,
        "berkas": BERKAS, "galat": 1, "peringatan": 2,
        "dikecualikan": [{"berkas": "umum.xlsx", "baris": 9, "indikator": "Indeks kepuasan"}], "sumber": "raw",  # no machine path, even without the workspace named (stored_results_name_no_folder...)
    }
    assert stored.temuan["kode"].tolist() == ["nilai_negatif", "target_nol", "target_nol"]
    assert stored.temuan.loc[0, "pesan"] == "Nilai -5 negatif; isi angka 0 atau lebih."
    assert stored.capaian["kode"].tolist() == ["IKU-01", "IKU-02"]
    assert stored.capaian.loc[0, "capaian"] == 105.0 and pd.isna(stored.capaian.loc[1, "capaian"])
    assert "NaN" not in (tmp_path / "capaian.json").read_text(encoding="utf-8")  # null, valid JSON for any reader


def test_a_year_is_stored_without_findings(tmp_path):
    write_year(tmp_path, TABEL, tahun=2025, unit="umum", dibuat=DIBUAT, berkas=[], sumber_triwulan=4,
               masalah=["persetujuan Sekretaris belum tercatat untuk Triwulan IV"])
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert set(META_KEYS) <= set(meta)
    assert meta["triwulan"] is None and meta["sumber_triwulan"] == 4 and meta["unit"] == "umum"
    assert meta["masalah"] == ["persetujuan Sekretaris belum tercatat untuk Triwulan IV"]
    assert json.loads((tmp_path / "temuan.json").read_text(encoding="utf-8")) == []


def test_a_write_that_fails_leaves_no_set_that_looks_complete(tmp_path):
    write_results(tmp_path, TABEL, [], {"tahun": 2024})
    assert read_results(tmp_path).meta == {"tahun": 2024}
    (tmp_path / "temuan.json").unlink()
    (tmp_path / "temuan.json").mkdir()  # the findings file cannot be replaced
    with pytest.raises(WriteError):
        write_results(tmp_path, TABEL.head(1), [], {"tahun": 2025})
    # the new capaian.json is there, but without meta.json nobody takes it for a whole set
    assert read_results(tmp_path) is None


def test_explorations_go_to_the_users_own_cache_one_folder_per_workspace(tmp_path, monkeypatch):
    import stat
    import tempfile
    from pathlib import Path

    from kinerja.paths import Workspace

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    one, other = Workspace(tmp_path / "kantor-a"), Workspace(tmp_path / "kantor-b")
    folder = scratch_dir(one, 2025, 2)
    assert folder.is_relative_to(tmp_path / "cache" / "kinerja" / "jelajah")
    assert folder.parts[-2:] == ("2025", "triwulan-2") and folder.parent.parent.name.startswith("kantor-a-")
    assert scratch_dir(other, 2025, 2) != folder and scratch_dir(one, 2025, None).name == "tahunan"
    assert not folder.is_relative_to(Path(tempfile.gettempdir()) / "kinerja-jelajah")  # not the old shared folder
    assert stat.S_IMODE((tmp_path / "cache" / "kinerja").stat().st_mode) == 0o700  # nobody else looks in


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX: the fallback folder is named by the uid")
def test_without_a_usable_home_the_scratch_is_still_the_users_own(tmp_path, monkeypatch):
    import os
    import stat

    from kinerja.paths import user_cache_dir

    blocked = tmp_path / "berkas"
    blocked.write_text("bukan folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # cannot hold a folder
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = user_cache_dir()
    assert folder == tmp_path / f"kinerja-{os.getuid()}" and stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_stored_results_name_no_folder_of_the_machine(tmp_path):
    root = tmp_path / "kantor"
    raw = root / "data" / "raw" / "2025" / "triwulan-2"
    berkas = [{**BERKAS[0], "berkas": str(raw / "umum.xlsx")}, {**BERKAS[0], "berkas": "/lain/luar.xlsx", "nama": "luar.xlsx"}]
    tabel = TABEL.assign(berkas=[str(raw / "umum.xlsx"), "/lain/luar.xlsx"])
    excluded = pd.DataFrame([{"berkas": str(raw / "umum.xlsx"), "baris": 9, "indikator": "Indeks kepuasan"}])
    write_quarter(tmp_path, tabel, [aturan.TARGET_NOL.temuan(str(raw / "umum.xlsx"), "Rencana Aksi", "E10", "Target")],
                  tahun=2025, triwulan=2, unit="", dibuat=DIBUAT, berkas=berkas, dikecualikan=excluded, sumber=raw, root=root)
    for name in ("capaian.json", "temuan.json", "meta.json"):
        assert str(tmp_path) not in (tmp_path / name).read_text(encoding="utf-8"), name
    stored = read_results(tmp_path)
    assert stored.meta["sumber"] == "data/raw/2025/triwulan-2"
    assert [b["berkas"] for b in stored.meta["berkas"]] == ["data/raw/2025/triwulan-2/umum.xlsx", "luar.xlsx"]
    assert stored.capaian["berkas"].tolist() == ["data/raw/2025/triwulan-2/umum.xlsx", "luar.xlsx"]
    assert stored.temuan.loc[0, "berkas"] == "data/raw/2025/triwulan-2/umum.xlsx"


def test_official_annual_results_only_from_a_documented_whole_office_report(tmp_path, config):
    """No annual report: nothing to explain; a DRAF: the reason; documented but of one unit: refused."""
    from _util_alur import drive, drive_annual, make_workspace, publish_report

    from kinerja.alur.workflow import case_start
    from kinerja.errors import ReportError
    from kinerja.laporan.model.hasil import official_annual_results, table_records

    ws = make_workspace(tmp_path)
    assert official_annual_results(ws, config, 2024) == (None, "")
    files = {"capaian.json": json.dumps(table_records(TABEL)).encode(), "temuan.json": b"[]",
             "meta.json": json.dumps({"tahun": 2024, "unit": "umum"}).encode()}
    publish_report(ws, 2024, None, files=files)
    assert official_annual_results(ws, config, 2024) == (
        None, "belum didokumentasikan (laporan terkini versi-1 masih DRAF)")
    for triwulan in (1, 2, 3, 4):
        publish_report(ws, 2024, triwulan)
        drive(ws, config, "dokumentasikan", tahun=2024, triwulan=triwulan, start=case_start(2024, triwulan, config))
    drive_annual(ws, config, tahun=2024, files=files)
    with pytest.raises(ReportError) as info:
        official_annual_results(ws, config, 2024)
    assert "hanya mencakup unit umum" in str(info.value)


def _results(capaian: list[float], tahun: int, triwulan: int | None) -> dict[str, bytes]:
    """A whole-office report set's stored results, as hasil writes them."""
    from kinerja.laporan.model.hasil import table_records

    table = TABEL.assign(unit=["IRBAN-1", "IRBAN-1"], capaian=capaian, realisasi=capaian)
    return {"capaian.json": json.dumps(table_records(table)).encode(), "temuan.json": b"[]",
            "meta.json": json.dumps({"tahun": tahun, "triwulan": triwulan, "unit": ""}).encode()}


def _rearchive(ws, tahun: int, triwulan: int | None, capaian: list[float]):
    """A different final set archived with the real archive code but without the workflow (no
    event records it): what a re-run of the documenting code by hand, or a copied folder, leaves."""
    from _util_alur import publish_report

    from kinerja.alur.archive import document

    publish_report(ws, tahun, triwulan, files=_results(capaian, tahun, triwulan))
    final = publish_report(ws, tahun, triwulan, final=True, files=_results(capaian, tahun, triwulan))
    return document(ws, tahun, triwulan, pengguna="rizal", waktu=dt.datetime(tahun + 1, 3, 1, 9, 0),
                    laporan_disetujui=final.info.get("dasar", ""))


def _rewrite_manifest(folder, capaian: list[float], tahun: int, triwulan: int | None) -> None:
    """Change the archived figures and rewrite the manifest to match them (the files then agree
    with the manifest; only the checksum recorded in the workflow can tell)."""
    import hashlib

    target = folder / "laporan" / "capaian.json"
    target.chmod(0o644)
    target.write_bytes(_results(capaian, tahun, triwulan)["capaian.json"])
    manifest_file = folder / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    for entry in manifest["berkas"]:
        if entry["berkas"] == "laporan/capaian.json":
            entry["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
            entry["ukuran"] = target.stat().st_size
    manifest_file.chmod(0o644)
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def test_the_annual_figures_come_from_the_archive_version_the_workflow_recorded(tmp_path, config):
    """Documented annual report used; a later unrecorded versi-2 is never taken for it; a rewritten
    manifest (figures changed, manifest made to agree) is refused with the year, folder and checksum."""
    import hashlib

    from _util_alur import drive, drive_annual, make_workspace, publish_report

    from kinerja.alur.archive import verify_version
    from kinerja.alur.workflow import approval, case_start
    from kinerja.errors import ReportError
    from kinerja.laporan.model.hasil import official_annual_results
    from kinerja.laporan.model.riwayat import load_referensi

    ws = make_workspace(tmp_path)
    for triwulan in (1, 2, 3, 4):
        publish_report(ws, 2024, triwulan)
        drive(ws, config, "dokumentasikan", tahun=2024, triwulan=triwulan, start=case_start(2024, triwulan, config))
    event = drive_annual(ws, config, tahun=2024, files=_results([91.0, 77.0], 2024, None))
    first = ws.archive_dir(2024) / "versi-1"
    state = approval(ws, config, 2024, None)
    assert state.arsip == event.sha256 == hashlib.sha256((first / "manifest.json").read_bytes()).hexdigest()
    assert state.arsip_berkas == "data/archive/2024/tahunan/versi-1"
    hasil, reason = official_annual_results(ws, config, 2024)
    assert reason == "" and hasil.folder == first / "laporan" and hasil.capaian["capaian"].tolist() == [91.0, 77.0]

    # a different set archived later as versi-2 without the workflow: whole and self-consistent, never used
    extra = _rearchive(ws, 2024, None, [40.0, 30.0])
    assert extra.path.name == "versi-2" and verify_version(extra.path) == []
    hasil, _ = official_annual_results(ws, config, 2024)
    assert hasil.folder == first / "laporan" and hasil.capaian["capaian"].tolist() == [91.0, 77.0]
    ref = load_referensi(ws, config, 2025)  # what the next year's comparison table and Form E.81 print
    assert ref.tahun[2024] == {("IRBAN-1", "IKU-01"): 91.0, ("IRBAN-1", "IKU-02"): 77.0} and ref.catatan == {}
    # the documented version's manifest rewritten to agree with changed figures: refused, nothing shown
    _rewrite_manifest(first, [99.0, 99.0], 2024, None)
    assert verify_version(first) == []  # the files agree with the (rewritten) manifest
    with pytest.raises(ReportError) as info:
        official_annual_results(ws, config, 2024)
    message = str(info.value)
    assert "Arsip laporan tahunan 2024 di data/archive/2024/tahunan" in message
    assert f"diharapkan versi-1 dengan checksum manifest {event.sha256}" in message
    assert "versi yang ada (versi-1, versi-2) tidak cocok" in message
    with pytest.raises(ReportError):
        load_referensi(ws, config, 2025)


def test_a_documented_quarter_is_read_from_the_version_the_workflow_recorded(tmp_path, config):
    """The same rule for quarters (one home, hasil.documented_folder): an unrecorded later version is
    not the quarter's approved figures; a rewritten manifest is refused."""
    from _util_alur import drive, make_workspace, publish_report

    from kinerja.alur.workflow import act, case_start
    from kinerja.errors import ReportError
    from kinerja.laporan.model.hasil import official_results

    ws = make_workspace(tmp_path)
    publish_report(ws, 2025, 1, files=_results([88.0, 66.0], 2025, 1))
    drive(ws, config, "setujui", tahun=2025, triwulan=1, start=case_start(2025, 1, config))
    publish_report(ws, 2025, 1, final=True, files=_results([88.0, 66.0], 2025, 1))  # the final rendering of the approved set
    act(ws, config, "dokumentasikan", 2025, 1, username="rizal", now=dt.datetime(2025, 4, 20, 9, 0))
    first = ws.archive_dir(2025, 1) / "versi-1"
    hasil, reason = official_results(ws, config, 2025, 1)
    assert reason == "" and hasil.folder == first / "laporan" and hasil.capaian["capaian"].tolist() == [88.0, 66.0]
    assert _rearchive(ws, 2025, 1, [10.0, 20.0]).path.name == "versi-2"
    hasil, _ = official_results(ws, config, 2025, 1)
    assert hasil.folder == first / "laporan" and hasil.capaian["capaian"].tolist() == [88.0, 66.0]
    _rewrite_manifest(first, [99.0, 99.0], 2025, 1)
    with pytest.raises(ReportError) as info:
        official_results(ws, config, 2025, 1)
    assert "Arsip Triwulan I 2025 di data/archive/2025/triwulan-1 tidak memuat versi yang didokumentasikan" in str(info.value)
