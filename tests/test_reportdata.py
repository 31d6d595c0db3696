"""Report data and HTML sections without a kernel: exclusions, quarter status, round trips."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from kinerja.alur.store import Store
from kinerja.capaian.tabel import TIDAK_DIHITUNG, capaian_table
from kinerja.laporan.data import (
    frame_from_results,
    history_anchor,
    indikator_berisiko,
    quarter_status,
    ringkasan_frame,
    tidak_dihitung_frame,
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


def _publish_results(folder, table, meta) -> None:
    """Stored results as ``kinerja laporan`` leaves them: a published set (:mod:`kinerja.terbitan`)."""
    from kinerja import terbitan

    with terbitan.staging(folder) as staging:
        write_results(staging, table, [], meta)
        terbitan.publish(staging, folder, {"status": "final"})


def test_previous_year_is_compared_when_its_results_exist(tmp_path, data, config) -> None:
    import datetime as dt

    from kinerja.laporan.data import LaporanTahunan, previous_year
    from kinerja.laporan.riwayat import load_referensi
    from kinerja.laporan.sections import perbandingan_sasaran
    from kinerja.paths import Workspace

    workspace = Workspace(tmp_path)
    assert previous_year(workspace, config, 2025) is None
    last_year = capaian_table(data, config, 1, tahunan=True)
    _publish_results(workspace.report_dir(2024, 4), capaian_table(data, config, 4), {"tahun": 2024})
    write_results(workspace.report_dir(2025, 4), capaian_table(data, config, 1), [], {"tahun": 2025})  # not published
    before = previous_year(workspace, config, 2025)
    assert before["indikator"].tolist() == last_year["indikator"].tolist()
    this_year = capaian_table(data, config, 2, tahunan=True)
    _publish_results(workspace.report_dir(2024, None), last_year, {"tahun": 2024})
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


# --------------------------------------------------------------------------- the sample year, by key


@pytest.fixture(scope="module")
def sample_year_results(tmp_path_factory):
    """The sample office's four quarterly results, published and approved through the workflow
    (TW II, with galat, cannot be approved), and its annual data (no notebook, no PDF)."""
    from _util_alur import official_sample_year

    from kinerja.config import load_config
    from kinerja.laporan.data import siapkan_tahunan
    from kinerja.lembar.sample import SAMPLE_TAHUN, write_sample_year
    from kinerja.paths import SAMPLE_CONFIG

    root = tmp_path_factory.mktemp("kantor")
    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    write_sample_year(root / "data" / "raw")
    quarters = official_sample_year(root, load_config(), SAMPLE_TAHUN)
    return quarters, siapkan_tahunan(SAMPLE_TAHUN, ruang_kerja=str(root))


def test_annual_quarter_columns_are_each_quarters_own_capaian_by_key(sample_year_results) -> None:
    from kinerja.capaian.tabel import DIHITUNG, capaian_text, indicator_keys
    from kinerja.laporan.data import capaian_triwulan_frame

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
    # the pagu total no longer drops in TW II: only cells with a galat are left out
    pagu = [ringkasan_frame(quarters[q].tabel, quarters[q].config)["pagu"] for q in range(1, 5)]
    assert pagu[0] == pagu[1] == pagu[2] == pagu[3] == 1_887_500_000.0
    # TW I in TW II's progress chart is what TW I's own report said
    tw1_own = quarters[1].kemajuan
    tw1_in_tw2 = quarters[2].kemajuan[quarters[2].kemajuan["triwulan"] == 1]
    assert tw1_in_tw2["capaian"].tolist() == pytest.approx(tw1_own["capaian"].tolist())


def test_every_count_in_the_text_agrees_with_the_table(sample_year_results) -> None:
    import re

    from kinerja.capaian.tabel import summary_counts
    from kinerja.laporan.data import indikator_baik, kalimat_analisis, kalimat_kesimpulan, kelompok_capaian
    from kinerja.laporan.dokumen import Paragraf, Tabel
    from kinerja.laporan.sections import (
        _sasaran_groups,
        analisis_sasaran,
        faktor_e81,
        kesimpulan,
        ringkasan,
        tabel_berisiko,
    )

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
    from kinerja.laporan import grafik
    from kinerja.laporan.data import capaian_triwulan_frame, siapkan_tahunan
    from kinerja.laporan.dokumen import Tabel
    from kinerja.laporan.sections import tabel_anggaran, tabel_berisiko, tabel_e81

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
    labels = [t.get_text() for t in grafik.grafik_capaian(tw2.tabel).figure.axes[0].get_yticklabels()]
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


def test_last_year_is_joined_by_key_with_the_change_in_points(data, config) -> None:
    from kinerja.laporan.data import perbandingan_frame

    this_year = capaian_table(data, config, 2)          # 21 of 20 = 105 %; LEVEL 2 of LEVEL 3; (2×3 − 4)/3
    last_year = capaian_table(data.iloc[:2], config, 1)  # 9 of 10 = 90 %; SPIP not measured in TW I; no third row
    joined = perbandingan_frame(this_year, last_year)
    assert joined["indikator"].tolist() == this_year["indikator"].tolist()  # this year's rows, in order
    assert joined.loc[0, "capaian_lalu"] == pytest.approx(90.0) and joined.loc[0, "perubahan"] == pytest.approx(15.0)
    assert joined.loc[0, "teks_capaian_lalu"] == "90,00%" and joined.loc[0, "realisasi_lalu"] == 9.0
    assert math.isnan(joined.loc[1, "capaian_lalu"]) and math.isnan(joined.loc[1, "perubahan"])
    assert joined.loc[1, "teks_capaian_lalu"] == "belum diukur"
    assert pd.isna(joined.loc[2, "realisasi_lalu"]) and joined.loc[2, "teks_capaian_lalu"] == "–"
    assert math.isnan(joined.loc[2, "capaian_lalu"])
    renamed = last_year.assign(indikator=["Laporan hasil audit (nama baru)", "Tingkat SPIP"])
    assert perbandingan_frame(this_year, renamed).loc[0, "capaian_lalu"] == pytest.approx(90.0)  # the key, not the name
    nothing = perbandingan_frame(this_year, None)
    assert nothing["teks_capaian_lalu"].tolist() == ["–", "–", "–"]


def test_workflow_status_says_why_it_is_missing(tmp_path, config) -> None:
    from kinerja.laporan.data import workflow_status

    workspace = Workspace(tmp_path)
    assert workflow_status(workspace, config, 2025, 1) == (
        [], "Belum ada basis data alur kerja di ruang kerja ini; kasus belum dimulai.")
    workspace.database.write_bytes(b"bukan basis data SQLite" * 200)
    cases, note = workflow_status(workspace, config, 2025, 1)
    assert cases is None and note.startswith("Status alur kerja tidak dapat dibaca: ")  # the report is still made


def test_an_annual_report_without_approved_quarters_states_no_false_counts(sample_workspace, tmp_path) -> None:
    """Before any quarter is approved the annual DRAF has nothing to count: its Ikhtisar says so
    instead of "menetapkan 0 sasaran strategis dengan 0 indikator" (the office did set them)."""
    from kinerja.laporan.data import siapkan_tahunan
    from kinerja.laporan.sections import draf_ikhtisar

    lap = siapkan_tahunan(2025, ruang_kerja=str(sample_workspace.root), keluaran=str(tmp_path / "hasil"))
    text = draf_ikhtisar(lap)
    assert lap.tabel.empty
    assert "belum ada laporan triwulan" in text and "disetujui Sekretaris" in text
    assert " 0 sasaran" not in text and " 0 indikator" not in text and "Rp 0" not in text
