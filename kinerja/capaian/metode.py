"""How quarters add up (metode perhitungan): one registry entry per method.

Each :class:`Metode` says which filled quarters count (all of them, or only the last) and how
their values combine. :func:`pilih` and :func:`gabung` apply the registry to every row at
once; :func:`kinerja.capaian.tabel.agregasi` (one value) and
:func:`kinerja.capaian.tabel.capaian_table` (the table) both call them, so a new method is one
entry in :data:`METODE` (plus its name in the worksheet's dropdown, ``lembar.schema.Metode``).

Empty quarters (NaN) are "belum diukur" and never count as 0. Pure numpy, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def _jumlah(values: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Σ of the used quarters (NaN when a used value is NaN)."""
    return np.where(used, values, 0.0).sum(axis=1)


def _rata_rata(values: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Mean of the used quarters."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return _jumlah(values, used) / used.sum(axis=1)


@dataclass(frozen=True)
class Metode:
    """One aggregation method.

    Attributes:
        nama: the stable name (``metode`` column of the tidy data, JSON, worksheet dropdown).
        teks: how people read it in tables (``akhir periode``).
        hanya_terakhir: only the last filled quarter counts (its target is shown as written).
        gabung: combines the used quarters' values, ``(values n×k, used n×k) → n``.
        uraian: one sentence for documentation.
    """

    nama: str
    teks: str
    hanya_terakhir: bool
    gabung: Callable[[np.ndarray, np.ndarray], np.ndarray]
    uraian: str


METODE: dict[str, Metode] = {m.nama: m for m in (
    Metode("kumulatif", "kumulatif", False, _jumlah,
           "realisasi triwulan yang terisi dijumlahkan, dibandingkan dengan jumlah target triwulan yang sama"),
    Metode("akhir_periode", "akhir periode", True, _jumlah,
           "nilai triwulan terakhir yang terisi mewakili periode, dibandingkan dengan target triwulan itu"),
    Metode("rata_rata", "rata-rata", False, _rata_rata,
           "rata-rata triwulan yang terisi, dibandingkan dengan rata-rata target triwulan yang sama"),
)}
"""The registry: method name → :class:`Metode`, in dropdown order."""

METODE_KUALITATIF = "akhir_periode"
"""Qualitative values (grades) are never summed or averaged: released-once values."""


def pilih(metode: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Which quarters count, per row: ``filled`` itself, or only its last True for
    ``hanya_terakhir`` methods. Rows with an unknown method use no quarter.

    >>> pilih(np.array(["kumulatif", "akhir_periode", "x"], dtype=object), np.array([[True, False, True]] * 3)).tolist()
    [[True, False, True], [False, False, True], [False, False, False]]
    """
    used = np.zeros_like(filled, dtype=bool)
    k = filled.shape[1] if filled.ndim == 2 else 0
    for nama, entry in METODE.items():
        rows = metode == nama
        if not rows.any():
            continue
        if entry.hanya_terakhir:
            part = filled[rows]
            last = k - 1 - np.argmax(part[:, ::-1], axis=1)
            only = np.zeros_like(part)
            any_filled = part.any(axis=1)
            only[np.flatnonzero(any_filled), last[any_filled]] = True
            used[rows] = only
        else:
            used[rows] = filled[rows]
    return used


def gabung(metode: np.ndarray, values: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Each row's used quarters combined with its method; NaN for no used quarter or an
    unknown method.

    >>> v = np.array([[10.0, 20.0, np.nan], [2.0, np.nan, 3.0], [80.0, 90.0, np.nan]])
    >>> names = np.array(["kumulatif", "akhir_periode", "rata_rata"], dtype=object)
    >>> gabung(names, v, pilih(names, ~np.isnan(v))).tolist()
    [30.0, 3.0, 85.0]
    """
    out = np.full(len(metode), np.nan)
    any_used = used.any(axis=1) if used.ndim == 2 else np.zeros(len(metode), dtype=bool)
    for nama, entry in METODE.items():
        rows = (metode == nama) & any_used
        if rows.any():
            out[rows] = entry.gabung(values[rows], used[rows])
    return out
