"""Report data and HTML sections without a kernel: exclusions, quarter status, round trips."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from kinerja.alur.store import Store
from kinerja.capaian.tabel import TIDAK_DIHITUNG, capaian_table
from kinerja.laporan.bagian.lampiran import perjanjian_kinerja
from kinerja.laporan.bagian.triwulan import tabel_e81
from kinerja.laporan.model.data import frame_from_results, history_anchor, quarter_status, tidak_dihitung_frame
from kinerja.laporan.model.hasil import read_results, table_records, write_results
from kinerja.laporan.model.ringkasan import indikator_berisiko, ringkasan_frame
from kinerja.laporan.render.ke_html import render_bagian, render_tabel
from kinerja.paths import Workspace

ROWS = [
    {"berkas": "a.xlsx", "baris": 8, "sasaran": "S1", "indikator": "Laporan <audit>", "satuan": "laporan", "arah": "positif",
     "metode": "kumulatif", "target_tahunan": 40.0, "target_triwulan_1": 10.0, "target_triwulan_2": 10.0,
     "realisasi_triwulan_1": 9.0, "realisasi_triwulan_2": 12.0, "pagu": 1_000_000.0,
     "realisasi_anggaran_triwulan_1": 250_000.0, "program": "P", "kegiatan": "K", "pptk": "Budi", "unit": "SEKRETARIAT"},
    {"berkas": "a.xlsx", "baris": 9, "sasaran": "S1", "indikator": "Tingkat SPIP", "satuan": "level", "arah": "positif",
     "metode": "akhir_periode", "target_tahunan": "LEVEL 3", "target_triwulan_2": "LEVEL 3", "realisasi_triwulan_2": "LEVEL 2",
     "pagu": float("nan"), "program": "P", "kegiatan": "K", "pptk": "Budi", "unit": "SEKRETARIAT"},
    {"berkas": "b.xlsx", "baris": 8, "sasaran": "S2", "indikator": "Temuan berulang", "satuan": "temuan", "arah": "negatif",
     "metode": "kumulatif", "target_tahunan": "10 - 12", "target_triwulan_1": 3.0, "target_triwulan_2": 3.0,
     "realisasi_triwulan_1": 4.0, "pagu": 500_000.0, "program": "P", "kegiatan": "K2", "pptk": "Rina", "unit": "IRBAN-1"},
]


@pytest.fixture
def data() -> pd.DataFrame:
    from kinerja.numbers import parse_target

    frame = pd.DataFrame(ROWS)
    for column in frame.columns:
        if column.startswith(("target", "realisasi_triwulan")):
            frame[column] = pd.Series([parse_target(v) if v == v else None for v in frame[column]], dtype=object)
    return frame


def test_galat_rows_stay_and_say_why(data, config) -> None:
    temuan = pd.DataFrame([
        {"berkas": "b.xlsx", "sel": "", "kolom": "Satuan", "tingkat": "galat", "pesan": "kolom hilang", "kode": "kolom_hilang"},
        {"berkas": "a.xlsx", "sel": "G9", "kolom": "Target TW I", "tingkat": "peringatan", "pesan": "cuma peringatan", "kode": "x"},
        {"berkas": "a.xlsx", "sel": "Z8", "kolom": "Realisasi Anggaran TW I", "tingkat": "galat", "pesan": "bukan angka",
         "kode": "bukan_angka"},
    ])
    table = capaian_table(data, config, 2, temuan=temuan)
    assert len(table) == 3  # every indicator keeps its row
    # a budget galat leaves the capaian alone, and blanks only the budget it spoils
    assert table.loc[0, "capaian"] == pytest.approx(105.0) and table.loc[0, "status"] == "dihitung"
    assert table.loc[0, "pagu"] == 1_000_000.0 and pd.isna(table.loc[0, "realisasi_anggaran"])
    assert table.loc[0, "keterangan_anggaran"] == "anggaran tidak dihitung: galat di a.xlsx sel Z8"
    # a whole-file galat: not computed, says where, counted as such
    assert table.loc[2, "status"] == TIDAK_DIHITUNG and pd.isna(table.loc[2, "capaian"])
    assert table.loc[2, "keterangan"] == "tidak dihitung: galat di b.xlsx"
    assert tidak_dihitung_frame(table)["baris"].tolist() == [8, 8]
    summary = ringkasan_frame(table, config)
    assert summary["per_predikat"][TIDAK_DIHITUNG] == 1 and summary["jumlah"] == 3
    assert summary["anggaran_tidak_dihitung"] == 2
    assert TIDAK_DIHITUNG in indikator_berisiko(table, config)["alasan"].iloc[-1]


def test_stored_results_rebuild_the_same_capaian(tmp_path, data, config) -> None:
    table = capaian_table(data, config, 2)
    write_results(tmp_path, table, [], {"tahun": 2025, "triwulan": 2})
    stored = read_results(tmp_path)
    again = capaian_table(frame_from_results(stored.capaian), config, 2)
    assert again["capaian"].tolist() == pytest.approx(table["capaian"].tolist(), nan_ok=True)
    assert again["predikat"].tolist() == table["predikat"].tolist()
    json.loads((tmp_path / "capaian.json").read_text(encoding="utf-8"))  # valid JSON, NaN written as null
    assert "NaN" not in (tmp_path / "capaian.json").read_text(encoding="utf-8")
    assert read_results(tmp_path / "tidak-ada") is None
    assert table_records(table)[1]["pagu"] is None


def test_quarter_status_flags_missing_and_unapproved_quarters(tmp_path, data, config) -> None:
    from kinerja.laporan.model.hasil import Hasil

    hasil = Hasil(tmp_path, {"galat": 2, "dikecualikan": [{"baris": 3}]}, capaian_table(data, config, 1))
    cases = [{"triwulan": 1, "keadaan": "selesai"}, {"triwulan": 2, "keadaan": "pemeriksaan"}]
    status = quarter_status({1: hasil, 2: hasil, 3: None, 4: None}, cases)
    assert status["tersedia"].tolist() == [True, True, False, False]
    assert status["disetujui"].tolist() == [True, False, False, False]
    assert status.loc[0, "galat"] == 2 and status.loc[0, "dikecualikan"] == 1


def test_at_risk_list_and_html_tables(data, config) -> None:
    table = capaian_table(data, config, 2)
    risk = indikator_berisiko(table, config)
    assert "Tingkat SPIP" in risk["indikator"].tolist()  # LEVEL 2 of LEVEL 3 = 66,67% (Sedang)
    from types import SimpleNamespace

    lap = SimpleNamespace(tabel=table, triwulan=2, tahun=2025, config=config, referensi=None)
    html = render_bagian(tabel_e81(lap))
    assert "Laporan &lt;audit&gt;" in html and "<audit>" not in html
    assert html.count('class="grup"') == 2  # one group row per Sasaran
    assert "105,00%" in html
    assert "1.000.000" in render_tabel(perjanjian_kinerja(table, lengkap=True, tahun=2025))


def _result_files(table: pd.DataFrame, meta: dict) -> dict[str, bytes]:
    """A report set's stored results (capaian.json, temuan.json, meta.json) as hasil writes them."""
    return {"capaian.json": json.dumps(table_records(table)).encode(), "temuan.json": b"[]",
            "meta.json": json.dumps({"unit": "", **meta}).encode()}


