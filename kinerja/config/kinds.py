"""The kinds of values a ``kinerja.toml`` key holds, and the field declarers of the schema.

A :class:`Kind` is the Indonesian description shown to the user and a converter that raises
:class:`Invalid`; :func:`key`, :func:`table` and :func:`tables` declare a dataclass field as a TOML
key, a ``[section]`` or an array ``[[section]]`` (see :mod:`kinerja.config.schema`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kinerja.domain.peran import ROLES
from kinerja.numbers import ZONA_DARI_SINGKATAN

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


# -- kinds of values -------------------------------------------------------------------------


class Invalid(Exception):
    """A value does not fit its kind (internal; turned into a ConfigError line)."""


@dataclass(frozen=True)
class Kind:
    """What a key holds: the Indonesian description shown to the user and a converter."""

    expected: str
    convert: Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid
    return value.strip()


def _optional_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid
    return value.strip()


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid
    return tuple(v.strip() for v in value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid
    return float(value)


def _band_limit(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value == math.inf:
        raise Invalid
    return float(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid
    return value


def _clock(value: Any) -> dt.time:
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        raise Invalid
    hour, minute = value.strip().split(":")
    try:
        return dt.time(int(hour), int(minute))
    except ValueError:
        raise Invalid from None


def _rest(value: Any) -> tuple[dt.time, dt.time] | None:
    if value is None or value == []:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise Invalid
    start, end = _clock(value[0]), _clock(value[1])
    if end <= start:
        raise Invalid
    return start, end


def _weekdays(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or any(not isinstance(h, str) or h.strip().lower() not in WEEKDAYS for h in value):
        raise Invalid
    days = [WEEKDAYS.index(h.strip().lower()) + 1 for h in value]
    if len(set(days)) != len(days):
        raise Invalid
    return tuple(days)


def _roles(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or any(not isinstance(r, str) or r.strip() not in ROLES for r in value):
        raise Invalid
    return tuple(dict.fromkeys(r.strip() for r in value))


def _scales(value: Any) -> dict[str, dict[str, float]]:
    if not isinstance(value, dict):
        raise Invalid
    out: dict[str, dict[str, float]] = {}
    for name, scale in value.items():
        if not isinstance(scale, dict) or not scale:
            raise Invalid(name)
        try:
            out[str(name)] = {str(grade).strip().upper(): _number(v) for grade, v in scale.items()}
        except Invalid:
            raise Invalid(name) from None
    return out


def _public_keys(value: Any) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise Invalid
    out = []
    for item in values:
        text = item.strip() if isinstance(item, str) else ""
        try:
            ok = text.startswith("ed25519:") and len(base64.b64decode(text[8:], validate=True)) == 32
        except ValueError:
            ok = False
        if not ok:
            raise Invalid
        out.append(text)
    return tuple(out)


def positive(kind: type = float) -> Kind:
    """A number above 0 (``int`` for counts)."""

    def convert(value: Any) -> float | int:
        number = _number(value)
        if number <= 0 or (kind is int and number != int(number)):
            raise Invalid
        return int(number) if kind is int else number

    return Kind("bilangan bulat lebih dari 0" if kind is int else "angka lebih dari 0", convert)


def ceiling(high: float, kind: type = float) -> Kind:
    """A number above 0 and at most ``high``: a limit a config may tighten but never switch off.

    >>> ceiling(50).expected, ceiling(1000, int).expected
    ('angka lebih dari 0 sampai 50', 'bilangan bulat 1 sampai 1000')
    """

    def convert(value: Any) -> float | int:
        number = _number(value)
        if number <= 0 or number > high or (kind is int and number != int(number)):
            raise Invalid
        return int(number) if kind is int else number

    expected = f"bilangan bulat 1 sampai {high:g}" if kind is int else f"angka lebih dari 0 sampai {high:g}"
    return Kind(expected, convert)


def integer(low: int, high: int) -> Kind:
    """An integer from ``low`` to ``high`` inclusive."""

    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid
        return value

    return Kind(f"bilangan bulat {low} sampai {high}", convert)


def _email(value: Any) -> str:
    text = _optional_text(value)
    if text and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", text):
        raise Invalid
    return text


def _security(value: Any) -> str:
    text = _text(value).lower()
    if text not in SMTP_SECURITY:
        raise Invalid
    return text


SMTP_SECURITY = ("starttls", "ssl", "tanpa")
"""How kinerja talks to the office's SMTP server: STARTTLS on 587, TLS from the start on 465, or
plain (only for a server on the same machine)."""


def known_time_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows (``Asia/Makassar``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def time_zone_name(text: str) -> str | None:
    """The IANA zone an office wrote (``zona_waktu``), Indonesia's WIB/WITA/WIT taken as the zone they
    name; None when it is neither. The one rule for the office's and the Pemda's ``zona_waktu``.

    >>> time_zone_name(" wita "), time_zone_name("Asia/Jayapura"), time_zone_name("GMT+8")
    ('Asia/Makassar', 'Asia/Jayapura', None)
    """
    text = text.strip()
    text = ZONA_DARI_SINGKATAN.get(text.upper(), text)
    return text if text and known_time_zone(text) else None


def _time_zone(value: Any) -> str:
    zone = time_zone_name(_text(value))
    if zone is None:
        raise Invalid
    return zone


TEXT = Kind("teks yang tidak kosong", _text)
TIME_ZONE = Kind('"WIB", "WITA", "WIT" atau nama zona waktu IANA: "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA), "Asia/Jayapura" (WIT)',
                 _time_zone)
OPTIONAL_TEXT = Kind("teks (boleh kosong)", _optional_text)
TEXT_LIST = Kind('daftar teks yang tidak kosong, misalnya ["baris 1", "baris 2"]', _text_list)
NUMBER = Kind("angka terhingga, misalnya 5 atau 5.0 (bukan nan/inf, bukan teks)", _number)
BAND_LIMIT = Kind("angka terhingga (hanya kelas terendah boleh -inf; bukan nan)", _band_limit)
BOOLEAN = Kind("true atau false", _boolean)
CLOCK = Kind('jam dengan format JJ:MM, misalnya "07:30"', _clock)
REST = Kind('dua jam berurutan, misalnya ["12:00", "13:00"], atau [] bila tanpa istirahat', _rest)
WEEKDAY_LIST = Kind("daftar nama hari tanpa pengulangan dari: " + ", ".join(WEEKDAYS), _weekdays)
ROLE_LIST = Kind("daftar peran dari: " + ", ".join(ROLES), _roles)
PUBLIC_KEYS = Kind('kunci publik dari `kinerja kunci buat` ("ed25519:...") atau daftar kunci itu', _public_keys)
EMAIL = Kind("alamat surel, misalnya nama@kantor.go.id (boleh kosong)", _email)
SECURITY = Kind("salah satu dari: " + ", ".join(SMTP_SECURITY), _security)
SCALES = Kind("tabel skala berisi nilai angka, misalnya opini = { WTP = 4, WDP = 3 }", _scales)

REQUIRED = dataclasses.MISSING


def key(kind: Kind, default: Any = REQUIRED, doc: str = "") -> Any:
    """A TOML value key (see the module docstring). No ``default``: the key is required."""
    meta = {"kind": kind, "doc": doc}
    if default is REQUIRED:
        return field(metadata=meta)
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: default.copy(), metadata=meta)
    return field(default=default, metadata=meta)


def table(cls: type, *, required: bool | None = None, into: type | None = None) -> Any:
    """A ``[section]`` read into dataclass ``cls`` (or, with the same fields, ``into``: a domain class whose
    keys ``cls`` declares); optional when every field has a default."""
    optional = all(f.default is not REQUIRED or f.default_factory is not REQUIRED for f in schema_fields(cls))
    if required is None:
        required = not optional
    meta = {"table": cls, "into": into or cls}
    if required:
        return field(metadata=meta)
    return field(default_factory=lambda: (into or cls)(), metadata=meta)


def tables(cls: type, default: tuple[Any, ...] | None = None, *, into: type | None = None) -> Any:
    """An array ``[[section]]`` of dataclass ``cls`` (or ``into``, as :func:`table`), at least one; required
    without ``default``."""
    meta = {"tables": cls, "into": into or cls}
    if default is None:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def schema_fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if {"kind", "table", "tables"} & set(f.metadata)]
