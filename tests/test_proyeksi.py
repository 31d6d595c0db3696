"""Proyeksi akhir tahun: each rule on hand-computed cases, and the table on the sample quarter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kinerja.capaian.proyeksi import (
    AMAN,
    BERISIKO,
    DATA_KURANG,
    STATUS_PROYEKSI,
    TIDAK_DIPROYEKSIKAN,
    WASPADA,
    proyeksi_nilai,
    proyeksi_table,
)
from kinerja.capaian.tabel import capaian_table
from kinerja.config import load_config
from kinerja.numbers import Rentang

CONFIG = load_config()
BANDS = CONFIG.predikat
ROOT = Path(__file__).resolve().parents[1]


def test_kumulatif_follows_the_quarterly_plan_with_the_range_of_paces() -> None:
    # 3 of 4 planned, then 5 of 6: 8 of 10 so far (80 %); the 10 still planned at 80 % → 16.
    p = proyeksi_nilai([3, 5, None, None], [4, 6, 6, 4], 20, triwulan=2, satuan="laporan", bands=BANDS)
    assert p.realisasi == pytest.approx(16.0)
    assert p.rendah == pytest.approx(8 + 0.75 * 10)
    assert p.tinggi == pytest.approx(8 + 5 / 6 * 10)
    assert p.capaian == pytest.approx(80.0)
    assert p.predikat == "Tinggi"
    assert p.status == WASPADA
    assert p.kebutuhan == "butuh 12 laporan lagi dalam 2 triwulan; laju saat ini 4 per triwulan"


def test_kumulatif_without_a_plan_uses_the_elapsed_share_of_the_year() -> None:
    p = proyeksi_nilai([10, 10, 10, None], [None] * 4, 40, triwulan=3, satuan="dokumen", bands=BANDS)
    assert (p.realisasi, p.rendah, p.tinggi, p.capaian, p.status) == (40.0, 40.0, 40.0, 100.0, AMAN)
    assert p.kebutuhan == "butuh 10 dokumen lagi dalam 1 triwulan; laju saat ini 10 per triwulan"


def test_negative_kumulatif_is_judged_with_the_negative_formula() -> None:
    # Repeated findings, at most 4 a year (1 per quarter): 0 + 1 so far is half the plan → 2 at year end.
    p = proyeksi_nilai([0, 1, None, None], [1, 1, 1, 1], 4, arah="negatif", triwulan=2, satuan="temuan", bands=BANDS)
    assert p.realisasi == pytest.approx(2.0)
    assert p.capaian == pytest.approx((2 * 4 - 2) / 4 * 100)  # 150
    assert p.status == AMAN
    assert p.kebutuhan == "paling banyak 3 temuan lagi dalam 2 triwulan; laju saat ini 0,5 per triwulan"
    over = proyeksi_nilai([3, 3, None, None], [1, 1, 1, 1], 4, arah="negatif", triwulan=2, satuan="temuan", bands=BANDS)
    assert over.capaian == 0.0 and over.status == BERISIKO
    assert over.kebutuhan == "realisasi 6 temuan sudah melewati batas target 4 temuan"


def test_akhir_periode_follows_its_trend_into_a_range_target() -> None:
    # 70 then 75: +5 per quarter, two quarters left → 85, inside 80–90 (capaian 100).
    p = proyeksi_nilai([70, 75, None, None], [None] * 4, Rentang(80, 90), metode="akhir_periode", triwulan=2,
                       satuan="%", bands=BANDS)
    assert p.realisasi == pytest.approx(85.0)
    assert (p.rendah, p.tinggi) == (75.0, pytest.approx(85.0))
    assert p.capaian == 100.0
    assert p.capaian_rendah == pytest.approx(75 / 80 * 100)
    assert p.status == AMAN
    assert p.kebutuhan == "target akhir tahun 80–90%; nilai Triwulan II 75%, tren +5,00 per triwulan"


def test_akhir_periode_is_clipped_to_a_percentage_scale() -> None:
    p = proyeksi_nilai([80, 95, None, None], [None] * 4, 90, metode="akhir_periode", triwulan=2, satuan="%", bands=BANDS)
    assert p.realisasi == 100.0  # 95 + 15 × 2 = 125 on a 0–100 scale


def test_one_quarter_only_says_the_trend_is_not_known() -> None:
    p = proyeksi_nilai([60, None, None, None], [None] * 4, 80, metode="akhir_periode", triwulan=1, satuan="%", bands=BANDS)
    assert p.realisasi == 60.0 and p.capaian == 75.0
    assert p.status == BERISIKO  # 75 is below the at-risk bound 76
    assert "tren belum dapat dihitung" in p.alasan
    assert "dari satu triwulan" in p.alasan


def test_rata_rata_says_what_the_remaining_quarters_need() -> None:
    p = proyeksi_nilai([80, 70, None, None], [80] * 4, 80, metode="rata_rata", triwulan=2, satuan="%", bands=BANDS)
    assert p.realisasi == 75.0
    assert (p.rendah, p.tinggi) == (72.5, 77.5)
    assert p.capaian == pytest.approx(75 / 80 * 100)
    assert p.status == WASPADA
    assert p.kebutuhan == "butuh rata-rata 85% per triwulan pada 2 triwulan tersisa; rata-rata saat ini 75%"


def test_qualitative_target_keeps_the_last_grade() -> None:
    skala = {"sakip": {"AA": 7.0, "A": 6.0, "BB": 5.0, "B": 4.0}}
    p = proyeksi_nilai(["BB", None, None, None], [None] * 4, "A", triwulan=2, bands=BANDS, skala=skala)
    assert p.capaian == pytest.approx(5 / 6 * 100)
    assert p.status == WASPADA
    assert p.realisasi is None
    assert "nilai kualitatif BB dipertahankan" in p.alasan


def test_target_zero_and_nothing_measured_are_not_guessed() -> None:
    assert proyeksi_nilai([3, None, None, None], [0] * 4, 0, triwulan=1, bands=BANDS).status == TIDAK_DIPROYEKSIKAN
    empty = proyeksi_nilai([None, None, None, None], [1] * 4, 4, triwulan=2, bands=BANDS)
    assert empty.status == DATA_KURANG and empty.capaian is None
    assert "Triwulan II" in empty.alasan


def test_table_of_the_sample_quarter_with_galat_rows_sorted_by_risk() -> None:
    from kinerja.lembar.findings import to_frame
    from kinerja.lembar.validate import validate_workbooks

    folder = ROOT / "data" / "raw" / "2025" / "triwulan-2"
    dataset = validate_workbooks(sorted(folder.glob("*.xlsx")), CONFIG, tahun=2025, triwulan=2)
    temuan = to_frame(dataset.temuan)
    table = capaian_table(dataset.data, CONFIG, 2, temuan=temuan)
    proyeksi = proyeksi_table(table, CONFIG)
    assert len(proyeksi) == len(table)
    assert set(zip(proyeksi["unit"], proyeksi["kode"], strict=True)) == set(zip(table["unit"], table["kode"], strict=True))
    galat_keys = set(zip(table.loc[table["status"] == "tidak dihitung", "unit"],
                         table.loc[table["status"] == "tidak dihitung", "kode"], strict=True))
    assert galat_keys, "the sample TW II has deliberate galat"
    for row in proyeksi.itertuples():
        if (row.unit, row.kode) in galat_keys:
            assert row.status_proyeksi == TIDAK_DIPROYEKSIKAN
            assert row.alasan.startswith("tidak diproyeksikan: ")
    order = [STATUS_PROYEKSI.index(s) for s in proyeksi["status_proyeksi"]]
    assert order == sorted(order)


def test_table_keeps_each_row_keyed_by_unit_and_code() -> None:
    rows = [
        {"unit": "IRBAN-1", "kode_indikator": "IK-1", "indikator": "Laporan", "satuan": "laporan", "arah": "positif",
         "metode": "kumulatif", "target_tahunan": 40.0, **{f"target_triwulan_{q}": 10.0 for q in range(1, 5)},
         "realisasi_triwulan_1": 10.0, "realisasi_triwulan_2": 10.0},
        {"unit": "IRBAN-2", "kode_indikator": "IK-1", "indikator": "Laporan", "satuan": "laporan", "arah": "positif",
         "metode": "kumulatif", "target_tahunan": 40.0, **{f"target_triwulan_{q}": 10.0 for q in range(1, 5)},
         "realisasi_triwulan_1": 2.0, "realisasi_triwulan_2": 3.0},
    ]
    table = capaian_table(pd.DataFrame(rows), CONFIG, 2)
    proyeksi = proyeksi_table(table, CONFIG)
    by_unit = {r.unit: r for r in proyeksi.itertuples()}
    assert by_unit["IRBAN-2"].status_proyeksi == BERISIKO and by_unit["IRBAN-2"].proyeksi_realisasi == 10.0
    assert by_unit["IRBAN-1"].status_proyeksi == AMAN and by_unit["IRBAN-1"].proyeksi_realisasi == 40.0
    assert list(proyeksi["unit"]) == ["IRBAN-2", "IRBAN-1"]  # the indicator at risk first


def test_cli_capaian_proyeksi_json_of_the_sample_triwulan_iii(sample_raw, tmp_path) -> None:
    import json
    import os
    import subprocess
    import sys

    from kinerja.capaian.proyeksi import KOLOM_PROYEKSI
    from kinerja.paths import SAMPLE_CONFIG

    (tmp_path / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "kinerja.cli.commands", "--ruang-kerja", str(tmp_path), "capaian",
         str(sample_raw / "2025" / "triwulan-3"), "--tahun", "2025", "--triwulan", "3", "--proyeksi", "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, env=dict(os.environ, COLUMNS="250"),
    )
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and all(list(r) == list(KOLOM_PROYEKSI) for r in records)
    by_key = {(r["unit"], r["kode"]): r for r in records}
    audit = next(r for k, r in by_key.items() if k[1] == "IK-2.1")
    # Plan 3, 4, 4, 3 (14); realisasi 3, 4, 3 = 10 of the 11 planned so far; TW IV's 3 at 10/11 → 12,73.
    assert audit["proyeksi_realisasi"] == pytest.approx(10 + 3 * 10 / 11)
    assert audit["proyeksi_capaian"] == pytest.approx((10 + 3 * 10 / 11) / 14 * 100)
    assert (audit["proyeksi_rendah"], audit["proyeksi_tinggi"]) == (pytest.approx(12.25), pytest.approx(13.0))
    assert audit["status_proyeksi"] == WASPADA and audit["proyeksi_predikat"] == "Tinggi"
    assert audit["kebutuhan"] == "butuh 4 laporan lagi dalam 1 triwulan; laju saat ini 3,33 per triwulan"
    berulang = next(r for k, r in by_key.items() if k[1] == "IK-2.2")
    # Negative, at most 3 a quarter (12): 4 + 5 + 3 = 12 of 9 planned; TW IV at 12/9 → 16; (24 − 16) / 12.
    assert berulang["proyeksi_realisasi"] == pytest.approx(16.0)
    assert berulang["proyeksi_capaian"] == pytest.approx(200 / 3)
    assert berulang["status_proyeksi"] == BERISIKO
    assert berulang["kebutuhan"] == "paling banyak 0 temuan lagi dalam 1 triwulan; laju saat ini 4 per triwulan"
    assert records.index(berulang) < records.index(audit)  # riskiest first


def test_report_section_of_the_sample_triwulan_ii() -> None:
    from kinerja.laporan.bagian.peringatan import peringatan_dini
    from kinerja.laporan.model.dokumen import Gambar, Paragraf, Tabel
    from kinerja.lembar.findings import to_frame
    from kinerja.lembar.validate import validate_workbooks

    folder = ROOT / "data" / "raw" / "2025" / "triwulan-2"
    dataset = validate_workbooks(sorted(folder.glob("*.xlsx")), CONFIG, tahun=2025, triwulan=2)
    table = capaian_table(dataset.data, CONFIG, 2, temuan=to_frame(dataset.temuan))
    section = peringatan_dini(table, CONFIG, 2)
    (tabel,) = [b for b in section.blok if isinstance(b, Tabel)]
    assert tabel.kepala[2] == "Realisasi s.d. TW II" and len(tabel.baris) == len(table)
    status = [row.sel[7].teks for row in tabel.baris]
    assert status == sorted(status, key=STATUS_PROYEKSI.index), "riskiest first"
    assert all((row.sel[7].kelas == "galat") == (row.sel[7].teks == BERISIKO) for row in tabel.baris)
    # IK-2.1: 3 + 4 of the 3 + 4 planned, TW III–IV's 7 at the same pace → 14 of 14.
    audit = next(row for row in tabel.baris if row.sel[1].teks.startswith("↑ IK-2.1 "))  # led by its arah marker
    assert [c.teks for c in audit.sel[2:8]] == ["7", "14", "14", "100,00%", "Sangat Tinggi", AMAN]
    assert sum(isinstance(b, Gambar) for b in section.blok) == 1
    note = [b.teks for b in section.blok if isinstance(b, Paragraf) and b.gaya == "catatan"]
    assert len(note) == 1 and note[0].startswith("5 indikator tanpa proyeksi tidak digambar: ")
    assert peringatan_dini(table, CONFIG, 4).blok == []  # the year is over: nothing to project
