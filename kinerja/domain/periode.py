"""A reporting period as one value: a quarter of a year, or the whole year.

The quarter used to travel as a loose ``(tahun, triwulan | None)`` pair, each place spelling out
its folder name (``triwulan-2``, ``tahunan``) and last day again; :class:`Periode` is their one
home. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kinerja.numbers import ROMAWI

TAHUNAN = "tahunan"
"""The folder of the whole year's report (``laporan/<tahun>/tahunan``, ``data/archive/<tahun>/tahunan``)."""
_QUARTER = re.compile(r"triwulan-([1-4])")


@dataclass(frozen=True, order=True)
class Periode:
    """A quarter (``triwulan`` 1–4) of ``tahun``, or the whole year (``triwulan`` None).

    >>> Periode(2025, 2).folder, Periode(2025).folder
    ('triwulan-2', 'tahunan')
    >>> Periode.dari_folder(2025, "triwulan-3"), Periode.dari_folder(2025, "tahunan"), Periode.dari_folder(2025, "lain")
    (Periode(tahun=2025, triwulan=3), Periode(tahun=2025, triwulan=None), None)
    """

    tahun: int
    triwulan: int | None = None

    def __post_init__(self) -> None:
        if self.triwulan is not None and self.triwulan not in (1, 2, 3, 4):
            raise ValueError(f"triwulan harus 1 sampai 4 atau kosong (tahunan), bukan {self.triwulan!r}")

    @property
    def tahunan(self) -> bool:
        """True for the whole year."""
        return self.triwulan is None

    @property
    def folder(self) -> str:
        """The period's folder name under a year's folder: ``triwulan-<n>`` or ``tahunan``."""
        return TAHUNAN if self.triwulan is None else f"triwulan-{self.triwulan}"

    @classmethod
    def dari_folder(cls, tahun: int, nama: str) -> Periode | None:
        """The period a folder name stands for (:attr:`folder`'s inverse); None for any other name."""
        if nama == TAHUNAN:
            return cls(tahun)
        match = _QUARTER.fullmatch(nama)
        return cls(tahun, int(match.group(1))) if match else None

    @property
    def label(self) -> str:
        """``Triwulan II 2025`` or ``Tahun 2025``.

        >>> Periode(2025, 2).label, Periode(2025).label
        ('Triwulan II 2025', 'Tahun 2025')
        """
        return f"Tahun {self.tahun}" if self.triwulan is None else f"Triwulan {ROMAWI[self.triwulan]} {self.tahun}"

    @property
    def akhir(self) -> dt.date:
        """The period's last day.

        >>> Periode(2025, 1).akhir, Periode(2025).akhir
        (datetime.date(2025, 3, 31), datetime.date(2025, 12, 31))
        """
        month = 3 * (self.triwulan or 4)
        return dt.date(self.tahun + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
