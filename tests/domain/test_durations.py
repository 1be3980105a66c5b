"""Time behind bars: calendar months and exact days, across leap years and month ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.durations import Span, add_months, span_between


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2021, 7, 14), date(2021, 7, 14), Span(0, 0, 0)),
        (date(2021, 7, 14), date(2022, 7, 13), Span(0, 11, 364)),
        (date(2021, 7, 14), date(2022, 7, 14), Span(1, 0, 365)),
        # Ales Bialiatski: detained 2021-07-14, released 2025-12-13.
        (date(2021, 7, 14), date(2025, 12, 13), Span(4, 4, 1613)),
        (date(2020, 2, 29), date(2021, 2, 28), Span(1, 0, 365)),
        (date(2020, 2, 29), date(2024, 2, 29), Span(4, 0, 1461)),
        (date(2021, 1, 31), date(2021, 2, 28), Span(0, 1, 28)),
        (date(2021, 1, 31), date(2021, 2, 27), Span(0, 0, 27)),
        (date(2023, 12, 31), date(2024, 1, 30), Span(0, 0, 30)),
    ],
)
def test_span_between(start: date, end: date, expected: Span) -> None:
    assert span_between(start, end) == expected


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        span_between(date(2022, 1, 2), date(2022, 1, 1))


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2021, 11, 15), 3) == date(2022, 2, 15)


dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@given(dates, st.integers(min_value=0, max_value=20_000))
def test_span_is_consistent_with_the_calendar(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    span = span_between(start, end)
    months = span.years * 12 + span.months
    assert span.days == days
    assert 0 <= span.months < 12
    assert add_months(start, months) <= end
    assert add_months(start, months + 1) > end
