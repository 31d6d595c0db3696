"""Figures in running text: sentences, and every percentage, Rupiah amount and count in them.

Pure text work, no results: :func:`kalimat` splits a paragraph into sentences, :func:`angka`
finds the figures of a sentence (:class:`Angka`) with the precision they are written at, so
the checker can say whether a value rounds to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kinerja.numbers import NotANumber, parse_number

_SATUAN = ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_KATA = "|".join(_SATUAN)
KATA_BILANGAN = rf"(?:(?:{_KATA})\s+puluh(?:\s+(?:{_KATA}))?|(?:{_KATA})\s+belas|sepuluh|sebelas|seratus|{_KATA})"
"""Indonesian number words up to one hundred (``delapan``, ``dua puluh sembilan``)."""

_BILANGAN = rf"(?:\d+|{KATA_BILANGAN})"
_ANGKA = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"

PERSEN = re.compile(rf"(?<![\w.,])(?P<n>{_ANGKA})\s*(?:%|persen\b|per\s*seratus\b)", re.IGNORECASE)
RUPIAH = re.compile(r"\bRp\.?\s*(?P<n>\d{1,3}(?:[.,]\d{3})+(?:,\d{1,2})?|\d+(?:,\d+)?)(?:,-)?"
                    r"(?:\s*(?P<skala>triliun|miliar|milyar|juta|ribu)\b)?", re.IGNORECASE)
JUMLAH = re.compile(rf"(?<![\w.,])(?P<x>{_BILANGAN})\s+(?:dari\s+(?:(?:total|jumlah|sejumlah|seluruh)\s+)?(?P<y>{_BILANGAN})\s+)?"
                    r"(?P<benda>indikator|IKU|sasaran)\b", re.IGNORECASE)
_SKALA = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
_KALIMAT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]*[A-Z0-9])")


@dataclass(frozen=True)
class Angka:
    """One figure in a sentence.

    Attributes:
        jenis: ``persen``, ``rupiah``, ``jumlah`` (a count of ``benda``) or ``predikat``
            (a count followed by a band or status name, ``benda``).
        nilai: the value written (a count's ``x``).
        dari: the ``y`` of "x dari y indikator" (None otherwise).
        benda: what is counted (``indikator``, ``sasaran``, a band name).
        desimal: decimals written (percentages); satuan: the place of the last digit
            written (Rupiah: 1, or 10 000 000 for "Rp 1,27 miliar").
        mulai, akhir: its span in the sentence; teks: as written.
    """

    jenis: str
    nilai: float
    mulai: int
    akhir: int
    teks: str
    dari: float | None = None
    benda: str = ""
    desimal: int = 0
    satuan: float = 1.0


def kalimat(teks: str) -> list[str]:
    """The sentences of a paragraph (a full stop inside ``1.271.550.000`` is no end).

    >>> kalimat("Rata-rata capaian 94,70%. Realisasi Rp 1.271.550.000. Serapan 67,37%.")
    ['Rata-rata capaian 94,70%.', 'Realisasi Rp 1.271.550.000.', 'Serapan 67,37%.']
    """
    text = " ".join(teks.split())
    return [s.strip() for s in _KALIMAT.split(text) if s.strip()]


def bilangan(teks: str) -> int | None:
    """A count written in digits or words.

    >>> bilangan("29"), bilangan("delapan"), bilangan("dua puluh sembilan"), bilangan("sebelas"), bilangan("tiga belas")
    (29, 8, 29, 11, 13)
    """
    text = " ".join(teks.lower().split())
    if text.isdigit():
        return int(text)
    units = {w: i for i, w in enumerate(_SATUAN, start=1)}
    special = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
    if text in special:
        return special[text]
    if text in units:
        return units[text]
    words = text.split()
    if len(words) == 2 and words[1] == "belas" and words[0] in units:
        return 10 + units[words[0]]
    if len(words) in (2, 3) and words[1] == "puluh" and words[0] in units:
        return 10 * units[words[0]] + (units.get(words[2], 0) if len(words) == 3 else 0)
    return None


def _desimal(text: str) -> int:
    """Decimals written in a number: ``94,70`` → 2, ``1.271.550`` → 0, ``94.7`` → 1."""
    if "," in text:
        return len(text.rsplit(",", 1)[1])
    head, _, tail = text.rpartition(".")
    if head and not re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return len(tail)
    return 0


def _number(text: str) -> float | None:
    try:
        return parse_number(text)
    except NotANumber:
        return None


def angka(sentence: str, predikat: tuple[str, ...] = ()) -> list[Angka]:
    """Every figure of a sentence, in order; ``predikat`` are the band and status names a bare
    count may stand before ("20 Sangat Tinggi, 4 Tinggi").

    >>> [(a.jenis, a.nilai, a.desimal) for a in angka("Rata-rata capaian 94,70% dari 29 indikator.")]
    [('persen', 94.7, 2), ('jumlah', 29.0, 0)]
    >>> [(a.nilai, a.satuan) for a in angka("Realisasi Rp 1,27 miliar dari pagu Rp 1.709.400.000,00.")]
    [(1270000000.0, 10000000.0), (1709400000.0, 1.0)]
    >>> [(a.nilai, a.dari, a.benda) for a in angka("9 dari 26 indikator; 2 Sangat Tinggi", ("Sangat Tinggi", "Tinggi"))]
    [(9.0, 26.0, 'indikator'), (2.0, None, 'Sangat Tinggi')]
    """
    found: list[Angka] = []
    for m in RUPIAH.finditer(sentence):
        value = _number(m.group("n"))
        if value is None:
            continue
        scale = _SKALA.get((m.group("skala") or "").lower(), 1.0)
        decimals = _desimal(m.group("n"))
        satuan = scale * 10 ** -decimals if scale > 1 else 1.0
        found.append(Angka("rupiah", value * scale, m.start(), m.end(), m.group(0), satuan=satuan))
    for m in PERSEN.finditer(sentence):
        value = _number(m.group("n"))
        if value is not None:
            found.append(Angka("persen", value, m.start(), m.end(), m.group(0), desimal=_desimal(m.group("n"))))
    for m in JUMLAH.finditer(sentence):
        x, y = bilangan(m.group("x")), bilangan(m.group("y")) if m.group("y") else None
        if x is not None:
            benda = "sasaran" if m.group("benda").lower() == "sasaran" else "indikator"
            found.append(Angka("jumlah", float(x), m.start(), m.end(), m.group(0), dari=None if y is None else float(y), benda=benda))
    if predikat:
        names = "|".join(re.escape(p) for p in sorted(predikat, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w.,])(?P<x>\d+)\s+(?P<benda>{names})\b", re.IGNORECASE)
        for m in pattern.finditer(sentence):
            band = next(p for p in predikat if p.lower() == " ".join(m.group("benda").lower().split()))
            found.append(Angka("predikat", float(m.group("x")), m.start(), m.end(), m.group(0), benda=band))
    found.sort(key=lambda a: (a.mulai, -(a.akhir - a.mulai)))
    out: list[Angka] = []
    for item in found:  # a figure inside another (the 1.271 of Rp 1.271.550.000) is not its own
        if out and item.mulai < out[-1].akhir:
            continue
        out.append(item)
    return out