def _documented_year(ws, config, tahun: int, annual: pd.DataFrame | None = None, fourth: pd.DataFrame | None = None) -> None:
    """``tahun``'s four quarters through the SOP to documented (TW IV with ``fourth``'s results),
    then, with ``annual``, its annual report published, rendered final and documented
    (submitted, approved, ``dokumentasikan_tahunan``), the way the workflow makes a year official."""

    from _util_alur import drive, drive_annual, publish_report

    from kinerja.alur.workflow import case_start

    for triwulan in (1, 2, 3, 4):
        files = _result_files(fourth, {"tahun": tahun, "triwulan": 4}) if triwulan == 4 and fourth is not None else None
        publish_report(ws, tahun, triwulan, files=files)
        drive(ws, config, "dokumentasikan", tahun=tahun, triwulan=triwulan, start=case_start(tahun, triwulan, config))
    if annual is not None:
        drive_annual(ws, config, tahun=tahun, files=_result_files(annual, {"tahun": tahun, "triwulan": None}))


def _last_year(data: pd.DataFrame, config) -> pd.DataFrame:
    """2024's annual capaian table: other realisasi than this year's (TW I 7 instead of 9, LEVEL 1, 6 temuan)."""
    from kinerja.numbers import parse_target

    before = data.copy()
    before.loc[0, "realisasi_triwulan_1"] = 7.0
    before.loc[1, "realisasi_triwulan_2"] = parse_target("LEVEL 1")
    before.loc[2, "realisasi_triwulan_1"] = 6.0
    return capaian_table(before, config, 2, tahunan=True)


def _annual_lap(workspace, config, this_year: pd.DataFrame):
    """The annual report's data as siapkan_tahunan builds it, with this year's table given and
    earlier years from the real workspace (riwayat workbook + documented annual reports)."""
    import datetime as dt

    from kinerja.laporan.model.data import LaporanTahunan, load_referensi

    return LaporanTahunan(2025, config, workspace, "", {}, pd.DataFrame(), this_year, 2, pd.DataFrame(),
                          dt.datetime(2025, 12, 31), {}, referensi=load_referensi(workspace, config, 2025))


def _comparison_rows(lap, this_year: pd.DataFrame) -> list[list[str]]:
    """The printed cells of the annual comparison table (perbandingan_sasaran), one list per indicator row."""
    from kinerja.laporan.bagian.tahunan import perbandingan_sasaran
    from kinerja.laporan.model.dokumen import baris_tabel

    table = perbandingan_sasaran(lap, this_year)[0]
    return [[cell.teks for cell in row.sel] for row in baris_tabel(table)]


def test_a_documented_previous_year_is_compared(tmp_path, data, config) -> None:
    """Last year's documented annual report gives the comparison's figures (read from its archive),
    joined to this year's rows by (unit, kode)."""
    from _util_alur import make_workspace

    from kinerja.laporan.bagian.tahunan import bab_3, perbandingan_sasaran

    ws = make_workspace(tmp_path)
    this_year = capaian_table(data, config, 2, tahunan=True)
    before = _annual_lap(ws, config, this_year)
    assert before.referensi.tahun == {} and before.referensi.catatan == {}  # no annual report of 2024 at all
    assert [r[3] for r in _comparison_rows(before, this_year)] == ["–", "–", "–"]
    _documented_year(ws, config, 2024, annual=_last_year(data, config))
    stored = read_results(ws.archive_dir(2024) / "versi-1" / "laporan")  # what the documented report stated
    assert stored.capaian["realisasi"].tolist() == [19.0, "LEVEL 1", 6.0]
    lap = _annual_lap(ws, config, this_year)
    assert lap.referensi.catatan == {}
    keys = [(u.upper(), k.upper()) for u, k in zip(this_year["unit"], this_year["kode"], strict=True)]
    assert lap.referensi.tahun[2024] == dict(zip(keys, [19.0, "LEVEL 1", 6.0], strict=True))
    # the document's comparison table shows the stored realisasi per indicator, joined by key
    html = render_tabel(perbandingan_sasaran(lap, this_year)[0])
    assert "Realisasi 2024" in html
    rows = _comparison_rows(lap, this_year)
    assert [r[3] for r in rows] == ["19", "LEVEL 1", "6"]          # Realisasi 2024: the archived figures
    assert [r[4] for r in rows] == ["21", "LEVEL 2", "4"]          # Realisasi 2025: this year's
    assert [r[2] for r in rows] == ["–", "–", "–"]                  # 2023: no annual report, no workbook
    assert "tidak ditampilkan" not in render_bagian(bab_3(lap))


