"""Charts for the reports (matplotlib ``Figure`` objects in seaborn's look, never pyplot state).

Each function returns a :class:`Grafik`: a :class:`matplotlib.figure.Figure` (``.figure``)
that displays in a notebook as one PNG output, which the export template embeds as
``data:image/png;base64``. Figures are created without pyplot, so no backend or inline
integration is needed and nothing is shown twice.

The charts keep the look they had when seaborn drew them (its whitegrid theme, "deep" palette,
desaturated bars, white-edged markers), drawn with matplotlib directly: seaborn is not
imported for a report (:mod:`kinerja.laporan.render.tema`).
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

import matplotlib
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib import RcParams
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from kinerja.capaian.rumus import serapan_array
from kinerja.capaian.tabel import DASAR_ANGGARAN_KAS
from kinerja.domain.predikat import (
    BERISIKO,
    GAYA_EFISIENSI,
    TANPA_PREDIKAT,
    WARNA_PROYEKSI,
    kelas_efisiensi,
    warna_predikat,
)
from kinerja.laporan.render.tema import TEMA, WARNA_DEEP, bars_by_band, lines_by_series
from kinerja.numbers import ROMAWI, format_number

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Band

DPI = 130
WIDTH = 7.2  # inches: the A4 text width
P = ParamSpec("P")
R = TypeVar("R")


class Grafik:
    """A chart: ``.figure`` is the matplotlib Figure; displays as a PNG image.

    ``catatan``: the sentence printed under the chart naming the rows it leaves out ('' when it
    draws every row); ``keterangan``: its caption (e.g. what the x-axis measures).
    """

    def __init__(self, figure: Figure, *, catatan: str = "", keterangan: str = "") -> None:
        self.figure = figure
        self.catatan = catatan
        self.keterangan = keterangan

    def png(self) -> bytes:
        """The chart as PNG bytes, on a transparent background (white on the page; in a .docx the
        DRAF watermark behind the text shows through it).

        The layout is computed once (:func:`_lay_out`) and then fixed, so ``savefig`` draws the
        figure once instead of a layout draw followed by the real one (the same pixels), on
        :class:`kinerja.laporan.render.kanvas.KanvasAgg` (the same bytes as matplotlib's canvas)."""
        buffer = io.BytesIO()
        with _theme():
            _canvas(self.figure)  # drawn on kinerja's canvas (:mod:`kinerja.laporan.render.kanvas`), not a stock one
            _lay_out(self.figure)
            self.figure.savefig(buffer, format="png", dpi=DPI, transparent=True)
        return buffer.getvalue()

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        # display width in CSS pixels (96 per inch): the figure's physical size on paper
        return self.png(), {"width": round(self.figure.get_figwidth() * 96)}


@functools.cache
def _theme_rc() -> dict[str, Any]:
    """The charts' rcParams (:data:`TEMA`, the colour cycle :data:`WARNA_DEEP`), validated once per process."""
    rc: dict[Any, Any] = dict(TEMA)
    rc["axes.prop_cycle"] = cycler(color=list(WARNA_DEEP))
    rc["text.parse_math"] = False  # names are text: "$a^^b$" in an indicator name is shown, not parsed as TeX
    checked = RcParams(rc)  # validates every value, as rc_context would on each entry
    return {key: dict.__getitem__(checked, key) for key in rc}


@contextmanager
def _theme() -> Iterator[None]:
    """The charts' seaborn theme, set for the duration and then restored: matplotlib's global
    rcParams are left as they were (no ``sns.set_theme``), so other figures in the kernel are
    unaffected. What ``rc_context`` does, without copying and validating every rcParam on each
    entry (the values were validated once, :func:`_theme_rc`)."""
    rc, params = _theme_rc(), cast(dict[str, Any], matplotlib.rcParams)
    before = {key: dict.__getitem__(params, key) for key in rc}
    dict.update(params, rc)
    try:
        yield
    finally:
        dict.update(params, before)


def _canvas(fig: Figure):
    """The figure's Agg canvas (:func:`kinerja.laporan.render.kanvas.kanvas`, attached once)."""
    from kinerja.laporan.render.kanvas import kanvas  # noqa: PLC0415 -- the Agg backend only when a chart is drawn: kept off importing grafik

    return kanvas(fig)


def _lay_out(fig: Figure) -> None:
    """Run the figure's constrained layout once and fix it (layout engine off).

    ``savefig`` on a figure with a layout engine first draws the whole figure with drawing
    disabled only to run the layout, then draws it again; running the engine directly gives
    the same positions without that extra pass."""
    engine = fig.get_layout_engine()
    if engine is None:
        return
    _canvas(fig)
    engine.execute(fig)
    fig.set_layout_engine(None)  # None, not "none" (a placeholder engine that savefig would still lay out for)


def _themed(draw: Callable[P, R]) -> Callable[P, R]:
    """Run a chart function inside :func:`_theme`."""
    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _theme():
            return draw(*args, **kwargs)
    return wrapper


def _short(text: str, width: int = 48) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def _bar_labels(frame: pd.DataFrame) -> list[str]:
    """One distinct label per row: the indicator (shortened) and its unit, plus the Kode
    Indikator when the same name stands twice in one unit.

    Bars are keyed by label; two units' "Jumlah temuan berulang" must stay two bars, and a
    reader must see whose bar it is even when only one of them is drawn.

    >>> _bar_labels(pd.DataFrame({"indikator": ["Temuan berulang", "Temuan berulang", "Lain", "Lain"],
    ...     "unit": ["IRBAN-1", "IRBAN-2", "IRBAN-1", "IRBAN-1"], "kode": ["IK-2.2", "IK-3.2", "IK-2.1", "IK-2.7"]}))
    ['Temuan berulang (IRBAN-1)', 'Temuan berulang (IRBAN-2)', 'Lain (IRBAN-1 IK-2.1)', 'Lain (IRBAN-1 IK-2.7)']
    """
    names = [str(v) for v in frame["indikator"]]
    empty = pd.Series([""] * len(frame), index=frame.index)
    kode = [str(k or "").strip() for k in (frame["kode"] if "kode" in frame else frame.get("kode_indikator", empty))]
    unit = [str(u or "").strip() for u in (frame["unit"] if "unit" in frame else empty)]
    pairs = list(zip(names, unit, strict=True))
    labels = []
    for (name, u), k in zip(pairs, kode, strict=True):
        key = " ".join(part for part in (u, k if pairs.count((name, u)) > 1 else "") if part)
        labels.append(f"{_short(name, 40)} ({key})" if key else _short(name))
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):  # still equal (same name, unit and code): number them
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} #{seen[label]}"
    return labels


