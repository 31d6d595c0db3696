"""Lookup of national nomenclature codes (program, kegiatan, sub kegiatan).

The reference lists are the CSV files shipped in ``kinerja/data`` (columns ``kode,
nomenklatur`` and, for sub kegiatan, ``kinerja, indikator, satuan``). They are read once and
cached. An unknown code is only a warning (:attr:`kinerja.lembar.findings.Kode.KODE_TIDAK_DIKENAL`):
offices use codes from newer regulations before the reference list catches up. :func:`nomenklatur`
gives the rows of one urusan (the workbook's Referensi sheet, the Petunjuk's examples, the sample office).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from kinerja.paths import PACKAGE_DATA

LEVELS = {"kode_program": "program", "kode_kegiatan": "kegiatan", "kode_sub_kegiatan": "sub_kegiatan"}
"""Worksheet field -> reference list name (``kinerja/data/<name>.csv``)."""

LEVEL_LABELS = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}


@lru_cache(maxsize=4)  # one entry per level
def reference(level: str) -> dict[str, str]:
    """Code -> nomenclature name of one level (``program``, ``kegiatan``, ``sub_kegiatan``)."""
    path = PACKAGE_DATA / f"{level}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["kode"].strip(): row["nomenklatur"].strip() for row in csv.DictReader(handle)}


def normalize_code(kode: str) -> str:
    """A code as typed, folded: spaces removed, trailing dot dropped.

    >>> normalize_code(" 6.01.02. ")
    '6.01.02'
    """
    return "".join(str(kode).split()).rstrip(".")


def known(level: str, kode: str) -> bool:
    """True when ``kode`` is on the reference list of ``level``.

    >>> known("program", "6.01.02"), known("sub_kegiatan", "6.01.02.2.01.0001"), known("kegiatan", "9.99.99.9.99")
    (True, True, False)
    """
    return normalize_code(kode) in reference(level)


def nama(level: str, kode: str) -> str | None:
    """The nomenclature name of ``kode`` or None when unknown.

    >>> nama("program", "6.01.02")
    'PROGRAM PENYELENGGARAAN PENGAWASAN'
    """
    return reference(level).get(normalize_code(kode))


PARENTS = (("kode_kegiatan", "kode_program"), ("kode_sub_kegiatan", "kode_kegiatan"))
"""Worksheet code field -> the field whose code it must start with (national nomenclature hierarchy)."""


def under(kode: str, induk: str) -> bool:
    """True when ``kode`` lies under ``induk`` in the nomenclature (its code starts with the parent's).

    >>> under("6.01.02.2.01.0001", "6.01.02.2.01"), under("6.01.03.2.01.0001", "6.01.02.2.01")
    (True, False)
    """
    return normalize_code(kode).startswith(normalize_code(induk) + ".")


def urusan_of(kode_program: str) -> str:
    """The urusan a program code belongs to (its first two parts).

    >>> urusan_of("6.01.02")
    '6.01'
    """
    return ".".join(normalize_code(kode_program).split(".")[:2])


@dataclass(frozen=True)
class Nomenklatur:
    """One row of the national nomenclature."""

    jenis: str  # "Program", "Kegiatan", "Sub Kegiatan"
    kode: str
    nama: str
    indikator: str = ""
    satuan: str = ""


@lru_cache(maxsize=8)
def nomenklatur(urusan: str) -> tuple[Nomenklatur, ...]:
    """Program, kegiatan and sub kegiatan of ``urusan`` (e.g. ``"6.01"``), sorted by code.

    >>> rows = nomenklatur("6.01")
    >>> rows[0].jenis, rows[0].kode
    ('Program', '6.01.01')
    >>> any(r.kode == "6.01.02.2.01.0001" and r.jenis == "Sub Kegiatan" for r in rows)
    True
    """
    found: list[Nomenklatur] = []
    for jenis, name in (("Program", "program.csv"), ("Kegiatan", "kegiatan.csv"), ("Sub Kegiatan", "sub_kegiatan.csv")):
        with (PACKAGE_DATA / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                kode = row["kode"].strip()
                if kode == urusan or kode.startswith(urusan + "."):
                    found.append(
                        Nomenklatur(jenis, kode, row["nomenklatur"].strip(), (row.get("indikator") or "").strip(), (row.get("satuan") or "").strip())
                    )
    return tuple(sorted(found, key=lambda r: tuple(int(part) for part in r.kode.split("."))))


def nomenklatur_by_code(urusan: str) -> dict[str, Nomenklatur]:
    """:func:`nomenklatur` keyed by code."""
    return {row.kode: row for row in nomenklatur(urusan)}
