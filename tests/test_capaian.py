"""Capaian: formulas, aggregation of quarters, predikat, budget, table, display and Excel output.

Input frames are built exactly as the reader's contract describes (target/realisasi object
columns of float | Rentang | grade | None, budget floats with NaN), which is legitimate input
for these pure functions.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kinerja.capaian.tabel import (
    BELUM_DIUKUR,
    CONTEXT_COLUMNS,
    CUKUP_EFISIEN,
    DIHITUNG,
    EFISIEN,
    PUBLIC_COLUMNS,
    TIDAK_DAPAT_DIUKUR,
    TIDAK_EFISIEN,
    agregasi,
    capaian_negatif,
    capaian_nilai,
    capaian_positif,
    capaian_table,
    display_frame,
    efisiensi,
    format_target,
    predikat,
    serapan_anggaran,
    summary_counts,
)
from kinerja.config import DEFAULT_PREDIKAT
from kinerja.domain.predikat import batas_aman
from kinerja.numbers import Rentang, parse_target

AMAN = batas_aman(DEFAULT_PREDIKAT)
"""Permendagri 86/2017's at-risk bound (the lower bound of Tinggi)."""

QUARTERS = (1, 2, 3, 4)


def make_row(**values: object) -> dict[str, object]:
    """One reader row (contract 1) with every field; ``target=(...)``/``realisasi=(...)`` fill quarters."""
    row: dict[str, object] = {
        "berkas": "unit.xlsx", "lembar": "Rencana Aksi", "baris": 7,
        "sasaran": "Meningkatnya kualitas pengawasan", "indikator": "Indikator", "satuan": "%",
        "arah": "positif", "metode": "akhir_periode", "target_tahunan": None,
        "kode_program": "6.01.01", "program": "Program", "kode_kegiatan": "", "kegiatan": "",
        "kode_sub_kegiatan": "", "sub_kegiatan": "", "pagu": math.nan, "pptk": "Budi Santoso, S.E.",
        "unit": "Sekretariat", "kendala": "", "tindak_lanjut": "",
    }
    for q in QUARTERS:
        row[f"target_triwulan_{q}"] = None
        row[f"realisasi_triwulan_{q}"] = None
        row[f"realisasi_anggaran_triwulan_{q}"] = math.nan
    for q, value in enumerate(values.pop("target", ()), start=1):
        row[f"target_triwulan_{q}"] = value
    for q, value in enumerate(values.pop("realisasi", ()), start=1):
        row[f"realisasi_triwulan_{q}"] = value
    for q, value in enumerate(values.pop("anggaran", ()), start=1):
        row[f"realisasi_anggaran_triwulan_{q}"] = value
    row.update(values)
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    """A DataFrame with the reader's dtypes: object target/realisasi columns."""
    data = pd.DataFrame(list(rows))
    for column in data.columns:
        if column.startswith(("target_", "realisasi_triwulan_")):
            data[column] = data[column].astype(object)
    return data


def one(config, row: dict[str, object], triwulan: int = 4, *, tahunan: bool = False) -> pd.Series:
    return capaian_table(frame(row), config, triwulan, tahunan=tahunan).iloc[0]


# --------------------------------------------------------------------------- formulas


def test_positive_and_negative_formulas():
    assert capaian_positif(85, 100) == pytest.approx(85.0)
    assert capaian_positif(120, 100) == pytest.approx(120.0)
    assert capaian_negatif(8, 10) == pytest.approx(120.0)
    assert capaian_negatif(15, 10) == pytest.approx(50.0)
    assert capaian_negatif(30, 10) == 0.0  # floored, not -100


def test_target_zero_or_missing_is_not_evaluable_never_zero_or_error():
    assert capaian_positif(5, 0) is None
    assert capaian_negatif(0, 0) is None
    assert capaian_nilai(5, None) is None
    assert capaian_nilai(None, 10) is None


