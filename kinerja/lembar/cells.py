"""Cell values into the tidy columns: one converter per column kind (numbers typed as Indonesian text,
Rupiah, arah/metode choices, free text), each problem a finding naming the cell; dates from cells."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from itertools import compress, repeat
from operator import is_not

from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.dataset import FileInfo, finding
from kinerja.lembar.findings import Temuan
from kinerja.numbers import BULAN, NotANumber, parse_number, parse_target

_MISSING = object()
_PARSED_TARGETS: dict[str, object] = {}
"""Text of target/realisasi cells -> :func:`parse_target` result (immutable), shared by all reads."""
_PARSED_TARGETS_MAX = 50_000

_DATE_NUMERIC = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")
_MONTHS = {name.lower(): i for i, name in enumerate(BULAN, start=1)}
_MONTHS.update({name.lower()[:3]: i for i, name in enumerate(BULAN, start=1)})
_MONTHS.update({"agu": 8, "ags": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11, "nov": 11})


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: a date, an Excel serial number or Indonesian text; None if unreadable.

    >>> parse_date("9 April 2025"), parse_date("09/04/2025"), parse_date("2025-04-09")
    (datetime.date(2025, 4, 9), datetime.date(2025, 4, 9), datetime.date(2025, 4, 9))
    >>> parse_date(45756.0), parse_date("kemarin")
    (datetime.date(2025, 4, 9), None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return None
    text = str(value).strip().lower()
    match = _DATE_NUMERIC.match(text)
    try:
        if match:
            a, b, c = (int(g) for g in match.groups())
            return dt.date(a, b, c) if len(match.group(1)) == 4 else dt.date(c if c > 99 else 2000 + c, b, a)
        parts = text.replace(",", " ").split()
        if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
            month = _MONTHS.get(parts[1]) or _MONTHS.get(parts[1][:3])
            if month:
                return dt.date(int(parts[2]), month, int(parts[0]))
    except ValueError:
        return None
    return None


def _as_text(value: object) -> str:
    if value.__class__ is str:
        return " ".join(value.split()) if value else ""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return " ".join(str(value).split())



@dataclass(frozen=True)
class Cells:
    """One mapped column of the kept rows, what a converter needs."""

    info: FileInfo
    column: schema.Column
    letter: str
    values: tuple
    kept: list[tuple[int, list]]
    percent_rows: set[int] | None  # 0-based sheet rows whose cell has a % number format
    temuan: list[Temuan]

    def not_floats(self) -> Iterator[int]:
        """Indexes of the cells that are not floats (a C-level scan; floats need no work)."""
        return compress(range(len(self.values)), map(is_not, map(type, self.values), repeat(float)))

    def finding(self, i: int, rule: aturan.Aturan, **nilai: object) -> None:
        self.temuan.append(finding(self.info, rule, sel=f"{self.letter}{self.kept[i][0] + 1}", kolom=self.column.label,
                                    **nilai))


def _convert_number(cells: Cells) -> list:
    """Target/realisasi: float, :class:`~kinerja.numbers.Rentang`, grade text or None; a number
    shown with a % format is the percentage typed (0.85 → 85)."""
    values = cells.values
    out = list(values)
    for i in cells.not_floats():
        value = values[i]
        if value == "" or value is None:
            out[i] = None
        elif value.__class__ is str:
            parsed = _PARSED_TARGETS.get(value, _MISSING)
            if parsed is _MISSING:
                parsed = parse_target(value)
                if len(_PARSED_TARGETS) < _PARSED_TARGETS_MAX:
                    _PARSED_TARGETS[value] = parsed
            out[i] = parsed
        elif isinstance(value, (bool, dt.date, dt.datetime, dt.time, dt.timedelta)):
            out[i] = _as_text(value).upper()
        else:
            out[i] = parse_target(value)
    if cells.percent_rows:
        for i, (index, _) in enumerate(cells.kept):
            if index in cells.percent_rows and values[i].__class__ is float:
                out[i] = values[i] * 100
    return out


def _convert_rupiah(cells: Cells) -> list:
    """Rupiah: float (NaN when empty); text that is not a number is a ``bukan_angka`` galat."""
    values = cells.values
    out = list(values)
    for i in cells.not_floats():
        value = values[i]
        if value == "" or value is None:
            out[i] = math.nan
            continue
        try:
            number = None if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)) else parse_number(value)
            if number is None and not isinstance(value, str):
                raise NotANumber(str(value))
        except NotANumber:
            cells.finding(i, aturan.BUKAN_ANGKA_RUPIAH, nilai=_as_text(value))
            number = None
        out[i] = math.nan if number is None else number
    return out


_CHOICES: dict[str, Mapping[str, Enum]] = {"arah": schema.ARAH_ALIASES, "metode": schema.METODE_ALIASES}


def _convert_choice(cells: Cells) -> list:
    """Arah/metode: the canonical value or None; an unknown text is a ``pilihan_tidak_dikenal`` galat."""
    aliases = _CHOICES[cells.column.field]
    values = cells.values
    if set(map(type, values)) == {str}:
        # Only strings: decide once per distinct text; when every text is empty or a known
        # choice there is no finding and the column is a plain look-up.
        decided: dict[str, object] = {}
        for value in set(values):
            text = _as_text(value)
            choice = aliases.get(schema.normalize_choice(text)) if text else None
            decided[value] = choice.value if choice is not None else (None if not text else _MISSING)
        if _MISSING not in decided.values():
            return list(map(decided.__getitem__, values))
    out: list = []
    cache: dict[object, object] = {}
    for i, value in enumerate(values):
        if value in cache:
            out.append(cache[value])
            continue
        text = _as_text(value)
        if not text:
            out.append(None)
            continue
        choice = aliases.get(schema.normalize_choice(text))
        if choice is None:
            allowed = ", ".join(sorted({a.value for a in aliases.values()}))
            cells.finding(i, aturan.PILIHAN_TIDAK_DIKENAL, nilai=text, pilihan=allowed)
            out.append(None)
        else:
            cache[value] = choice.value
            out.append(choice.value)
    return out


def _convert_text(cells: Cells) -> list:
    """Free text and codes: whitespace folded; each distinct text cleaned once."""
    values = cells.values
    if set(map(type, values)) == {str}:
        # str keys cannot collide with numbers
        clean = {value: value if value and value == value.strip() and "  " not in value else _as_text(value)
                 for value in set(values)}
        return list(map(clean.__getitem__, values))
    return [value if value.__class__ is str and value and value == value.strip() and "  " not in value
            else _as_text(value) for value in values]


CONVERTERS: dict[schema.Kind, Callable[[Cells], list]] = {
    schema.Kind.TARGET: _convert_number,
    schema.Kind.REALISASI: _convert_number,
    schema.Kind.RUPIAH: _convert_rupiah,
    schema.Kind.PILIHAN: _convert_choice,
    schema.Kind.TEKS: _convert_text,
    schema.Kind.KODE: _convert_text,
}
"""One converter per column kind: cells of the kept rows → the tidy column's values."""

EMPTY: dict[schema.Kind, object] = {
    schema.Kind.TARGET: None, schema.Kind.REALISASI: None, schema.Kind.PILIHAN: None,
    schema.Kind.RUPIAH: math.nan, schema.Kind.TEKS: "", schema.Kind.KODE: "",
}
"""A column the sheet does not have: this value in every row."""
