"""Guidance text of the templates, which never reaches a final document.

:data:`PENANDA` is the one list of the markers a template or a draft puts in text for the
person filling it ("[Diisi oleh …]", "(sesuaikan …)", "contoh:", …); :func:`cari_petunjuk`
finds them in text pieces (a final's HTML text, its PDF text read back, its .docx read back).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kinerja.periksa.cocok import Potongan


@dataclass(frozen=True)
class Penanda:
    """One kind of guidance marker: how it is shown in a message, and its pattern."""

    label: str
    pola: re.Pattern[str]


PENANDA: tuple[Penanda, ...] = (
    Penanda("[Diisi oleh …]", re.compile(r"\[\s*diisi\b", re.IGNORECASE)),
    Penanda("(sesuaikan …)", re.compile(r"[(\[]\s*sesuaikan\b", re.IGNORECASE)),
    # "contoh:" opening a text, a bracket or a clause; "Kabupaten Contoh:" (a name before a colon) is none
    Penanda("contoh:", re.compile(r"(?:^|[(\[.;,!?:–—-])\s*contoh\s*:", re.IGNORECASE)),
    Penanda("[isi …] / (tulis …)", re.compile(r"[(\[]\s*(?:isi|isikan|tulis|tuliskan|lengkapi|uraikan|jelaskan)\b", re.IGNORECASE)),
    Penanda("petunjuk:", re.compile(r"(?<!\w)petunjuk(?:\s+pengisian)?\s*:", re.IGNORECASE)),
    Penanda("hapus teks ini", re.compile(r"\bhapus\s+(?:teks|kalimat|paragraf|bagian)\s+ini\b", re.IGNORECASE)),
    Penanda("ganti dengan …", re.compile(r"[(\[]\s*ganti\s+dengan\b", re.IGNORECASE)),
    Penanda("lorem ipsum", re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE)),
    Penanda("XXX", re.compile(r"(?<![A-Za-z])X{3,}(?![A-Za-z])")),
    Penanda("TODO", re.compile(r"\bTODO\b")),
)
"""Every guidance marker of the templates and drafts (one list: HTML, PDF and .docx are
checked with it)."""


@dataclass(frozen=True)
class Petunjuk:
    """A guidance marker found: where, which marker, and the words around it."""

    letak: str
    penanda: str
    kutipan: str

    @property
    def pesan(self) -> str:
        """One Indonesian sentence naming the place."""
        return f"{self.letak}: teks petunjuk {self.penanda} masih tertulis: \"{self.kutipan}\""


def cari_petunjuk(potongan: Iterable[Potongan]) -> list[Petunjuk]:
    """Every guidance marker in the pieces.

    >>> [t.pesan for t in cari_petunjuk([Potongan("Bab I B", "Tugas pokok (sesuaikan dengan peraturan kepala daerah).")])]
    ['Bab I B: teks petunjuk (sesuaikan …) masih tertulis: "Tugas pokok (sesuaikan dengan peraturan kepala daerah)."']
    >>> cari_petunjuk([Potongan("x", "Contoh kantor fiktif; CONTOH. IKU-01 Predikat SAKIP Pemerintah Kabupaten Contoh: nilai")])
    []
    """
    out: list[Petunjuk] = []
    for piece in potongan:
        text = " ".join(piece.teks.split())
        for marker in PENANDA:
            for m in marker.pola.finditer(text):
                lo, hi = max(0, m.start() - 40), min(len(text), m.end() + 60)
                lo = text.rfind(" ", 0, lo) + 1 if lo else 0
                cut = text.find(" ", hi)
                hi = len(text) if cut < 0 else cut
                out.append(Petunjuk(piece.letak, marker.label, ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")))
    return out
