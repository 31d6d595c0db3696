"""The office's own riwayat workbook: written from its indicators, checked like a Rencana Aksi workbook,
read back into the LKjIP's comparison; and the January checklist."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from kinerja.cli.commands import main
from kinerja.config import load_workspace_config
from kinerja.laporan.model.riwayat import load_referensi, riwayat_path
from kinerja.paths import Workspace
from kinerja.workspace import init_workspace


@pytest.fixture
def sample_ws(tmp_path) -> Workspace:
    ws = init_workspace(tmp_path / "kantor", contoh=True)
    riwayat_path(ws.root).unlink()  # an office starts without one
    return ws


def run(ws, *args):
    return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args])


def _rows(path):
    sheet = openpyxl.load_workbook(path)["Riwayat"]
    return sheet, [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_template_lists_the_offices_indicators_and_round_trips_into_the_comparison(sample_ws):
    ws = sample_ws
    made = run(ws, "riwayat", "templat", "--tahun", "2026")
    assert made.exit_code == 0, made.output
    assert "29 indikator dari data/raw/2025/triwulan-4" in made.output
    path = riwayat_path(ws.root)
    sheet, rows = _rows(path)
    assert rows[0] == ["Unit", "Kode Indikator", "Indikator", "Satuan", "Target Akhir Renstra", "Periode Renstra", "Standar",
                       "Sumber Standar", "Realisasi 2024", "Realisasi 2025"]
    assert len(rows) == 30 and all(r[0] and r[1] for r in rows[1:]) and all(r[4] is None for r in rows[1:])
    config = load_workspace_config(ws.root)
    from kinerja.capaian.tabel import capaian_table
    from kinerja.lembar.validate import validate_workbooks

    year = capaian_table(validate_workbooks([ws.raw_for(2025, 4)], config, tahun=2025, triwulan=4).data, config, 4)
    assert {(r[0], r[1]) for r in rows[1:]} == set(zip(year["unit"], year["kode"], strict=True))  # the join keys

    unit, kode = rows[1][0], rows[1][1]
    sheet.cell(2, 5, 95)
    sheet.cell(2, 6, "2025–2029")
    sheet.cell(2, 9, "70,5")
    sheet.cell(2, 10, 80)
    sheet.parent.save(path)
    checked = run(ws, "riwayat", "periksa", "--tahun", "2026")
    assert checked.exit_code == 0 and "tidak ada temuan" in checked.output, checked.output

    ref = load_referensi(ws, config, 2026)
    row = {"unit": unit, "kode": kode}
    assert ref.renstra_target(row) == 95 and ref.periode == "2025–2029"
    assert ref.realisasi(row, 2024) == "70,5" and ref.realisasi(row, 2025) == 80
    from kinerja.laporan.model.riwayat import sumber_tahun

    assert "riwayat-capaian.xlsx" in sumber_tahun(ref, (2024, 2025))


def test_an_existing_workbook_is_never_overwritten_and_no_indicators_says_what_to_do(sample_ws, tmp_path):
    ws = sample_ws
    assert run(ws, "riwayat", "templat", "--tahun", "2026").exit_code == 0
    again = run(ws, "riwayat", "templat", "--tahun", "2026")
    assert again.exit_code == 2 and "tidak ditimpa" in again.output
    office = init_workspace(tmp_path / "baru")
    (office.root / "kinerja.toml").write_bytes((ws.root / "kinerja.toml").read_bytes())
    none = run(office, "riwayat", "templat", "--tahun", "2026")
    assert none.exit_code == 2 and "--dari" in none.output and "Traceback" not in none.output
    template = tmp_path / "rencana-aksi-2026.xlsx"
    from_file = run(office, "riwayat", "templat", "--tahun", "2026", "--dari", str(next(ws.raw_for(2025, 4).glob("*.xlsx"))))
    assert from_file.exit_code == 0, from_file.output
    assert not template.exists()


def test_the_check_names_file_sheet_and_cell_like_the_validator(sample_ws):
    ws = sample_ws
    assert run(ws, "riwayat", "templat", "--tahun", "2026").exit_code == 0
    path = riwayat_path(ws.root)
    sheet, rows = _rows(path)
    sheet.cell(2, 9, "tujuh puluh")                    # text where a number belongs
    sheet.cell(3, 2, rows[1][1])                       # row 3 takes row 2's unit and code
    sheet.cell(3, 1, rows[1][0])
    sheet.cell(4, 1, "BIDANG-X")                       # not a unit of the office
    sheet.cell(5, 2, "IK-TIDAK-ADA")                   # not an indicator of the year
    sheet.cell(6, 2).value = None                      # no code
    sheet.parent.save(path)
    result = run(ws, "riwayat", "periksa", "--tahun", "2026")
    assert result.exit_code == 1 and "I2" in result.output and "galat" in result.output, result.output
    from kinerja.laporan.model.riwayat_templat import check_riwayat, office_indicators

    config = load_workspace_config(ws.root)
    found = {(t.kode.value, t.sel) for t in check_riwayat(ws, config, 2026, office_indicators(ws, config, 2026)[0])}
    assert ("bukan_angka", "I2") in found
    assert ("kode_indikator_ganda", "B3") in found
    assert ("unit_tidak_dikenal", "A4") in found
    assert ("riwayat_tidak_dipakai", "B5") in found
    assert ("nilai_wajib_kosong", "B6") in found
    assert all(t.berkas == "data/referensi/riwayat-capaian.xlsx" and t.lembar == "Riwayat"
               for t in check_riwayat(ws, config, 2026))


def test_january_checklist_says_what_is_missing_and_what_to_run(sample_ws):
    ws = sample_ws
    first = run(ws, "tahun-baru", "--tahun", "2026")
    assert first.exit_code == 1
    assert "[ ] Riwayat capaian" in first.output and "kinerja riwayat templat --tahun 2026" in first.output
    assert "[ ] Folder lembar kerja" in first.output and "[x] Kunci tanda tangan" in first.output
    assert "Laporan kinerja tahunan 2025" in first.output
    assert run(ws, "riwayat", "templat", "--tahun", "2026").exit_code == 0
    after = run(ws, "tahun-baru", "--tahun", "2026", "--siapkan-folder")
    assert "[x] Folder lembar kerja" in after.output and all((ws.raw / "2026" / f"triwulan-{n}").is_dir() for n in range(1, 5))
    assert "kolom Realisasi 2024 kosong" in after.output and "periode Renstra 'kosong'" in after.output