def test_range_target_positive_and_negative():
    target = Rentang(80, 90)
    assert capaian_nilai(80, target) == 100.0
    assert capaian_nilai(90, target) == 100.0
    assert capaian_nilai(99, target) == pytest.approx(110.0)       # above: vs upper bound
    assert capaian_nilai(60, target) == pytest.approx(75.0)        # below: vs lower bound
    assert capaian_nilai(99, target, "negatif") == pytest.approx(90.0)   # worse than the range
    assert capaian_nilai(60, target, "negatif") == pytest.approx(125.0)  # better than the range
    assert capaian_nilai(85, Rentang(90, 80)) is None              # reversed range: unusable


def test_qualitative_grades_use_the_configured_scale(config):
    assert capaian_nilai("WDP", "WTP", skala=config.skala) == pytest.approx(75.0)
    assert capaian_nilai("A", "BB", skala=config.skala) == pytest.approx(120.0)
    assert capaian_nilai("LEVEL 3", "LEVEL 3", skala=config.skala) == 100.0
    assert capaian_nilai("WTP", "BB", skala=config.skala) is None  # not on one scale
    assert capaian_nilai("WDP", "WTP", "negatif", config.skala) == pytest.approx(75.0)  # grades: always positive


def test_agregasi_methods_skip_empty_quarters():
    assert agregasi([1, None, 3, 4], "kumulatif", 3) == 4.0
    assert agregasi([1, None, 3, 4], "akhir_periode", 2) == 1.0
    assert agregasi([1, None, 3, 4], "akhir_periode", 3) == 3.0
    assert agregasi([80, None, 90, None], "rata_rata", 4) == 85.0
    assert agregasi([None, math.nan], "rata_rata", 2) is None
    with pytest.raises(ValueError):
        agregasi([1.0], "median", 1)


def test_serapan_and_efisiensi_boundaries():
    assert serapan_anggaran(250_000, 1_000_000) == 25.0
    assert serapan_anggaran(250_000, 0) is None
    assert serapan_anggaran(math.nan, 1_000_000) is None
    assert efisiensi(90.0, 85.0, aman=AMAN) == CUKUP_EFISIEN  # exactly +ambang: within
    assert efisiensi(80.0, 85.0, aman=AMAN) == CUKUP_EFISIEN  # exactly -ambang: within
    assert efisiensi(90.01, 85.0, aman=AMAN) == EFISIEN
    assert efisiensi(79.99, 85.0, aman=AMAN) == TIDAK_EFISIEN
    assert efisiensi(90.0, None, aman=AMAN) is None
    assert efisiensi(91.0, 80.0, ambang=20, aman=AMAN) == CUKUP_EFISIEN


def test_format_target():
    assert format_target(Rentang(80, 90.5)) == "80–90,5"
    assert format_target(1_250_000.0) == "1.250.000"
    assert format_target("80–90") == "80–90"
    assert format_target("WTP") == "WTP"
    assert format_target(math.nan) == "–"


# --------------------------------------------------------------------------- the table: aggregation


def test_table_columns_and_order(config):
    rows = [make_row(indikator=f"I{i}", target=(10.0,) * 4, realisasi=(float(i),)) for i in range(5)]
    table = capaian_table(frame(*rows), config, 1)
    assert PUBLIC_COLUMNS == ("unit", "kode", "indikator", "satuan", "arah", "metode", "target", "realisasi", "capaian",
                              "predikat", "pagu", "realisasi_anggaran", "serapan", "efisiensi")
    assert list(table.columns) == [*PUBLIC_COLUMNS, *CONTEXT_COLUMNS]
    assert table["indikator"].tolist() == ["I0", "I1", "I2", "I3", "I4"]
    assert table["capaian"].tolist() == pytest.approx([0.0, 10.0, 20.0, 30.0, 40.0])
    assert table.attrs == {"triwulan": 1, "tahunan": False}


def test_empty_input_gives_empty_table_with_columns(config):
    table = capaian_table(frame(make_row()).iloc[0:0], config, 2)
    assert table.empty
    assert list(table.columns) == [*PUBLIC_COLUMNS, *CONTEXT_COLUMNS]


