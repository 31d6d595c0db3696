"""Report data and HTML sections without a kernel: exclusions, quarter status, round trips."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kinerja.alur.store import Store
from kinerja.capaian.tabel import capaian_table
from kinerja.laporan.data import (
    clean_data,
    excluded_rows,
    frame_from_results,
    history_anchor,
    indikator_berisiko,
    quarter_status,
)
from kinerja.laporan.hasil import read_results, table_records, write_results
from kinerja.laporan.ke_html import render_bagian, render_tabel
from kinerja.laporan.sections import perjanjian_kinerja, tabel_e81
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


def test_a_file_level_galat_excludes_every_row_of_that_file(data) -> None:
    temuan = pd.DataFrame([
        {"berkas": "b.xlsx", "sel": "", "tingkat": "galat", "pesan": "tahun berbeda", "kode": "tahun_berbeda"},
        {"berkas": "a.xlsx", "sel": "G9", "tingkat": "peringatan", "pesan": "cuma peringatan", "kode": "x"},
    ])
    excluded = excluded_rows(data, temuan)
    assert excluded[["berkas", "baris"]].values.tolist() == [["b.xlsx", 8]]
    assert clean_data(data, excluded)["indikator"].tolist() == ["Laporan <audit>", "Tingkat SPIP"]


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
    from kinerja.laporan.hasil import Hasil

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


def test_previous_year_is_compared_when_its_results_exist(tmp_path, data, config) -> None:
    import datetime as dt

    from kinerja.laporan.data import LaporanTahunan, previous_year
    from kinerja.laporan.riwayat import load_referensi
    from kinerja.laporan.sections import perbandingan_sasaran
    from kinerja.paths import Workspace

    workspace = Workspace(tmp_path)
    assert previous_year(workspace, config, 2025) is None
    last_year = capaian_table(data, config, 1, tahunan=True)
    write_results(workspace.report_dir(2024, 4), capaian_table(data, config, 4), [], {"tahun": 2024})
    before = previous_year(workspace, config, 2025)
    assert before["indikator"].tolist() == last_year["indikator"].tolist()
    this_year = capaian_table(data, config, 2, tahunan=True)
    write_results(workspace.report_dir(2024, None), last_year, [], {"tahun": 2024})
    lap = LaporanTahunan(2025, config, workspace, "", {}, pd.DataFrame(), this_year, 2, before, pd.DataFrame(),
                         dt.datetime(2025, 12, 31), {}, referensi=load_referensi(workspace, 2025))
    html = render_tabel(perbandingan_sasaran(lap, this_year)[0])
    assert "Realisasi 2024" in html
    first = last_year.iloc[0]
    assert lap.referensi.realisasi(this_year.iloc[0].to_dict(), 2024) == first["realisasi"]


def test_narrative_parts_come_from_the_workspace_file(tmp_path, config) -> None:
    import datetime as dt

    from kinerja.errors import ConfigError
    from kinerja.laporan.data import LaporanTahunan, load_narasi
    from kinerja.laporan.dokumen import Bagian
    from kinerja.laporan.narasi import toml_path
    from kinerja.laporan.sections import isian
    from kinerja.paths import Workspace

    workspace = Workspace(tmp_path)
    lap = LaporanTahunan(2025, config, workspace, "", {}, pd.DataFrame(), pd.DataFrame(), None, None, pd.DataFrame(),
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