def test_the_comparison_joins_last_year_by_key_not_by_name(tmp_path, data, config) -> None:
    """A renamed indicator keeps last year's figure (same unit + kode); an indicator last year's
    documented report did not have, or had without realisasi, shows '–' (never another row's figure)."""
    from _util_alur import make_workspace

    ws = make_workspace(tmp_path / "urut")
    this_year = capaian_table(data, config, 2, tahunan=True)
    last = capaian_table(data.iloc[:2], config, 1, tahunan=True)  # 9 of the first; SPIP not measured in TW I; no third row
    last = last.assign(indikator=["Laporan hasil audit (nama lama)", "Tingkat SPIP"])
    assert last["kode"].tolist() == this_year["kode"].tolist()[:2]
    _documented_year(ws, config, 2024, annual=last)
    rows = _comparison_rows(_annual_lap(ws, config, this_year), this_year)
    assert len(rows) == 3 and "Laporan" in rows[0][1] and "nama lama" not in rows[0][1]  # this year's rows and names
    assert [r[3] for r in rows] == ["9", "–", "–"]
    # the key decides, not the position: last year's rows in another order give the same cells
    ws2 = make_workspace(tmp_path / "terbalik")
    _documented_year(ws2, config, 2024, annual=last.iloc[::-1].reset_index(drop=True))
    assert [r[3] for r in _comparison_rows(_annual_lap(ws2, config, this_year), this_year)] == ["9", "–", "–"]


def test_a_draft_previous_year_is_never_compared_and_the_report_says_why(tmp_path, data, config) -> None:
    """Last year's annual report published as DRAF (and an unapproved TW IV): none of its figures are used."""
    from _util_alur import make_workspace, publish_report

    from kinerja.laporan.bagian.tahunan import bab_3
    from kinerja.laporan.bagian.triwulan import tabel_e81

    ws = make_workspace(tmp_path)
    draft = _last_year(data, config)
    publish_report(ws, 2024, None, files=_result_files(draft, {"tahun": 2024}))
    publish_report(ws, 2024, 4, files=_result_files(capaian_table(data, config, 4), {"tahun": 2024, "triwulan": 4}))
    this_year = capaian_table(data, config, 2, tahunan=True)
    lap = _annual_lap(ws, config, this_year)
    assert lap.referensi.tahun == {} and set(lap.referensi.catatan) == {2024}
    assert [r[3] for r in _comparison_rows(lap, this_year)] == ["–", "–", "–"]  # the draft's 19, LEVEL 1, 6 appear nowhere
    page = render_bagian(bab_3(lap))
    assert ("Angka laporan tahunan 2024 tidak ditampilkan karena laporan tersebut belum didokumentasikan (laporan terkini "
            "versi-1 masih DRAF).") in page
    assert ">19<" not in page and "LEVEL 1" not in page
    assert "masih DRAF" in page and "Data realisasi tahun 2023 tidak tersedia" in page
    # one note about 2024 (not documented, and not in the workbook either), not a second box saying it is missing
    assert page.count("2024 tidak tersedia") == 0 and page.count("tahun 2024") == 0
    assert ("Realisasi 2024 juga tidak ada pada riwayat-capaian.xlsx, sehingga perbandingan dengan tahun tersebut "
            "belum dapat disajikan.") in page
    # a final rendering not documented yet is not official either
    publish_report(ws, 2024, None, final=True, files=_result_files(draft, {"tahun": 2024}))
    lap = _annual_lap(ws, config, this_year)
    assert lap.referensi.tahun == {}
    assert [r[3] for r in _comparison_rows(lap, this_year)] == ["–", "–", "–"]
    assert "sudah final tetapi belum didokumentasikan" in lap.referensi.catatan[2024]
    assert ("Angka laporan tahunan 2024 tidak ditampilkan karena laporan tersebut belum didokumentasikan (laporan "
            "terkini versi-2 sudah final tetapi belum didokumentasikan).") in render_bagian(bab_3(lap))
    # the quarterly report's Renstra/previous-year column says so too, and shows no draft figure
    quarter = SimpleNamespace(tabel=capaian_table(data, config, 2), triwulan=2, tahun=2025, config=config, referensi=lap.referensi)
    e81 = render_bagian(tabel_e81(quarter))
    assert "Angka laporan tahunan 2024 tidak ditampilkan" in e81 and "LEVEL 1" not in e81
    # no 2024 figure: its line in the Renstra / Real. 2024 column says "–" like every other missing value,
    # in the HTML/PDF and in the .docx (both print the same model)
    import io

    from docx import Document

    from kinerja.laporan.model.dokumen import Bagian, Naskah
    from kinerja.laporan.render.ke_docx import render_docx

    table = tabel_e81(quarter).blok[-1]
    cells = [row.sel[2].teks for row in table.baris if not row.grup]
    assert cells and all(text.split("\n")[1:] == ["–"] for text in cells), cells
    document = Document(io.BytesIO(render_docx(Naskah({"judul": "E.81", "final": False}, [Bagian([table])]))))
    printed = [row.cells[2].text for row in document.tables[-1].rows[1:] if len({id(c._tc) for c in row.cells}) > 2]
    assert len(printed) == len(cells) and all(text.splitlines()[-1] == "–" for text in printed), printed