def _percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, 0) + "%"))


def _kunci(row: dict) -> str:
    """A row as a chart note names it: its Kode Indikator (else its name) and its unit."""
    kode = str(row.get("kode") or "").strip() or _short(str(row.get("indikator", "")), 30)
    unit = str(row.get("unit") or "").strip()
    return f"{kode} ({unit})" if unit else kode


def catatan_tidak_digambar(rows: pd.DataFrame, tanpa: str) -> str:
    """The note under a chart that leaves rows out: how many, without what, and which ('' when none).

    >>> catatan_tidak_digambar(pd.DataFrame({"kode": ["IK-1", "IK-2"], "unit": ["A", "B"]}), "capaian")
    '2 indikator tanpa capaian tidak digambar: IK-1 (A), IK-2 (B).'
    """
    if rows.empty:
        return ""
    return f"{len(rows)} indikator tanpa {tanpa} tidak digambar: " + ", ".join(_kunci(r) for r in rows.to_dict(orient="records")) + "."


BATAS_TAMPIL = 150.0
"""Values above this are drawn at it (and the axis says so, only then)."""


def _clipped_label(text: str, clipped: bool) -> str:
    limit = format_number(BATAS_TAMPIL, 0)
    return f"{text} (di atas {limit}% digambar pada {limit}%)" if clipped else text


