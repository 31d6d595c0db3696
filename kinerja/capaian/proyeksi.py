"""Proyeksi akhir tahun (early warning): where each indicator will stand in December.

One rule per aggregation method (:mod:`kinerja.capaian.metode`), on the quarters filled so far:

- ``kumulatif``: the realisasi to date carried to the year by the office's own quarterly plan
  (the quarterly targets) when every quarter has a numeric target, else by the elapsed share of
  the year; the range comes from the lowest and the highest quarterly pace so far;
- ``akhir_periode``: the last value moved on by its trend (least squares over the filled
  quarters), clipped to the indicator's scale (0–100 for a percentage, never below 0); the range
  runs from "the last value holds" to "the trend goes on"; one quarter only: the last value holds
  and the sentence says the trend cannot be computed yet;
- ``rata_rata``: the mean so far, the range from the remaining quarters at the lowest or the
  highest quarter so far; what the remaining quarters need to bring the mean to the target.

The projected realisasi is judged with the same formula as capaian (:func:`capaian_nilai`:
negative indicators, ranges, grades) against the year's target, so the projected capaian and
predikat read like the year-end ones. A qualitative (graded) indicator is not projected: its
last grade is kept. Target 0 or missing, a galat in the row, or nothing measured yet: the row
says so instead of guessing.

Status: ``berisiko`` when the projected capaian is below the at-risk bound
(:func:`kinerja.domain.predikat.batas_aman` of the office's bands); ``waspada`` when the projection misses the year's
target or the lowest pace so far would fall below the bound; ``aman`` otherwise. Pure logic on
the capaian table; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kinerja.capaian.tabel import BELUM_DIUKUR, DIHITUNG, capaian_nilai, format_target, predikat
from kinerja.domain.predikat import AMAN, BERISIKO, WASPADA, batas_aman
from kinerja.numbers import Rentang, format_number, format_percent, parse_target, round_half_up, triwulan_label

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Band

DATA_KURANG = "data kurang"
TIDAK_DIPROYEKSIKAN = "tidak diproyeksikan"
STATUS_PROYEKSI = (BERISIKO, WASPADA, AMAN, DATA_KURANG, TIDAK_DIPROYEKSIKAN)
"""In order of risk: tables are sorted by this order, then by projected capaian."""

KOLOM_PROYEKSI = (
    "unit", "kode", "indikator", "satuan", "arah", "metode", "triwulan", "realisasi", "target_tahunan",
    "proyeksi_realisasi", "proyeksi_rendah", "proyeksi_tinggi", "proyeksi_capaian", "capaian_rendah",
    "capaian_tinggi", "proyeksi_predikat", "status_proyeksi", "alasan", "kebutuhan",
)
"""Columns of :func:`proyeksi_table` (``--format json/csv``)."""

_TRIWULAN = 4


@dataclass(frozen=True)
class Proyeksi:
    """The year-end projection of one indicator.

    Attributes:
        status: ``aman``, ``waspada``, ``berisiko``, ``data kurang`` or ``tidak diproyeksikan``.
        alasan: the reason for the status, one sentence.
        kebutuhan: what the remaining quarters need ("butuh 14 laporan lagi dalam 2 triwulan;
            laju saat ini 5 per triwulan"), or '' when nothing can be said.
        realisasi: the projected year-end realisasi (the method's aggregate), None when not projected.
        rendah, tinggi: the range of the projected realisasi the quarters so far allow.
        capaian, capaian_rendah, capaian_tinggi: capaian of the projection (and of the range's
            worse and better end) against the year's target.
        predikat: the predikat of the projected capaian.
    """

    status: str
    alasan: str
    kebutuhan: str = ""
    realisasi: float | None = None
    rendah: float | None = None
    tinggi: float | None = None
    capaian: float | None = None
    capaian_rendah: float | None = None
    capaian_tinggi: float | None = None
    predikat: str | None = None


def _num(value: object) -> float | None:
    """A quarter's value as a number; None for empty, text and ranges."""
    if value is None or isinstance(value, bool | str | tuple):
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


_TANPA_SATUAN = ("", "nilai", "indeks", "skor", "level", "angka")
"""Units that read wrong after a number in a sentence ("90 nilai"): the number alone."""


def _angka(value: float, satuan: str) -> str:
    """A realisasi for a sentence: ``14 laporan``, ``85,5%``, ``3,5`` (an index).

    >>> _angka(14.0, "laporan"), _angka(85.5, "%"), _angka(3.5, "indeks")
    ('14 laporan', '85,5%', '3,5')
    """
    text = format_target(round_half_up(value, 2) or 0.0)
    unit = satuan.strip()
    if unit in ("%", "persen"):
        return f"{text}%"
    return text if unit.lower() in _TANPA_SATUAN else f"{text} {unit}"


def _clip(value: float, satuan: str, floor_seen: float) -> float:
    """An end-of-period value kept on its scale: 0–100 for a percentage, never below 0 (or the
    lowest value seen, for a scale that goes below 0)."""
    low = min(0.0, floor_seen)
    value = max(value, low)
    if satuan.strip() in ("%", "persen"):
        value = min(value, 100.0)
    return value


def _bound(target: float | Rentang, negatif: bool) -> float:
    """The target value a sentence aims at: the range's lower bound for a positive indicator, its
    upper bound for a negative one."""
    if isinstance(target, Rentang):
        return target.atas if negatif else target.bawah
    return float(target)


def _kumulatif(values: list[float | None], plan: list[float | None], k: int) -> tuple[float, float, float, int, float]:
    """(projection, low, high, quarters left, pace per quarter) of a summed indicator."""
    filled = {q: v for q, v in enumerate(values[:k]) if v is not None}
    total = sum(filled.values())
    left = [q for q in range(_TRIWULAN) if q not in filled]
    pace = total / len(filled)
    targets = [t for t in plan if t is not None and t > 0]
    if len(targets) == _TRIWULAN:  # the office's own plan: every quarter has a target above 0
        rencana = [float(t) for t in targets]
        rest = sum(rencana[q] for q in left)
        ratios = [v / rencana[q] for q, v in filled.items()]
        ratio = total / sum(rencana[q] for q in filled)
        return total + ratio * rest, total + min(ratios) * rest, total + max(ratios) * rest, len(left), pace
    per_quarter = list(filled.values())
    return (total + pace * len(left), total + min(per_quarter) * len(left), total + max(per_quarter) * len(left),
            len(left), pace)


def _akhir_periode(values: list[float | None], satuan: str) -> tuple[float, float, float, float | None, int]:
    """(projection, low, high, trend per quarter or None, last quarter 0-based) of a level."""
    points = [(q, v) for q, v in enumerate(values) if v is not None]
    last_q, last_v = points[-1]
    if len(points) < 2:
        return last_v, last_v, last_v, None, last_q
    xs = np.array([p[0] for p in points], dtype=float)
    ys = np.array([p[1] for p in points], dtype=float)
    slope = round(float(np.polyfit(xs, ys, 1)[0]), 9)  # no least-squares noise (5,000000001)
    projected = _clip(last_v + slope * (_TRIWULAN - 1 - last_q), satuan, float(ys.min()))
    return projected, min(last_v, projected), max(last_v, projected), slope, last_q


def _rata_rata(values: list[float | None], k: int) -> tuple[float, float, float, int, float]:
    """(projection, low, high, quarters left, sum so far) of an averaged indicator."""
    filled = [v for v in values[:k] if v is not None]
    total = sum(filled)
    left = _TRIWULAN - len(filled)
    mean = total / len(filled)
    return mean, (total + min(filled) * left) / _TRIWULAN, (total + max(filled) * left) / _TRIWULAN, left, total


def _kebutuhan(metode: str, negatif: bool, target: float, satuan: str, state: dict[str, float | int | None],
               target_teks: str = "") -> str:
    """What the rest of the year needs, in one sentence."""
    if metode == "kumulatif":
        total, left, pace = float(state["total"] or 0), int(state["left"] or 0), float(state["pace"] or 0)
        laju = f"laju saat ini {format_number(pace, 2).rstrip('0').rstrip(',')} per triwulan"
        sisa = target - total
        if left == 0:
            return f"tidak ada triwulan tersisa; realisasi {_angka(total, satuan)}"
        if negatif:
            if sisa < 0:
                return f"realisasi {_angka(total, satuan)} sudah melewati batas target {_angka(target, satuan)}"
            return f"paling banyak {_angka(sisa, satuan)} lagi dalam {left} triwulan; {laju}"
        if sisa <= 0:
            return f"target tahunan {_angka(target, satuan)} sudah tercapai"
        return f"butuh {_angka(sisa, satuan)} lagi dalam {left} triwulan; {laju}"
    if metode == "rata_rata":
        total, left, mean = float(state["total"] or 0), int(state["left"] or 0), float(state["mean"] or 0)
        if left == 0:
            return f"tidak ada triwulan tersisa; rata-rata {_angka(mean, satuan)}"
        need = (target * _TRIWULAN - total) / left
        kata = "paling tinggi" if negatif else "butuh rata-rata"
        return (f"{kata} {_angka(max(need, 0.0), satuan)} per triwulan pada {left} triwulan tersisa; "
                f"rata-rata saat ini {_angka(mean, satuan)}")
    last, slope, last_q = float(state["last"] or 0), state["slope"], int(state["last_q"] or 0)
    tren = ("tren belum dapat dihitung (baru satu triwulan terisi)" if slope is None
            else f"tren {'+' if slope >= 0 else '−'}{format_number(abs(float(slope)), 2)} per triwulan")
    shown = f"{target_teks}%" if target_teks and satuan.strip() in ("%", "persen") else (target_teks or _angka(target, satuan))
    return f"target akhir tahun {shown}; nilai {triwulan_label(last_q + 1)} {_angka(last, satuan)}, {tren}"


def _judge(capaian: float | None, capaian_rendah: float | None, bands: Sequence[Band], aman: float,
           one_quarter: bool) -> tuple[str, str]:
    """Status and its sentence from the projected capaian and the worse end of the range."""
    if capaian is None:
        return TIDAK_DIPROYEKSIKAN, "capaian proyeksi tidak dapat dihitung terhadap target tahunan"
    capaian = float(round_half_up(capaian, 2) or 0.0)  # judged as printed: 99,999…% reads 100,00% and is 100
    capaian_rendah = None if capaian_rendah is None else round_half_up(capaian_rendah, 2)
    name = predikat(capaian, bands)
    basis = " (dari satu triwulan)" if one_quarter else ""
    if capaian < aman:
        return BERISIKO, (f"proyeksi capaian akhir tahun {format_percent(capaian)}{basis} ({name}) di bawah batas aman "
                          f"{format_percent(aman)}")
    if capaian < 100.0:
        return WASPADA, f"proyeksi capaian akhir tahun {format_percent(capaian)}{basis} ({name}) belum mencapai target tahunan"
    if capaian_rendah is not None and capaian_rendah < aman:
        return WASPADA, (f"proyeksi {format_percent(capaian)}{basis} mencapai target, tetapi laju terendah sejauh ini "
                         f"memberi {format_percent(capaian_rendah)}")
    return AMAN, f"proyeksi capaian akhir tahun {format_percent(capaian)}{basis} ({name}) mencapai target tahunan"


def proyeksi_nilai(
    realisasi: Sequence[object],
    target: Sequence[object],
    target_tahunan: object,
    *,
    arah: str = "positif",
    metode: str = "kumulatif",
    triwulan: int,
    satuan: str = "",
    bands: Sequence[Band],
    skala: dict[str, dict[str, float]] | None = None,
    aman: float | None = None,
) -> Proyeksi:
    """Project one indicator to the year end from its quarters up to ``triwulan``.

    Args:
        realisasi: the four quarters' realisasi (None: not measured; quarters after ``triwulan``
            are ignored).
        target: the four quarterly targets (the plan), None where not written.
        target_tahunan: the year's target: a number, a :class:`~kinerja.numbers.Rentang`, a
            range text or a grade.
        arah, metode: as in the worksheet (``positif``/``negatif``; ``kumulatif``,
            ``akhir_periode``, ``rata_rata``).
        triwulan: the quarter reported on (1–4).
        satuan: the indicator's unit, for the sentences (and the 0–100 scale of ``%``).
        bands: the office's predikat bands; ``skala``: its ordinal scales (grades).
        aman: the at-risk bound of the capaian (default: the bands', :func:`~kinerja.domain.predikat.batas_aman`).

    >>> from kinerja.config import load_config
    >>> bands = load_config().predikat
    >>> p = proyeksi_nilai([5, 5, None, None], [10, 10, 10, 10], 40, triwulan=2, satuan="laporan", bands=bands)
    >>> p.realisasi, p.capaian, p.status, p.kebutuhan
    (20.0, 50.0, 'berisiko', 'butuh 30 laporan lagi dalam 2 triwulan; laju saat ini 5 per triwulan')
    >>> p = proyeksi_nilai([2, 3, None, None], [None] * 4, 4, arah="negatif", triwulan=2, satuan="temuan", bands=bands)
    >>> p.realisasi, p.capaian, p.status
    (10.0, 0.0, 'berisiko')
    >>> proyeksi_nilai([None] * 4, [10] * 4, 40, triwulan=2, bands=bands).status
    'data kurang'
    """
    bound = batas_aman(bands) if aman is None else aman
    if not 1 <= triwulan <= _TRIWULAN:
        raise ValueError(f"triwulan harus 1 sampai 4, bukan {triwulan!r}")
    negatif = arah == "negatif"
    annual = parse_target(target_tahunan) if isinstance(target_tahunan, str) else target_tahunan
    if isinstance(annual, tuple) and not isinstance(annual, Rentang):
        annual = Rentang(*annual)
    seen = list(realisasi[:triwulan]) + [None] * (_TRIWULAN - triwulan)
    if isinstance(annual, str) or any(isinstance(v, str) for v in seen):
        grades = [v for v in seen if isinstance(v, str)]
        if not grades:
            return Proyeksi(DATA_KURANG, f"belum ada nilai sampai {triwulan_label(triwulan)}")
        last = grades[-1]
        nilai = capaian_nilai(last, annual, "positif", skala)  # type: ignore[arg-type]
        status, alasan = _judge(nilai, nilai, bands, bound, False)
        return Proyeksi(status, f"nilai kualitatif {last} dipertahankan sampai akhir tahun; {alasan}",
                        capaian=nilai, capaian_rendah=nilai, capaian_tinggi=nilai, predikat=predikat(nilai, bands))
    values = [_num(v) for v in seen]
    if annual is None or (isinstance(annual, float | int) and float(annual) <= 0) or (
            isinstance(annual, Rentang) and annual.atas <= 0):
        return Proyeksi(TIDAK_DIPROYEKSIKAN, "target tahunan kosong atau 0: tidak dapat diukur")
    filled = [v for v in values if v is not None]
    if not filled:
        return Proyeksi(DATA_KURANG, f"realisasi sampai {triwulan_label(triwulan)} belum diisi; belum dapat diproyeksikan")
    goal = _bound(annual, negatif)  # type: ignore[arg-type]
    state: dict[str, float | int | None]
    if metode == "kumulatif":
        plan = [_num(t) for t in list(target)[:_TRIWULAN]]
        projected, low, high, left, pace = _kumulatif(values, plan, triwulan)
        state = {"total": sum(filled), "left": left, "pace": pace}
    elif metode == "rata_rata":
        projected, low, high, left, total = _rata_rata(values, triwulan)
        state = {"total": total, "left": left, "mean": projected}
    elif metode == "akhir_periode":
        projected, low, high, slope, last_q = _akhir_periode(values, satuan)
        state = {"last": values[last_q], "slope": slope, "last_q": last_q}
    else:
        return Proyeksi(TIDAK_DIPROYEKSIKAN, "metode perhitungan belum dipilih")
    ends = [capaian_nilai(x, annual, arah) for x in (low, high)]  # type: ignore[arg-type]
    capaian = capaian_nilai(projected, annual, arah)  # type: ignore[arg-type]
    known = [c for c in ends if c is not None]
    c_low, c_high = (min(known), max(known)) if known else (None, None)
    status, alasan = _judge(capaian, c_low, bands, bound, len(filled) == 1)
    if metode == "akhir_periode" and state["slope"] is None and status != TIDAK_DIPROYEKSIKAN:
        alasan = f"{alasan}; tren belum dapat dihitung (baru satu triwulan terisi)"
    teks = format_target(annual) if isinstance(annual, Rentang) else ""
    return Proyeksi(status, alasan, _kebutuhan(metode, negatif, goal, satuan, state, teks), projected, low, high,
                    capaian, c_low, c_high, predikat(capaian, bands))


def proyeksi_table(table: pd.DataFrame, config: object, *, aman: float | None = None) -> pd.DataFrame:
    """The projection of every row of a quarter's capaian table (:func:`capaian_table`, not the
    annual one), in the order of risk (:data:`STATUS_PROYEKSI`, then the projected capaian).

    A row that was not computed because of a galat, or whose target cannot be used, is not
    projected and says why (its ``keterangan``).
    """
    triwulan = int(table.attrs.get("triwulan", 4))
    bands = config.predikat  # type: ignore[attr-defined]
    skala = config.skala  # type: ignore[attr-defined]
    rows = []
    for record in table.to_dict("records"):
        status = record.get("status")
        if status not in (DIHITUNG, BELUM_DIUKUR) and record.get("keterangan"):
            p = Proyeksi(TIDAK_DIPROYEKSIKAN, f"tidak diproyeksikan: {record['keterangan']}")
        else:
            p = proyeksi_nilai(
                [record.get(f"realisasi_triwulan_{q}") for q in range(1, 5)],
                [record.get(f"target_triwulan_{q}") for q in range(1, 5)],
                record.get("target_tahunan"),
                arah=str(record.get("arah") or ""), metode=str(record.get("metode") or ""), triwulan=triwulan,
                satuan=str(record.get("satuan") or ""), bands=bands, skala=skala, aman=aman,
            )
        rows.append({
            "unit": record.get("unit"), "kode": record.get("kode"), "indikator": record.get("indikator"),
            "satuan": record.get("satuan"), "arah": record.get("arah"), "metode": record.get("metode"),
            "triwulan": triwulan, "realisasi": record.get("realisasi"), "target_tahunan": record.get("target_tahunan"),
            "proyeksi_realisasi": p.realisasi, "proyeksi_rendah": p.rendah, "proyeksi_tinggi": p.tinggi,
            "proyeksi_capaian": p.capaian, "capaian_rendah": p.capaian_rendah, "capaian_tinggi": p.capaian_tinggi,
            "proyeksi_predikat": p.predikat, "status_proyeksi": p.status, "alasan": p.alasan, "kebutuhan": p.kebutuhan,
        })
    out = pd.DataFrame(rows, columns=list(KOLOM_PROYEKSI))
    if len(out):
        order = out["status_proyeksi"].map({s: i for i, s in enumerate(STATUS_PROYEKSI)})
        out = (out.assign(_urut=order, _cap=out["proyeksi_capaian"].astype(float).fillna(np.inf))
               .sort_values(["_urut", "_cap"], kind="stable").drop(columns=["_urut", "_cap"]).reset_index(drop=True))
    out.attrs.update(triwulan=triwulan)
    return out


def ringkasan(proyeksi: pd.DataFrame) -> dict[str, int]:
    """How many indicators per projection status, in :data:`STATUS_PROYEKSI` order.

    >>> ringkasan(pd.DataFrame({"status_proyeksi": ["aman", "berisiko", "aman"]}))
    {'berisiko': 1, 'waspada': 0, 'aman': 2, 'data kurang': 0, 'tidak diproyeksikan': 0}
    """
    counts = proyeksi["status_proyeksi"].value_counts() if len(proyeksi) else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in STATUS_PROYEKSI}
