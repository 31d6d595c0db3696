"""The charts keep seaborn's look without importing seaborn (issue 26): the theme and palette are
seaborn's own values, and the bars and lines drawn by matplotlib give the same pixels as the
``sns.barplot``/``sns.lineplot`` calls they replace (each chart drawn both ways and compared)."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from kinerja.capaian.tabel import capaian_table
from kinerja.laporan.model.data import progress_frame
from kinerja.laporan.render import grafik, tema
from kinerja.lembar.validate import validate_workbooks

sns = pytest.importorskip("seaborn", reason="seaborn is a dependency of kinerja; this compares against it")


@pytest.fixture(scope="module")
def quarter(sample_raw, config):
    dataset = validate_workbooks([sample_raw / "2025" / "triwulan-3"], config, tahun=2025, triwulan=3)
    return capaian_table(dataset.data, config, 3), dataset.data


def _seaborn_bars(ax, labels, values, bands, order, palette):
    """What grafik_capaian called before: seaborn's bar plot."""
    frame = pd.DataFrame({"label": labels, "capaian_tampil": values, "predikat": bands})
    sns.barplot(data=frame, y="label", x="capaian_tampil", hue="predikat", dodge=False, ax=ax, orient="h", errorbar=None,
                hue_order=order, palette=palette)


def _seaborn_lines(ax, frame, x, y, series):
    """What grafik_kemajuan called before: seaborn's line plot."""
    sns.lineplot(data=frame, x=x, y=y, hue=series, marker="o", ax=ax, errorbar=None)


def _pixels(chart) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(chart.png())))


def _same_pixels(draw, monkeypatch) -> None:
    ours = _pixels(draw())
    with monkeypatch.context() as patch:
        patch.setattr(grafik, "bars_by_band", _seaborn_bars)
        patch.setattr(grafik, "lines_by_series", _seaborn_lines)
        theirs = _pixels(draw())
    assert ours.shape == theirs.shape
    assert int((ours != theirs).any(axis=-1).sum()) == 0


def test_the_theme_and_palette_are_seaborns(config):
    expected = {**sns.axes_style("whitegrid"), **sns.plotting_context("paper", font_scale=0.95)}
    assert expected.pop("image.cmap") == "rocket"  # a colormap only seaborn registers; no chart maps colours
    assert tema.TEMA == expected
    assert tema.WARNA_DEEP == tuple(tuple(c) for c in sns.color_palette("deep"))
    assert tema.desaturate(tema.WARNA_DEEP[3], 0.75) == sns.desaturate(tema.WARNA_DEEP[3], 0.75)


def test_capaian_bars_are_seaborns_pixels(quarter, config, monkeypatch):
    table, _ = quarter
    _same_pixels(lambda: grafik.grafik_capaian(table, config.predikat), monkeypatch)
    # a band name that is not among the office's bands (grey "lainnya"), and a value drawn at the limit
    odd = table.copy()
    first = odd.index[odd["status"] == "dihitung"][:2]
    odd.loc[first[0], "predikat"] = "tidak dikenal"
    odd.loc[first[1], "capaian"] = 180.0
    _same_pixels(lambda: grafik.grafik_capaian(odd, config.predikat), monkeypatch)


def test_progress_lines_are_seaborns_pixels(quarter, config, monkeypatch):
    _, data = quarter
    frame = progress_frame(data, config, 3)
    assert frame["sasaran"].nunique() > 1
    _same_pixels(lambda: grafik.grafik_kemajuan(frame), monkeypatch)
    # two rows for one sasaran and quarter (averaged), and more series than the palette has colours (husl)
    doubled = pd.concat([frame, frame.assign(capaian=frame["capaian"] + 7.25)], ignore_index=True)
    _same_pixels(lambda: grafik.grafik_kemajuan(doubled), monkeypatch)
    many = pd.DataFrame([{"sasaran": f"Sasaran nomor {n}", "triwulan": q, "capaian": 60.0 + 3 * n + 5 * q}
                         for n in range(12) for q in (1, 2, 3)])
    _same_pixels(lambda: grafik.grafik_kemajuan(many), monkeypatch)


def test_a_report_kernel_does_not_import_seaborn():
    from kinerja.laporan.jalan.kernel import WARM_UP

    code = f"{WARM_UP}; import sys; print(sorted(m for m in ('seaborn', 'matplotlib.pyplot') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"
