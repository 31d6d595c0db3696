"""Working time: weekends, Indonesian holidays and cuti bersama, rest break."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.config import load_config
from kinerja.domain.workcalendar import WorkCalendar, holiday_name

CAL = WorkCalendar(load_config().jam_kerja)


def test_installed_holidays_supports_government_category_with_cuti_bersama():
    assert "government" in holidays.ID.supported_categories
    cuti = [d for d in (dt.date(2025, 4, 2) + dt.timedelta(days=i) for i in range(6)) if holiday_name(d)]
    assert dt.date(2025, 4, 2) in cuti and dt.date(2025, 4, 7) in cuti
    assert "Cuti Bersama" in holiday_name(dt.date(2025, 12, 26))


def test_working_day_rules():
    assert CAL.is_working_day(dt.date(2025, 4, 8))
    assert not CAL.is_working_day(dt.date(2025, 4, 12))  # Saturday
    assert not CAL.is_working_day(dt.date(2025, 8, 18))  # cuti bersama Kemerdekaan
    assert CAL.minutes_per_day == 450  # 07:30-16:00 minus one hour rest = 7.5 h; 37.5 h a week


@pytest.mark.parametrize(
    ("start", "kwargs", "expected"),
    [
        (dt.datetime(2025, 4, 10, 15, 50), {"minutes": 15}, dt.datetime(2025, 4, 11, 7, 35)),
        (dt.datetime(2025, 4, 10, 11, 50), {"minutes": 30}, dt.datetime(2025, 4, 10, 13, 20)),
        (dt.datetime(2025, 4, 10, 12, 30), {"minutes": 60}, dt.datetime(2025, 4, 10, 14, 0)),
        (dt.datetime(2025, 4, 10, 6, 0), {"minutes": 240}, dt.datetime(2025, 4, 10, 11, 30)),
        (dt.datetime(2025, 3, 27, 10, 0), {"days": 1}, dt.datetime(2025, 4, 8, 10, 0)),  # Nyepi + Lebaran
        (dt.datetime(2025, 12, 24, 9, 0), {"days": 15}, dt.datetime(2026, 1, 20, 9, 0)),  # Natal, 1 Jan, Isra Mikraj
        (dt.datetime(2025, 4, 12, 9, 0), {"days": 1}, dt.datetime(2025, 4, 15, 7, 30)),
    ],
)
def test_add_working_time(start, kwargs, expected):
    assert CAL.add(start, **kwargs) == expected


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31)),
    minutes=st.integers(min_value=1, max_value=3000),
)
def test_adding_minutes_and_measuring_agree(start, minutes):
    end = CAL.add(start, minutes=minutes)
    assert end > start
    assert CAL.working_minutes_between(start, end) == pytest.approx(minutes)
    assert CAL.is_working_day(end.date())
