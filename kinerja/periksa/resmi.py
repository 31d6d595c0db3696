"""The official results a text is checked against: :class:`HasilResmi`, plain figures.

The engine knows nothing of kinerja's tables: a caller (kinerja's final report, or ``kinerja
reviu`` reading another office's tables) fills this summary from the tables the document
prints, and every figure the text states is compared with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HasilResmi:
    """What the tables say, for one report (a quarter or a year).

    Attributes:
        tahun: the report's year (a sentence naming another year is about that year).
        triwulan: the quarter, None for an annual report.
        jumlah: indicators in the table.
        dihitung: indicators whose capaian is computed (measured).
        rata_rata: mean capaian of the measured indicators (None: none measured).
        per_predikat: indicators per predikat band, highest band first (every band, zeros too).
        per_status: indicators without a predikat per status (``belum diukur``, …).
        ambang: the band from which an indicator is not at risk (``Tinggi``): "di bawah
            Tinggi" counts the bands after it.
        pagu, realisasi_anggaran, serapan: the budget of the whole report (None: not stated).
        sasaran: strategic goals (None: unknown).
        tercapai: indicators whose capaian reaches 100 % (None: unknown).
        renstra_dibandingkan, renstra_tercapai: indicators comparable with the Renstra end
            target, and those that already reach it (None: unknown).
        rata_rata_tahun: earlier years' mean capaian (for "naik dari …% pada tahun 2025").
        indikator: indicator name → its capaian(s) (a name two units share has both).
        nama_perhatian: the names of the indicators needing attention, in table order.
    """

    tahun: int
    jumlah: int
    dihitung: int
    rata_rata: float | None
    per_predikat: Mapping[str, int]
    triwulan: int | None = None
    per_status: Mapping[str, int] = field(default_factory=dict)
    ambang: str = "Tinggi"
    pagu: float | None = None
    realisasi_anggaran: float | None = None
    serapan: float | None = None
    sasaran: int | None = None
    tercapai: int | None = None
    renstra_dibandingkan: int | None = None
    renstra_tercapai: int | None = None
    rata_rata_tahun: Mapping[int, float] = field(default_factory=dict)
    indikator: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    nama_perhatian: tuple[str, ...] = ()

    def bands(self) -> list[str]:
        """The predikat bands, highest first."""
        return list(self.per_predikat)

    def minimal(self, band: str) -> int:
        """Indicators in ``band`` or a higher one ("Tinggi atau Sangat Tinggi")."""
        names = self.bands()
        return sum(self.per_predikat[b] for b in names[: names.index(band) + 1])

    def di_bawah(self, band: str) -> int:
        """Measured indicators in a band below ``band``."""
        names = self.bands()
        return sum(self.per_predikat[b] for b in names[names.index(band) + 1:])

    @property
    def belum_terukur(self) -> int:
        """Indicators without a capaian (not measured, not measurable, not computed)."""
        return self.jumlah - self.dihitung

    @property
    def perhatian(self) -> int:
        """Indicators needing attention: below :attr:`ambang` or without a capaian."""
        return self.di_bawah(self.ambang) + self.belum_terukur
