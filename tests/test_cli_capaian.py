"""`kinerja capaian` end to end: real workbooks in tmp_path, the real reader and validator."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from kinerja.capaian.tabel import PUBLIC_COLUMNS, capaian_table
from kinerja.lembar.template import build_workbook, document_timestamp, save_workbook
from kinerja.lembar.validate import validate_workbooks
from kinerja.paths import SAMPLE_CONFIG

TAHUN = 2025


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a fresh process, with ``tmp_path`` as a sample workspace (a wide terminal)."""
    import os

    (tmp_path / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    return subprocess.run(
        [sys.executable, "-m", "kinerja.cli.commands", "--ruang-kerja", str(tmp_path), "capaian", *args],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, env=dict(os.environ, COLUMNS="250"),
    )


@pytest.fixture(scope="module")
def sample_folder(sample_raw) -> Path:
    """The session's sample year (4 quarters x 4 units); only triwulan II has mistakes."""
    return sample_raw / str(TAHUN)


def unit_workbook(path: Path, config, rows: list[dict[str, object]]) -> Path:
    unit = config.unit_by_name("IRBAN-1")
    pptk = next(p for p in config.people_with_role("pptk") if p.unit == unit.kode)
    base = {"sasaran": "Meningkatnya kualitas pengawasan", "satuan": "%", "arah": "Positif", "pptk": pptk.nama,
            "unit": unit.nama, "metode": "Akhir periode"}
    full = [{**base, **row} for row in rows]
    workbook = build_workbook(TAHUN, config, rows=full, metadata={"unit": unit.nama})
    return save_workbook(workbook, path, timestamp=document_timestamp(TAHUN))


def test_json_keys_are_exactly_the_public_columns(sample_folder, tmp_path, config):
    folder = sample_folder / "triwulan-3"
    result = run_cli(tmp_path, str(folder), "--tahun", str(TAHUN), "--triwulan", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and all(list(record) == list(PUBLIC_COLUMNS) for record in records)
    expected = capaian_table(validate_workbooks([folder], config, tahun=TAHUN, triwulan=3).data, config, 3)
    assert len(records) == len(expected)
    for record, (_, row) in zip(records, expected.iterrows(), strict=True):
        assert record["indikator"] == row["indikator"]
        if math.isnan(row["capaian"]):
            assert record["capaian"] is None and record["predikat"] is None
        else:
            assert record["capaian"] == pytest.approx(row["capaian"])
            assert record["predikat"] == row["predikat"]
    assert any(isinstance(r["capaian"], float) for r in records)
    assert any(isinstance(r["target"], str) for r in records)  # qualitative or range targets of the sample


def test_galat_rows_stay_and_say_why(sample_folder, tmp_path, config):
    # TW II of the sample: a typo in a budget cell must not hide the indicator's capaian; a
    # galat in the indicator's own cell makes it "tidak dihitung" with the place, in its row.
    folder = sample_folder / "triwulan-2"
    result = run_cli(tmp_path, str(folder), "--tahun", str(TAHUN), "--triwulan", "2", "--format", "json")
    assert result.returncode == 1
    assert "persen_tidak_wajar" in result.stderr and "Traceback" not in result.stderr
    records = json.loads(result.stdout)
    expected = validate_workbooks([folder], config, tahun=TAHUN, triwulan=2).data
    assert len(records) == len(expected)  # every indicator keeps its row
    by_key = {(r["unit"], r["kode"]): r for r in records}
    assert len(by_key) == len(records)
    tindak_lanjut = by_key[("IRBAN-1", "IKU-03")]  # realisasi 222 typed into a % indicator
    assert tindak_lanjut["capaian"] is None and tindak_lanjut["predikat"] is None
    tujuan = by_key[("IRBAN-KHUSUS", "IK-4.1")]  # "belum ada" in its realisasi anggaran TW II
    assert tujuan["capaian"] == pytest.approx(100.0) and tujuan["realisasi_anggaran"] is None
    assert tujuan["pagu"] == 160_000_000.0
    reviu = by_key[("IRBAN-2", "IK-3.3")]  # realisasi anggaran above the pagu
    assert reviu["capaian"] == pytest.approx(100.0) and reviu["serapan"] is None
    table = run_cli(tmp_path, str(folder), "--tahun", str(TAHUN), "--triwulan", "2")
    assert "tidak dihitung: galat di rencana-aksi-irban-1.xlsx sel" in table.stdout


def test_exact_values_through_real_workbooks(tmp_path, config):
    rows = [
        {"indikator": "Persentase rekomendasi ditindaklanjuti", "target_tahunan": 90, "target_triwulan_1": 80,
         "target_triwulan_2": 85, "realisasi_triwulan_1": "70", "realisasi_triwulan_2": "76,5",
         "pagu": "Rp 10.000.000", "realisasi_anggaran_triwulan_1": 2_000_000, "realisasi_anggaran_triwulan_2": "3.000.000"},
        {"indikator": "Jumlah laporan hasil pengawasan", "satuan": "laporan", "metode": "Kumulatif", "target_tahunan": 40,
         "target_triwulan_1": 10, "target_triwulan_2": 10, "target_triwulan_3": 10, "target_triwulan_4": 10,
         "realisasi_triwulan_1": 9, "realisasi_triwulan_2": 12},
        {"indikator": "Jumlah temuan berulang", "satuan": "temuan", "arah": "Negatif", "metode": "Kumulatif",
         "target_tahunan": 8, "target_triwulan_1": 2, "target_triwulan_2": 2, "target_triwulan_3": 2,
         "target_triwulan_4": 2, "realisasi_triwulan_1": 1, "realisasi_triwulan_2": 2},
        {"indikator": "Nilai evaluasi SAKIP", "satuan": "nilai", "target_tahunan": "70 - 80", "target_triwulan_2": "70 - 80",
         "realisasi_triwulan_2": 84},
        {"indikator": "Opini BPK atas LKPD", "satuan": "opini", "target_tahunan": "WTP", "realisasi_triwulan_2": "WDP"},
    ]
    path = unit_workbook(tmp_path / "irban-1.xlsx", config, rows)
    result = run_cli(tmp_path, str(path), "--tahun", str(TAHUN), "--triwulan", "2", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = {r["indikator"]: r for r in json.loads(result.stdout)}
    persen = records["Persentase rekomendasi ditindaklanjuti"]
    assert (persen["target"], persen["realisasi"]) == (85.0, 76.5)
    assert persen["capaian"] == pytest.approx(90.0) and persen["predikat"] == "Tinggi"
    assert (persen["pagu"], persen["realisasi_anggaran"], persen["serapan"]) == (10_000_000.0, 5_000_000.0, 50.0)
    assert persen["efisiensi"] is None  # TW II without an anggaran kas: efisiensi is not judged mid-year
    assert persen["unit"] == "IRBAN-1" and persen["kode"].startswith("IND-")  # no Kode Indikator column: derived
    laporan = records["Jumlah laporan hasil pengawasan"]
    assert (laporan["target"], laporan["realisasi"], laporan["capaian"]) == (20.0, 21.0, pytest.approx(105.0))
    assert laporan["serapan"] is None and laporan["efisiensi"] is None
    assert records["Jumlah temuan berulang"]["capaian"] == pytest.approx(125.0)
    sakip = records["Nilai evaluasi SAKIP"]
    assert sakip["target"] == "70–80" and sakip["capaian"] == pytest.approx(105.0)
    opini = records["Opini BPK atas LKPD"]
    assert (opini["target"], opini["realisasi"], opini["capaian"]) == ("WTP", "WDP", pytest.approx(75.0))


def test_table_format_is_indonesian(sample_folder, tmp_path):
    result = run_cli(tmp_path, str(sample_folder / "triwulan-1"), "--tahun", str(TAHUN), "--triwulan", "1")
    assert result.returncode == 0, result.stderr
    assert "Indikator" in result.stdout and "Capaian" in result.stdout
    assert "%" in result.stdout and "Serapan" in result.stdout and "Unit" in result.stdout
    assert "," in result.stdout  # Indonesian decimals: 85,50%


def test_xlsx_output(sample_folder, tmp_path, config):
    keluaran = tmp_path / "laporan" / "capaian.xlsx"
    result = run_cli(tmp_path, str(sample_folder / "triwulan-4"), "--tahun", str(TAHUN), "--triwulan", "4",
                     "--format", "xlsx", "--keluaran", str(keluaran))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(keluaran)["Capaian"]
    assert sheet["A1"].value == config.instansi.nama
    assert sheet["A2"].value == f"Capaian Kinerja Triwulan IV Tahun {TAHUN}"
    assert [sheet.cell(4, col).value for col in (2, 3, 4)] == ["Unit", "Kode", "Indikator Kinerja"]
    indicators = [sheet.cell(row, 4).value for row in range(5, sheet.max_row + 1)]
    expected = validate_workbooks([sample_folder / "triwulan-4"], config, tahun=TAHUN, triwulan=4).data
    assert indicators == expected["indikator"].tolist()


def test_usage_errors_exit_2_without_traceback(sample_folder, tmp_path):
    no_output = run_cli(tmp_path, str(sample_folder / "triwulan-1"), "--tahun", str(TAHUN), "--triwulan", "1", "--format", "xlsx")
    assert no_output.returncode == 2 and "--keluaran" in no_output.stderr and "Traceback" not in no_output.stderr
    bad_quarter = run_cli(tmp_path, str(sample_folder / "triwulan-1"), "--tahun", str(TAHUN), "--triwulan", "5")
    assert bad_quarter.returncode == 2 and "Traceback" not in bad_quarter.stderr


def test_unreadable_workbook_is_a_finding_not_a_crash(tmp_path):
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 ini bukan lembar kerja")
    keluaran = tmp_path / "capaian.xlsx"
    result = run_cli(tmp_path, str(broken), "--tahun", str(TAHUN), "--triwulan", "1", "--format", "xlsx",
                     "--keluaran", str(keluaran))
    assert result.returncode == 1
    assert "berkas_rusak" in result.stderr and "Traceback" not in result.stderr
    assert not keluaran.exists()
