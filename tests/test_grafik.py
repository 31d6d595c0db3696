"""Charts: drawn from a real capaian table, rendered to PNG, and matplotlib's global state untouched."""

from __future__ import annotations

import io

import matplotlib
import pytest
from PIL import Image

from kinerja.capaian.tabel import capaian_table
from kinerja.laporan.model.data import progress_frame
from kinerja.laporan.render import grafik
from kinerja.lembar.validate import validate_workbooks


@pytest.fixture(scope="module")
def tabel(sample_raw, config):
    dataset = validate_workbooks([sample_raw / "2025" / "triwulan-3"], config, tahun=2025, triwulan=3)
    return capaian_table(dataset.data, config, 3), dataset.data


def _charts(tabel, data, config):
    table, _ = tabel, data
    return {
        "capaian": grafik.grafik_capaian(table, config.predikat),
        "capaian_serapan": grafik.grafik_capaian_serapan(table),
        "kemajuan": grafik.grafik_kemajuan(progress_frame(data, config, 3)),
        "serapan_triwulan": grafik.grafik_serapan_triwulan(table),
    }


def test_charts_render_to_png_and_leave_global_rcparams_alone(tabel, config):
    table, data = tabel
    before = dict(matplotlib.rcParams)
    charts = _charts(table, data, config)
    for name, chart in charts.items():
        png = chart.png()
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG", name
        assert image.width == pytest.approx(chart.figure.get_figwidth() * grafik.DPI, abs=2), name
    after = dict(matplotlib.rcParams)
    changed = {k for k in before if str(before[k]) != str(after[k])}
    assert changed == set()


def test_charts_carry_the_seaborn_theme(tabel, config):
    table, _ = tabel
    ax = grafik.grafik_capaian(table, config.predikat).figure.axes[0]
    assert ax.get_facecolor()[:3] == (1.0, 1.0, 1.0)  # whitegrid
    assert any(line.get_visible() for line in ax.get_xgridlines())
    assert matplotlib.rcParams["axes.grid"] is False  # ... but only inside the chart


def _bars(ax) -> list:
    """The bars drawn (one BarContainer per band), not the legend's patches."""
    return [bar for container in ax.containers for bar in container]


def test_capaian_chart_shows_every_evaluable_indicator(tabel, config):
    table, _ = tabel
    ax = grafik.grafik_capaian(table, config.predikat).figure.axes[0]
    evaluable = int((table["status"] == "dihitung").sum())
    assert evaluable > 0
    assert len(_bars(ax)) == evaluable
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == evaluable  # one bar each, even for a name two units share
    assert len(set(labels)) == len(labels) and not any("#" in label for label in labels)
    shared = [label for label in labels if label.startswith("Jumlah temuan berulang")]
    assert sorted(label.rsplit("(", 1)[1] for label in shared) == ["IRBAN-1)", "IRBAN-2)"]  # told apart by unit
    assert all(label.endswith(")") for label in labels)  # every bar says whose it is


def test_empty_table_gives_a_chart_with_a_message(config):
    empty = capaian_table(__import__("pandas").DataFrame(), config, 1)
    chart = grafik.grafik_capaian(empty, config.predikat)
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert texts and all(t for t in texts)
    assert chart.png().startswith(b"\x89PNG")


def test_tex_like_names_are_shown_as_text_not_parsed(tabel, config):
    """``$a^^b$`` (invalid TeX) in an indicator, sasaran or unit name must not stop the report."""
    table, data = tabel
    table, data = table.copy(), data.copy()
    for frame in (table, data):
        for column in ("indikator", "sasaran"):
            if column in frame:
                frame[column] = "$a^^b$ " + frame[column].astype(str)
    for name, chart in _charts(table, data, config).items():
        Image.open(io.BytesIO(chart.png()))  # rendering would raise ValueError from mathtext
        texts = [t.get_text() for ax in chart.figure.axes for t in ax.get_yticklabels() + ax.get_xticklabels()]
        if name == "capaian":
            assert any(t.startswith("$a^^b$") for t in texts)


def _no_axes(chart) -> bool:
    return all(not ax.axison for ax in chart.figure.axes)


def test_every_chart_without_data_draws_the_one_empty_state_not_empty_axes(config):
    """No chart prints a blank frame or a meaningless scale (the annual report before any approved
    quarter once printed a budget chart with a −0.04…0.04 axis): a short strip, no axes, one sentence."""
    import pandas as pd

    empty = capaian_table(pd.DataFrame(), config, 1)
    nothing = pd.DataFrame(columns=["sasaran", "triwulan", "capaian"])
    unmeasured = pd.DataFrame({"sasaran": ["S1", "S1"], "triwulan": [1, 2], "capaian": [None, None]})
    charts = {
        "capaian": grafik.grafik_capaian(empty, config.predikat),
        "capaian_serapan": grafik.grafik_capaian_serapan(empty),
        "kemajuan": grafik.grafik_kemajuan(nothing),
        "kemajuan belum diukur": grafik.grafik_kemajuan(unmeasured),
        "tren": grafik.grafik_tren_tahunan(nothing),
        "serapan_triwulan": grafik.grafik_serapan_triwulan(empty),
    }
    for name, chart in charts.items():
        assert _no_axes(chart), name
        assert chart.figure.get_figheight() == grafik.EMPTY_HEIGHT and chart.figure.get_figwidth() == grafik.WIDTH, name
        said = [t.get_text() for ax in chart.figure.axes for t in ax.texts]
        assert len(said) == 1 and said[0].startswith("Belum ada") and said[0].endswith("."), (name, said)
        assert chart.png().startswith(b"\x89PNG")
    reason = "Belum ada angka: belum ada laporan triwulan yang disetujui Sekretaris."
    for chart in (grafik.grafik_capaian(empty, config.predikat, kosong=reason), grafik.grafik_capaian_serapan(empty, kosong=reason),
                  grafik.grafik_tren_tahunan(nothing, kosong=reason), grafik.grafik_serapan_triwulan(empty, kosong=reason)):
        assert [t.get_text() for ax in chart.figure.axes for t in ax.texts] == [reason]


