"""A target or realisasi column read as arrays (lower/upper bound, grade, JSON form; floats on a vectorized
path, other values parsed once per distinct value), grades valued on the configured scales, and the
small column helpers the table and its galat policy share."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kinerja.numbers import Rentang, parse_target


class Parsed:
    """One target/realisasi column as arrays: low/high bounds, grades, JSON representation."""

    __slots__ = ("low", "high", "grades", "ranges", "json")

    def __init__(self, n: int) -> None:
        self.low = np.full(n, np.nan)
        self.high = np.full(n, np.nan)
        self.grades: dict[int, str] = {}
        self.ranges: list[int] = []
        self.json = np.full(n, None, dtype=object)


def parse_column(series: pd.Series) -> Parsed:
    """Split an object column of float | Rentang | grade | None into arrays.

    Floats take a vectorized path; the other values (grades and ranges repeat a lot) are
    parsed once per distinct value and scattered back with numpy.
    """
    n = len(series)
    parsed = Parsed(n)
    if pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        parsed.low[:] = parsed.high[:] = numbers
        parsed.json[:] = np.where(np.isnan(numbers), None, numbers)
        return parsed
    values = series.to_numpy(dtype=object)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):
        is_float = ~pd.isna(values)
        numbers = values[is_float].astype(float)
    else:
        is_float = _IS_FLOAT(values).astype(bool) if n else np.zeros(0, dtype=bool)
        numbers = values[is_float].astype(float)
    parsed.low[is_float] = parsed.high[is_float] = numbers
    parsed.json[is_float] = numbers.astype(object)
    parsed.json[np.isnan(parsed.low) & is_float] = None
    other = np.flatnonzero(~is_float & ~pd.isna(values))
    if not other.size:
        return parsed
    codes, uniques = pd.factorize(pd.Series(values[other], dtype=object))
    count = len(uniques)
    low_u, high_u = np.full(count, np.nan), np.full(count, np.nan)
    json_u = np.full(count, None, dtype=object)
    kind_u = np.zeros(count, dtype=np.int8)  # 0 empty, 1 number, 2 range, 3 grade
    for u, value in enumerate(uniques):
        value = _normalize_value(value)
        if isinstance(value, float):
            low_u[u] = high_u[u] = value
            json_u[u], kind_u[u] = value, 1
        elif isinstance(value, Rentang):
            low_u[u], high_u[u] = value.bawah, value.atas
            json_u[u], kind_u[u] = range_text(value), 2
        elif isinstance(value, str):
            json_u[u], kind_u[u] = value, 3
    parsed.low[other], parsed.high[other], parsed.json[other] = low_u[codes], high_u[codes], json_u[codes]
    kinds = kind_u[codes]
    parsed.ranges = other[kinds == 2].tolist()
    grade_rows = other[kinds == 3]
    parsed.grades = dict(zip(grade_rows.tolist(), json_u[codes[kinds == 3]].tolist(), strict=True))
    return parsed


def _normalize_value(value: object) -> float | Rentang | str | None:
    """One non-float cell value as float | Rentang | grade | None (text parsed like the reader)."""
    if isinstance(value, str):
        return parse_target(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, tuple) and len(value) == 2:
        return Rentang(*value)
    return None


_IS_FLOAT = np.frompyfunc(lambda v: type(v) is float, 1, 1)


def find_scale(grades: list[str], skala: dict[str, dict[str, float]]) -> tuple[str, dict[str, float]] | None:
    """The first configured scale holding every grade, with its values."""
    for name, scale in skala.items():
        if all(g in scale for g in grades):
            return name, scale
    return None


def grade_values(grades: list[str], skala: dict[str, dict[str, float]]) -> dict[str, float] | None:
    found = find_scale([g.strip().upper() for g in grades], skala)
    if found is None:
        return None
    return {g: found[1][g.strip().upper()] for g in grades}


def none_where_nan(values: np.ndarray) -> np.ndarray:
    """Floats as an object array with None for NaN (JSON null)."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out


def represent_aggregate(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    out = none_where_nan(low)
    for i in np.flatnonzero(~np.isnan(low) & (low != high)):
        out[i] = range_text(Rentang(low[i], high[i]))
    return out


def range_text(value: Rentang) -> str:
    """``"80–90.5"``: JSON-friendly, parseable by :func:`~kinerja.numbers.parse_target`."""
    return f"{_plain(value.bawah)}–{_plain(value.atas)}"


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def column_of(data: pd.DataFrame, name: str, default: object = None) -> pd.Series:
    if name in data.columns:
        return data[name]
    return pd.Series([default] * len(data), index=data.index, dtype=object)


def text_of(data: pd.DataFrame, name: str) -> np.ndarray | pd.api.extensions.ExtensionArray:
    series = column_of(data, name, "")
    if isinstance(series.dtype, pd.StringDtype):
        return series.fillna("").array if series.hasnans else series.array
    values = series.to_numpy(dtype=object).copy()
    values[pd.isna(values)] = ""
    odd = np.flatnonzero(~_IS_STR(values).astype(bool)).tolist() if len(values) else []
    for i in odd:
        values[i] = str(values[i])
    return values


_IS_STR = np.frompyfunc(lambda v: type(v) is str, 1, 1)


def isnan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)
