"""Finding a workbook's header row: which schema field a header cell names (labels, aliases, spelling,
case and spacing variants, ``TW 1`` / ``Triwulan I``, ``Target 2025``), the best row among the first
:data:`~kinerja.lembar.schema.HEADER_SEARCH_ROWS`, and a header split over two rows."""

from __future__ import annotations

import re
from functools import lru_cache

from kinerja.lembar import schema

MIN_HEADER_MATCHES = 3
"""A header row must match at least this many known columns, one of them Indikator."""

_MISSING = object()
_HEADER_CACHE: dict[str, str | None] = {}
"""Cell text -> :func:`header_field` result, for the header search."""
_HEADER_CACHE_MAX = 50_000
_YEAR_TARGET = re.compile(r"^target( kinerja)?( tahun(an)?)?( (19|20)\d\d)$")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_QUARTER_WORDS = {"triwulan", "trw", "tw", "q"}


def canonical_header(text: object) -> str:
    """Header text folded further than :func:`schema.normalize_header`: quarter words and numbers.

    ``Triwulan I``, ``TW-1``, ``TW1`` and ``trw 1`` all become ``tw 1``; a trailing ``rp`` is dropped.

    >>> canonical_header("Realisasi Triwulan II") == canonical_header("realisasi tw2")
    True
    >>> canonical_header("Pagu Anggaran (Rp)")
    'pagu anggaran'
    """
    words = schema.normalize_header(text).split()
    out: list[str] = []
    for word in words:
        match = re.fullmatch(r"(triwulan|trw|tw|q)([1-4]|i{1,3}|iv)", word)
        if match:
            out += ["tw", _ROMAN.get(match.group(2), match.group(2))]
        elif word in _QUARTER_WORDS:
            out.append("tw")
        elif word in _ROMAN and out and out[-1] == "tw":
            out.append(_ROMAN[word])
        elif word == "rp":
            continue
        else:
            out.append(word)
    return " ".join(out)


_CANONICAL_LOOKUP: dict[str, str] = {}
for _key, _field in schema.HEADER_LOOKUP.items():
    _CANONICAL_LOOKUP.setdefault(canonical_header(_key), _field)
del _key, _field


MAX_HEADER_LENGTH = 60
"""Longer cells are data, not a header (saves work scanning the first rows)."""


def header_field(text: object) -> str | None:
    """The schema field a header cell names, or None.

    >>> header_field("  indikator  KINERJA "), header_field("Target 2025"), header_field("Realisasi TW-3")
    ('indikator', 'target_tahunan', 'realisasi_triwulan_3')
    >>> header_field("Catatan") is None
    True
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_HEADER_LENGTH:
        return None
    return _header_field(text)


@lru_cache(maxsize=4096)
def _header_field(text: str) -> str | None:
    found = schema.HEADER_LOOKUP.get(schema.normalize_header(text))
    if found:
        return found
    canon = canonical_header(text)
    found = _CANONICAL_LOOKUP.get(canon)
    if found:
        return found
    if _YEAR_TARGET.match(canon):
        return "target_tahunan"
    return None


def find_header(rows: list[list]) -> tuple[int, dict[int, str], list[tuple[int, str]]]:
    """Best header row (0-based index or -1), its column->field map and duplicate columns."""
    best, best_count, best_map, best_dupes = -1, 0, {}, []
    for index, row in enumerate(rows[: schema.HEADER_SEARCH_ROWS]):
        mapping: dict[int, str] = {}
        dupes: list[tuple[int, str]] = []
        for col, value in enumerate(row):
            if value.__class__ is not str or not value:
                continue
            found = _HEADER_CACHE.get(value, _MISSING)
            if found is _MISSING:
                found = header_field(value)
                if len(_HEADER_CACHE) < _HEADER_CACHE_MAX:
                    _HEADER_CACHE[value] = found
            if found is not None:
                _place(mapping, dupes, col, str(found))
        if len(mapping) > best_count and "indikator" in mapping.values():
            best, best_count, best_map, best_dupes = index, len(mapping), mapping, dupes
    if best_count < MIN_HEADER_MATCHES:
        return -1, {}, []
    return best, best_map, best_dupes


_QUARTER_FIELDS = frozenset((*schema.TARGET_FIELDS, *schema.REALISASI_FIELDS, *schema.ANGGARAN_FIELDS))


def two_row_header(rows: list[list], header: int) -> tuple[dict[int, str], list[tuple[int, str]]] | None:
    """A header split over two rows (``Target`` merged above ``TW I … TW IV``), or None.

    Each lower cell is read together with the nearest filled upper cell at or left of it;
    accepted when at least two quarterly columns are found that way.
    """
    if header + 1 >= len(rows):
        return None
    top, sub = rows[header], rows[header + 1]
    width = max(len(top), len(sub))
    mapping: dict[int, str] = {}
    dupes: list[tuple[int, str]] = []
    parent, combined = "", 0
    for col in range(width):
        upper = top[col] if col < len(top) else ""
        lower = sub[col] if col < len(sub) else ""
        if upper != "":
            parent = upper if upper.__class__ is str else ""
        found = None
        if lower.__class__ is str and lower.strip() and parent:
            found = header_field(f"{parent} {lower}")
            if found in _QUARTER_FIELDS:
                combined += 1
            else:
                found = None
        if found is None and upper.__class__ is str:
            found = header_field(upper)
        if found is None and lower.__class__ is str:
            found = header_field(lower)
        if found is not None:
            _place(mapping, dupes, col, found)
    return (mapping, dupes) if combined >= 2 else None


def _place(mapping: dict[int, str], dupes: list[tuple[int, str]], col: int, found: str) -> None:
    """Map ``col`` to ``found``, or record it as a duplicate when the field is already mapped."""
    if found in mapping.values():
        dupes.append((col, found))
    else:
        mapping[col] = found
