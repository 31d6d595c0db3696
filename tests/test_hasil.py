"""Stored results (kinerja.laporan.hasil): the one module that writes and reads capaian/temuan/meta.json."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from kinerja import __version__
from kinerja.errors import WriteError
from kinerja.laporan.hasil import META_KEYS, read_results, scratch_dir, write_quarter, write_results, write_year
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
        "dikecualikan": [{"berkas": "umum.xlsx", "baris": 9, "indikator": "Indeks kepuasan"}], "sumber": str(tmp_path / "raw"),
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


def test_explorations_go_to_a_scratch_folder_outside_the_workspace(tmp_path):
    import tempfile
    from pathlib import Path

    assert scratch_dir(2025, 2) == Path(tempfile.gettempdir()) / "kinerja-jelajah" / "2025" / "triwulan-2"
    assert scratch_dir(2025, None).name == "tahunan"


def test_official_annual_results_only_from_a_documented_whole_office_report(tmp_path, config):
    """No annual report: nothing to explain; a DRAF: the reason; documented but of one unit: refused."""
    from _util_alur import drive, make_workspace, publish_report

    from kinerja.alur.workflow import act, case_start
    from kinerja.errors import ReportError
    from kinerja.laporan.hasil import official_annual_results, table_records

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
    publish_report(ws, 2024, None, final=True, files=files)
    act(ws, config, "dokumentasikan_tahunan", 2024, None, username="rizal", now=dt.datetime(2025, 1, 20, 9, 0))
    with pytest.raises(ReportError) as info:
        official_annual_results(ws, config, 2024)
    assert "hanya mencakup unit umum" in str(info.value)
