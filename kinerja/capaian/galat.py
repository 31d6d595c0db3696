"""The one galat policy of the capaian table: which rows a galat finding touches, and per row why its capaian
and why its budget are not computed (a galat in one never blanks the other)."""

from __future__ import annotations

import re
from pathlib import PurePath

import numpy as np
import pandas as pd

from kinerja.capaian.kolom import column_of
from kinerja.capaian.skema import TIDAK_DIHITUNG
from kinerja.lembar.schema import BUDGET_FIELDS, COLUMNS


def _label_fields() -> dict[str, str]:
    return {c.label: c.field for c in COLUMNS}


def galat_rows(data: pd.DataFrame, temuan: pd.DataFrame | None) -> dict[int, list[tuple[str, str, str]]]:
    """Row position -> [(file name, cell, field or '')] of the galat findings that touch it.

    A finding with a cell (``W10``) touches the row of that file and Excel row; one without
    (a whole-file galat such as a missing required column) touches every row of the file.
    """
    if temuan is None or len(temuan) == 0 or data.empty or "berkas" not in data:
        return {}
    galat = temuan[temuan["tingkat"].astype(str) == "galat"]
    if galat.empty:
        return {}
    fields = _label_fields()
    berkas = data["berkas"].astype(str).tolist()
    baris = pd.to_numeric(column_of(data, "baris", np.nan), errors="coerce").tolist()
    position: dict[tuple[str, int], list[int]] = {}
    per_file: dict[str, list[int]] = {}
    for i, (b, r) in enumerate(zip(berkas, baris, strict=True)):
        per_file.setdefault(b, []).append(i)
        if r == r:
            position.setdefault((b, int(r)), []).append(i)
    out: dict[int, list[tuple[str, str, str]]] = {}
    for t in galat.itertuples(index=False):
        name = PurePath(str(t.berkas)).name
        sel = str(t.sel or "")
        field = fields.get(str(t.kolom or ""), "")
        match = re.search(r"(\d+)$", sel)
        rows = position.get((str(t.berkas), int(match.group(1))), []) if match else per_file.get(str(t.berkas), [])
        for i in rows:
            out.setdefault(i, []).append((name, sel, field))
    return out


def galat_fields(galat_map: dict[int, list[tuple[str, str, str]]], i: int) -> set[str]:
    """The budget fields with a galat in row ``i`` (empty: a whole-file galat)."""
    found = galat_map.get(i, [])
    if any(not sel for _, sel, _ in found):
        return set()
    return {f for _, sel, f in found if f in BUDGET_FIELDS}


def _galat_text(prefix: str, found: list[tuple[str, str, str]]) -> str:
    by_file: dict[str, list[str]] = {}
    for name, sel, _ in found:
        cells = by_file.setdefault(name, [])
        if sel and sel not in cells:
            cells.append(sel)
    parts = [f"{name} sel {', '.join(cells)}" if cells else name for name, cells in by_file.items()]
    return f"{prefix}: galat di " + "; ".join(parts)


def galat_per_baris(data: pd.DataFrame, temuan: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """The one galat policy: per row, why its capaian and why its budget are not computed.

    Returns two arrays of text ('' = fine): the indicator's own cells (everything but the
    budget cells of :data:`kinerja.lembar.schema.BUDGET_FIELDS`, and whole-file galat) and
    the budget cells. A galat in one never blanks the other.

    >>> data = pd.DataFrame({"berkas": ["d/a.xlsx", "d/a.xlsx"], "baris": [9, 10]})
    >>> temuan = pd.DataFrame([{"berkas": "d/a.xlsx", "sel": "X10", "kolom": "Realisasi Anggaran TW II",
    ...                         "tingkat": "galat"}])
    >>> indikator, anggaran = galat_per_baris(data, temuan)
    >>> indikator.tolist(), anggaran.tolist()
    (['', ''], ['', 'anggaran tidak dihitung: galat di a.xlsx sel X10'])
    """
    return galat_texts(len(data), galat_rows(data, temuan))


def galat_texts(n: int, galat_map: dict[int, list[tuple[str, str, str]]]) -> tuple[np.ndarray, np.ndarray]:
    indikator = np.full(n, "", dtype=object)
    anggaran = np.full(n, "", dtype=object)
    for i, found in galat_map.items():
        own = [f for f in found if f[2] not in BUDGET_FIELDS or not f[1]]
        budget = [f for f in found if f[2] in BUDGET_FIELDS and f[1]]
        whole_file = [f for f in found if not f[1]]
        if own:
            indikator[i] = _galat_text(TIDAK_DIHITUNG, own)
        if budget or whole_file:
            anggaran[i] = _galat_text("anggaran tidak dihitung", budget + whole_file)
    return indikator, anggaran
