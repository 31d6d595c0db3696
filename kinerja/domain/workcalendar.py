"""Working time: which moments count towards the SOP's time standards.

Working days are the configured weekdays (``[jam_kerja] hari``) that are not Indonesian public
holidays or *cuti bersama*, taken from the maintained ``holidays`` package
(Indonesia's calendar with ``categories=("public", "government")``; the class is imported from
its own module: ``holidays.country_holidays`` would import every country first). Working hours are
``mulai``-``selesai`` minus the rest break. Minute and hour standards count working minutes;
day standards count working days and keep the time of day.

All datetimes are naive wall-clock times of the office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class JamKerja:
    """Working time used to count time standards (37,5 hours a week, Perpres 21/2023): the office's
    ``[jam_kerja]``, read by :mod:`kinerja.config`."""

    hari: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekday numbers, Monday = 1
    mulai: dt.time = dt.time(7, 30)
    selesai: dt.time = dt.time(16, 0)
    istirahat: tuple[dt.time, dt.time] | None = (dt.time(12, 0), dt.time(13, 0))

HOLIDAY_CATEGORIES = ("public", "government")


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[dt.date, str]:
    from holidays.countries.indonesia import Indonesia  # noqa: PLC0415 -- holidays.countries.indonesia + email, importlib (~204 ms) kept off `kinerja --help`

    calendar = Indonesia(categories=HOLIDAY_CATEGORIES, language="id", years=year)
    return dict(calendar.items())


def holiday_name(day: dt.date) -> str | None:
    """Name of the holiday (or cuti bersama) on ``day``, or None.

    >>> holiday_name(dt.date(2025, 4, 3))
    'Cuti Bersama Hari Raya Idul Fitri'
    >>> holiday_name(dt.date(2025, 4, 8)) is None
    True
    """
    return _holidays_of(day.year).get(day)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


class WorkCalendar:
    """Working days and hours of one office.

    >>> from kinerja.config import load_config
    >>> cal = WorkCalendar(load_config().jam_kerja)
    >>> cal.add(dt.datetime(2025, 4, 1, 9, 0), minutes=15)   # Idul Fitri + cuti bersama
    datetime.datetime(2025, 4, 8, 7, 45)
    >>> cal.add(dt.datetime(2025, 4, 11, 11, 30), minutes=60)  # across the rest break
    datetime.datetime(2025, 4, 11, 13, 30)
    >>> cal.add(dt.datetime(2025, 4, 11, 10, 0), days=1)      # Friday -> Monday
    datetime.datetime(2025, 4, 14, 10, 0)
    """

    def __init__(self, jam_kerja: JamKerja) -> None:
        self.jam_kerja = jam_kerja
        start, end = _minutes(jam_kerja.mulai), _minutes(jam_kerja.selesai)
        if jam_kerja.istirahat:
            rest_start, rest_end = (_minutes(t) for t in jam_kerja.istirahat)
            segments = [(start, rest_start), (rest_end, end)]
        else:
            segments = [(start, end)]
        self._segments = [(a, b) for a, b in segments if b > a]
        self.minutes_per_day = sum(b - a for a, b in self._segments)

    def is_working_day(self, day: dt.date) -> bool:
        """A configured weekday that is not a holiday or cuti bersama."""
        return day.isoweekday() in self.jam_kerja.hari and holiday_name(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def _at(self, day: dt.date, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)

    def normalize(self, moment: dt.datetime) -> dt.datetime:
        """The first working moment at or after ``moment`` (start of a working segment).

        >>> from kinerja.config import load_config
        >>> WorkCalendar(load_config().jam_kerja).normalize(dt.datetime(2025, 4, 12, 9))  # Saturday
        datetime.datetime(2025, 4, 14, 7, 30)
        """
        day = moment.date()
        offset = (moment - dt.datetime.combine(day, dt.time())).total_seconds() / 60
        if self.is_working_day(day):
            for a, b in self._segments:
                if offset < b:
                    return moment if offset >= a else self._at(day, a)
        return self._at(self.next_working_day(day), self._segments[0][0])

    def add(self, moment: dt.datetime, *, minutes: int = 0, days: int = 0) -> dt.datetime:
        """``moment`` plus working ``minutes`` or working ``days`` (time of day kept)."""
        current = self.normalize(moment)
        if days:
            day = current.date()
            for _ in range(days):
                day = self.next_working_day(day)
            current = dt.datetime.combine(day, current.time())
        remaining = float(minutes)
        while remaining > 0:
            day = current.date()
            offset = (current - dt.datetime.combine(day, dt.time())).total_seconds() / 60
            for a, b in self._segments:
                if offset < b:
                    offset = max(offset, a)
                    take = min(remaining, b - offset)
                    remaining -= take
                    offset += take
                    if remaining <= 0:
                        return self._at(day, 0) + dt.timedelta(minutes=offset)
            current = self._at(self.next_working_day(day), self._segments[0][0])
        return current

    def working_minutes_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working minutes from ``start`` to ``end`` (0 when ``end`` is not later).

        >>> from kinerja.config import load_config
        >>> cal = WorkCalendar(load_config().jam_kerja)
        >>> cal.working_minutes_between(dt.datetime(2025, 4, 11, 15, 0), dt.datetime(2025, 4, 14, 8, 30))
        120.0
        """
        if end <= start:
            return 0.0
        total = 0.0
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                base = dt.datetime.combine(day, dt.time())
                for a, b in self._segments:
                    lo = max(base + dt.timedelta(minutes=a), start)
                    hi = min(base + dt.timedelta(minutes=b), end)
                    if hi > lo:
                        total += (hi - lo).total_seconds() / 60
            day += dt.timedelta(days=1)
        return total


def working_time_label(minutes: float, minutes_per_day: int) -> str:
    """Indonesian label of an amount of working time, in working days, hours and minutes.

    >>> working_time_label(200, 450), working_time_label(1000, 450), working_time_label(0, 450)
    ('3 jam 20 menit kerja', '2 hari 1 jam 40 menit kerja', '0 menit kerja')
    """
    total = int(round(minutes))
    days, rest = divmod(total, minutes_per_day) if minutes_per_day else (0, total)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari"] * bool(days) + [f"{hours} jam"] * bool(hours) + [f"{mins} menit"] * bool(mins)
    return (" ".join(parts) or "0 menit") + " kerja"
