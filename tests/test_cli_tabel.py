"""Terminal output that fits: `validasi`, `capaian` and `status` at 100 columns; the same rows as CSV/JSON/xlsx; click in Indonesian."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kinerja.cli import main
from kinerja.cli.tabel import column_widths


def run(ws, *args, columns: int = 100):
    return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args], env={"COLUMNS": str(columns)})


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_validasi_capaian_status_fit_in_100_columns(sample_workspace):
    ws = sample_workspace
    found = run(ws, "validasi", str(ws.raw_for(2025, 2)), "--tahun", "2025", "--triwulan", "2")
    assert found.exit_code == 1 and "persen_tidak_wajar" in found.output  # the sample's TW II mistakes
    table = run(ws, "capaian", str(ws.raw_for(2025, 1)), "--tahun", "2025", "--triwulan", "1")
    assert table.exit_code == 0 and "IRBAN-1" in table.output and "Unit" in table.output
    status = run(ws, "status", "--tahun", "2025")
    assert status.exit_code == 0 and "Bertindak" in status.output
    for result in (found, table, status):
        assert widest(result.output) <= 100, result.output
    # the long texts are wrapped inside their cells, not cut: every word of a message is there
    message = next(line for line in found.output.splitlines() if "Nilai 222" in line)
    assert "Nilai 222" in message and "absolut." in found.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_same_rows_as_csv_and_xlsx(sample_workspace, tmp_path, fmt):
    ws = sample_workspace
    target = tmp_path / f"temuan.{fmt}"
    result = run(ws, "validasi", str(ws.raw_for(2025, 2)), "--tahun", "2025", "--triwulan", "2", "--format", fmt,
                 "--keluaran", str(target))
    as_json = json.loads(run(ws, "validasi", str(ws.raw_for(2025, 2)), "--tahun", "2025", "--triwulan", "2",
                             "--format", "json").output)
    assert result.exit_code == 1  # the galat still decides the exit code
    if fmt == "csv":
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0].split(",")[:3] == ["berkas", "lembar", "sel"] and len(lines) == len(as_json) + 1
    else:
        sheet = load_workbook(target).active
        assert sheet.max_row == len(as_json) + 1 and sheet.title == "Temuan"


def test_xlsx_needs_a_target_and_says_so_in_indonesian(sample_workspace):
    result = run(sample_workspace, "status", "--tahun", "2025", "--format", "xlsx")
    assert result.exit_code == 2 and "--keluaran" in result.output


def test_click_usage_errors_are_indonesian(sample_workspace):
    missing = run(sample_workspace, "capaian", "x", "--tahun", "2025")
    assert missing.exit_code == 2
    assert "Galat: Opsi wajib belum diisi: '--triwulan'." in missing.output and "Missing" not in missing.output
    wrong = run(sample_workspace, "status", "--triwulan", "9")
    assert "Nilai tidak valid untuk '--triwulan'" in wrong.output and "di luar rentang" in wrong.output
    typo = run(sample_workspace, "statu")
    assert "Tidak ada perintah 'statu'" in typo.output and "Maksud Anda 'status'?" in typo.output
    assert "Cara pakai:" in typo.output


def test_widths_share_the_room_and_keep_short_columns_whole():
    widths = column_widths(["Unit", "Pesan", "Kode"], [["IRBAN-1", "kata " * 40, "x1"]], 60)
    assert widths[0] == len("IRBAN-1") and widths[2] == len("Kode") and sum(widths) + 5 <= 60