def test_kumulatif_sums_filled_quarters_against_same_quarters_targets(config):
    row = make_row(metode="kumulatif", satuan="laporan", target_tahunan=40.0, target=(10.0, 10.0, 10.0, 10.0),
                   realisasi=(8.0, None, 12.0, 30.0))
    at3 = one(config, row, 3)
    assert at3["realisasi"] == 20.0 and at3["target"] == 20.0  # TW II empty: only TW I and III count
    assert at3["capaian"] == pytest.approx(100.0)
    at4 = one(config, row, 4)
    assert at4["realisasi"] == 50.0 and at4["target"] == 30.0
    assert at4["capaian"] == pytest.approx(50 / 30 * 100)
    at1 = one(config, row, 1)
    assert at1["capaian"] == pytest.approx(80.0)


def test_akhir_periode_uses_last_filled_quarter_up_to_triwulan(config):
    row = make_row(target_tahunan=3.0, satuan="level", target=(2.0, 2.0, 3.0, 3.0), realisasi=(2.0, None, 3.0, None))
    at3 = one(config, row, 3)
    assert (at3["realisasi"], at3["target"], at3["triwulan_terakhir"]) == (3.0, 3.0, 3)
    at2 = one(config, row, 2)  # TW II empty: TW I stands
    assert (at2["realisasi"], at2["target"], at2["triwulan_terakhir"]) == (2.0, 2.0, 1)
    assert "Triwulan I" in at2["keterangan"]


def test_akhir_periode_falls_back_to_annual_target_when_quarter_target_empty(config):
    row = make_row(target_tahunan=80.0, target=(None, None, None, None), realisasi=(None, 60.0))
    result = one(config, row, 2)
    assert result["target"] == 80.0
    assert result["capaian"] == pytest.approx(75.0)
    assert "target tahunan" in result["keterangan"]


def test_rata_rata_averages_filled_quarters_and_their_targets(config):
    row = make_row(metode="rata_rata", target_tahunan=80.0, target=(70.0, 80.0, 90.0, 80.0), realisasi=(70.0, None, 81.0))
    result = one(config, row, 4)
    assert result["realisasi"] == pytest.approx(75.5)
    assert result["target"] == pytest.approx(80.0)
    assert result["capaian"] == pytest.approx(75.5 / 80 * 100)


def test_tahunan_compares_aggregate_with_annual_target(config):
    row = make_row(metode="kumulatif", target_tahunan=40.0, target=(5.0, 5.0, 5.0, 5.0), realisasi=(10.0, 10.0, 10.0, 10.0))
    quarterly = one(config, row, 4)
    annual = one(config, row, 4, tahunan=True)
    assert quarterly["capaian"] == pytest.approx(200.0)
    assert annual["target"] == 40.0 and annual["capaian"] == pytest.approx(100.0)
    assert capaian_table(frame(row), config, 4, tahunan=True).attrs["tahunan"] is True


def test_later_quarters_are_ignored(config):
    row = make_row(metode="kumulatif", target=(10.0, 10.0, 10.0, 10.0), realisasi=(10.0, 10.0, 0.0, 0.0))
    assert one(config, row, 2)["capaian"] == pytest.approx(100.0)
    assert one(config, row, 4)["capaian"] == pytest.approx(50.0)


def test_empty_quarters_are_belum_diukur_not_zero(config):
    row = make_row(metode="kumulatif", target_tahunan=40.0, target=(10.0, 10.0, 10.0, 10.0), realisasi=(None, None, 5.0))
    result = one(config, row, 2)
    assert result["status"] == BELUM_DIUKUR
    assert math.isnan(result["capaian"])
    assert result["predikat"] is None or pd.isna(result["predikat"])
    assert result["realisasi"] is None
    assert result["target"] == 20.0  # the target so far is still shown
    assert one(config, row, 3)["status"] == DIHITUNG


