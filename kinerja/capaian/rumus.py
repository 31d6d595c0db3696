"""The DOMAIN.md formulas on numpy arrays: the one implementation of each.

Capaian (positive/negative, ranges), predikat bands, serapan anggaran, efisiensi and the
at-risk rule. The scalar helpers of :mod:`kinerja.capaian.tabel` (``capaian_nilai``,
``predikat``, ``serapan_anggaran``, ``efisiensi``) wrap these; the capaian table, the report
data, sections and charts call them. Nothing is rounded here. Pure numpy, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from kinerja.domain.predikat import CUKUP_EFISIEN, EFISIEN, TIDAK_EFISIEN

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Band


def capaian_arrays(real: np.ndarray, low: np.ndarray, high: np.ndarray, negatif: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The capaian formula on arrays; returns (capaian, evaluable mask).

    ``low == high`` is a plain target. The bound compared with is ``high`` above the range,
    ``low`` below it; inside scores 100. Positive: ``realisasi / bound × 100``; negative:
    ``(2 × bound − realisasi) / bound × 100`` floored at 0. Not evaluable: missing values,
    target (upper bound) of 0 or less, or a bound of 0 or less that would be divided by.

    >>> c, ok = capaian_arrays(np.array([85.0, 12.0, 25.0]), np.array([80.0, 10.0, 10.0]),
    ...                        np.array([90.0, 10.0, 10.0]), np.array([False, True, True]))
    >>> c.tolist(), ok.tolist()
    ([100.0, 80.0, 0.0], [True, True, True])
    """
    with np.errstate(all="ignore"):
        above = real > high
        below = real < low
        outside = above | below
        bound = np.where(above, high, low)
        positive = real / bound * 100.0
        negative = np.maximum((2.0 * bound - real) / bound * 100.0, 0.0)
        value = np.where(outside, np.where(negatif, negative, positive), 100.0)
        ok = ~(np.isnan(real) | np.isnan(low) | np.isnan(high)) & (high > 0) & (low <= high) & ~(outside & ~(bound > 0))
    return np.where(ok, value, np.nan), ok


def predikat_array(capaian: np.ndarray, bands: Sequence[Band]) -> np.ndarray:
    """The predikat band of each capaian (half-open bands, highest first); None for NaN.

    Values below the lowest bound get the lowest band.
    """
    out = np.full(len(capaian), None, dtype=object)
    done = np.isnan(capaian)
    for band in bands:
        hit = ~done & (capaian >= band.batas_bawah)
        out[hit] = band.nama
        done |= hit
    if bands:
        out[~done] = bands[-1].nama
    return out


def serapan_array(realisasi_anggaran: np.ndarray, pagu: np.ndarray) -> np.ndarray:
    """Serapan anggaran in percent, ``realisasi / pagu × 100``; NaN without a pagu above 0
    or without a realisasi.

    >>> serapan_array(np.array([625_000.0, 100.0, np.nan]), np.array([1_250_000.0, 0.0, 1000.0])).tolist()
    [50.0, nan, nan]
    """
    realisasi_anggaran = np.asarray(realisasi_anggaran, dtype=float)
    pagu = np.asarray(pagu, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pagu > 0, realisasi_anggaran / pagu * 100.0, np.nan)


def efisiensi_array(capaian: np.ndarray, serapan: np.ndarray, ambang: float, *, aman: float) -> np.ndarray:
    """``capaian − serapan`` above ``ambang`` points → efisien; within ±ambang (inclusive) →
    cukup efisien; below → tidak efisien; None when either is NaN. An indicator at risk
    (capaian below ``aman``, :func:`kinerja.domain.predikat.batas_aman`: Sedang, Rendah, Sangat Rendah
    under Permendagri 86/2017) is never called
    efficient: its target was missed, so money not spent was not saved — tidak efisien when
    its spending outran its capaian by more than ``ambang`` (or it achieved nothing and spent
    something), otherwise None (not judged): 0 % of nothing is not "cukup efisien".
    Which serapan to compare with (pagu, or the anggaran kas mid-year) is
    :func:`kinerja.capaian.tabel.capaian_table`'s choice.

    >>> efisiensi_array(np.array([90.0, 85.0, 70.0, np.nan]), np.array([80.0, 80.0, 80.0, 80.0]), 5.0, aman=76.0).tolist()
    ['efisien', 'cukup efisien', 'tidak efisien', None]
    >>> efisiensi_array(np.array([0.0, 0.0]), np.array([0.0, 3.0]), 5.0, aman=76.0).tolist()
    [None, 'tidak efisien']
    >>> efisiensi_array(np.array([50.0, 50.0, 50.0]), np.array([42.0, 48.0, 60.0]), 5.0, aman=76.0).tolist()  # Sangat Rendah
    [None, None, 'tidak efisien']
    """
    capaian = np.asarray(capaian, dtype=float)
    serapan = np.asarray(serapan, dtype=float)
    selisih = capaian - serapan
    out = np.full(len(selisih), None, dtype=object)
    with np.errstate(invalid="ignore"):
        out[selisih >= -ambang] = CUKUP_EFISIEN
        out[selisih > ambang] = EFISIEN
        out[selisih < -ambang] = TIDAK_EFISIEN
        at_risk = capaian < aman
        out[at_risk & ~(selisih < -ambang)] = None
        nothing = capaian <= 0
        out[nothing & (serapan > 0)] = TIDAK_EFISIEN
        out[nothing & ~(serapan > 0)] = None
    return out


def berisiko_array(capaian: np.ndarray, dihitung: np.ndarray, *, aman: float) -> np.ndarray:
    """At risk: not evaluable or not yet measured (``~dihitung``), or capaian below ``aman`` (the
    office's bound, :func:`kinerja.domain.predikat.batas_aman`).

    >>> berisiko_array(np.array([95.0, 76.0, 75.99, np.nan]), np.array([True, True, True, False]), aman=76.0).tolist()
    [False, False, True, True]
    """
    with np.errstate(invalid="ignore"):
        return ~np.asarray(dihitung, dtype=bool) | ~(np.asarray(capaian, dtype=float) >= aman)
