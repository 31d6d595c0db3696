"""Predikat bands and how they look: the one home of the at-risk bound, a band's place among the
office's bands, its colour in charts and sheets, and how a table cell of each class is printed.

Everything follows the configured ``[[predikat]]`` bands (written from the highest down), never
the default band names, so an office with its own bands (two, three, five, …) gets the same
rules:

- the upper half of the bands (``n // 2`` from the top, at least one) are "aman"; an evaluable
  capaian below the lowest of them is at risk (:func:`batas_aman`: 76 for Permendagri 86/2017,
  the lower bound of Tinggi);
- colours run from green (highest band) to red (lowest), spread over :data:`PALET`
  (:func:`warna_predikat`);
- an efficiency class (``efisien``, ``cukup efisien``, ``tidak efisien``, and ``tidak dinilai`` for
  a point whose efficiency is not judged) has one colour and marker in every chart of every
  report (:data:`GAYA_EFISIENSI`, in legend order);
- a year-end projection status (``berisiko``, ``waspada``, ``aman``) has one colour in every chart
  (:data:`WARNA_PROYEKSI`);
- a predikat cell is ``predikat-teratas`` (the highest band, green), ``predikat-bawah`` (the
  lower half, red and bold) or plain ``predikat`` (:func:`kelas_predikat`); :data:`GAYA_KELAS`
  says how every cell class looks, for the .docx renderer, the charts and ``kinerja.css``.

Pure: no I/O. A band is :class:`Band` (the office's ``[[predikat]]``, read by :mod:`kinerja.config`;
:data:`DEFAULT_PREDIKAT` when it writes none).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    """One predikat band: values ``>= batas_bawah`` (and below the next band) get ``nama``."""

    nama: str
    batas_bawah: float


DEFAULT_PREDIKAT = (
    Band(nama="Sangat Tinggi", batas_bawah=91.0),
    Band(nama="Tinggi", batas_bawah=76.0),
    Band(nama="Sedang", batas_bawah=66.0),
    Band(nama="Rendah", batas_bawah=51.0),
    Band(nama="Sangat Rendah", batas_bawah=-math.inf),
)
"""Permendagri 86/2017 bands, used when the office writes no ``[[predikat]]``."""

PALET = ("#2e7d32", "#7cb342", "#fbc02d", "#f57c00", "#c62828")
"""Band colours from the highest band to the lowest (five bands use them all): charts."""
PALET_MUDA = ("#63be7b", "#b5d99c", "#ffeb84", "#f8b26a", "#f8696b")
"""The same colours, light enough to fill a cell under black text: spreadsheets."""
TANPA_PREDIKAT = "#98a2b3"
"""The colour of a value without a band (not evaluable, unknown name)."""


@dataclass(frozen=True)
class Gaya:
    """How a table cell of one class is printed: text colour (RGB hex, no ``#``) and weight."""

    warna: str = ""
    tebal: bool = False


EFISIEN = "efisien"
CUKUP_EFISIEN = "cukup efisien"
TIDAK_EFISIEN = "tidak efisien"
TIDAK_DINILAI = "tidak dinilai"
"""The efficiency classes (judged by :func:`kinerja.capaian.rumus.efisiensi_array`); ``tidak dinilai``
is how a chart names a point whose efficiency is not judged."""

GAYA_EFISIENSI: dict[str, tuple[str, str]] = {
    EFISIEN: ("#2e7d32", "^"),
    CUKUP_EFISIEN: ("#1565c0", "o"),
    TIDAK_EFISIEN: ("#c62828", "v"),
    TIDAK_DINILAI: ("#8d8d8d", "s"),
}
"""Efficiency class → (colour, matplotlib marker) in every chart, in legend order: fixed, whatever
classes a report happens to have (a palette assigned in order of appearance swapped green between
"efisien" and "tidak efisien" from one report to the next)."""


def kelas_efisiensi(value: object) -> str:
    """The class a point is drawn as: the row's efisiensi, or :data:`TIDAK_DINILAI`.

    >>> kelas_efisiensi("efisien"), kelas_efisiensi(None), kelas_efisiensi(float("nan"))
    ('efisien', 'tidak dinilai', 'tidak dinilai')
    """
    return value if isinstance(value, str) and value in GAYA_EFISIENSI else TIDAK_DINILAI


AMAN = "aman"
WASPADA = "waspada"
BERISIKO = "berisiko"
"""The year-end projection's statuses judged against the bands (:mod:`kinerja.capaian.proyeksi`): ``berisiko``
below the at-risk bound (:func:`batas_aman`), ``waspada`` short of the year's target, ``aman`` reaching it."""

WARNA_PROYEKSI: dict[str, str] = {BERISIKO: PALET[-1], WASPADA: "#f9a825", AMAN: PALET[0]}
"""Projection status → its colour in every chart, in legend order (riskiest first): the lowest band's red,
amber, the highest band's green; a status not listed (no projection) is not drawn."""


KELAS_TERATAS = "predikat-teratas"
KELAS_BAWAH = "predikat-bawah"
KELAS_PREDIKAT = "predikat"

GAYA_KELAS: dict[str, Gaya] = {
    KELAS_TERATAS: Gaya("0B6B2B"),
    KELAS_BAWAH: Gaya("B00020", tebal=True),
    "galat": Gaya("B00020", tebal=True),
    "kosong": Gaya("555555"),
}
"""Cell class → how it is printed; classes not listed are printed plain. The HTML stylesheet
(``templates/kinerja/kinerja.css``) gives the same colours and weights (tested)."""


def gaya(kelas: str) -> Gaya:
    """How a cell of class ``kelas`` is printed (plain when the class has no style).

    >>> gaya("galat"), gaya("angka")
    (Gaya(warna='B00020', tebal=True), Gaya(warna='', tebal=False))
    """
    return GAYA_KELAS.get(kelas, Gaya())


def jumlah_aman(bands: Sequence[Band]) -> int:
    """How many bands from the top are "aman": the upper half, at least one.

    >>> jumlah_aman(DEFAULT_PREDIKAT), jumlah_aman((Band("Tercapai", 100.0), Band("Belum", float("-inf"))))
    (2, 1)
    """
    return max(1, len(bands) // 2)


def batas_aman(bands: Sequence[Band]) -> float:
    """The at-risk bound: an evaluable capaian below it needs attention (berisiko).

    >>> batas_aman(DEFAULT_PREDIKAT), batas_aman((Band("Tercapai", 100.0), Band("Belum", float("-inf"))))
    (76.0, 100.0)
    """
    return float(bands[jumlah_aman(bands) - 1].batas_bawah)


def nama_aman(bands: Sequence[Band]) -> str:
    """The lowest "aman" band's name (the sentences say "di bawah predikat …").

    >>> from kinerja.config import DEFAULT_PREDIKAT
    >>> nama_aman(DEFAULT_PREDIKAT)
    'Tinggi'
    """
    return bands[jumlah_aman(bands) - 1].nama


def nama_baik(bands: Sequence[Band]) -> list[str]:
    """The "aman" bands' names, from the highest (the sentences say "Tinggi atau Sangat Tinggi")."""
    return [b.nama for b in bands[: jumlah_aman(bands)]]


def teks_baik(bands: Sequence[Band]) -> str:
    """The "aman" bands in a sentence, lowest first: "Tinggi atau Sangat Tinggi" by default.

    >>> teks_baik(DEFAULT_PREDIKAT), teks_baik((Band("Tercapai", 100.0), Band("Belum", float("-inf"))))
    ('Tinggi atau Sangat Tinggi', 'Tercapai')
    """
    return " atau ".join(reversed(nama_baik(bands)))


def warna_predikat(bands: Sequence[Band], palet: Sequence[str] = PALET) -> dict[str, str]:
    """Band name → colour (``#rrggbb``), the highest band green, the lowest red, spread over
    ``palet`` (:data:`PALET`, or :data:`PALET_MUDA` for cell fills) for any number of bands.

    >>> list(warna_predikat(DEFAULT_PREDIKAT).values()) == list(PALET)
    True
    >>> warna_predikat((Band("Tercapai", 100.0), Band("Belum", float("-inf"))))
    {'Tercapai': '#2e7d32', 'Belum': '#c62828'}
    """
    return warna_urut([b.nama for b in bands], palet)


def warna_urut(names: Sequence[str], palet: Sequence[str] = PALET) -> dict[str, str]:
    """Names in band order (highest first) → colours spread over ``palet`` (see :func:`warna_predikat`).

    >>> warna_urut(["Baik", "Cukup", "Kurang"])
    {'Baik': '#2e7d32', 'Cukup': '#fbc02d', 'Kurang': '#c62828'}
    """
    n = len(names)
    if n == 1:
        return {names[0]: palet[0]}
    last = len(palet) - 1
    return {name: palet[round(i * last / (n - 1))] for i, name in enumerate(names)}


def kelas_predikat(nama: str, bands: Sequence[Band]) -> str:
    """The cell class of a predikat (see :data:`GAYA_KELAS`); a name that is not a band is plain.

    >>> from kinerja.config import DEFAULT_PREDIKAT
    >>> [kelas_predikat(b.nama, DEFAULT_PREDIKAT) for b in DEFAULT_PREDIKAT]
    ['predikat-teratas', 'predikat', 'predikat', 'predikat-bawah', 'predikat-bawah']
    """
    names = [b.nama for b in bands]
    if nama not in names:
        return KELAS_PREDIKAT
    index = names.index(nama)
    if index == 0:
        return KELAS_TERATAS
    if index >= len(names) - len(names) // 2:
        return KELAS_BAWAH
    return KELAS_PREDIKAT