def test_target_zero_not_evaluable_and_left_out_of_averages(config):
    rows = [
        make_row(indikator="nol", target_tahunan=0.0, target=(0.0,), realisasi=(0.0,)),
        make_row(indikator="a", target_tahunan=100.0, target=(100.0,), realisasi=(80.0,)),
        make_row(indikator="b", target_tahunan=100.0, target=(100.0,), realisasi=(100.0,)),
    ]
    table = capaian_table(frame(*rows), config, 1)
    nol = table.iloc[0]
    assert nol["status"] == TIDAK_DAPAT_DIUKUR
    assert math.isnan(nol["capaian"]) and pd.isna(nol["predikat"]) and pd.isna(nol["efisiensi"])
    assert "target 0" in nol["keterangan"]
    assert table["capaian"].mean() == pytest.approx(90.0)


def test_negative_indicator_in_table_floored(config):
    row = make_row(arah="negatif", metode="kumulatif", satuan="temuan", target_tahunan=8.0, target=(2.0, 2.0, 2.0, 2.0),
                   realisasi=(1.0, 9.0))
    assert one(config, row, 1)["capaian"] == pytest.approx(150.0)
    assert one(config, row, 2)["capaian"] == 0.0
    assert one(config, row, 2)["predikat"] == "Sangat Rendah"


def test_range_target_in_table_is_json_friendly_and_round_trips(config):
    row = make_row(satuan="nilai", target_tahunan=Rentang(80, 90), target=(Rentang(80, 90),) * 4, realisasi=(85.0, 95.0))
    at1, at2 = one(config, row, 1), one(config, row, 2)
    assert at1["capaian"] == 100.0
    assert at2["capaian"] == pytest.approx(95 / 90 * 100)
    assert at2["target"] == "80–90" and parse_target(at2["target"]) == Rentang(80, 90)
    assert (at2["target_bawah"], at2["target_atas"]) == (80.0, 90.0)
    assert at2["target_tahunan"] == "80–90"


def test_kumulatif_range_targets_add_bound_by_bound(config):
    row = make_row(metode="kumulatif", target=(Rentang(1, 2), Rentang(1, 2)), realisasi=(2.0, 2.0))
    result = one(config, row, 2)
    assert result["target"] == "2–4"
    assert result["capaian"] == 100.0


def test_qualitative_rows_in_table(config):
    rows = [
        make_row(indikator="opini", satuan="opini", metode="kumulatif", target_tahunan="WTP",
                 target=(None, "WTP", None, None), realisasi=(None, "WDP")),
        make_row(indikator="sakip", satuan="predikat", target_tahunan="BB", realisasi=("B", None, "A")),
        make_row(indikator="spip", satuan="level", target_tahunan="LEVEL 3", target=("LEVEL 3",) * 4,
                 realisasi=("LEVEL 3", "LEVEL 3", "LEVEL 3", "LEVEL 4")),
        make_row(indikator="asing", satuan="predikat", target_tahunan="SANGAT BAIK", realisasi=("BAIK",)),
    ]
    table = capaian_table(frame(*rows), config, 4).set_index("indikator")
    assert table.loc["opini", "capaian"] == pytest.approx(75.0)  # not summed even though kumulatif
    assert table.loc["opini", ["target", "realisasi", "skala"]].tolist() == ["WTP", "WDP", "opini"]
    assert "akhir periode" in table.loc["opini", "keterangan"]
    assert table.loc["sakip", "capaian"] == pytest.approx(6 / 5 * 100)
    assert table.loc["sakip", "realisasi"] == "A"
    assert table.loc["spip", "capaian"] == pytest.approx(4 / 3 * 100)
    assert table.loc["spip", "realisasi_nilai"] == 4.0
    assert bool(table.loc["spip", "kualitatif"])
    assert table.loc["asing", "status"] == TIDAK_DAPAT_DIUKUR
    assert math.isnan(table.loc["asing", "capaian"])


def test_unknown_choices_and_range_realisasi_are_not_evaluable(config):
    rows = [
        make_row(indikator="arah", arah=None, target=(10.0,), realisasi=(10.0,)),
        make_row(indikator="metode", metode=None, target=(10.0,), realisasi=(10.0,)),
        make_row(indikator="rentang", target=(10.0,), realisasi=(Rentang(5, 6),)),
        make_row(indikator="tanpa target", realisasi=(10.0,)),
    ]
    table = capaian_table(frame(*rows), config, 1)
    assert table["status"].tolist() == [TIDAK_DAPAT_DIUKUR] * 4
    assert table["capaian"].isna().all()
    assert all(table["keterangan"] != "")