def test_an_approved_fourth_quarter_never_stands_in_for_an_annual_report_not_documented(tmp_path, data, config) -> None:
    """Last year's figures come only from its documented annual report: an approved (even documented)
    TW IV is not 'last year's figures', and the report says why the column is empty."""
    from _util_alur import drive, make_workspace, publish_report

    from kinerja.alur.workflow import case_start
    from kinerja.laporan.bagian.tahunan import bab_3

    ws = make_workspace(tmp_path / "tw4")
    fourth = capaian_table(data, config, 4)
    publish_report(ws, 2024, 4, files=_result_files(fourth, {"tahun": 2024, "triwulan": 4}))
    drive(ws, config, "setujui", tahun=2024, triwulan=4, start=case_start(2024, 4, config))
    publish_report(ws, 2024, None, files=_result_files(capaian_table(data, config, 1, tahunan=True), {"tahun": 2024}))  # DRAF
    this_year = capaian_table(data, config, 2, tahunan=True)
    lap = _annual_lap(ws, config, this_year)
    assert lap.referensi.tahun == {}
    # neither TW IV's figures aggregated for the year (21, LEVEL 2, 4) nor the draft's
    assert [r[3] for r in _comparison_rows(lap, this_year)] == ["–", "–", "–"]
    assert "Angka laporan tahunan 2024 tidak ditampilkan karena laporan tersebut belum didokumentasikan" in render_bagian(bab_3(lap))
    # the four quarters documented, the annual report still not: still nothing from 2024
    ws2 = make_workspace(tmp_path / "empat")
    _documented_year(ws2, config, 2024, fourth=fourth)
    lap = _annual_lap(ws2, config, this_year)
    assert lap.referensi.tahun == {} and [r[3] for r in _comparison_rows(lap, this_year)] == ["–", "–", "–"]


def test_riwayat_takes_only_documented_annual_results(tmp_path, data, config) -> None:
    """load_referensi: two earlier years; the documented one wins over the workbook, the draft one never."""
    from _util_alur import make_workspace, publish_report

    from kinerja.laporan.model.riwayat import FIXED, SHEET, load_referensi, riwayat_path

    ws = make_workspace(tmp_path)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([*FIXED, "Realisasi 2023", "Realisasi 2024"])
    key_row = capaian_table(data, config, 2, tahunan=True).iloc[2].to_dict()  # Temuan berulang, IRBAN-1
    sheet.append([key_row["unit"], key_row["kode"], "Temuan berulang", "temuan", 8, "2024–2026", "", "", 7, 6])
    riwayat_path(ws.root).parent.mkdir(parents=True)
    book.save(riwayat_path(ws.root))
    publish_report(ws, 2024, None, files=_result_files(capaian_table(data, config, 1, tahunan=True), {"tahun": 2024}))
    ref = load_referensi(ws, config, 2025)
    assert (ref.realisasi(key_row, 2023), ref.realisasi(key_row, 2024)) == (7, 6)  # the workbook; the draft's 4 is not used
    assert "masih DRAF" in ref.catatan[2024] and 2023 not in ref.catatan  # 2023 has no annual report at all
    _documented_year(ws, config, 2023, annual=capaian_table(data, config, 1, tahunan=True))
    ref = load_referensi(ws, config, 2025)
    assert ref.realisasi(key_row, 2023) == 4.0 and ref.realisasi(key_row, 2024) == 6
    assert set(ref.catatan) == {2024}


def test_a_documented_year_replaces_the_workbook_column_and_the_reports_name_their_source(tmp_path, data, config) -> None:
    """Once 2024's annual report is documented, 2024 comes from it alone: an indicator it left
    without realisasi shows none (not the hand-entered figure), and Form E.81 and the annual
    comparison say 2024 comes from the documented report's archive, 2023 from the workbook."""
    from _util_alur import make_workspace
    from openpyxl import Workbook

    from kinerja.laporan.bagian.tahunan import bab_3
    from kinerja.laporan.model.riwayat import FIXED, SHEET, load_referensi, riwayat_path

    ws = make_workspace(tmp_path)
    annual = capaian_table(data, config, 2, tahunan=True)
    measured, unmeasured = annual.iloc[2].to_dict(), annual.iloc[0].to_dict()
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([*FIXED, "Realisasi 2023", "Realisasi 2024"])
    for row in (measured, unmeasured):
        sheet.append([row["unit"], row["kode"], row["indikator"], row["satuan"], "", "", "", "", 31, 41])
    riwayat_path(ws.root).parent.mkdir(parents=True)
    book.save(riwayat_path(ws.root))
    annual.loc[annual.index[0], "realisasi"] = None  # the documented report did not measure it
    _documented_year(ws, config, 2024, annual=annual)

    ref = load_referensi(ws, config, 2025)
    assert ref.realisasi(measured, 2024) == annual.iloc[2]["realisasi"] != 41
    assert ref.realisasi(unmeasured, 2024) is None  # not the workbook's 41
    assert ref.realisasi(unmeasured, 2023) == 31  # no annual report of 2023: the workbook
    source = "laporan tahunan 2024 yang didokumentasikan (arsip versi-1)"  # no workspace path on a page
    quarter = render_bagian(tabel_e81(SimpleNamespace(tabel=capaian_table(data, config, 1), triwulan=1, tahun=2025,
                                                      config=config, referensi=ref)))
    assert f"Realisasi 2024 berasal dari {source}" in quarter
    annual_html = render_bagian(bab_3(_annual_lap(ws, config, capaian_table(data, config, 2, tahunan=True))))
    assert f"Realisasi 2023 berasal dari riwayat-capaian.xlsx; realisasi 2024 dari {source}" in annual_html


def test_a_changed_archive_of_the_previous_year_is_refused(tmp_path, data, config) -> None:
    from _util_alur import make_workspace

    from kinerja.errors import ReportError
    from kinerja.laporan.model.hasil import official_annual_results
    from kinerja.laporan.model.riwayat import load_referensi

    ws = make_workspace(tmp_path)
    _documented_year(ws, config, 2024, annual=capaian_table(data, config, 1, tahunan=True))
    assert official_annual_results(ws, config, 2024)[0] is not None
    archived = ws.archive_dir(2024) / "versi-1" / "laporan" / "capaian.json"
    archived.chmod(0o644)
    archived.write_text("[]", encoding="utf-8")
    with pytest.raises(ReportError) as info:
        load_referensi(ws, config, 2025)  # what the annual and quarterly reports read
    assert "Arsip laporan tahunan 2024 (versi-1) rusak: laporan/capaian.json" in str(info.value)


