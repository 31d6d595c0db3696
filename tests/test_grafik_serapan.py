"""The capaian–serapan chart cannot mislead: one style per efficiency class in every report, the
x-axis on the basis the class was judged on, labels beside the real outliers, and a note naming
every row it leaves out. Read from the drawn matplotlib artists of the sample year's five reports."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from kinerja.config import load_config
from kinerja.laporan.render import grafik
from kinerja.paths import SAMPLE_CONFIG

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def reports(tmp_path_factory, sample_raw):
    """The capaian tables of the sample year's five reports (TW I–IV, the annual report), in-process."""
    from _util_alur import official_sample_year

    from kinerja.laporan.model import data as rd

    root = tmp_path_factory.mktemp("ruang")
    shutil.copytree(sample_raw, root / "data" / "raw")
    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    quarters = official_sample_year(root, load_config())
    annual = rd.siapkan_tahunan(2025, ruang_kerja=str(root))
    return {**{f"TW {q}": lap.tabel for q, lap in quarters.items()}, "tahunan": annual.tabel}


def _classes(chart) -> dict[str, tuple]:
    """class label -> (face colour, marker outline) of the points drawn for it."""
    ax = chart.figure.axes[0]
    out = {}
    for collection in ax.collections:
        label = collection.get_label()
        if label.startswith("_") or not len(collection.get_offsets()):
            continue
        colour = tuple(np.round(collection.get_facecolor()[0], 3))
        marker = tuple(np.round(collection.get_paths()[0].vertices, 3).ravel())
        out[label] = (colour, marker)
    return out


def _points(chart) -> list[tuple[str, float, float]]:
    ax = chart.figure.axes[0]
    return [(c.get_label(), float(x), float(y)) for c in ax.collections if not c.get_label().startswith("_")
            for x, y in c.get_offsets()]


def test_one_colour_and_marker_per_class_in_all_five_reports(reports) -> None:
    seen: dict[str, set] = {}
    legends = []
    for _name, tabel in reports.items():
        chart = grafik.grafik_capaian_serapan(tabel)
        for label, style in _classes(chart).items():
            seen.setdefault(label, set()).add(style)
        legends.append([t.get_text() for legend in chart.figure.legends for t in legend.get_texts()])
    assert {"efisien", "cukup efisien", "tidak efisien"} <= set(seen), seen.keys()
    assert all(len(styles) == 1 for styles in seen.values()), {k: len(v) for k, v in seen.items()}
    colours = [next(iter(styles))[0] for styles in seen.values()]
    assert len(set(colours)) == len(colours)  # two classes never share a colour
    order = ["efisien", "cukup efisien", "tidak efisien", "tidak dinilai"]
    for legend in legends:  # the legend lists the classes in one fixed order
        assert legend == [c for c in order if c in legend]


def _class_of(capaian: float, serapan: float, ambang: float = 5.0) -> str:
    """DOMAIN.md's efficiency rule with the at-risk rule (below 76: never efficient), written here independently."""
    selisih = capaian - serapan
    if capaian <= 0:
        return "tidak efisien" if serapan > 0 else "tidak dinilai"
    if selisih < -ambang:
        return "tidak efisien"
    if capaian < 76:
        return "tidak dinilai"
    return "efisien" if selisih > ambang else "cukup efisien"


@pytest.mark.parametrize("name, basis", [("TW 1", "anggaran kas"), ("TW 3", "anggaran kas"), ("TW 4", "pagu"), ("tahunan", "pagu")])
def test_the_x_axis_is_the_basis_the_class_was_judged_on(reports, name, basis) -> None:
    tabel = reports[name]
    chart = grafik.grafik_capaian_serapan(tabel)
    assert basis in chart.keterangan and basis in chart.figure.axes[0].get_xlabel()
    column = "serapan_rencana" if basis == "anggaran kas" else "serapan"
    expected = sorted((round(min(float(r[column]), 150.0), 6), round(min(float(r["capaian"]), 150.0), 6))
                      for r in tabel.to_dict(orient="records") if r["status"] == "dihitung" and pd.notna(r[column]))
    points = _points(chart)
    assert sorted((round(x, 6), round(y, 6)) for _label, x, y in points) == expected
    for label, x, y in points:  # every point's class follows from where it is drawn
        assert label == _class_of(y, x), (label, x, y)


def test_outliers_are_labelled_beside_their_points_without_leader_lines(reports) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for name, tabel in reports.items():
        chart = grafik.grafik_capaian_serapan(tabel)
        figure = chart.figure
        FigureCanvasAgg(figure).draw()
        ax = figure.axes[0]
        renderer = figure.canvas.get_renderer()
        labels = [t for t in ax.texts if getattr(t, "xy", None) is not None]
        assert labels, name
        assert all(t.arrow_patch is None for t in labels), name  # no leader lines to cross
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b), name
        for text, box in zip(labels, boxes, strict=True):
            px, py = ax.transData.transform(text.xy)
            gap = max(box.x0 - px, px - box.x1, box.y0 - py, py - box.y1, 0)
            assert gap < 25, (name, text.get_text(), gap)  # beside its own point
        # the points furthest from the diagonal are the labelled ones
        points = sorted(_points(chart), key=lambda p: -abs(p[2] - p[1]))
        labelled = {(round(t.xy[0], 6), round(t.xy[1], 6)) for t in labels}
        assert {(round(x, 6), round(y, 6)) for _l, x, y in points[:len(labels)]} == labelled, name


def test_rows_left_out_are_named_under_the_chart(reports) -> None:
    for name, tabel in reports.items():
        chart = grafik.grafik_capaian_serapan(tabel)
        drawn = len(_points(chart))
        missing = len(tabel) - drawn
        assert missing > 0, name  # the sample has indicators without a budget
        assert chart.catatan.startswith(f"{missing} indikator tanpa "), (name, chart.catatan)
        assert "tidak digambar:" in chart.catatan
        bars = grafik.grafik_capaian(tabel, load_config().predikat)
        not_drawn = int((tabel["status"] != "dihitung").sum())
        assert (bars.catatan.startswith(f"{not_drawn} indikator tanpa ") if not_drawn else bars.catatan == ""), (name, bars.catatan)


def test_a_clipping_note_only_where_values_are_clipped(reports) -> None:
    for name, tabel in reports.items():
        for chart in (grafik.grafik_capaian(tabel, load_config().predikat), grafik.grafik_capaian_serapan(tabel)):
            ax = chart.figure.axes[0]
            for label, limit in ((ax.get_xlabel(), ax.get_xlim()[1]), (ax.get_ylabel(), ax.get_ylim()[1])):
                if "150%" in label:
                    assert limit >= 150, (name, label, limit)