def test_a_chart_with_data_keeps_its_axes(tabel, config):
    table, data = tabel
    for name, chart in _charts(table, data, config).items():
        assert not _no_axes(chart) and chart.figure.get_figheight() > grafik.EMPTY_HEIGHT, name


def test_an_office_with_its_own_two_bands_gets_a_bar_for_every_indicator(sample_raw, config):
    """Band names are the office's: a two-band office (Tercapai ≥ 100, Belum tercapai) gets one bar per
    evaluable indicator in two colours, green for the higher band, red for the lower (0 bars when the
    chart knew only the default names)."""
    import dataclasses
    import math

    from kinerja.config import Band

    two = dataclasses.replace(config, predikat=(Band("Tercapai", 100.0), Band("Belum tercapai", -math.inf)))
    dataset = validate_workbooks([sample_raw / "2025" / "triwulan-3"], two, tahun=2025, triwulan=3)
    table = capaian_table(dataset.data, two, 3)
    evaluable = table[table["status"] == "dihitung"]
    assert set(evaluable["predikat"]) == {"Tercapai", "Belum tercapai"}
    ax = grafik.grafik_capaian(table, two.predikat).figure.axes[0]
    bars = _bars(ax)
    assert len(bars) == len(evaluable) == 26
    green = [bar for bar in bars if bar.get_facecolor()[1] > bar.get_facecolor()[0]]  # seaborn desaturates: compare channels
    red = [bar for bar in bars if bar.get_facecolor()[0] > bar.get_facecolor()[1]]
    assert len(green) == int((evaluable["predikat"] == "Tercapai").sum()) and len(red) == int((evaluable["predikat"] == "Belum tercapai").sum())


def test_the_pemda_recap_charts_draw_a_bar_for_every_opd_and_stack_every_predikat():
    """The recap's charts (pemda.recap through render.grafik): two bars per OPD in rank order (first on top),
    the stacked bars summing to each OPD's count, a predikat without a band in the neutral colour."""
    import matplotlib.colors as mcolors
    import pandas as pd

    from kinerja.domain.predikat import TANPA_PREDIKAT

    data = pd.DataFrame({"label": ["B", "A (DRAF)", "C"], "rata_rata_capaian": [95.0, 90.0, 80.0], "serapan": [60.0, None, 40.0]})
    ax = grafik.grafik_rekap_capaian(data).figure.axes[0]
    capaian, serapan = ax.containers
    assert [round(b.get_width(), 1) for b in capaian] == [80.0, 90.0, 95.0]  # drawn bottom-up: the first ranked on top
    assert [round(b.get_width(), 1) for b in serapan] == [40.0, 0.0, 60.0]  # no serapan: an empty bar, the row kept
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C", "A (DRAF)", "B"]

    counts = pd.DataFrame({"label": ["B", "C"], "Baik": [3, 1], "Kurang": [1, 2], "belum diukur": [0, 4]})
    warna = {"Baik": "#2e7d32", "Kurang": "#c62828"}
    ax = grafik.grafik_rekap_predikat(counts, ["Baik", "Kurang", "belum diukur"], warna).figure.axes[0]
    assert len(ax.containers) == 3 and all(len(c) == 2 for c in ax.containers)
    totals = [sum(c[i].get_width() for c in ax.containers) for i in range(2)]
    assert totals == [7.0, 4.0]  # C (1 + 2 + 4) at the bottom, B (3 + 1) on top
    assert mcolors.to_hex(ax.containers[2][0].get_facecolor()) == mcolors.to_hex(TANPA_PREDIKAT)
    assert mcolors.to_hex(ax.containers[0][0].get_facecolor()) == "#2e7d32"


def test_the_projection_chart_colours_each_status_as_the_band_colours_do():
    """berisiko in the lowest band's red, aman in the highest band's green, whatever the office's bands (the one
    home: domain.predikat.WARNA_PROYEKSI); an indicator without a projection is not drawn."""
    import matplotlib.colors as mcolors
    import pandas as pd

    from kinerja.domain.predikat import Band, warna_predikat

    two = (Band("Tercapai", 100.0), Band("Belum", float("-inf")))
    data = pd.DataFrame({"indikator": ["Satu", "Dua", "Tiga", "Empat"], "unit": ["U"] * 4, "kode": ["IK-1", "IK-2", "IK-3", "IK-4"],
                         "proyeksi_capaian": [40.0, 90.0, 105.0, None],
                         "capaian_rendah": [35.0, 85.0, 100.0, None], "capaian_tinggi": [45.0, 95.0, 110.0, None],
                         "status_proyeksi": ["berisiko", "waspada", "aman", "data kurang"]})
    ax = grafik.grafik_proyeksi(data, aman=100.0).figure.axes[0]
    bars = ax.containers[0]
    assert [round(b.get_width(), 1) for b in bars] == [40.0, 90.0, 105.0]
    colours = [mcolors.to_hex(b.get_facecolor()) for b in bars]
    assert colours == ["#c62828", "#f9a825", "#2e7d32"]
    assert colours[0] == warna_predikat(two)["Belum"] and colours[2] == warna_predikat(two)["Tercapai"]
