"""Indonesian numbers and dates: parsing what people type, formatting what leaders read.

Parsing accepts the forms seen in real worksheets: ``1.250.000,50``, ``85,5``, ``85%``,
``Rp 1.250.000``, ``1,250,000.50`` (English locale) and plain numbers that Excel already
stored as numbers. Formatting writes the Indonesian forms (``85,50%``, ``Rp 1.250.000``,
``10 Januari 2025``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}

_STRIP = re.compile(r"(?i)^\s*(rp\.?|idr)\s*|\s+|%$|[.,]-$|\u00a0")
_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")


class NotANumber(ValueError):
    """Raised by :func:`parse_number` for text that is not a number."""


def parse_number(value: object) -> float | None:
    """Parse a cell value into a float; None for an empty cell.

    Raises:
        NotANumber: the text is not a number in any accepted form.

    >>> parse_number("1.250.000,50"), parse_number("85,5"), parse_number("85%")
    (1250000.5, 85.5, 85.0)
    >>> parse_number("Rp 1.250.000"), parse_number(" 12 "), parse_number(None)
    (1250000.0, 12.0, None)
    >>> parse_number("1,250,000.50"), parse_number("3.5"), parse_number("1.000")
    (1250000.5, 3.5, 1000.0)
    >>> parse_number("Rp 1.250.000,-")
    1250000.0
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, (int, float)):
        number = float(value)
        if math.isnan(number):
            return None
        return number
    text = str(value).strip()
    if not text or text in {"-", "—", "–"}:
        return None
    text = _STRIP.sub("", text)
    text = text.rstrip("%")
    if not text:
        raise NotANumber(str(value))
    negative = text.startswith("-")
    text = text.lstrip("+-")
    if not text or not text[0].isdigit():
        raise NotANumber(str(value))
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # The separator that comes last is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif commas:
        text = text.replace(",", "") if commas > 1 or _is_thousands(text, ",") else text.replace(",", ".")
    elif dots > 1 or (dots == 1 and _is_thousands(text, ".")):
        # Indonesian thousands: 1.250.000 ; a single "1.000" is one thousand.
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        raise NotANumber(str(value)) from None
    return -number if negative else number


def _is_thousands(text: str, sep: str) -> bool:
    """True for ``1.000`` / ``12.500`` style groups: exactly three digits after each sep."""
    head, *groups = text.split(sep)
    return 1 <= len(head) <= 3 and bool(groups) and all(len(g) == 3 and g.isdigit() for g in groups)


def round_half_up(value: float | None, decimals: int = 2) -> float | None:
    """The display rounding of every figure kinerja prints: half away from zero, as Excel's
    ROUND and printed LKjIPs do (3,375 → 3,38; 80,725 → 80,73; −2,5 → −3).

    The value is taken as it is written (its shortest decimal form, then 15 significant digits
    as Excel shows it), so 80.725 stored as the binary 80.72499… and a mean of 3,375 computed
    as 3.3749999999999996 still round up. Raw values stay unrounded everywhere else; only
    display goes through here (:func:`format_number`, :func:`format_percent`, chart labels).

    >>> round_half_up(3.375), round_half_up(80.725), round_half_up(2.675), round_half_up(-2.5, 0)
    (3.38, 80.73, 2.68, -3.0)
    >>> round_half_up(3.3749999999999996), round_half_up((3.2 + 3.4 + 3.3 + 3.6) / 4)
    (3.38, 3.38)
    >>> round_half_up(None) is None, round_half_up(1250000.4, 0)
    (True, 1250000.0)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(_decimal_half_up(value, decimals))


def _decimal_half_up(value: float, decimals: int) -> Decimal:
    if isinstance(value, float) and math.isinf(value):
        raise ValueError("tak hingga tidak dapat dibulatkan")
    exact = Decimal(repr(float(value)))
    if exact:
        # 15 significant digits first, as Excel shows a value: 13.5 / 4 summed in binary as
        # 3.3749999999999996 is 3.375 to a reader, and rounds to 3.38.
        exact = exact.quantize(Decimal(1).scaleb(exact.adjusted() - 14))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | None, decimals: int = 2, empty: str = "–") -> str:
    """Indonesian number: ``.`` groups thousands, ``,`` marks decimals; rounded half-up
    (:func:`round_half_up`).

    >>> format_number(1250000.5), format_number(85.5, 1), format_number(None)
    ('1.250.000,50', '85,5', '–')
    >>> format_number(3.375), format_number(80.725), format_number(0.5, 0), format_number(-0.001)
    ('3,38', '80,73', '1', '0,00')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    rounded = _decimal_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(value: float | None, decimals: int = 2, empty: str = "–") -> str:
    """``85,50%``.

    >>> format_percent(85.5), format_percent(None)
    ('85,50%', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return format_number(value, decimals) + "%"


def format_rupiah(value: float | None, empty: str = "–") -> str:
    """``Rp 1.250.000`` (whole rupiah).

    >>> format_rupiah(1250000.4)
    'Rp 1.250.000'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return "Rp " + format_number(value, 0)


def format_date(value: dt.date | dt.datetime) -> str:
    """``10 Januari 2025``.

    >>> format_date(dt.date(2025, 1, 10))
    '10 Januari 2025'
    """
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


