"""The capaian table as an Excel sheet: written atomically, read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest
from test_capaian import _sample_table, frame, make_row

from kinerja.capaian.tabel import BELUM_DIUKUR, DIHITUNG, TIDAK_DAPAT_DIUKUR, capaian_table
from kinerja.errors import WriteError
from kinerja.laporan.render.excel import write_capaian_xlsx


def test_write_capaian_xlsx(tmp_path, config):
    table = _sample_table(config)
    target = write_capaian_xlsx(table, tmp_path / "out" / "capaian.xlsx", tahun=2025, triwulan=2, config=config)
    assert target.is_file()
    assert [p.name for p in target.parent.iterdir()] == ["capaian.xlsx"]
    sheet = openpyxl.load_workbook(target)["Capaian"]
    assert sheet["A1"].value == config.instansi.nama
    assert "Triwulan II" in sheet["A2"].value and "2025" in sheet["A2"].value
    header = [c.value for c in sheet[4]]
    assert "Indikator Kinerja" in header and "Capaian (%)" in header and "Keterangan" in header
    capaian_col = header.index("Capaian (%)")
    values = [sheet.cell(row, capaian_col + 1).value for row in range(5, 9)]
    assert values[0] == pytest.approx(72.676 / 85 * 100)
    assert values[1] is None and values[2] is None  # not evaluable: empty cell, status says why
    assert sheet.cell(5, capaian_col + 1).number_format == "0.00"
    assert sheet.freeze_panes == "C5"
    status = [sheet.cell(row, header.index("Status") + 1).value for row in range(5, 9)]
    assert status == [DIHITUNG, TIDAK_DAPAT_DIUKUR, BELUM_DIUKUR, DIHITUNG]


def test_write_capaian_xlsx_tahunan_title(tmp_path, config):
    rows = [make_row(target_tahunan=10.0, realisasi=(10.0,))]
    table = capaian_table(frame(*rows), config, 4, tahunan=True)
    path = write_capaian_xlsx(table, tmp_path / "t.xlsx", tahun=2025, triwulan=4, config=config)
    assert openpyxl.load_workbook(path)["Capaian"]["A2"].value == "Capaian Kinerja Tahunan 2025"


def test_write_capaian_xlsx_failure_leaves_no_temp_file(tmp_path, config):
    occupied = tmp_path / "capaian.xlsx"  # a folder where the file should go: the final rename fails
    occupied.mkdir()
    (occupied / "isi.txt").write_text("jangan hilang")
    with pytest.raises(WriteError, match="folder"):
        write_capaian_xlsx(_sample_table(config), occupied, tahun=2025, triwulan=2, config=config)
    assert [p.name for p in tmp_path.iterdir()] == ["capaian.xlsx"]
    assert (occupied / "isi.txt").read_text() == "jangan hilang"


def test_write_capaian_xlsx_strips_control_characters(tmp_path, config):
    table = _sample_table(config)
    table["kendala"] = table["kendala"].astype(object)
    table.at[0, "kendala"] = "Data\x01 terlambat\x0b"
    path = write_capaian_xlsx(table, tmp_path / "c.xlsx", tahun=2025, triwulan=2, config=config)
    sheet = openpyxl.load_workbook(path)["Capaian"]
    header = [c.value for c in sheet[4]]
    assert sheet.cell(5, header.index("Kendala") + 1).value == "Data terlambat"
