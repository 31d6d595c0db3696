"""The Rencana Aksi template: layout, protection, dropdowns, formats, CLI, and reading it back."""

from __future__ import annotations

import datetime as dt
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter, range_boundaries

from kinerja.cli.commands import main
from kinerja.lembar import schema
from kinerja.lembar.petunjuk import deadline
from kinerja.lembar.template import (
    EMPTY_ROWS,
    FIRST_DATA_ROW,
    FIRST_METADATA_ROW,
    HEADER_ROW,
    METADATA_VALUE_COLUMN,
    NUMBER_FORMAT,
    RUPIAH_FORMAT,
    TEXT_FORMAT,
    build_workbook,
    column_letter,
    nomenklatur,
    save_workbook,
    write_template,
)

LAST_EMPTY_ROW = FIRST_DATA_ROW + EMPTY_ROWS - 1


@pytest.fixture(scope="module")
def template_path(tmp_path_factory, config):
    path = tmp_path_factory.mktemp("templat") / "rencana-aksi-2025.xlsx"
    write_template(path, 2025, config)
    return path


@pytest.fixture(scope="module")
def workbook(template_path):
    return openpyxl.load_workbook(template_path)


def _validation_for(sheet, cell: str):
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"expected one validation on {cell}, got {len(found)}"
    return found[0]


def _list_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.lstrip("=").split("!")
    assert sheet_name.strip("'") == schema.REFERENCE_SHEET
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    sheet = workbook[schema.REFERENCE_SHEET]
    return [sheet.cell(r, min_col).value for r in range(min_row, max_row + 1)]


def test_sheets_in_order(workbook):
    assert workbook.sheetnames == [schema.INSTRUCTIONS_SHEET, schema.DATA_SHEET, schema.REFERENCE_SHEET]
    assert workbook.active.title == schema.DATA_SHEET


def test_header_metadata_and_title(workbook):
    sheet = workbook[schema.DATA_SHEET]
    header = [sheet.cell(HEADER_ROW, i).value for i in range(1, len(schema.COLUMNS) + 1)]
    assert header == [c.label for c in schema.COLUMNS]
    assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges), "title row must be merged"
    assert "TAHUN 2025" in sheet["A1"].value
    labels = [sheet.cell(FIRST_METADATA_ROW + i, 1).value for i in range(len(schema.METADATA_LABELS))]
    assert labels == list(schema.METADATA_LABELS.values())
    assert sheet.cell(FIRST_METADATA_ROW, METADATA_VALUE_COLUMN).value == 2025
    assert METADATA_VALUE_COLUMN == 3
    assert all(sheet.cell(r, c).value is None for r in range(FIRST_DATA_ROW, LAST_EMPTY_ROW + 1) for c in range(1, 30))


def test_frozen_below_header_after_indicator(workbook):
    sheet = workbook[schema.DATA_SHEET]
    after_indicator = get_column_letter(list(schema.FIELDS).index("indikator") + 2)
    assert column_letter("kode_indikator") == "B" and column_letter("indikator") == "C"
    assert sheet.freeze_panes == f"{after_indicator}{FIRST_DATA_ROW}"


def test_protection_header_locked_data_unlocked(workbook):
    sheet = workbook[schema.DATA_SHEET]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password, "users must be able to unprotect without a password"
    for index in range(1, len(schema.COLUMNS) + 1):
        assert sheet.cell(HEADER_ROW, index).protection.locked is True
        assert sheet.cell(FIRST_DATA_ROW, index).protection.locked is False
        assert sheet.cell(LAST_EMPTY_ROW, index).protection.locked is False
    for offset, key in enumerate(schema.METADATA_LABELS):
        assert sheet.cell(FIRST_METADATA_ROW + offset, 1).protection.locked is True
        value_locked = sheet.cell(FIRST_METADATA_ROW + offset, METADATA_VALUE_COLUMN).protection.locked
        assert value_locked is (key == "tahun")


def test_arah_and_metode_dropdowns_are_known_choices(workbook):
    sheet = workbook[schema.DATA_SHEET]
    for field, aliases, choices in (("arah", schema.ARAH_ALIASES, schema.Arah), ("metode", schema.METODE_ALIASES, schema.Metode)):
        validation = _validation_for(sheet, f"{column_letter(field)}{FIRST_DATA_ROW}")
        assert f"{column_letter(field)}{LAST_EMPTY_ROW}" in validation.sqref
        assert validation.type == "list" and validation.showErrorMessage
        values = _list_values(workbook, validation.formula1)
        assert len(values) == len(choices)
        assert {aliases[schema.normalize_choice(v)] for v in values} == set(choices)