ZONA_SINGKATAN = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
ZONA_DARI_SINGKATAN = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
"""What an office may write for its zone instead of the IANA name (``zona_waktu = "WITA"``)."""
"""Indonesian abbreviations of the country's time zones; other zones print their own name."""


def format_datetime(value: dt.datetime, zona: str | None = None) -> str:
    """``10 Januari 2025 pukul 07.30``, or with the office's time zone ``… pukul 09.15 WITA``.

    The one formatting function for times in documents and messages. With ``zona`` (an IANA
    name such as ``Asia/Makassar``, the config's ``zona_waktu``), an aware time is converted to
    that zone and the zone's abbreviation is appended; a naive time is taken as already being
    the office's wall-clock time (the workflow records such times) and only labelled.

    >>> format_datetime(dt.datetime(2025, 1, 10, 7, 30))
    '10 Januari 2025 pukul 07.30'
    >>> format_datetime(dt.datetime(2026, 1, 10, 1, 15, tzinfo=dt.timezone.utc), "Asia/Makassar")
    '10 Januari 2026 pukul 09.15 WITA'
    >>> format_datetime(dt.datetime(2026, 1, 10, 9, 15), "Asia/Jakarta")
    '10 Januari 2026 pukul 09.15 WIB'
    """
    if not zona:
        return f"{format_date(value)} pukul {value:%H.%M}"

    tz = ZoneInfo(zona)
    local = value.astimezone(tz) if value.tzinfo is not None else value.replace(tzinfo=tz)
    return f"{format_date(local)} pukul {local:%H.%M} {ZONA_SINGKATAN.get(zona) or local.tzname()}"


DEFAULT_ZONA = "Asia/Jakarta"


def zona_of(config: object) -> str:
    """The office's time zone: the config's ``[instansi] zona_waktu`` (default WIB, ``Asia/Jakarta``)."""
    return str(getattr(getattr(config, "instansi", None), "zona_waktu", "") or DEFAULT_ZONA)


def office_now(zona: str) -> dt.datetime:
    """The current time in the office's time zone (aware), without microseconds."""
    return dt.datetime.now(ZoneInfo(zona)).replace(microsecond=0)


def last_finished_quarter(today: dt.date) -> tuple[int, int]:
    """The (tahun, triwulan) of the latest quarter that has ended before ``today``.

    >>> last_finished_quarter(dt.date(2025, 4, 11)), last_finished_quarter(dt.date(2026, 1, 11))
    ((2025, 1), (2025, 4))
    """
    current = (today.month - 1) // 3 + 1
    return (today.year, current - 1) if current > 1 else (today.year - 1, 4)


def office_today(zona: str) -> dt.date:
    """Today's date in the office's time zone (from 16.00 UTC it is already tomorrow in WITA)."""
    return office_now(zona).date()


def office_clock(zona: str) -> dt.datetime:
    """The office's wall-clock time now (naive), as the workflow records it and compares it
    with working hours: the office's zone, whatever zone the machine's clock is set to (a
    server in UTC serving an office in WITA)."""
    return office_now(zona).replace(tzinfo=None)


def triwulan_label(triwulan: int) -> str:
    """``Triwulan II``.

    >>> triwulan_label(2)
    'Triwulan II'
    """
    return f"Triwulan {ROMAWI[triwulan]}"


class Rentang(tuple):
    """A target range ``(bawah, atas)``; realisasi inside it scores 100.

    >>> Rentang(80.0, 90.0).bawah, Rentang(80.0, 90.0).atas
    (80.0, 90.0)
    """

    __slots__ = ()

    def __new__(cls, bawah: float, atas: float) -> Rentang:
        return super().__new__(cls, (float(bawah), float(atas)))

    @property
    def bawah(self) -> float:
        return self[0]

    @property
    def atas(self) -> float:
        return self[1]

    def __repr__(self) -> str:
        return f"Rentang({self[0]!r}, {self[1]!r})"


_RANGE = re.compile(r"^\s*([^\s–—-][^–—]*?)\s*(?:-|–|—|s\.?d\.?|s/d|sampai|hingga)\s*([^\s–—-].*?)\s*$", re.IGNORECASE)


def parse_target(value: object) -> float | Rentang | str | None:
    """Parse a target or realisasi cell: a number, a range, a qualitative grade, or None.

    A range is written ``80 - 90``, ``80–90``, ``80 s.d. 90`` or ``80 sampai 90``. Text that is
    neither a number nor a range comes back stripped and upper-cased (``"wtp "`` → ``"WTP"``):
    whether it is a known grade is for the validator to say.

    >>> parse_target("85,5"), parse_target("80 - 90"), parse_target("80 s.d. 90,5")
    (85.5, Rentang(80.0, 90.0), Rentang(80.0, 90.5))
    >>> parse_target(" wtp "), parse_target(""), parse_target(3)
    ('WTP', None, 3.0)
    """
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_number(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except NotANumber:
        pass
    match = _RANGE.match(text)
    if match:
        try:
            low, high = parse_number(match.group(1)), parse_number(match.group(2))
        except NotANumber:
            low = high = None
        if low is not None and high is not None:
            return Rentang(low, high)
    return " ".join(text.split()).upper()
