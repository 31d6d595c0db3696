"""Earlier years, Renstra targets and national/provincial standards: one documented place.

The LKjIP compares every indicator with the two previous years, with the Renstra
end-of-period target and with a national or provincial standard. Those figures live in one
workbook per workspace, ``data/referensi/riwayat-capaian.xlsx``, sheet ``Riwayat``, one row
per indicator (the office fills it once per Renstra period and adds a column per year)::

    Unit | Kode Indikator | Indikator | Satuan | Target Akhir Renstra | Periode Renstra |
    Standar | Sumber Standar | Realisasi 2023 | Realisasi 2024 | ...

Rows are joined to the year's indicators by unit + Kode Indikator (never by name; the
Indikator column is only for people). For a year whose annual report kinerja made and documented,
its archived annual results (:func:`kinerja.laporan.model.hasil.official_annual_results`) take
precedence over the workbook; an annual report that is still a DRAF or not documented is never
used (the reason is kept for the report's note).
:func:`write_sample_riwayat` writes the sample office's workbook (two earlier years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from kinerja.atomic import atomic_path
from kinerja.capaian.tabel import capaian_nilai, format_target
from kinerja.errors import ConfigError
from kinerja.numbers import parse_target

SHEET = "Riwayat"
FIXED = ("Unit", "Kode Indikator", "Indikator", "Satuan", "Target Akhir Renstra", "Periode Renstra", "Standar", "Sumber Standar")
_YEAR = re.compile(r"^realisasi\s+(\d{4})$", re.IGNORECASE)


RIWAYAT = "data/referensi/riwayat-capaian.xlsx"
"""The riwayat capaian workbook, relative to the workspace, as messages name it."""
RIWAYAT_NAMA = PurePosixPath(RIWAYAT).name
"""The riwayat workbook as a report's pages name it: its file name only (a page shows no workspace path)."""


def riwayat_path(root: str | Path) -> Path:
    """Where a workspace keeps its riwayat capaian workbook."""
    return Path(root) / RIWAYAT


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def key_of(row: Any) -> tuple[str, str]:
    """The join key of an indicator row: (unit, kode), upper-cased (kode falls back to the
    indicator name only for tables written before indicators had codes)."""
    get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
    kode = _clean(get("kode", "")) or _clean(get("indikator", ""))
    return _clean(get("unit", "")).upper(), kode.upper()


@dataclass
class Referensi:
    """Renstra targets, standards and earlier years' realisasi, by (unit, kode)."""

    renstra: dict[tuple[str, str], Any] = field(default_factory=dict)
    periode: str = ""
    standar: dict[tuple[str, str], tuple[Any, str]] = field(default_factory=dict)
    tahun: dict[int, dict[tuple[str, str], Any]] = field(default_factory=dict)
    sumber: str = ""
    catatan: dict[int, str] = field(default_factory=dict)
    """Year → why its stored annual report was not used (not documented yet), in Indonesian."""
    asal: dict[int, str] = field(default_factory=dict)
    """Year → where its realisasi come from, in Indonesian (the documented annual report's archive
    version, or the workbook); :func:`sumber_tahun` writes the sentence a report prints."""

    def renstra_target(self, row: Any) -> Any:
        return self.renstra.get(key_of(row))

    def renstra_text(self, row: Any) -> str:
        value = self.renstra_target(row)
        return format_target(value) if value is not None else "–"

    def standar_text(self, row: Any) -> str:
        found = self.standar.get(key_of(row))
        if not found:
            return "–"
        value, source = found
        return format_target(value) + (f"\n({source})" if source else "")

    def realisasi(self, row: Any, year: int) -> Any:
        return self.tahun.get(year, {}).get(key_of(row))

    def capaian_renstra(self, row: Any, config: Any) -> float | None:
        """This year's realisasi against the Renstra end target, with the indicator's formula."""
        target = self.renstra_target(row)
        get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
        real = get("realisasi")
        if target is None or real is None or _clean(real) == "":
            return None
        try:
            realisasi = parse_target(real)
            if not isinstance(realisasi, float | str):
                return None
            value = capaian_nilai(realisasi, parse_target(target), str(get("arah") or "positif"), config.skala)
        except (TypeError, ValueError):
            return None
        if isinstance(value, tuple):
            value = value[0]
        return float(value) if isinstance(value, int | float) and value == value else None

    def add_results(self, year: int, capaian: pd.DataFrame | None, asal: str = "") -> None:
        """Take a year's documented annual results: they replace the workbook's column of that
        year as a whole, so an indicator the documented report left without realisasi (or did
        not have) shows none, never a hand-entered figure the signed report does not hold."""
        values: dict[tuple[str, str], Any] = {}
        if capaian is not None and not capaian.empty:
            for row in capaian.to_dict(orient="records"):
                real = row.get("realisasi")
                if _clean(real):
                    values[key_of(row)] = real
        self.tahun[year] = values
        self.asal[year] = asal or f"laporan tahunan {year} yang didokumentasikan"