@_themed
def grafik_capaian(tabel: pd.DataFrame, bands: Sequence[Band], *, judul: str = "Capaian per indikator", kosong: str = "") -> Grafik:
    """Horizontal bars of capaian per evaluable indicator, with the 100% line (``kosong``: see :func:`_empty`),
    one bar per row coloured by its band among the office's ``bands`` (:func:`kinerja.domain.predikat.warna_predikat`);
    the rows without a capaian are named under it (``catatan``)."""
    ok = tabel[tabel["status"] == "dihitung"].copy()
    catatan = catatan_tidak_digambar(tabel[tabel["status"] != "dihitung"], "capaian")
    ok["label"] = _bar_labels(ok)
    height = max(2.0, 0.17 * len(ok) + 0.9)
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    if ok.empty:
        return _empty(fig, ax, kosong or "Belum ada indikator yang terukur.", judul)
    clipped = bool((ok["capaian"] > BATAS_TAMPIL).any())
    ok["capaian_tampil"] = ok["capaian"].clip(upper=BATAS_TAMPIL)
    colours = warna_predikat(bands)
    ok["predikat"] = ok["predikat"].where(ok["predikat"].isin(list(colours)), "lainnya")  # a name not among the bands: grey
    present = set(ok["predikat"])
    bars_by_band(ax, ok["label"].tolist(), ok["capaian_tampil"].to_numpy(dtype=float), ok["predikat"].tolist(),
                  [b.nama for b in bands if b.nama in present] + (["lainnya"] if "lainnya" in present else []),
                  {**colours, "lainnya": TANPA_PREDIKAT})
    ax.axvline(100, color="#333", linestyle="--", linewidth=1)
    ax.set_xlabel(_clipped_label("Capaian", clipped))
    ax.set_ylabel("")
    _percent_axis(ax.xaxis)
    ax.set_title(judul, loc="left", fontsize=10)
    _legend_outside(fig, ax, "Predikat")
    return Grafik(fig, catatan=catatan)


def _legend_outside(fig: Figure, ax, title: str) -> None:
    """Move the axes' legend below the plot, so it never covers bars or points."""
    handles, labels = ax.get_legend_handles_labels()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if handles:
        fig.legend(handles, labels, title=title, loc="outside lower center", ncol=min(len(labels), 5), fontsize=7,
                   title_fontsize=7, frameon=False)


def _outliers(frame: pd.DataFrame, x: str, y: str, count: int = 4) -> pd.DataFrame:
    """The points furthest from the diagonal (capaian far from serapan), at most ``count``."""
    distance = (frame[y] - frame[x]).abs()
    return frame.loc[distance.sort_values(ascending=False, kind="stable").index[:count]]


def _point_label(row) -> str:
    kode = str(row.get("kode") or "").strip()
    return kode if kode else _short(row["indikator"], 26)


