"""Indonesian numbers and dates: what people type, what leaders read."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.numbers import (
    BULAN,
    NotANumber,
    Rentang,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
    parse_target,
    round_half_up,
    triwulan_label,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000,50", 1250000.5),
        ("85,5", 85.5),
        ("85%", 85.0),
        ("85 %", 85.0),
        ("85,5%", 85.5),
        ("Rp 1.250.000", 1250000.0),
        ("Rp. 1.250.000", 1250000.0),
        ("Rp1.250.000", 1250000.0),
        ("rp 500", 500.0),
        ("IDR 2.000", 2000.0),
        ("Rp 1.250.000,-", 1250000.0),
        ("1,250,000.50", 1250000.5),
        ("1.000", 1000.0),
        ("12.500", 12500.0),
        ("3.5", 3.5),
        ("0,75", 0.75),
        ("  12  ", 12.0),
        ("1\u00a0250", 1250.0),
        ("-5", -5.0),
        ("+7,25", 7.25),
        ("-1.250,5", -1250.5),
        (42, 42.0),
        (3.25, 3.25),
    ],
)
def test_parse_number_accepted_forms(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("empty", [None, "", "   ", "-", "—", "–", math.nan])
def test_parse_number_empty_is_none(empty):
    assert parse_number(empty) is None


@pytest.mark.parametrize("text", ["abc", "Rp", "%", "tiga", "12a", "1.2.3,4,5", "(5)", True, "WTP", "80 - 90"])
def test_parse_number_rejects_text(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_not_a_number_is_a_value_error_but_not_named_like_one():
    assert issubclass(NotANumber, ValueError) and NotANumber.__name__ != "ValueError"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85,5", 85.5),
        ("80 - 90", Rentang(80, 90)),
        ("80-90", Rentang(80, 90)),
        ("80–90", Rentang(80, 90)),
        ("80 — 90", Rentang(80, 90)),
        ("80 s.d. 90,5", Rentang(80, 90.5)),
        ("80 sd 90", Rentang(80, 90)),
        ("80 s/d 90", Rentang(80, 90)),
        ("1.000 sampai 2.000", Rentang(1000, 2000)),
        ("5 hingga 10", Rentang(5, 10)),
        (" wtp ", "WTP"),
        ("Level  3", "LEVEL 3"),
        ("BB", "BB"),
        ("A - B", "A - B"),
        ("-5", -5.0),
        ("", None),
        (None, None),
        (3, 3.0),
        (math.nan, None),
    ],
)
def test_parse_target(text, expected):
    result = parse_target(text)
    assert result == expected
    assert type(result) is type(expected)


def test_rentang_is_a_tuple_of_floats():
    value = Rentang(80, 90)
    assert (value.bawah, value.atas) == (80.0, 90.0)
    assert isinstance(value.bawah, float) and value == (80.0, 90.0)
    assert repr(value) == "Rentang(80.0, 90.0)"


def test_formatting():
    assert format_number(1250000.5) == "1.250.000,50"
    assert format_number(85.5, 1) == "85,5"
    assert format_number(-1250.0, 0) == "-1.250"
    assert format_number(None) == "–"
    assert format_number(math.nan, empty="") == ""
    assert format_percent(85.5) == "85,50%"
    assert format_percent(math.nan) == "–"
    assert format_rupiah(1250000.4) == "Rp 1.250.000"
    assert format_rupiah(None) == "–"
    assert format_date(dt.date(2025, 4, 2)) == "2 April 2025"
    assert format_datetime(dt.datetime(2025, 12, 31, 16, 5)) == "31 Desember 2025 pukul 16.05"
    assert [triwulan_label(n) for n in (1, 2, 3, 4)] == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    assert len(BULAN) == 12 and BULAN[0] == "Januari"


amounts = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(value=amounts, decimals=st.integers(0, 2))
def test_format_then_parse_round_trips(value, decimals):
    # Three or more decimals are ambiguous on purpose: "1,500" reads as one thousand five hundred.
    parsed = parse_number(format_number(value, decimals))
    assert parsed == pytest.approx(round_half_up(value, decimals), abs=10 ** -decimals)


@given(value=amounts)
def test_rupiah_and_percent_round_trip(value):
    assert parse_number(format_rupiah(value)) == round_half_up(value, 0)
    assert parse_number(format_percent(value)) == pytest.approx(round_half_up(value, 2), abs=0.01)


def test_display_rounding_is_half_up_like_excel_round():
    # Excel's ROUND and printed LKjIPs: half away from zero, on the value as written.
    assert [format_number(v) for v in (3.375, 80.725, 2.675, 1.005, 0.125)] == ["3,38", "80,73", "2,68", "1,01", "0,13"]
    assert format_percent(80.725) == "80,73%"
    assert format_number(-2.5, 0) == "-3" and format_number(2.5, 0) == "3" and format_number(0.5, 0) == "1"
    assert format_rupiah(1_250_000.5) == "Rp 1.250.001"
    assert round_half_up(80.725) == 80.73 and round_half_up(None) is None
    assert format_number((3.2 + 3.4 + 3.3 + 3.6) / 4) == "3,38"  # a mean of 3,375 summed in binary


@given(low=st.floats(0, 1e9, allow_nan=False), high=st.floats(0, 1e9, allow_nan=False), decimals=st.integers(0, 2))
def test_range_round_trips(low, high, decimals):
    text = f"{format_number(low, decimals)} - {format_number(high, decimals)}"
    result = parse_target(text)
    assert isinstance(result, Rentang)
    assert result.bawah == pytest.approx(parse_number(format_number(low, decimals)))
    assert result.atas == pytest.approx(parse_number(format_number(high, decimals)))


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x7F), min_size=1, max_size=12))
def test_words_become_upper_case_grades(word):
    result = parse_target(f"  {word} ")
    assert result == word.upper()


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_format_date_names_the_month(day):
    day_text, month, year = format_date(day).split(" ")
    assert (int(day_text), BULAN.index(month) + 1, int(year)) == (day.day, day.month, day.year)