def read_riwayat(root: str | Path) -> Referensi:
    """Read the workspace's riwayat workbook (an empty Referensi when there is none).

    Raises:
        ConfigError: the workbook has no ``Riwayat`` sheet, lacks a required column, or a row
            has no unit or code; the message names the file, sheet and cell.
    """
    path = riwayat_path(root)
    ref = Referensi()
    if not path.is_file():
        return ref
    from openpyxl import load_workbook  # noqa: PLC0415 -- openpyxl + PIL, lxml (~87 ms) kept off importing this module
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 -- openpyxl.utils + PIL, lxml (~87 ms) kept off importing this module

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same user error
        raise ConfigError(f"{path.name}: tidak dapat dibaca sebagai lembar kerja Excel ({exc}).") from None
    try:
        if SHEET not in book.sheetnames:
            raise ConfigError(f"{path.name}: lembar '{SHEET}' tidak ada; yang ada: {', '.join(book.sheetnames)}.")
        rows = list(book[SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        return ref
    header = [_clean(h) for h in rows[0]]
    lower = [h.lower() for h in header]
    for name in ("Unit", "Kode Indikator"):
        if name.lower() not in lower:
            raise ConfigError(f"{path.name}, lembar {SHEET}, baris 1: kolom '{name}' tidak ada; kolom yang diharapkan: {', '.join(FIXED)}, "
                              "lalu 'Realisasi <tahun>'.")
    col = {h: i for i, h in enumerate(lower)}
    years = {int(m.group(1)): i for i, h in enumerate(header) if (m := _YEAR.match(h))}
    ref.sumber = path.name
    for number, values in enumerate(rows[1:], start=2):
        cells = list(values) + [None] * (len(header) - len(values))
        if not any(_clean(c) for c in cells):
            continue
        unit, kode = _clean(cells[col["unit"]]), _clean(cells[col["kode indikator"]])
        for name, value in (("Unit", unit), ("Kode Indikator", kode)):
            if not value:
                letter = get_column_letter(col[name.lower()] + 1)
                raise ConfigError(f"{path.name}, lembar {SHEET}, sel {letter}{number}: {name} kosong; setiap baris memerlukan unit dan kode indikator.")
        key = (unit.upper(), kode.upper())
        if "target akhir renstra" in col and _clean(cells[col["target akhir renstra"]]):
            ref.renstra[key] = cells[col["target akhir renstra"]]
        if "periode renstra" in col and _clean(cells[col["periode renstra"]]) and not ref.periode:
            ref.periode = _clean(cells[col["periode renstra"]])
        if "standar" in col and _clean(cells[col["standar"]]):
            source = _clean(cells[col["sumber standar"]]) if "sumber standar" in col else ""
            ref.standar[key] = (cells[col["standar"]], source)
        for year, i in years.items():
            if _clean(cells[i]):
                ref.tahun.setdefault(year, {})[key] = cells[i]
                ref.asal[year] = RIWAYAT_NAMA
    return ref


def load_referensi(workspace: Any, config: Any, tahun: int) -> Referensi:
    """The workbook plus the documented annual results of the two previous years.

    A previous year's stored figures are used only from its documented annual report
    (:func:`kinerja.laporan.model.hasil.official_annual_results`); an annual report that is still a
    DRAF or not documented is left out and the reason kept in ``Referensi.catatan``.

    Raises:
        ReportError: a documented year's archive was changed (from ``official_annual_results``).
    """
    from kinerja.laporan.model.hasil import official_annual_results  # noqa: PLC0415 -- kinerja.laporan.model.hasil (~27 ms) kept off importing this module

    ref = read_riwayat(workspace.root)
    for year in (tahun - 2, tahun - 1):
        stored, reason = official_annual_results(workspace, config, year)
        if stored is not None:
            version = stored.folder.parent  # the archive's versi-N (its laporan/ folder holds the results)
            ref.add_results(year, stored.capaian, f"laporan tahunan {year} yang didokumentasikan (arsip {version.name})")
        elif reason:
            ref.catatan[year] = reason
    return ref


def sumber_tahun(ref: Referensi | None, years: tuple[int, ...]) -> str:
    """The sentence saying where each earlier year's realisasi shown comes from ('' when none is shown).

    A year whose annual report is left out (``catatan``) is not named here: that note says it.

    >>> ref = Referensi(tahun={2024: {("A", "1"): 5}, 2025: {("A", "1"): 6}},
    ...                 asal={2024: "riwayat-capaian.xlsx", 2025: "laporan tahunan 2025 yang didokumentasikan"})
    >>> sumber_tahun(ref, (2024, 2025))
    'Realisasi 2024 berasal dari riwayat-capaian.xlsx; realisasi 2025 dari laporan tahunan 2025 yang didokumentasikan.'
    """
    if ref is None:
        return ""
    parts = [(year, ref.asal[year]) for year in years if ref.tahun.get(year) and ref.asal.get(year) and year not in ref.catatan]
    if not parts:
        return ""
    text = "; ".join(f"{'Realisasi' if i == 0 else 'realisasi'} {year} {'berasal ' if i == 0 else ''}dari {asal}"
                     for i, (year, asal) in enumerate(parts))
    return text + "."


def write_sample_riwayat(root: str | Path, tahun: int) -> Path:
    """Write the sample office's riwayat workbook for a report of ``tahun``: Renstra end targets,
    national standards and the two earlier years, as :func:`kinerja.lembar.sample.referensi_rows` holds them."""
    from openpyxl import Workbook  # noqa: PLC0415 -- openpyxl + PIL, lxml (~87 ms) kept off importing this module
    from openpyxl.styles import Font  # noqa: PLC0415 -- openpyxl.styles + PIL, lxml (~87 ms) kept off importing this module

    from kinerja.lembar.sample import referensi_rows  # noqa: PLC0415 -- kinerja.lembar.sample + openpyxl, PIL, lxml (~116 ms) kept off importing this module

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([*FIXED, f"Realisasi {tahun - 2}", f"Realisasi {tahun - 1}"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in referensi_rows(tahun):
        sheet.append(row)
    for letter, width in zip("ABCDEFGHIJ", (14, 14, 60, 10, 14, 14, 10, 28, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    target = riwayat_path(root)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target


def write_workspace_sample_riwayat(workspace: Any, config: Any, tahun: int, *, timpa: bool = False) -> Path | None:
    """The sample office's riwayat workbook in ``workspace`` for a report of ``tahun`` (None when it
    exists already and ``timpa`` is false). ``config`` is the office's (kept for the callers' one signature)."""
    target = riwayat_path(workspace.root)
    if target.exists() and not timpa:
        return None
    return write_sample_riwayat(workspace.root, tahun)