_BESIDE = ((6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"), (0, -6, "center", "top"),
           (5, 5, "left", "bottom"), (-5, 5, "right", "bottom"), (5, -5, "left", "top"), (-5, -5, "right", "top"))
"""Where a point's label may stand, in order of preference: (dx, dy) in points and its alignment."""


def _label_beside(fig: Figure, ax, points: list[tuple[str, float, float]], others: np.ndarray) -> None:
    """Label each point right beside it, never on a leader line: the first place (:data:`_BESIDE`)
    where the label stays inside the axes and covers no label placed before and no other point
    (``others``: every drawn point, data coordinates).

    The layout is run here first, so the boxes measured are the printed ones; when every label
    found a place inside the axes it is final (labels inside the axes change no margin), and the
    figure keeps it instead of running it again when the PNG is made (:func:`_lay_out`)."""
    renderer = _canvas(fig).get_renderer()
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)  # the final layout, so the boxes measured are the printed ones (nothing drawn)
    frame = ax.get_window_extent(renderer)
    dots = ax.transData.transform(others) if len(others) else np.empty((0, 2))
    pad = 3.0  # pixels around a marker's centre that a label keeps clear of
    placed: list = []
    outside = False  # a label put at its first place because nowhere was free (it may leave the axes)
    for text, x, y in points:
        chosen = None
        own = ax.transData.transform((x, y))
        for dx, dy, ha, va in _BESIDE:
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=6.5,
                                color="#333")
            box = label.get_window_extent(renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            covers = [(box.x0 - pad <= px <= box.x1 + pad and box.y0 - pad <= py <= box.y1 + pad)
                      for px, py in dots if abs(px - own[0]) > 0.5 or abs(py - own[1]) > 0.5]
            if inside and not any(covers) and not any(box.overlaps(other) for other in placed):
                chosen = box
                break
            label.remove()
        if chosen is None:  # nowhere free: the first place, still beside its point
            dx, dy, ha, va = _BESIDE[0]
            chosen = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=6.5,
                                 color="#333").get_window_extent(renderer)
            outside = True
        placed.append(chosen)
    if engine is not None and not outside:
        fig.set_layout_engine(None)  # as _lay_out leaves it: the layout above is the final one


EMPTY_HEIGHT = 0.75
"""Height in inches of a chart with nothing to draw: a strip with its title and the reason."""


def _empty(fig: Figure, ax, text: str, judul: str = "") -> Grafik:
    """The one empty state of every chart: no axes, the chart's title and one sentence saying why
    there is nothing to draw, on a short strip as wide as the text (no page of blank axes, no
    meaningless scale).

    ``text`` is the chart's own reason unless the caller gives one (``kosong=``): the annual
    report without an approved quarter passes the sentence its empty tables print
    (:data:`kinerja.laporan.bagian.tahunan.KOSONG_TAHUNAN`).
    """
    fig.set_size_inches(WIDTH, EMPTY_HEIGHT)  # the full text width: every empty strip starts at the margin
    ax.set_axis_off()
    if judul:
        ax.set_title(judul, loc="left", fontsize=10)
    ax.text(0.5, 0.35, text, ha="center", va="center", transform=ax.transAxes, fontsize=8, color="#555555")
    return Grafik(fig)


