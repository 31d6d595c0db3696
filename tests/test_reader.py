"""Reading Rencana Aksi workbooks: header variants, tolerated typing, provenance, LibreOffice files."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from _util_validasi import FIRST_ROW, HEADER_ROW, good_row, letter, write_workbook
from openpyxl import Workbook, load_workbook

from kinerja.lembar import schema
from kinerja.lembar.findings import Kode
from kinerja.lembar.header import header_field
from kinerja.lembar.reader import collect_paths, parse_date, read_workbooks
from kinerja.numbers import Rentang

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"


def codes(dataset) -> list[str]:
    return sorted(t.kode.value for t in dataset.temuan)


def test_data_contract_columns_and_types(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [good_row(), good_row(indikator="Lain", realisasi_triwulan_2=None, pagu=None)])
    dataset = read_workbooks([path])
    data = dataset.data
    assert list(data.columns) == [*schema.PROVENANCE_FIELDS, *schema.FIELDS]
    assert data["berkas"].tolist() == [str(path)] * 2
    assert data["lembar"].tolist() == ["Rencana Aksi"] * 2
    assert data["baris"].tolist() == [FIRST_ROW, FIRST_ROW + 1]
    assert data["arah"].tolist() == ["positif", "positif"]
    assert data["metode"].tolist() == ["kumulatif", "kumulatif"]
    assert data["target_tahunan"].dtype == object
    assert data["target_tahunan"].tolist() == [12.0, 12.0]
    assert data["realisasi_triwulan_2"].tolist() == [2.0, None]
    assert data["realisasi_triwulan_3"].tolist() == [None, None]
    assert data["pagu"].dtype == "float64" and math.isnan(data["pagu"].iloc[1])
    assert data["kendala"].tolist() == ["", ""]
    assert codes(dataset) == []
    info = dataset.files[0]
    assert info.header_row == HEADER_ROW and info.readable and len(info.sha256) == 64
    assert info.metadata == {"tahun": 2025, "unit": "Inspektur Pembantu Wilayah I", "tanggal_penyampaian": dt.date(2025, 7, 8)}
    assert dataset.cell(1, "target_tahunan") == f"{letter('target_tahunan')}{FIRST_ROW + 1}"
    assert dataset.cell(0, "indikator") == f"C{FIRST_ROW}"


def test_header_variants_blank_rows_and_column_numbers(tmp_path):
    fields = ["sasaran", "indikator", "satuan", "arah", "metode", "target_tahunan", "target_triwulan_1",
              "realisasi_triwulan_1", "realisasi_anggaran_triwulan_1", "pptk", "unit"]
    headers = {"sasaran": "  SASARAN STRATEGIS ", "indikator": "indikator   kinerja", "metode": "Cara Perhitungan",
               "target_tahunan": "Target 2025", "target_triwulan_1": "Target Triwulan I", "realisasi_triwulan_1": "REALISASI TW-1",
               "realisasi_anggaran_triwulan_1": "Realisasi Keuangan TW I", "pptk": "Penanggung Jawab", "unit": "Bidang"}
    rows = [dict(zip(fields, range(1, 12), strict=True)), {}, good_row(), {}, {}, good_row(indikator="Kedua")]
    path = write_workbook(tmp_path / "v.xlsx", rows, fields=fields, headers=headers)
    dataset = read_workbooks([path])
    assert dataset.data["indikator"].tolist() == ["Jumlah laporan hasil pengawasan kinerja", "Kedua"]
    assert dataset.data["baris"].tolist() == [FIRST_ROW + 2, FIRST_ROW + 5]
    assert dataset.data["realisasi_anggaran_triwulan_1"].tolist() == [20_000_000.0, 20_000_000.0]
    assert set(dataset.files[0].kolom) == set(fields)
    # only the optional columns missing from this sheet are reported, as one warning, and the
    # missing Kode Indikator column as one more
    assert codes(dataset) == ["kode_indikator_kosong", "kolom_hilang"]


@pytest.mark.parametrize(("text", "field"), [
    ("Target TW I", "target_triwulan_1"), ("target tw1", "target_triwulan_1"), ("Target Triwulan 4", "target_triwulan_4"),
    ("Realisasi Q3", "realisasi_triwulan_3"), ("TARGET TAHUN 2026", "target_tahunan"), ("Pagu Anggaran (Rp)", "pagu"),
    ("Realisasi Anggaran TW II (Rp)", "realisasi_anggaran_triwulan_2"), ("Kode Sub Kegiatan", "kode_sub_kegiatan"),
    ("Unit Kerja ", "unit"), ("arah indikator", "arah"),
])
def test_header_field_variants(text, field):
    assert header_field(text) == field


def test_indonesian_numbers_typed_as_text(tmp_path):
    row = good_row(target_tahunan="12,0", target_triwulan_1="3", realisasi_triwulan_1="2,5", realisasi_triwulan_2=" 85% ",
                   pagu="Rp 1.250.000", realisasi_anggaran_triwulan_1="250.000,50", realisasi_anggaran_triwulan_2=" ",
                   target_triwulan_4="80 - 90")
    dataset = read_workbooks([write_workbook(tmp_path / "n.xlsx", [row])])
    record = dataset.data.iloc[0]
    assert record["target_tahunan"] == 12.0
    assert record["realisasi_triwulan_1"] == 2.5
    assert record["realisasi_triwulan_2"] == 85.0
    assert record["target_triwulan_4"] == Rentang(80.0, 90.0)
    assert record["pagu"] == 1_250_000.0
    assert record["realisasi_anggaran_triwulan_1"] == 250_000.5
    assert math.isnan(record["realisasi_anggaran_triwulan_2"])


def test_text_in_rupiah_column_is_bukan_angka_with_cell(tmp_path):
    dataset = read_workbooks([write_workbook(tmp_path / "r.xlsx", [good_row(pagu="belum ada")])])
    [temuan] = dataset.temuan
    assert temuan.kode is Kode.BUKAN_ANGKA and temuan.sel == f"{letter('pagu')}{FIRST_ROW}"
    assert math.isnan(dataset.data["pagu"].iloc[0])


def test_sasaran_heading_fill_down_and_merged_cells(tmp_path):
    rows = [
        {"sasaran": "Sasaran A"},  # a heading row: only the Sasaran
        good_row(sasaran=None, indikator="Satu"),
        good_row(sasaran=None, indikator="Dua"),
        good_row(sasaran="Sasaran B", indikator="Tiga", unit="Inspektur Pembantu Wilayah II"),
        good_row(sasaran=None, indikator="Empat", unit=None),
    ]
    path = write_workbook(tmp_path / "m.xlsx", rows)
    book = load_workbook(path)
    unit = letter("unit")
    book.active.merge_cells(f"{unit}{FIRST_ROW + 3}:{unit}{FIRST_ROW + 4}")
    book.save(path)
    data = read_workbooks([path]).data
    assert data["sasaran"].tolist() == ["Sasaran A", "Sasaran A", "Sasaran B", "Sasaran B"]
    assert data["unit"].tolist()[2:] == ["Inspektur Pembantu Wilayah II"] * 2


def test_percent_formatted_cells_read_as_typed(tmp_path):
    path = write_workbook(tmp_path / "p.xlsx", [good_row(satuan="%", metode="akhir periode", target_tahunan=85,
                                                         target_triwulan_1=None, target_triwulan_2=None,
                                                         target_triwulan_3=None, target_triwulan_4=None)])
    book = load_workbook(path)
    cell = book.active[f"{letter('realisasi_triwulan_1')}{FIRST_ROW}"]
    cell.value, cell.number_format = 0.8, "0%"
    book.save(path)
    assert read_workbooks([path]).data["realisasi_triwulan_1"].iloc[0] == pytest.approx(80.0)


def test_other_sheet_name_with_matching_header_is_used(tmp_path):
    path = write_workbook(tmp_path / "s.xlsx", [good_row()], sheet="Data TW 2")
    dataset = read_workbooks([path])
    assert dataset.files[0].lembar == "Data TW 2" and len(dataset.data) == 1


def test_folder_recursion_skips_lock_hidden_and_annotated_files(tmp_path):
    write_workbook(tmp_path / "triwulan-2" / "a.xlsx", [good_row()])
    write_workbook(tmp_path / "triwulan-2" / "b" / "c.xlsx", [good_row()])
    for name in ("~$a.xlsx", ".tmp.xlsx", "a-bertanda.xlsx", "catatan.txt"):
        (tmp_path / "triwulan-2" / name).write_bytes(b"x")
    found = [p.name for p, _ in collect_paths([tmp_path])]
    assert found == ["a.xlsx", "c.xlsx"]
    dataset = read_workbooks([tmp_path])
    assert [f.triwulan for f in dataset.files] == [2, None]


def test_no_data_rows_is_a_warning(tmp_path):
    dataset = read_workbooks([write_workbook(tmp_path / "k.xlsx", [])])
    assert [(t.kode.value, t.tingkat.value) for t in dataset.temuan] == [("berkas_kosong", "peringatan")]
    assert dataset.data.empty and list(dataset.data.columns)[:3] == list(schema.PROVENANCE_FIELDS)


def test_sheet_and_header_problems(tmp_path):
    book = Workbook()
    book.active.title = "Lain"
    book.active["A1"] = "bukan lembar kerja"
    book.save(tmp_path / "tanpa-lembar.xlsx")
    book.active.title = "rencana aksi"
    book.save(tmp_path / "tanpa-judul.xlsx")
    fields = [f for f in schema.FIELDS if f != "arah"] + ["pagu"]
    write_workbook(tmp_path / "kolom.xlsx", [good_row()], fields=fields)
    dataset = read_workbooks([tmp_path / "tanpa-lembar.xlsx", tmp_path / "tanpa-judul.xlsx", tmp_path / "kolom.xlsx"])
    found = {(t.berkas.split("/")[-1], t.kode.value, t.tingkat.value) for t in dataset.temuan}
    assert found == {
        ("tanpa-lembar.xlsx", "lembar_tidak_ada", "galat"),
        ("tanpa-judul.xlsx", "header_tidak_ditemukan", "galat"),
        ("kolom.xlsx", "kolom_hilang", "galat"),
        ("kolom.xlsx", "kolom_ganda", "galat"),
    }


def test_parse_date_forms():
    assert parse_date("09-04-2025") == dt.date(2025, 4, 9)
    assert parse_date("9 Agustus 2025") == dt.date(2025, 8, 9)
    assert parse_date(dt.datetime(2025, 4, 9, 10, 0)) == dt.date(2025, 4, 9)
    assert parse_date("31/02/2025") is None


# --- workbooks saved by LibreOffice Calc ------------------------------------------------

@pytest.mark.parametrize("name", ["angka-teks.xlsx", "dari-ods.xlsx"])
def test_libreoffice_text_numbers_merged_title_and_formula(name):
    dataset = read_workbooks([FIXTURES / name])
    data = dataset.data
    assert len(data) == 2
    assert dataset.files[0].header_row == 7
    assert dataset.files[0].metadata == {"tahun": 2025, "unit": "IRBAN-1", "tanggal_penyampaian": dt.date(2025, 4, 9)}
    first, second = data.iloc[0], data.iloc[1]
    assert first["target_tahunan"] == 12.0  # =G8+H8+I8+J8, cached value written by Calc
    assert first["pagu"] == 1_250_000_000.0 and first["realisasi_anggaran_triwulan_1"] == 250_000_000.5
    assert second["target_tahunan"] == 85.0 and second["target_triwulan_2"] == 55.5
    assert second["realisasi_triwulan_1"] == 38.5
    assert second["sasaran"] == "Meningkatnya kualitas pengawasan"  # filled down
    assert second["metode"] == "akhir_periode"
    # optional columns absent; an old workbook without Kode Indikator reads with derived codes
    assert [t.kode for t in dataset.temuan] == [Kode.KOLOM_HILANG, Kode.KODE_INDIKATOR_KOSONG]
    assert all(k.startswith("IND-") for k in data["kode_indikator"]) and data["kode_indikator"].nunique() == 2


def test_libreoffice_percent_format_and_merged_sasaran():
    data = read_workbooks([FIXTURES / "persen.xlsx"]).data
    assert data["target_tahunan"].tolist() == pytest.approx([85.0, 90.0])
    assert data["realisasi_triwulan_1"].tolist() == pytest.approx([80.0, 95.0])
    assert data["sasaran"].tolist() == ["Sasaran bersama"] * 2


def test_libreoffice_legacy_and_locked_files_are_findings():
    dataset = read_workbooks([FIXTURES / "lama.xls", FIXTURES / "terkunci.xlsx"])
    assert [t.kode for t in dataset.temuan] == [Kode.BERKAS_BUKAN_XLSX, Kode.BERKAS_TERKUNCI]
    assert dataset.data.empty and not any(f.readable for f in dataset.files)


def test_unchanged_template_reads_without_findings(config, tmp_path):
    from kinerja.lembar.template import write_template
    from kinerja.lembar.validate import validate_workbooks

    path = tmp_path / "templat.xlsx"
    write_template(path, 2025, config)
    dataset = validate_workbooks([path], config, tahun=2025, triwulan=1, today=dt.date(2025, 12, 31))
    assert dataset.temuan == []
    assert dataset.data.empty
    info = dataset.files[0]
    assert info.readable and info.metadata == {"tahun": 2025}
    assert set(info.kolom) == set(schema.FIELDS)


def test_filled_template_reads_without_findings(config, sample_year):
    from kinerja.lembar.validate import validate_workbooks

    raw, written = sample_year
    dataset = validate_workbooks([raw / "2025" / "triwulan-3"], config, tahun=2025, today=dt.date(2026, 1, 31))
    assert dataset.temuan == []
    assert len(dataset.files) == len([p for p in written if p.parent.name == "triwulan-3"])


def test_header_split_over_two_rows(tmp_path):
    book = Workbook()
    ws = book.active
    ws.title = "Rencana Aksi"
    top = ["Sasaran", "Indikator Kinerja", "Satuan", "Arah", "Metode", "Target Tahunan", "Target", None, None, None,
           "Realisasi", None, "PPTK", "Unit Kerja"]
    sub = [None] * 6 + ["TW I", "TW II", "TW III", "TW IV", "TW I", "TW II", None, None]
    for col, (upper, lower) in enumerate(zip(top, sub, strict=True), start=1):
        ws.cell(1, col, upper)
        ws.cell(2, col, lower)
    ws.merge_cells("G1:J1")
    ws.merge_cells("K1:L1")
    ws.append(["S", "Jumlah laporan", "laporan", "positif", "kumulatif", 12, 3, 3, 3, 3, 2, 4, "rina", "IRBAN-1"])
    book.save(tmp_path / "dua.xlsx")
    dataset = read_workbooks([tmp_path / "dua.xlsx"])
    info = dataset.files[0]
    assert info.kolom["target_triwulan_1"] == "G" and info.kolom["realisasi_triwulan_2"] == "L"
    assert info.kolom["target_tahunan"] == "F"
    assert [t.kode for t in dataset.temuan] == [Kode.KOLOM_HILANG, Kode.KODE_INDIKATOR_KOSONG]  # optional columns, no code
    record = dataset.data.iloc[0]
    assert (record["baris"], record["target_triwulan_4"], record["realisasi_triwulan_2"]) == (3, 3.0, 4.0)


@pytest.mark.parametrize("parallel_loads", [0, 1, 3])
def test_parsing_ahead_in_threads_does_not_change_the_result(sample_raw, parallel_loads):
    """Same frame, same findings in the same order, whatever the number of threads parsing ahead."""
    from kinerja.lembar.reader import read_workbooks

    folder = sample_raw / "2025" / "triwulan-2"  # carries findings, so their order is compared too
    default = read_workbooks([folder])
    other = read_workbooks([folder], parallel_loads=parallel_loads)
    assert len(default.files) == 4
    pd.testing.assert_frame_equal(other.data, default.data)
    assert other.temuan == default.temuan
    assert [f.berkas for f in other.files] == [f.berkas for f in default.files]


def test_merged_target_and_realisasi_cells_are_galat_naming_the_range(sample_year, tmp_path, config):
    """Targets merged over G8:K8 and a realisasi over L9:N9 once changed capaian silently (94,3 % -> 77,6 %)."""
    from openpyxl import load_workbook

    from kinerja.capaian.tabel import capaian_table
    from kinerja.lembar.findings import Kode, to_frame
    from kinerja.lembar.validate import validate_workbooks

    _raw, workbooks = sample_year
    source = next(p for p in workbooks if "triwulan-1" in str(p) and "irban-1" in p.name)
    book = load_workbook(source)
    sheet = book["Rencana Aksi"]
    assert sheet["G7"].value == "Target Tahunan" and sheet["L7"].value == "Realisasi TW I"
    sheet.merge_cells("G8:K8")
    sheet.merge_cells("L9:N9")
    path = tmp_path / "digabung.xlsx"
    book.save(path)
    merged = [t for t in read_workbooks([path]).temuan if t.kode == Kode.SEL_ANGKA_DIGABUNG]
    assert [(t.sel, t.tingkat.value) for t in merged] == [("G8", "galat"), ("L9", "galat")]
    assert "G8:K8" in merged[0].pesan and "Target Tahunan" in merged[0].pesan and "Unmerge" in merged[0].pesan
    assert "L9:N9" in merged[1].pesan and "Realisasi TW I" in merged[1].pesan
    dataset = validate_workbooks([path], config, tahun=2025, triwulan=1)
    table = capaian_table(dataset.data, config, 1, temuan=to_frame(dataset.temuan))
    rows = table[table["baris"].isin([8, 9])]
    assert len(rows) == 2 and rows["capaian"].isna().all()  # not computed from a half-read figure