def test_satuan_allows_other_values(workbook):
    sheet = workbook[schema.DATA_SHEET]
    validation = _validation_for(sheet, f"{column_letter('satuan')}{FIRST_DATA_ROW}")
    assert _list_values(workbook, validation.formula1) == list(schema.SATUAN_UMUM)
    assert validation.errorStyle in ("warning", "information") or not validation.showErrorMessage


def test_unit_and_pptk_dropdowns_from_config(workbook, config):
    sheet = workbook[schema.DATA_SHEET]
    unit = _validation_for(sheet, f"{column_letter('unit')}{FIRST_DATA_ROW}")
    assert _list_values(workbook, unit.formula1) == [u.nama for u in config.unit]
    assert f"C{FIRST_METADATA_ROW + 1}" in unit.sqref, "the metadata Unit Kerja uses the same list"
    pptk = _validation_for(sheet, f"{column_letter('pptk')}{FIRST_DATA_ROW}")
    names = _list_values(workbook, pptk.formula1)
    assert names == [p.nama for p in config.people_with_role("pptk")]
    assert len(names) == 4


def test_number_formats_and_widths(workbook):
    sheet = workbook[schema.DATA_SHEET]
    for column in schema.COLUMNS:
        letter = column_letter(column.field)
        assert sheet.column_dimensions[letter].width == column.width
        number_format = sheet[f"{letter}{FIRST_DATA_ROW}"].number_format
        if column.kind is schema.Kind.RUPIAH:
            assert number_format == RUPIAH_FORMAT
        elif column.kind in (schema.Kind.TARGET, schema.Kind.REALISASI):
            assert number_format == NUMBER_FORMAT
        elif column.kind is schema.Kind.KODE:
            assert number_format == TEXT_FORMAT, "codes like 6.01 must stay text"


def test_reference_sheet_has_nomenclature(workbook, config):
    sheet = workbook[schema.REFERENCE_SHEET]
    values = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    expected = nomenklatur(config.instansi.urusan)
    assert len([r for r in expected if r.jenis == "Program"]) == 3
    assert len([r for r in expected if r.jenis == "Sub Kegiatan"]) >= 20
    for item in expected:
        assert item.kode in values and item.nama in values
    assert "1.01.02" not in values, "only the office's urusan is listed"