def test_raw_text_values_are_parsed_like_the_reader(config):
    row = make_row(target_tahunan="80 - 90", target=("80 s.d. 90", "1.000"), realisasi=("85,5", "1.000"), metode="akhir_periode")
    at1, at2 = one(config, row, 1), one(config, row, 2)
    assert at1["capaian"] == 100.0
    assert at2["target"] == 1000.0 and at2["capaian"] == 100.0


def test_budget_columns(config):
    rows = [
        make_row(indikator="a", target=(10.0,) * 4, realisasi=(10.0, 10.0), pagu=1_000_000.0,
                 anggaran=(100_000.0, 300_000.0, 500_000.0)),
        make_row(indikator="tanpa pagu", target=(10.0,) * 4, realisasi=(10.0,), anggaran=(100_000.0,)),
        make_row(indikator="belum", target=(10.0,) * 4, realisasi=(10.0,), pagu=1_000_000.0),
    ]
    table = capaian_table(frame(*rows), config, 2)
    assert table.loc[0, "realisasi_anggaran"] == 400_000.0
    assert table.loc[0, "serapan"] == pytest.approx(40.0)
    assert pd.isna(table.loc[0, "efisiensi"])  # mid-year without an anggaran kas: not judged
    assert table.loc[0, "dasar_efisiensi"] == ""
    at4 = capaian_table(frame(*rows), config, 4)
    assert at4.loc[0, "efisiensi"] == EFISIEN and at4.loc[0, "dasar_efisiensi"] == "pagu"  # 100 - 90 > 5
    assert math.isnan(table.loc[1, "serapan"]) and pd.isna(table.loc[1, "efisiensi"])
    assert math.isnan(table.loc[2, "realisasi_anggaran"]) and math.isnan(table.loc[2, "serapan"])


def test_json_has_null_capaian_and_plain_values(config):
    rows = [
        make_row(indikator="nol", target=(0.0,), realisasi=(1.0,)),
        make_row(indikator="ok", target=(Rentang(80, 90),), realisasi=(85.0,)),
        make_row(indikator="opini", satuan="opini", target=("WTP",), realisasi=("WTP",)),
    ]
    table = capaian_table(frame(*rows), config, 1)
    records = json.loads(table[list(PUBLIC_COLUMNS)].to_json(orient="records", force_ascii=False))
    assert [list(r) for r in records] == [list(PUBLIC_COLUMNS)] * 3
    assert records[0]["capaian"] is None and records[0]["predikat"] is None
    assert records[1]["target"] == "80–90" and records[1]["realisasi"] == 85.0 and records[1]["capaian"] == 100.0
    assert records[2]["target"] == "WTP" and records[2]["capaian"] == 100.0


def test_triwulan_out_of_range_is_rejected(config):
    with pytest.raises(ValueError):
        capaian_table(frame(make_row()), config, 5)


def test_summary_counts(config):
    rows = [make_row(target=(100.0,), realisasi=(r,)) for r in (95.0, 80.0, 80.0, None)]
    counts = summary_counts(capaian_table(frame(*rows), config, 1), config)
    assert counts["Sangat Tinggi"] == 1 and counts["Tinggi"] == 2 and counts[BELUM_DIUKUR] == 1
    assert counts.sum() == 4


# --------------------------------------------------------------------------- display and Excel


def _sample_table(config):
    rows = [
        make_row(indikator="Persentase tindak lanjut", target_tahunan=100.0, target=(80.0, 85.0), realisasi=(70.0, 72.676),
                 pagu=1_250_000.0, anggaran=(500_000.0, 125_000.0)),
        make_row(indikator="Target nol", target=(0.0,), realisasi=(3.0,)),
        make_row(indikator="Belum", target=(1.0, 1.0)),
        make_row(indikator="Opini BPK", satuan="opini", target_tahunan="WTP", realisasi=("WDP",)),
    ]
    return capaian_table(frame(*rows), config, 2)