def test_narrative_parts_come_from_the_workspace_file(tmp_path, config) -> None:
    import datetime as dt

    from kinerja.errors import ConfigError
    from kinerja.laporan.bagian.tahunan import isian
    from kinerja.laporan.model.data import LaporanTahunan, load_narasi
    from kinerja.laporan.model.dokumen import Bagian
    from kinerja.laporan.model.narasi import toml_path
    from kinerja.paths import Workspace

    workspace = Workspace(tmp_path)
    lap = LaporanTahunan(2025, config, workspace, "", {}, pd.DataFrame(), pd.DataFrame(), None, pd.DataFrame(),
                         dt.datetime(2025, 12, 31), {})
    assert 'class="isian"' in render_bagian(Bagian(isian(lap, "isu_strategis", "isu strategis")))
    path = toml_path(workspace.root, 2025)
    path.parent.mkdir()
    path.write_text('isu_strategis = """Temuan berulang <tinggi>.\n\nSDM auditor terbatas."""\n', encoding="utf-8")
    lap.narasi = load_narasi(workspace, 2025)
    html = render_bagian(Bagian(isian(lap, "isu_strategis", "isu strategis")))
    assert html == "<p>Temuan berulang &lt;tinggi&gt;.</p><p>SDM auditor terbatas.</p>"
    path.write_text('isu = "salah kunci"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_narasi(workspace, 2025)


def test_history_anchor_names_count_and_last_hash(tmp_path):
    workspace = Workspace(tmp_path)
    assert history_anchor(workspace) == ""
    assert not workspace.database.exists()
    with Store(workspace.database) as store, store.transaction() as conn:
        for aksi in ("tugaskan", "perintahkan"):
            last = store.append(conn, tahun=2025, triwulan=1, unit="", waktu="2025-04-10T08:00:00", pengguna="siti",
                                peran="sekretaris", aksi=aksi, dari="a", ke="b")
    anchor = history_anchor(workspace)
    assert anchor.startswith("2 peristiwa")
    assert anchor.endswith(last.hash)


# --------------------------------------------------------------------------- the sample year, by key


@pytest.fixture(scope="module")
def sample_year_results(tmp_path_factory):
    """The sample office's four quarterly results, published and approved through the workflow
    (TW II, with galat, cannot be approved), and its annual data (no notebook, no PDF)."""
    from _util_alur import official_sample_year

    from kinerja.config import load_config
    from kinerja.laporan.model.data import siapkan_tahunan
    from kinerja.lembar.sample import SAMPLE_TAHUN, write_sample_year
    from kinerja.paths import SAMPLE_CONFIG

    root = tmp_path_factory.mktemp("kantor")
    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    write_sample_year(root / "data" / "raw")
    quarters = official_sample_year(root, load_config(), SAMPLE_TAHUN)
    return quarters, siapkan_tahunan(SAMPLE_TAHUN, ruang_kerja=str(root))


def test_annual_quarter_columns_are_each_quarters_own_capaian_by_key(sample_year_results) -> None:
    from kinerja.capaian.tabel import DIHITUNG, capaian_text, indicator_keys
    from kinerja.laporan.model.data import capaian_triwulan_frame

    quarters, tahunan = sample_year_results
    frame = capaian_triwulan_frame(tahunan.tabel, tahunan.tren)
    assert len(frame) == 29 and indicator_keys(frame).is_unique
    checked = 0
    # TW II (galat) was not approved: the annual report does not count it, every row says "–"
    assert frame["teks_tw_2"].eq("–").all() and frame["capaian_tw_2"].isna().all()
    for q, lap in quarters.items():
        if q == 2:
            continue
        own = dict(zip(indicator_keys(lap.tabel), lap.tabel.to_dict(orient="records"), strict=True))
        assert len(own) == len(lap.tabel) == 29  # every indicator keeps its row, galat or not
        for key, row in zip(indicator_keys(frame), frame.to_dict(orient="records"), strict=True):
            stated = own[key]
            assert row[f"teks_tw_{q}"] == capaian_text(stated["status"], stated["capaian"], stated["keterangan"])
            if stated["status"] == DIHITUNG:
                assert row[f"capaian_tw_{q}"] == pytest.approx(stated["capaian"])
            else:
                assert math.isnan(row[f"capaian_tw_{q}"])  # "not computed" is never a value
            checked += 1
    assert checked == 3 * 29
    # the two "Jumlah temuan berulang": Irban II's row shows Irban II's quarters, not Irban I's
    by_key = dict(zip(indicator_keys(frame), frame.to_dict(orient="records"), strict=True))
    irban_2 = by_key[("IRBAN-2", "IK-3.2")]
    assert [irban_2[f"capaian_tw_{q}"] for q in (1, 3, 4)] == pytest.approx([150.0, 133.3333333, 125.0])
    tw2_own = dict(zip(indicator_keys(quarters[2].tabel), quarters[2].tabel.to_dict(orient="records"), strict=True))
    assert tw2_own[("IRBAN-2", "IK-3.2")]["keterangan"].startswith("tidak dihitung: galat di rencana-aksi-irban-2.xlsx sel")
    assert irban_2["capaian"] == pytest.approx(125.0)
    irban_1 = by_key[("IRBAN-1", "IK-2.2")]
    assert irban_1["indikator"] == irban_2["indikator"]
    assert irban_1["capaian_tw_1"] == pytest.approx(66.6666667)


def test_tw2_galat_keeps_rows_pagu_and_trend(sample_year_results) -> None:
    from kinerja.capaian.tabel import indicator_keys

    quarters, _ = sample_year_results
    tw2 = quarters[2].tabel
    by_key = dict(zip(indicator_keys(tw2), tw2.to_dict(orient="records"), strict=True))
    # a typo in a budget cell does not hide the capaian; the indicator's own galat does, in place
    assert by_key[("IRBAN-KHUSUS", "IK-4.1")]["status"] == "dihitung"
    assert by_key[("IRBAN-2", "IK-3.3")]["status"] == "dihitung"
    assert by_key[("IRBAN-1", "IKU-03")]["status"] == "tidak dihitung"
    # the summary's pagu, realisasi and serapan are taken over the same rows: TW II leaves out only the rows with a budget galat
    pagu = [ringkasan_frame(quarters[q].tabel, quarters[q].config)["pagu"] for q in range(1, 5)]
    assert pagu[0] == pagu[2] == pagu[3] == 1_887_500_000.0
    spoiled = tw2[tw2["keterangan_anggaran"] != ""]
    assert len(spoiled) == 2 and pagu[1] == 1_887_500_000.0 - float(spoiled["pagu"].fillna(0).sum()) == 1_637_500_000.0
    summary = ringkasan_frame(tw2, quarters[2].config)
    assert summary["serapan"] == pytest.approx(summary["realisasi_anggaran"] / summary["pagu"] * 100)
    # TW I in TW II's progress chart is what TW I's own report said
    tw1_own = quarters[1].kemajuan
    tw1_in_tw2 = quarters[2].kemajuan[quarters[2].kemajuan["triwulan"] == 1]
    assert tw1_in_tw2["capaian"].tolist() == pytest.approx(tw1_own["capaian"].tolist())


def test_every_count_in_the_text_agrees_with_the_table(sample_year_results) -> None:
    import re

    from kinerja.capaian.tabel import summary_counts
    from kinerja.laporan.bagian.tahunan import analisis_sasaran, kesimpulan
    from kinerja.laporan.bagian.triwulan import faktor_e81
    from kinerja.laporan.bagian.umum import _sasaran_groups, ringkasan, tabel_berisiko
    from kinerja.laporan.model.dokumen import Paragraf, Tabel
    from kinerja.laporan.model.ringkasan import indikator_baik, kalimat_analisis, kalimat_kesimpulan, kelompok_capaian

    def numbers(text: str) -> list[int]:
        return [int(n) for n in re.findall(r"(?<![\d,.])\d+(?![\d,.%])", text)]

    quarters, tahunan = sample_year_results
    for lap in [*quarters.values(), tahunan]:
        tabel, config = lap.tabel, lap.config
        counts = summary_counts(tabel, config)
        groups = kelompok_capaian(tabel, config)
        risk = indikator_berisiko(tabel, config)
        assert groups["baik"] == len(indikator_baik(tabel, config)) == counts.iloc[:2].sum()
        assert groups["perhatian"] == len(risk) == len(tabel) - groups["baik"]
        assert numbers(kalimat_analisis(tabel, config)) == [len(tabel), groups["baik"], groups["perhatian"]]
        # the at-risk table has one row per indicator needing attention
        risk_table = next(b for b in tabel_berisiko(tabel, config).blok if isinstance(b, Tabel))
        assert len(risk_table.baris) == len(risk)
        # the predikat distribution printed is the table's
        dist = next(b for b in ringkasan(tabel, config).blok if isinstance(b, Tabel))
        assert {b.sel[0].teks: int(b.sel[1].teks) for b in dist.baris} == {k: int(v) for k, v in counts.items()}
        assert sum(int(b.sel[1].teks) for b in dist.baris) == len(tabel)
        if lap is not tahunan:
            text = " ".join(b.teks for b in faktor_e81(lap).blok if isinstance(b, Paragraf))
            if groups["baik"]:
                assert f"{groups['baik']} indikator mencapai predikat Tinggi atau Sangat Tinggi" in text
            if len(risk):
                assert f"{len(risk)} indikator berpredikat di bawah Tinggi" in text
    # per sasaran in Bab III: "x dari y indikator sasaran ini"
    total_good = 0
    for _, part in _sasaran_groups(tahunan.tabel):
        sentence = next(b.teks for b in analisis_sasaran(tahunan, part) if isinstance(b, Paragraf))
        good, of = numbers(sentence)[:2]
        assert (good, of) == (kelompok_capaian(part, tahunan.config)["baik"], len(part))
        total_good += good
    assert total_good == kelompok_capaian(tahunan.tabel, tahunan.config)["baik"]
    # Bab IV: every count it names is the table's
    closing = kesimpulan(tahunan).teks
    assert closing == kalimat_kesimpulan(tahunan.tabel, tahunan.config, tahunan.tahun, tahunan.masalah)
    counts = summary_counts(tahunan.tabel, tahunan.config)
    said = {name: int(n) for n, name in re.findall(r"(\d+) (Sangat Tinggi|Tinggi|Sedang|Rendah|Sangat Rendah|belum diukur|"
                                                     r"tidak dapat diukur|tidak dihitung)(?=[,)])", closing)}
    assert said == {name: int(c) for name, c in counts.items() if c}
    assert f"mengukur {len(tahunan.tabel)} indikator" in closing


# --------------------------------------------------------------------------- one name in two units


def _pair_workspace(root, config) -> None:
    """Two units' workbooks for TW I and TW II, each with "Jumlah temuan berulang" under the same
    code; in TW II Irban II typed text into that indicator's realisasi anggaran (a budget galat)."""
    import datetime as dt

    from kinerja.lembar.template import build_workbook, document_timestamp, save_workbook
    from kinerja.paths import SAMPLE_CONFIG

    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    realisasi = {"IRBAN-1": (4, 5), "IRBAN-2": (1, 2)}
    spent = {"IRBAN-1": (10_000_000, 12_000_000), "IRBAN-2": (8_000_000, "belum ada")}
    for triwulan in (1, 2):
        for kode_unit, values in realisasi.items():
            unit = config.unit_by_name(kode_unit)
            pptk = next(p for p in config.people_with_role("pptk") if p.unit == unit.kode)
            row = {
                "sasaran": "Meningkatnya kualitas pengawasan internal", "kode_indikator": "IK-2",
                "indikator": "Jumlah temuan berulang hasil pemeriksaan", "satuan": "temuan", "arah": "Negatif",
                "metode": "Kumulatif", "target_tahunan": 12, **{f"target_triwulan_{q}": 3 for q in range(1, 5)},
                "pagu": 50_000_000, **{f"rencana_anggaran_triwulan_{q}": 12_500_000 for q in range(1, 5)},
                "pptk": pptk.nama, "unit": unit.nama,
            }
            for q in range(1, triwulan + 1):
                row[f"realisasi_triwulan_{q}"] = values[q - 1]
                row[f"realisasi_anggaran_triwulan_{q}"] = spent[kode_unit][q - 1]
            workbook = build_workbook(2025, config, rows=[row], metadata={
                "unit": unit.nama, "tanggal_penyampaian": dt.date(2025, 3 * triwulan + 1, 5)})
            path = root / "data" / "raw" / "2025" / f"triwulan-{triwulan}" / f"rencana-aksi-{kode_unit.lower()}.xlsx"
            save_workbook(workbook, path, timestamp=document_timestamp(2025))


def test_same_name_in_two_units_and_a_budget_galat_give_distinct_correct_rows_everywhere(tmp_path, config) -> None:
    import subprocess
    import sys

    from kinerja.capaian.tabel import indicator_keys
    from kinerja.laporan.bagian.triwulan import tabel_anggaran, tabel_e81
    from kinerja.laporan.bagian.umum import tabel_berisiko
    from kinerja.laporan.model.data import capaian_triwulan_frame, siapkan_tahunan
    from kinerja.laporan.model.dokumen import Tabel
    from kinerja.laporan.render import grafik

    _pair_workspace(tmp_path, config)
    keys = [("IRBAN-1", "IK-2"), ("IRBAN-2", "IK-2")]
    from _util_alur import official_sample_year

    from kinerja.terbitan import current

    made = official_sample_year(tmp_path, config, 2025, quarters=(1, 2))  # TW II has a galat: not approvable
    tw1, tw2 = made[1], made[2]
    tahunan = siapkan_tahunan(2025, ruang_kerja=str(tmp_path))
    # tables: one row per unit, each with its own figures (negative, kumulatif: (2T - R) / T)
    for lap, expected in ((tw1, [200 / 3, 500 / 3]), (tw2, [50.0, 150.0])):
        assert list(indicator_keys(lap.tabel)) == keys
        assert lap.tabel["capaian"].tolist() == pytest.approx(expected)
    # the budget galat blanks Irban II's TW II budget only, never its capaian
    irban_2 = tw2.tabel.iloc[1]
    assert irban_2["status"] == "dihitung" and pd.isna(irban_2["realisasi_anggaran"]) and irban_2["pagu"] == 50_000_000
    assert irban_2["keterangan_anggaran"].startswith("anggaran tidak dihitung: galat di rencana-aksi-irban-2.xlsx sel ")
    irban_1 = tw2.tabel.iloc[0]
    assert irban_1["realisasi_anggaran"] == 22_000_000 and irban_1["serapan_rencana"] == pytest.approx(88.0)
    assert irban_1["dasar_efisiensi"] == "anggaran kas" and irban_1["efisiensi"] == "tidak efisien"  # 50 - 88 < -5
    # the annual table: each unit's quarters, by key
    frame = capaian_triwulan_frame(tahunan.tabel, tahunan.tren)
    assert list(indicator_keys(frame)) == keys
    assert frame["capaian_tw_1"].tolist() == pytest.approx([200 / 3, 500 / 3])
    assert frame["capaian_tw_2"].isna().all()  # TW II (galat) is not approved, so the annual report does not count it
    # report tables print the unit with the name
    def rows(bagian) -> list[str]:
        """Each indicator row of the section's tables as one text (cells joined by " | ")."""
        return [" | ".join(s.teks for s in r.sel) for b in bagian.blok if isinstance(b, Tabel) for r in b.baris
                if any("Jumlah temuan berulang" in s.teks for s in r.sel)]

    for bagian in (tabel_e81(tw2), tabel_anggaran(tw2.tabel, 2, config)):
        first, second = rows(bagian)
        assert "Inspektur Pembantu Wilayah I\n" in first + "\n" or "Inspektur Pembantu Wilayah I |" in first
        assert "Wilayah II" not in first and "Inspektur Pembantu Wilayah II" in second
    at_risk = rows(tabel_berisiko(tw2.tabel, config))
    assert len(at_risk) == 1 and "Inspektur Pembantu Wilayah I" in at_risk[0] and "Wilayah II" not in at_risk[0]  # 50 %
    # charts: two bars, told apart
    labels = [t.get_text() for t in grafik.grafik_capaian(tw2.tabel, config.predikat).figure.axes[0].get_yticklabels()]
    assert sorted(label.rsplit("(", 1)[1] for label in labels) == ["IRBAN-1)", "IRBAN-2)"]
    # stored JSON: distinct keys
    stored = json.loads(current(tmp_path / "laporan" / "2025" / "triwulan-2").path("capaian.json").read_text(encoding="utf-8"))
    assert [(r["unit"], r["kode"]) for r in stored] == keys
    # the CLI, as JSON and as a table
    folder = tmp_path / "data" / "raw" / "2025" / "triwulan-2"
    cli = [sys.executable, "-m", "kinerja.cli.commands", "--ruang-kerja", str(tmp_path), "capaian", str(folder),
           "--tahun", "2025", "--triwulan", "2"]
    as_json = subprocess.run([*cli, "--format", "json"], capture_output=True, text=True, timeout=300)
    assert as_json.returncode == 1 and "bukan_angka" in as_json.stderr  # the budget galat is reported
    records = json.loads(as_json.stdout)
    assert [(r["unit"], r["kode"]) for r in records] == keys
    assert [r["capaian"] for r in records] == pytest.approx([50.0, 150.0])
    assert records[1]["realisasi_anggaran"] is None and records[0]["realisasi_anggaran"] == 22_000_000
    import os

    wide = {**os.environ, "COLUMNS": "250"}  # a terminal wide enough that no cell wraps
    as_table = subprocess.run(cli, capture_output=True, text=True, timeout=300, env=wide).stdout
    assert "IRBAN-1" in as_table and "IRBAN-2" in as_table


def test_workflow_status_says_why_it_is_missing(tmp_path, config) -> None:
    from kinerja.laporan.model.data import workflow_status

    workspace = Workspace(tmp_path)
    assert workflow_status(workspace, config, 2025, 1) == (
        [], "Belum ada basis data alur kerja di ruang kerja ini; kasus belum dimulai.")
    workspace.database.write_bytes(b"bukan basis data SQLite" * 200)
    cases, note = workflow_status(workspace, config, 2025, 1)
    assert cases is None and note.startswith("Status alur kerja tidak dapat dibaca: ")  # the report is still made


def test_an_annual_report_without_approved_quarters_states_no_false_counts(sample_workspace, tmp_path) -> None:
    """Before any quarter is approved the annual DRAF has nothing to count: its Ikhtisar says so
    instead of "menetapkan 0 sasaran strategis dengan 0 indikator" (the office did set them)."""
    from kinerja.laporan.bagian.tahunan import draf_ikhtisar
    from kinerja.laporan.model.data import siapkan_tahunan

    lap = siapkan_tahunan(2025, ruang_kerja=str(sample_workspace.root), keluaran=str(tmp_path / "hasil"))
    text = draf_ikhtisar(lap)
    assert lap.tabel.empty
    assert "belum ada laporan triwulan" in text and "disetujui Sekretaris" in text
    assert " 0 sasaran" not in text and " 0 indikator" not in text and "Rp 0" not in text


def test_an_annual_report_without_approved_quarters_says_why_in_every_empty_table(sample_workspace, tmp_path) -> None:
    """Its tables (sasaran, predikat, Perjanjian Kinerja, capaian ...) have no rows yet; each prints
    one row across its columns saying why, in the HTML and in the .docx, never a bare header."""
    import io

    from docx import Document

    from kinerja.laporan.bagian.tahunan import laporan_tahunan
    from kinerja.laporan.model.data import siapkan_tahunan
    from kinerja.laporan.model.dokumen import Naskah, Tabel
    from kinerja.laporan.render.ke_docx import render_docx
    from kinerja.laporan.render.ke_html import render_bagian

    lap = siapkan_tahunan(2025, ruang_kerja=str(sample_workspace.root), keluaran=str(tmp_path / "hasil"))
    parts = laporan_tahunan(lap)
    empty = [b for part in parts for b in part.blok if isinstance(b, Tabel) and not b.baris]
    assert len(empty) >= 5  # Ikhtisar (2), IKU, Perjanjian Kinerja, capaian, anggaran ...
    reason = "Belum ada angka: belum ada laporan triwulan yang disetujui Sekretaris."
    html = "".join(render_bagian(part) for part in parts)
    assert html.count(f'<td class="kosong" colspan="2">{reason}</td>') >= 2  # the Ikhtisar's two 2-column tables
    assert html.count(reason) == len(empty)
    document = Document(io.BytesIO(render_docx(Naskah({"judul": "LKjIP", "final": False}, parts))))
    said = [t for t in document.tables if len(t.rows) == 2 and t.rows[1].cells[0].text == reason]
    assert len(said) == len(empty)
    assert all(len({id(c._tc) for c in t.rows[1].cells}) == 1 for t in said)  # one cell across every column
    # no chart prints empty axes either: each is the charts' one empty state (a short strip)
    from PIL import Image

    from kinerja.laporan.model.dokumen import Gambar
    from kinerja.laporan.render import grafik

    charts = [b for part in parts for b in part.blok if isinstance(b, Gambar)]
    assert len(charts) == 4
    assert all(abs(Image.open(io.BytesIO(c.png)).height - grafik.EMPTY_HEIGHT * grafik.DPI) <= 1 for c in charts)


def test_annual_charts_are_not_headed_by_their_own_title_again(tmp_path, data, config) -> None:
    """The capaian-serapan chart carries its title; LKjIP Bab III printed the same words as a heading
    right above it."""
    from _util_alur import make_workspace

    from kinerja.laporan.bagian.tahunan import bab_3
    from kinerja.laporan.model.dokumen import Judul

    lap = _annual_lap(make_workspace(tmp_path), config, capaian_table(data, config, 2, tahunan=True))
    headings = [b.teks for b in bab_3(lap).blok if isinstance(b, Judul)]
    assert "Tren capaian triwulan" in headings  # the section's own subheadings stay
    assert "Capaian kinerja dan serapan anggaran" not in headings


def test_the_unit_table_says_a_refused_workbook_came_in_unreadable_not_missing(tmp_path):
    """A unit whose workbook is there but refused (0 bytes here) is 'masuk, tidak terbaca', never 'belum masuk'."""
    from kinerja.laporan.model.data import kelengkapan_frame, siapkan_triwulan
    from kinerja.lembar.sample import write_sample_year
    from kinerja.paths import SAMPLE_CONFIG

    (tmp_path / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    written = write_sample_year(tmp_path / "data" / "raw", 2025)
    refused = next(p for p in written if "triwulan-1" in str(p) and "irban-1" in p.name)
    refused.write_bytes(b"")
    lap = siapkan_triwulan(2025, 1, ruang_kerja=str(tmp_path), keluaran=str(tmp_path / "keluar"))
    table = kelengkapan_frame(lap)
    row = table[table["berkas"] == refused.name]
    assert len(row) == 1 and row["status"].iloc[0] == "masuk, tidak terbaca (galat)", table
    assert row["unit"].iloc[0] == "Inspektur Pembantu Wilayah I"
    assert "belum masuk" not in set(table.loc[table["unit"] == "Inspektur Pembantu Wilayah I", "status"])
