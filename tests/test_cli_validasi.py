"""`kinerja validasi`: exit codes, JSON keys, annotated copies, no traceback on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from _util_validasi import good_row, write_workbook
from click.testing import CliRunner

from kinerja.cli.commands import main

KEYS = {"berkas", "lembar", "sel", "kolom", "kode", "tingkat", "pesan"}


def invoke(*args: str):
    return CliRunner().invoke(main, ["validasi", *args])


def test_clean_workbook_exit_0(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [good_row()])
    result = invoke(str(path), "--tahun", "2025", "--triwulan", "2")
    assert result.exit_code == 0, result.output
    assert "Tidak ada temuan" in result.output


def test_galat_exit_1_and_json_keys(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [good_row(pagu="banyak", pptk="Siapa")])
    result = invoke(str(path), "--format", "json", "--triwulan", "2")
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert all(set(r) == KEYS for r in records)
    assert {(r["kode"], r["tingkat"]) for r in records} == {("bukan_angka", "galat"), ("pptk_tidak_dikenal", "peringatan")}


def test_warnings_only_exit_0(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [good_row(unit="Bidang Lain")])
    result = invoke(str(path), "--format", "json")
    assert result.exit_code == 0
    assert [r["kode"] for r in json.loads(result.stdout)] == ["unit_tidak_dikenal"]


def test_usage_errors_exit_2(tmp_path):
    assert invoke().exit_code == 2
    assert invoke(str(tmp_path), "--format", "html").exit_code == 2
    assert invoke(str(tmp_path), "--format", "xlsx").exit_code == 2  # needs --keluaran
    assert invoke(str(tmp_path), "--triwulan", "5").exit_code == 2


def test_tandai_writes_copies(tmp_path):
    path = write_workbook(tmp_path / "in" / "a.xlsx", [good_row(pagu="banyak")])
    out = tmp_path / "tanda"
    result = invoke(str(path), "--tandai", str(out))
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir()] == ["a-bertanda.xlsx"]


def test_bad_files_give_findings_not_tracebacks(tmp_path):
    (tmp_path / "kosong.xlsx").write_bytes(b"")
    (tmp_path / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04garbage")
    result = subprocess.run(
        [sys.executable, "-m", "kinerja.cli.commands", "validasi", str(tmp_path), str(tmp_path / "hilang.xlsx"), "--format", "json",
         "--tandai", str(tmp_path / "tanda")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert {r["kode"] for r in json.loads(result.stdout)} == {"berkas_kosong", "berkas_bukan_xlsx", "berkas_rusak", "berkas_tidak_ada"}
    assert not (tmp_path / "tanda").exists() or not any((tmp_path / "tanda").iterdir())


def test_tandai_on_a_file_is_a_usage_error(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [good_row()])
    result = invoke(str(path), "--tandai", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
