"""The charts' look, seaborn's, without importing seaborn (issue 26).

The report charts (:mod:`kinerja.laporan.render.grafik`) were drawn with seaborn: its whitegrid
theme and paper context, its "deep" palette, ``sns.barplot`` (desaturated bars) and
``sns.lineplot`` (white-edged markers). Importing seaborn (which imports pyplot and ipywidgets)
cost each report kernel ~0.6 s of CPU at start, and its bar and line functions cost more per
chart than the artists they add. Here are seaborn's values as constants and two functions that
add exactly the artists those seaborn calls added for the charts, so the PNGs keep the same
pixels (``tests/test_grafik_seaborn.py`` draws each chart both ways; ``benchmarks/bench_grafik.py``
compares against an earlier commit).
"""

from __future__ import annotations

import colorsys
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

WARNA_DEEP = (
    (0.2980392156862745, 0.4470588235294118, 0.6901960784313725), (0.8666666666666667, 0.5176470588235295, 0.3215686274509804),
    (0.3333333333333333, 0.6588235294117647, 0.40784313725490196), (0.7686274509803922, 0.3058823529411765, 0.3215686274509804),
    (0.5058823529411764, 0.4470588235294118, 0.7019607843137254), (0.5764705882352941, 0.47058823529411764, 0.3764705882352941),
    (0.8549019607843137, 0.5450980392156862, 0.7647058823529411), (0.5490196078431373, 0.5490196078431373, 0.5490196078431373),
    (0.8, 0.7254901960784313, 0.4549019607843137), (0.39215686274509803, 0.7098039215686275, 0.803921568627451),
)
"""seaborn's "deep" palette (``sns.color_palette("deep")``), the charts' colour cycle."""

TEMA: dict[str, Any] = {
    # sns.axes_style("whitegrid")
    "figure.facecolor": "white", "axes.labelcolor": ".15", "xtick.direction": "out", "ytick.direction": "out",
    "xtick.color": ".15", "ytick.color": ".15", "axes.axisbelow": True, "grid.linestyle": "-", "text.color": ".15",
    "font.family": ["sans-serif"], "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "xtick.top": False, "ytick.right": False, "axes.grid": True, "axes.facecolor": "white", "axes.edgecolor": ".8",
    "grid.color": ".8", "axes.spines.left": True, "axes.spines.bottom": True, "axes.spines.right": True, "axes.spines.top": True,
    "xtick.bottom": False, "ytick.left": False,
    # sns.plotting_context("paper", font_scale=0.95)
    "axes.linewidth": 1.0, "grid.linewidth": 0.8, "lines.linewidth": 1.2000000000000002, "lines.markersize": 4.800000000000001,
    "patch.linewidth": 0.8, "xtick.major.width": 1.0, "ytick.major.width": 1.0, "xtick.minor.width": 0.8, "ytick.minor.width": 0.8,
    "xtick.major.size": 4.800000000000001, "ytick.major.size": 4.800000000000001, "xtick.minor.size": 3.2, "ytick.minor.size": 3.2,
    "font.size": 9.120000000000001, "axes.labelsize": 9.120000000000001, "axes.titlesize": 9.120000000000001,
    "xtick.labelsize": 8.36, "ytick.labelsize": 8.36, "legend.fontsize": 8.36, "legend.title_fontsize": 9.120000000000001,
}
"""seaborn's whitegrid style and paper context at 0.95, as ``sns.axes_style``/``sns.plotting_context``
give them (seaborn 0.13), without seaborn's ``image.cmap`` ("rocket", a colormap only an imported
seaborn registers; no chart maps colours)."""


SATURASI_BATANG = 0.75
"""The bars' colours are the palette's with their saturation times this (seaborn's ``barplot`` default)."""


def desaturate(colour: Any, prop: float) -> tuple[float, float, float]:
    """``colour`` with its HLS saturation times ``prop`` (seaborn's ``desaturate``, the same arithmetic).

    >>> desaturate("#ff0000", 0.75)
    (0.875, 0.125, 0.125)
    """
    hue, light, saturation = colorsys.rgb_to_hls(*to_rgb(colour))
    return colorsys.hls_to_rgb(hue, light, saturation * prop)


def bars_by_band(ax, labels: list[str], values: np.ndarray, bands: list[str], order: list[str], palette: dict[str, Any]) -> None:
    """One horizontal bar per row (``labels`` distinct, first on top) coloured by its band: the artists
    ``sns.barplot(y=label, x=value, hue=band, hue_order=order, palette=palette, dodge=False, orient="h",
    errorbar=None)`` adds, in its order: each band's bars (0.8 high, edge-aligned, desaturated colour),
    one empty labelled patch per band for the legend, the category ticks, no y grid, the rows from the top."""
    positions = np.arange(len(labels), dtype=float)
    edges = positions - 0.8 / 2
    of_band = np.asarray(bands, dtype=object)
    colours = {band: desaturate(palette[band], SATURASI_BATANG) for band in order}
    for band in order:
        mine = of_band == band
        ax.barh(y=edges[mine], width=values[mine], height=0.8, align="edge", color=colours[band], facecolor=colours[band])
    for band in order:
        ax.add_artist(Rectangle((0, 0), 0, 0, label=band, facecolor=colours[band]))
    ax.set_yticks(positions, labels)
    ax.yaxis.grid(False)
    ax.set_ylim(len(labels) - 0.5, -0.5, auto=None)


def lines_by_series(ax, frame: pd.DataFrame, x: str, y: str, series: str) -> None:
    """One line with round markers per ``series`` value (in order of appearance), its points sorted by
    ``x`` and averaged where an ``x`` repeats: the artists ``sns.lineplot(x=x, y=y, hue=series, marker="o",
    errorbar=None)`` adds, in its order (the palette is :data:`WARNA_DEEP`, the charts' colour cycle, seaborn's husl beyond its length;
    one empty labelled line per series for the legend)."""
    data = pd.DataFrame({"x": pd.to_numeric(frame[x]).astype(float), "y": pd.to_numeric(frame[y]).astype(float),
                         "hue": frame[series]}).dropna()
    levels = list(pd.unique(data["hue"]))
    if len(levels) <= len(WARNA_DEEP):
        colours = list(WARNA_DEEP[: len(levels)])
    else:  # pragma: no cover - more series than colours: seaborn's husl palette, as lineplot chose it
        import seaborn as sns  # noqa: PLC0415 -- seaborn (pyplot, ipywidgets) only past the palette's colours: kept off report kernels

        colours = [tuple(c) for c in sns.color_palette("husl", len(levels))]
    style: dict[str, Any] = {"marker": "o", "dashes": "", "markeredgewidth": 0.75, "markeredgecolor": "w"}
    for level, colour in zip(levels, colours, strict=True):
        part = data[data["hue"] == level].sort_values(["x", "y"])
        if part["x"].value_counts().max() > 1:
            part = part.groupby("x", sort=True)["y"].apply(lambda values: values.mean()).reset_index()
        for line in ax.plot(part["x"], part["y"], color=None, **style):
            line.set_color(colour)
    for level, colour in zip(levels, colours, strict=True):
        ax.add_artist(Line2D([], [], label=level, color=colour, **style))