def test_display_frame_in_indonesian(config):
    shown = display_frame(_sample_table(config))
    assert list(shown.columns) == ["Unit", "Kode", "Indikator", "Satuan", "Arah", "Metode", "Target", "Realisasi", "Capaian",
                                   "Predikat", "Pagu", "Realisasi Anggaran", "Serapan", "Efisiensi"]
    first = shown.iloc[0]
    assert first["Capaian"] == "85,50%"
    assert first["Realisasi"] == "72,68"
    assert first["Pagu"] == "Rp 1.250.000" and first["Realisasi Anggaran"] == "Rp 625.000"
    assert first["Serapan"] == "50,00%" and first["Efisiensi"] == "–"  # TW II, no anggaran kas
    assert first["Unit"] == "SEKRETARIAT" and first["Kode"].startswith("IND-")
    assert first["Metode"] == "akhir periode"
    assert shown.iloc[1]["Capaian"] == TIDAK_DAPAT_DIUKUR
    assert shown.iloc[2]["Capaian"] == BELUM_DIUKUR
    assert shown.iloc[3]["Target"] == "WTP" and shown.iloc[3]["Capaian"] == "75,00%"


# --------------------------------------------------------------------------- properties

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
nonneg = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(target=positive, low=nonneg, high=nonneg)
def test_positive_capaian_monotone_in_realisasi(target, low, high):
    low, high = sorted((low, high))
    assert capaian_positif(low, target) <= capaian_positif(high, target)


@given(target=positive, realisasi=nonneg)
def test_negative_capaian_never_below_zero_and_antitone(target, realisasi):
    value = capaian_negatif(realisasi, target)
    assert value >= 0.0
    assert value >= capaian_negatif(realisasi + target, target)


@given(target=positive)
def test_negative_capaian_is_100_at_target(target):
    assert capaian_negatif(target, target) == pytest.approx(100.0)


@given(low=nonneg, width=nonneg, fraction=st.floats(0, 1), arah=st.sampled_from(["positif", "negatif"]))
def test_range_inside_scores_100(low, width, fraction, arah):
    assume(low + width > 0)
    realisasi = low + fraction * width
    assume(low <= realisasi <= low + width)
    assert capaian_nilai(realisasi, Rentang(low, low + width), arah) == 100.0


