"""The DOMAIN.md formulas one value at a time (capaian, aggregation, serapan, efisiensi, predikat) through the
same array implementation as the table (:mod:`kinerja.capaian.rumus`), and a target as people read it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from kinerja.capaian.kolom import grade_values, isnan
from kinerja.capaian.metode import METODE, gabung, pilih
from kinerja.capaian.rumus import capaian_arrays, efisiensi_array, predikat_array, serapan_array
from kinerja.numbers import Rentang, format_number, parse_target

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Band


def capaian_positif(realisasi: float, target: float) -> float | None:
    """Capaian of a positive indicator (higher is better): ``realisasi / target × 100``.

    Returns None when the target is 0 or negative (not evaluable).

    >>> capaian_positif(85.0, 100.0), capaian_positif(12, 10), capaian_positif(5, 0)
    (85.0, 120.0, None)
    """
    return capaian_nilai(realisasi, target, "positif")


def capaian_negatif(realisasi: float, target: float) -> float | None:
    """Capaian of a negative indicator (lower is better), floored at 0.

    ``(2 × target − realisasi) / target × 100`` (PermenPAN-RB 6/2022). None when the target
    is 0.

    >>> capaian_negatif(8, 10), capaian_negatif(10, 10), capaian_negatif(12, 10), capaian_negatif(25, 10)
    (120.0, 100.0, 80.0, 0.0)
    """
    return capaian_nilai(realisasi, target, "negatif")


def capaian_nilai(
    realisasi: float | str | None,
    target: float | Rentang | str | None,
    arah: str = "positif",
    skala: dict[str, dict[str, float]] | None = None,
) -> float | None:
    """Capaian of one realisasi against one target (number, range or grade).

    Args:
        realisasi: the (aggregated) realisasi: a number, or a grade when ``skala`` is given.
        target: a number, a :class:`~kinerja.numbers.Rentang`, or a grade.
        arah: ``"positif"`` or ``"negatif"``; ignored for grades (always positive).
        skala: the ordinal scales (``config.skala``) used to value grades.

    Returns:
        The capaian in percent, or None when not evaluable (target 0 or missing, realisasi
        missing, a grade on no scale).

    >>> capaian_nilai(85, Rentang(80, 90)), capaian_nilai(95, Rentang(80, 90)), capaian_nilai(60, Rentang(80, 90))
    (100.0, 105.55555555555556, 75.0)
    >>> capaian_nilai(95, Rentang(80, 90), "negatif"), capaian_nilai(70, Rentang(80, 90), "negatif")
    (94.44444444444444, 112.5)
    >>> skala = {"opini": {"WTP": 4.0, "WDP": 3.0, "TW": 2.0, "TMP": 1.0}}
    >>> capaian_nilai("WDP", "WTP", skala=skala), capaian_nilai("WTP", "WTP", skala=skala)
    (75.0, 100.0)
    >>> capaian_nilai(None, 10), capaian_nilai(3, "XYZ", skala=skala)
    (None, None)
    """
    if isinstance(realisasi, str) or isinstance(target, str):
        values = grade_values([v for v in (realisasi, target) if isinstance(v, str)], skala or {})
        if values is None:
            return None
        realisasi = values.get(realisasi, realisasi) if isinstance(realisasi, str) else realisasi
        target = values.get(target, target) if isinstance(target, str) else target
        arah = "positif"
    if realisasi is None or target is None or isinstance(realisasi, tuple) or isnan(realisasi):
        return None
    low, high = (target.bawah, target.atas) if isinstance(target, Rentang) else (float(target), float(target))
    result, ok = capaian_arrays(
        np.array([float(realisasi)]), np.array([low]), np.array([high]), np.array([arah == "negatif"])
    )
    return float(result[0]) if ok[0] else None


def agregasi(values: Sequence[float | None], metode: str, triwulan: int = 4) -> float | None:
    """Aggregate quarterly values up to ``triwulan`` with a metode; None when none is filled.

    Empty quarters (None/NaN) are "belum diukur" and are skipped, never counted as 0.

    >>> agregasi([10, 20, None, None], "kumulatif", 2), agregasi([10, 20, 30, 40], "kumulatif", 2)
    (30.0, 30.0)
    >>> agregasi([2.0, None, 3.0, None], "akhir_periode", 4), agregasi([80, 90, None, None], "rata_rata", 4)
    (3.0, 85.0)
    >>> agregasi([None, None, None, None], "kumulatif", 4) is None
    True
    """
    if metode not in METODE:
        raise ValueError(f"metode tidak dikenal: {metode!r}")
    row = np.array([[np.nan if v is None else float(v) for v in list(values)[:triwulan]]])
    names = np.array([metode], dtype=object)
    result = gabung(names, row, pilih(names, ~np.isnan(row)))[0]
    return None if np.isnan(result) else float(result)


def serapan_anggaran(realisasi_anggaran: float | None, pagu: float | None) -> float | None:
    """Serapan anggaran in percent: ``realisasi anggaran / pagu × 100``; None without a pagu.

    >>> serapan_anggaran(625_000, 1_250_000), serapan_anggaran(100, 0), serapan_anggaran(None, 1000)
    (50.0, None, None)
    """
    if realisasi_anggaran is None or pagu is None:
        return None
    result = serapan_array(np.array([realisasi_anggaran], dtype=float), np.array([pagu], dtype=float))[0]
    return None if np.isnan(result) else float(result)


def efisiensi(capaian: float | None, serapan: float | None, ambang: float = 5.0, *, aman: float) -> str | None:
    """Efficiency: ``capaian − serapan`` above ``ambang`` points → efisien, within ± → cukup.

    An indicator at risk (capaian below ``aman``, the office's bound,
    :func:`kinerja.domain.predikat.batas_aman`) is never efficient: ``tidak efisien``
    when its spending outran it, else None (see :func:`kinerja.capaian.rumus.efisiensi_array`).

    >>> efisiensi(90, 80, aman=76), efisiensi(85, 80, aman=76), efisiensi(80, 84, aman=76), efisiensi(70, 80, aman=76)
    ('efisien', 'cukup efisien', 'cukup efisien', 'tidak efisien')
    >>> efisiensi(None, 80, aman=76) is None
    True
    >>> efisiensi(0, 0, aman=76), efisiensi(0, 3, aman=76)
    (None, 'tidak efisien')
    """
    if capaian is None or serapan is None:
        return None
    result = efisiensi_array(np.array([capaian], dtype=float), np.array([serapan], dtype=float), ambang, aman=aman)[0]
    return None if result is None else str(result)


def predikat(capaian: float | None, bands: Sequence[Band]) -> str | None:
    """The predikat band of one capaian (half-open bands, highest first); None when not evaluable.

    >>> from kinerja.config import load_config
    >>> bands = load_config().predikat
    >>> predikat(91.0, bands), predikat(90.99, bands), predikat(50.0, bands), predikat(None, bands)
    ('Sangat Tinggi', 'Tinggi', 'Sangat Rendah', None)
    """
    if capaian is None:
        return None
    result = predikat_array(np.array([capaian], dtype=float), bands)[0]
    return None if result is None else str(result)


def format_target(value: object) -> str:
    """A target or realisasi for people: Indonesian number, range with en dash, or grade.

    >>> format_target(1250000.0), format_target(85.5), format_target(Rentang(80, 90.5)), format_target("WTP")
    ('1.250.000', '85,5', '80–90,5', 'WTP')
    >>> format_target(None)
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, Rentang) or (isinstance(value, tuple) and len(value) == 2):
        return f"{format_target(float(value[0]))}–{format_target(float(value[1]))}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = format_number(float(value), 2)
        return text.rstrip("0").rstrip(",") if "," in text else text
    if isinstance(value, str):
        parsed = parse_target(value)
        return value if isinstance(parsed, str) or parsed is None else format_target(parsed)
    return str(value)