@_themed
def grafik_capaian_serapan(tabel: pd.DataFrame, *, kosong: str = "") -> Grafik:
    """Capaian against serapan anggaran per indicator; above the diagonal is efficient
    (``kosong``: see :func:`_empty`).

    The x-axis is the serapan the efficiency class was judged on: against the anggaran kas to
    date in a mid-year report that has one (rows without it are left out and named), else
    against the pagu; the caption (``keterangan``) says which. Every class has its one colour
    and marker (:data:`kinerja.domain.predikat.GAYA_EFISIENSI`), drawn in that order; the
    points furthest from the diagonal are labelled beside them; rows not drawn are named in
    ``catatan``.
    """
    judul = "Capaian kinerja dan serapan anggaran"
    kas = "dasar_efisiensi" in tabel and bool((tabel["dasar_efisiensi"] == DASAR_ANGGARAN_KAS).any())
    column = "serapan_rencana" if kas else "serapan"
    basis = "anggaran kas (rencana penarikan dana) sampai triwulan ini" if kas else "pagu"
    values = pd.to_numeric(tabel[column], errors="coerce") if column in tabel else pd.Series(np.nan, index=tabel.index)
    drawn = (tabel["status"] == "dihitung") & values.notna()
    catatan = catatan_tidak_digambar(tabel[~drawn], "capaian atau serapan terhadap anggaran kas" if kas
                                     else "capaian atau serapan anggaran")
    keterangan = (f"Sumbu X: serapan anggaran terhadap {basis}, dasar yang sama dengan penilaian efisiensinya; "
                  "di atas garis diagonal capaian melampaui serapan.")
    ok = tabel[drawn].copy()
    ok["x"] = values[drawn]
    ok["kelas"] = [kelas_efisiensi(v) for v in ok.get("efisiensi", pd.Series(None, index=ok.index))]
    fig = Figure(figsize=(WIDTH * 0.8, 4.2), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    if ok.empty:
        return _empty(fig, ax, kosong or "Belum ada indikator dengan capaian dan serapan anggaran.", judul)
    clipped_x, clipped_y = bool((ok["x"] > BATAS_TAMPIL).any()), bool((ok["capaian"] > BATAS_TAMPIL).any())
    ok["y"] = ok["capaian"].clip(upper=BATAS_TAMPIL)
    ok["x"] = ok["x"].clip(upper=BATAS_TAMPIL)
    for kelas, (colour, marker) in GAYA_EFISIENSI.items():
        part = ok[ok["kelas"] == kelas]
        if not part.empty:
            ax.scatter(part["x"], part["y"], s=36, color=colour, marker=marker, label=kelas, edgecolors="white", linewidths=0.5,
                       zorder=3)
    top = max(110.0, float(ok["y"].max()) + 5, float(ok["x"].max()) + 5)
    ax.plot([0, top], [0, top], color="#777", linestyle=":", linewidth=1)
    ax.axhline(100, color="#333", linestyle="--", linewidth=1)
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel(_clipped_label(f"Serapan anggaran terhadap {'anggaran kas' if kas else 'pagu'}", clipped_x))
    ax.set_ylabel(_clipped_label("Capaian kinerja", clipped_y))
    _percent_axis(ax.xaxis)
    _percent_axis(ax.yaxis)
    ax.set_title(judul, loc="left", fontsize=10)
    _legend_outside(fig, ax, "Efisiensi")
    outliers = _outliers(ok, "x", "y")
    _label_beside(fig, ax, [(_point_label(r), float(r["x"]), float(r["y"])) for r in outliers.to_dict(orient="records")],
                  ok[["x", "y"]].to_numpy(dtype=float))
    return Grafik(fig, catatan=catatan, keterangan=keterangan)


@_themed
def grafik_kemajuan(kemajuan: pd.DataFrame, *, judul: str = "Rata-rata capaian per sasaran, triwulan demi triwulan",
                    kosong: str = "") -> Grafik:
    """Mean capaian per Sasaran over the quarters (columns sasaran, triwulan, capaian; ``kosong``:
    see :func:`_empty`)."""
    frame = kemajuan.assign(capaian=pd.to_numeric(kemajuan["capaian"], errors="coerce")).dropna(subset=["capaian"])
    series = frame["sasaran"].nunique() if not frame.empty else 0
    fig = Figure(figsize=(WIDTH, 2.6 + 0.16 * series), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    if frame.empty:
        return _empty(fig, ax, kosong or "Belum ada capaian yang terukur.", judul)
    frame["Sasaran"] = [_short(s, 60) for s in frame["sasaran"]]
    lines_by_series(ax, frame, "triwulan", "capaian", "Sasaran")
    ax.axhline(100, color="#333", linestyle="--", linewidth=1)
    quarters = sorted(frame["triwulan"].unique())
    ax.set_xticks(quarters, [f"TW {ROMAWI[int(q)]}" for q in quarters])
    ax.set_xlabel("")
    ax.set_ylabel("Rata-rata capaian")
    _percent_axis(ax.yaxis)
    ax.set_title(judul, loc="left", fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()
    fig.legend(handles, labels, loc="outside lower center", fontsize=6.5, ncol=1, frameon=False)
    return Grafik(fig)


@_themed
def grafik_tren_tahunan(tren: pd.DataFrame, *, kosong: str = "") -> Grafik:
    """The quarterly reports' mean capaian per Sasaran, TW I to TW IV (``kosong``: see :func:`_empty`)."""
    judul = "Tren rata-rata capaian per sasaran menurut laporan triwulan"
    if tren.empty:
        return grafik_kemajuan(pd.DataFrame(columns=["sasaran", "triwulan", "capaian"]), judul=judul, kosong=kosong)
    grouped = tren.dropna(subset=["capaian"]).groupby(["sasaran", "triwulan"], sort=False)["capaian"].mean().reset_index()
    return grafik_kemajuan(grouped, judul=judul, kosong=kosong)


@_themed
def grafik_serapan_triwulan(tabel: pd.DataFrame, *, kosong: str = "") -> Grafik:
    """Budget realisation per quarter (bars) and cumulative serapan (line); without a pagu or any
    realisasi anggaran, the empty state (``kosong``: see :func:`_empty`)."""
    catatan = ""
    if not tabel.empty and "keterangan_anggaran" in tabel:
        spoiled = tabel["keterangan_anggaran"].fillna("") != ""
        catatan = catatan_tidak_digambar(tabel[spoiled], "anggaran yang dapat dihitung (galat pada sel anggaran)")
        tabel = tabel[~spoiled]  # a budget galat is not a value
    pagu = float(pd.to_numeric(tabel["pagu"], errors="coerce").sum()) if not tabel.empty else 0.0
    values = [float(pd.to_numeric(tabel.get(f"realisasi_anggaran_triwulan_{q}"), errors="coerce").sum()) if not tabel.empty else 0.0
              for q in range(1, 5)]
    fig = Figure(figsize=(WIDTH * 0.75, 3.0), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    judul = "Realisasi anggaran per triwulan dan serapan kumulatif"
    if not pagu and not any(v for v in values if v == v):
        return _empty(fig, ax, kosong or "Belum ada pagu atau realisasi anggaran.", judul)
    labels = [f"TW {ROMAWI[q]}" for q in range(1, 5)]
    ax.bar(labels, [v / 1e6 for v in values], color="#4c72b0")
    ax.set_ylabel("Realisasi (juta rupiah)")
    ax.set_title(judul, loc="left", fontsize=10)
    if pagu:
        twin = ax.twinx()
        cumulative = serapan_array(np.cumsum(values), np.full(len(values), pagu)).tolist()
        twin.plot(labels, cumulative, color="#c44e52", marker="o")
        twin.set_ylim(0, max(105.0, max(cumulative) + 5))
        twin.set_ylabel("Serapan kumulatif")
        twin.grid(False)
        _percent_axis(twin.yaxis)
    return Grafik(fig, catatan=catatan)


@_themed
def grafik_proyeksi(proyeksi: pd.DataFrame, *, aman: float,
                    judul: str = "Proyeksi capaian akhir tahun") -> Grafik:
    """Horizontal bars of the projected year-end capaian per indicator (riskiest first), the range the
    quarters so far allow as a whisker, the target (100%) and the at-risk bound as lines, coloured by status.
    Indicators without a projection are not drawn (the section's note names them)."""
    data = proyeksi[pd.to_numeric(proyeksi["proyeksi_capaian"], errors="coerce").notna()].copy()
    height = max(2.0, 0.17 * len(data) + 1.1)
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    if data.empty:
        return _empty(fig, ax, "Belum ada indikator yang dapat diproyeksikan.", judul)
    values = data["proyeksi_capaian"].astype(float).clip(upper=150).to_numpy()
    low = data["capaian_rendah"].astype(float).fillna(data["proyeksi_capaian"].astype(float)).clip(upper=150).to_numpy()
    high = data["capaian_tinggi"].astype(float).fillna(data["proyeksi_capaian"].astype(float)).clip(upper=150).to_numpy()
    positions = np.arange(len(data))
    ax.barh(positions, values, height=0.6, color=[WARNA_PROYEKSI.get(s, "#9e9e9e") for s in data["status_proyeksi"]])
    ax.errorbar(values, positions, xerr=[np.maximum(values - low, 0), np.maximum(high - values, 0)], fmt="none",
                ecolor="#333333", elinewidth=0.8, capsize=2)
    ax.axvline(100, color="#333333", linestyle="--", linewidth=1)
    ax.axvline(aman, color=WARNA_PROYEKSI[BERISIKO], linestyle=":", linewidth=1)
    ax.set_yticks(positions, _bar_labels(data))
    ax.invert_yaxis()
    ax.set_xlim(0, max(110.0, float(np.nanmax(high)) + 5))
    ax.set_xlabel(f"Capaian proyeksi (target 100%, batas aman {format_number(aman, 0)}%)")
    ax.set_ylabel("")
    _percent_axis(ax.xaxis)
    ax.set_title(judul, loc="left", fontsize=10)
    shown = [s for s in WARNA_PROYEKSI if s in set(data["status_proyeksi"])]
    fig.legend([Patch(color=WARNA_PROYEKSI[s]) for s in shown], shown, title="Status proyeksi", loc="outside lower center",
               ncol=len(shown), fontsize=7, title_fontsize=7, frameon=False)
    return Grafik(fig)


WARNA_REKAP = {"capaian": "#2c7fb8", "serapan": "#fdae61"}
"""The Pemda recap's bar colours: average capaian and serapan anggaran per OPD."""


@_themed
def grafik_rekap_capaian(data: pd.DataFrame) -> Grafik:
    """The Pemda recap: average capaian and serapan anggaran per OPD (``label``, ``rata_rata_capaian``,
    ``serapan``; rank order, first on top), as pairs of horizontal bars with the target (100 %) dashed."""
    rows = data.iloc[::-1]
    fig = Figure(figsize=(WIDTH, max(2.2, 0.32 * len(rows) + 1.0)), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(rows))
    ax.barh(positions + 0.2, rows["rata_rata_capaian"].astype(float), height=0.4, color=WARNA_REKAP["capaian"])
    ax.barh(positions - 0.2, rows["serapan"].astype(float).fillna(0), height=0.4, color=WARNA_REKAP["serapan"])
    ax.set_yticks(positions, rows["label"].tolist())
    ax.axvline(100, color="#555555", linewidth=0.8, linestyle="--")
    ax.set_xlabel("%")
    ax.grid(axis="y", visible=False)
    ax.set_title("Rata-rata capaian dan serapan anggaran per OPD", loc="left", fontsize=10)
    fig.legend([Patch(color=WARNA_REKAP["capaian"]), Patch(color=WARNA_REKAP["serapan"])],
               ["Rata-rata capaian", "Serapan anggaran"], loc="outside lower center", ncol=2, fontsize=7, frameon=False)
    return Grafik(fig)


@_themed
def grafik_rekap_predikat(data: pd.DataFrame, predikat: Sequence[str], warna: dict[str, str]) -> Grafik:
    """The Pemda recap: indicators per predikat of every OPD (``label`` and one count column per name in
    ``predikat``; rank order, first on top), stacked bars in the predikat colours ``warna``
    (:func:`kinerja.domain.predikat.warna_urut`; a status without a band in :data:`TANPA_PREDIKAT`)."""
    rows = data.iloc[::-1]
    fig = Figure(figsize=(WIDTH, max(2.2, 0.3 * len(rows) + 1.2)), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(rows))
    left = np.zeros(len(rows))
    for name in predikat:
        values = rows[name].fillna(0).astype(float).to_numpy()
        ax.barh(positions, values, left=left, color=warna.get(name, TANPA_PREDIKAT), label=name, height=0.7)
        left = left + values
    ax.set_yticks(positions, rows["label"].tolist())
    ax.set_xlabel("Jumlah indikator")
    ax.grid(axis="y", visible=False)
    ax.set_title("Indikator per predikat capaian", loc="left", fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=7, frameon=False)
    return Grafik(fig)