@given(realisasi=nonneg, target=positive, factor=st.floats(min_value=1e-3, max_value=1e3))
def test_positive_capaian_scale_invariant(realisasi, target, factor):
    assert capaian_positif(realisasi * factor, target * factor) == pytest.approx(capaian_positif(realisasi, target), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(value=nonneg, target=positive, triwulan=st.integers(1, 4),
       metode=st.sampled_from(["kumulatif", "akhir_periode", "rata_rata"]), arah=st.sampled_from(["positif", "negatif"]))
def test_equal_quarters_score_like_one_quarter(config, value, target, triwulan, metode, arah):
    row = make_row(metode=metode, arah=arah, target_tahunan=target * 4, target=(target,) * 4, realisasi=(value,) * 4)
    expected = capaian_nilai(value, target, arah)
    assert one(config, row, triwulan)["capaian"] == pytest.approx(expected)


maybe_value = st.one_of(st.none(), nonneg)


@settings(max_examples=80, deadline=None)
@given(
    targets=st.lists(positive, min_size=5, max_size=5),
    realisasi=st.lists(maybe_value, min_size=4, max_size=4),
    triwulan=st.integers(1, 4),
    metode=st.sampled_from(["kumulatif", "akhir_periode", "rata_rata"]),
    arah=st.sampled_from(["positif", "negatif"]),
    tahunan=st.booleans(),
)
def test_table_agrees_with_scalar_functions(config, targets, realisasi, triwulan, metode, arah, tahunan):
    row = make_row(metode=metode, arah=arah, target_tahunan=targets[4], target=tuple(targets[:4]), realisasi=tuple(realisasi))
    result = one(config, row, triwulan, tahunan=tahunan)
    aggregated = agregasi(realisasi, metode, triwulan)
    if aggregated is None:
        assert result["status"] == BELUM_DIUKUR and math.isnan(result["capaian"])
        return
    if tahunan:
        target = targets[4]
    else:
        filled = [q for q in range(triwulan) if realisasi[q] is not None]
        chosen = [targets[q] if q in filled else None for q in range(4)]
        target = agregasi(chosen, metode, triwulan)
    expected = capaian_nilai(aggregated, target, arah)
    assert result["capaian"] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert result["predikat"] == predikat(expected, config.predikat)


@settings(deadline=None)  # no timed asserts: a loaded machine must not fail it
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_predikat_bands_have_no_gaps(config, value):
    name = predikat(value, config.predikat)
    bands = [b for b in config.predikat if value >= b.batas_bawah]
    assert name == bands[0].nama  # the highest band whose lower bound is reached


@settings(deadline=None)
@given(st.lists(st.floats(min_value=-50, max_value=250, allow_nan=False), min_size=1, max_size=30))
def test_table_predikat_is_the_highest_band_reached(config, values):
    rows = [make_row(target=(100.0,), realisasi=(v,)) if v >= 0 else make_row(target=(100.0,)) for v in values]
    table = capaian_table(frame(*rows), config, 1)
    for capaian, name in zip(table["capaian"], table["predikat"], strict=True):
        if math.isnan(capaian):
            assert name is None or pd.isna(name)
            continue
        reached = [b.nama for b in config.predikat if capaian >= b.batas_bawah]
        assert name == (reached[0] if reached else config.predikat[-1].nama)


@given(capaian=st.floats(-100, 300), serapan=st.floats(0, 150), ambang=st.floats(0, 20))
def test_efisiensi_partitions_the_difference(capaian, serapan, ambang):
    result = efisiensi(capaian, serapan, ambang, aman=AMAN)
    difference = capaian - serapan
    if capaian <= 0:  # nothing achieved is never efficient; nothing achieved and nothing spent is not judged
        assert result == (TIDAK_EFISIEN if serapan > 0 else None)
        return
    if capaian < 76:  # at risk (below Tinggi): never efficient; tidak efisien only when spending outran it
        assert result == (TIDAK_EFISIEN if difference < -ambang else None)
        return
    assert result == (EFISIEN if difference > ambang else CUKUP_EFISIEN if difference >= -ambang else TIDAK_EFISIEN)


def test_many_rows_vectorized_matches_rowwise(config):
    rng = np.random.default_rng(7)
    rows = []
    for i in range(300):
        realisasi = [None if rng.random() < 0.2 else float(rng.integers(0, 40)) for _ in QUARTERS]
        rows.append(make_row(indikator=f"I{i}", metode=["kumulatif", "akhir_periode", "rata_rata"][i % 3],
                             arah=["positif", "negatif"][i % 2], target_tahunan=100.0, target=(25.0,) * 4, realisasi=realisasi))
    table = capaian_table(frame(*rows), config, 3)
    # a row's result never depends on its neighbours or its position: the same rows alone (every metode x arah,
    # twice), in reverse order, and in shuffled chunks of ten give each row the same capaian and status
    singles = pd.concat([capaian_table(frame(r), config, 3) for r in rows[:12]], ignore_index=True)
    pd.testing.assert_series_equal(table["capaian"].head(12), singles["capaian"])
    assert table["status"].head(12).tolist() == singles["status"].tolist()
    reverse = capaian_table(frame(*reversed(rows)), config, 3).iloc[::-1].reset_index(drop=True)
    order = rng.permutation(len(rows))
    chunks = pd.concat([capaian_table(frame(*(rows[i] for i in order[start:start + 10])), config, 3)
                        for start in range(0, len(rows), 10)], ignore_index=True)
    chunks.index = order
    chunks = chunks.sort_index()
    for other in (reverse, chunks):
        assert other["indikator"].tolist() == table["indikator"].tolist()
        pd.testing.assert_series_equal(table["capaian"], other["capaian"], check_index=False)
        assert table["status"].tolist() == other["status"].tolist()


# --------------------------------------------------------------------------- one home per rule


def test_every_worksheet_metode_has_one_registry_entry():
    from kinerja.capaian.metode import METODE
    from kinerja.lembar import schema

    assert list(METODE) == [m.value for m in schema.Metode]


def test_a_new_metode_is_one_registry_entry(monkeypatch, config):
    """Register a method (maximum of the filled quarters): the scalar and the table both use it."""
    from kinerja.capaian import metode as registry

    maksimum = registry.Metode("maksimum", "maksimum", False, lambda v, used: np.where(used, v, -np.inf).max(axis=1), "nilai terbesar")
    monkeypatch.setitem(registry.METODE, "maksimum", maksimum)
    monkeypatch.setattr("kinerja.capaian.tabel.METODES", tuple(registry.METODE))
    assert agregasi([10.0, 30.0, None, 20.0], "maksimum", 4) == 30.0
    row = make_row(metode="maksimum", target=(40.0, 40.0, 40.0, 40.0), realisasi=(10.0, 30.0, None, 20.0))
    result = one(config, row, 4)
    assert result["status"] == DIHITUNG
    assert result["realisasi"] == 30.0 and result["target"] == 40.0
    assert result["capaian"] == pytest.approx(75.0)


def test_at_risk_follows_the_office_bands_not_the_default_names(config):
    """The at-risk bound is the lowest "aman" band's lower bound (the upper half of the bands): 76 for
    Permendagri 86/2017 (Tinggi), 50 for a two-band office (Baik ≥ 50, Kurang), whatever the names."""
    import dataclasses

    from kinerja.config import Band
    from kinerja.domain.predikat import batas_aman
    from kinerja.laporan.model.ringkasan import indikator_berisiko

    two = dataclasses.replace(config, predikat=(Band("Baik", 50.0), Band("Kurang", 0.0)))
    assert batas_aman(config.predikat) == 76.0 and batas_aman(two.predikat) == 50.0
    values = (("aman", 95.0), ("tujuh-puluh", 70.0), ("setengah", 50.0), ("di-bawah", 49.99))
    rows = [make_row(indikator=name, target=(100.0,), realisasi=(value,)) for name, value in values]
    rows.append(make_row(indikator="kosong", target=(100.0,)))
    table = capaian_table(frame(*rows), two, 1)
    assert table["predikat"].tolist()[:4] == ["Baik", "Baik", "Baik", "Kurang"]
    assert indikator_berisiko(table, two)["indikator"].tolist() == ["di-bawah", "kosong"]
    default = capaian_table(frame(*rows), config, 1)
    assert indikator_berisiko(default, config)["indikator"].tolist() == ["tujuh-puluh", "setengah", "di-bawah", "kosong"]


def test_serapan_has_one_formula_everywhere(config):
    """Indicator, programme, headline and chart serapan all come from rumus.serapan_array."""
    from kinerja.laporan.model.data import anggaran_program_frame
    from kinerja.laporan.model.ringkasan import ringkasan_frame

    rows = [make_row(indikator="a", target=(1.0,), realisasi=(1.0,), pagu=1_000_000.0, anggaran=(250_000.0,)),
            make_row(indikator="b", target=(1.0,), realisasi=(1.0,), pagu=3_000_000.0, anggaran=(500_000.0,)),
            make_row(indikator="c", target=(1.0,), realisasi=(1.0,), pagu=0.0, anggaran=(100.0,))]
    table = capaian_table(frame(*rows), config, 1)
    assert table["serapan"].tolist()[:2] == [25.0, pytest.approx(100 / 6)]
    assert math.isnan(table["serapan"].iloc[2])  # pagu 0: no serapan, never a division error
    assert ringkasan_frame(table, config)["serapan"] == pytest.approx(750_100 / 4_000_000 * 100)
    assert anggaran_program_frame(table)["serapan"].tolist() == [pytest.approx(750_100 / 4_000_000 * 100)]
    assert serapan_anggaran(100.0, 0.0) is None and serapan_anggaran(None, 10.0) is None