def test_instructions_cover_columns_deadlines_and_sop(workbook, config):
    sheet = workbook[schema.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for column in schema.COLUMNS:
        assert column.label in text
    assert "10 Juli 2025" in text and "10 Januari 2026" in text
    assert deadline(2025, 3, config) == dt.date(2025, 10, 10)
    for word in ("Kumulatif", "Akhir periode", "Rata-rata", "Positif", "Negatif", "Kasubag Perencanaan", "Sekretaris"):
        assert word in text


def test_instructions_state_the_sop_time_standards_from_the_sop_table(workbook, config):
    from kinerja.domain import sop

    sheet = workbook[schema.INSTRUCTIONS_SHEET]
    lines = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    steps = [line for line in lines if line.startswith("• Langkah ")]
    office = sop.langkah_dipakai(config.opsi_sop)  # the sample office has no APIP reviu step, no reviu assignment
    reviu_steps = [s for s in sop.LANGKAH if s.lingkup == sop.REVIU]
    assert len(steps) == len(office) == len(sop.LANGKAH) - 1 - len(reviu_steps) and reviu_steps
    assert any("Kasubag Perencanaan: Menyusun laporan kinerja setiap tahun" in line for line in steps)
    for line, step in zip(steps, office, strict=True):
        assert line.startswith(f"• Langkah {step.langkah} ") and f"({step.mutu_baku.label})" in line and step.uraian in line
    assert not any("jam jam" in line for line in lines)
    assert "(4 jam kerja)" in "\n".join(steps)


def test_same_bytes_each_run(tmp_path, config):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(first, 2025, config)
    write_template(second, 2025, config)
    assert first.read_bytes() == second.read_bytes()
    assert openpyxl.load_workbook(first).properties.created == dt.datetime(2025, 1, 2, 8, 0)


def test_rows_written_from_builder(tmp_path, config):
    rows = [{"kode_indikator": "IK-2.5", "indikator": "Indeks kepuasan auditi", "pagu": 1_250_000, "kode_program": "6.01.02",
             "rencana_anggaran_triwulan_2": 300_000}]
    path = save_workbook(build_workbook(2025, config, rows=rows, empty_rows=3), tmp_path / "x.xlsx", timestamp=dt.datetime(2025, 1, 2))
    sheet = openpyxl.load_workbook(path)[schema.DATA_SHEET]
    assert sheet[f"B{FIRST_DATA_ROW}"].value == "IK-2.5"
    assert sheet[f"C{FIRST_DATA_ROW}"].value == "Indeks kepuasan auditi"
    assert sheet[f"V{FIRST_DATA_ROW}"].value == 1_250_000
    assert sheet[f"X{FIRST_DATA_ROW}"].value == 300_000  # Anggaran Kas TW II
    assert sheet[f"P{FIRST_DATA_ROW}"].value == "6.01.02"
    assert sheet.max_row == FIRST_DATA_ROW + 3


def test_failed_write_leaves_existing_file(tmp_path, config, monkeypatch):
    target = tmp_path / "templat.xlsx"
    target.write_bytes(b"old")

    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kinerja.lembar.template.ExcelWriter.save", broken)
    with pytest.raises(RuntimeError):
        write_template(target, 2025, config)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["templat.xlsx"]


def test_cli_templat_writes_and_refuses_overwrite(tmp_path):
    runner = CliRunner()
    target = tmp_path / "rencana-aksi.xlsx"
    result = runner.invoke(main, ["templat", "--tahun", "2025", "--keluaran", str(target)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(target).sheetnames[1] == schema.DATA_SHEET
    before = target.read_bytes()
    result = runner.invoke(main, ["templat", "--tahun", "2024", "--keluaran", str(target)])
    assert result.exit_code == 2
    assert target.read_bytes() == before
    result = runner.invoke(main, ["templat", "--tahun", "2024", "--keluaran", str(target), "--timpa"])
    assert result.exit_code == 0
    assert openpyxl.load_workbook(target)[schema.DATA_SHEET].cell(FIRST_METADATA_ROW, 3).value == 2024


def test_cli_templat_refuses_non_xlsx(tmp_path):
    result = CliRunner().invoke(main, ["templat", "--tahun", "2025", "--keluaran", str(tmp_path / "templat.xls")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "templat.xls").exists()


def test_unchanged_template_reads_back_without_galat(template_path, config):
    from kinerja.lembar import validate
    from kinerja.lembar.findings import Tingkat

    dataset = validate.validate_workbooks([template_path], config, tahun=2025)
    assert [t for t in dataset.temuan if t.tingkat is Tingkat.GALAT] == []
    assert len(dataset.data) == 0


@pytest.mark.slow
def test_template_saved_by_libreoffice_keeps_dropdowns_and_reads_clean(tmp_path, template_path, config):
    """Open and save the template with a real client (LibreOffice Calc): still valid, still no galat."""
    profile = tmp_path / "profil"
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
         "--outdir", str(out), str(template_path)],
        check=True, capture_output=True, timeout=180,
    )
    saved = out / template_path.name
    workbook = openpyxl.load_workbook(saved)
    sheet = workbook[schema.DATA_SHEET]
    arah = _validation_for(sheet, f"{column_letter('arah')}{FIRST_DATA_ROW}")
    assert [schema.normalize_choice(v) for v in _list_values(workbook, arah.formula1)] == [
        schema.normalize_choice(label) for label in schema.ARAH_LABELS.values()
    ]
    assert sheet.protection.sheet is True
    assert sheet.cell(HEADER_ROW, 1).protection.locked and not sheet.cell(FIRST_DATA_ROW, 1).protection.locked
    from kinerja.lembar import validate
    from kinerja.lembar.findings import Tingkat

    dataset = validate.validate_workbooks([saved], config, tahun=2025)
    assert [t for t in dataset.temuan if t.tingkat is Tingkat.GALAT] == []


def test_petunjuk_examples_are_the_offices_own(tmp_path):
    """Another office's workbook shows its own PPTK, unit and nomenclature, never the sample's people or the Inspektorat's codes."""
    from test_config import OFFICE

    from kinerja.config import load_config

    own = tmp_path / "kinerja.toml"
    own.write_text(OFFICE.replace('urusan = "6.01"', 'urusan = "1.02"'), encoding="utf-8")  # a health office
    path = write_template(tmp_path / "rencana-aksi.xlsx", 2026, load_config(own))
    sheet = openpyxl.load_workbook(path)[schema.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    for sample in ("Budi Santoso", "Santoso", "6.01.02", "PENGAWASAN", "pengawasan internal", "pemeriksaan BPK"):
        assert sample not in text, sample
    assert "Putu" in text and "Sekretariat" in text
    assert "1.02.01" in text  # the health urusan's first programme
