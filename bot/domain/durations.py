"""How long someone has been (or was) behind bars, counted in calendar years, months and days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of time as people say it ("4 years 3 months") and as an exact day count."""

    years: int
    months: int
    days: int


def add_months(start: date, months: int) -> date:
    """Return the same day `months` later; a day the month lacks falls on its last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def span_between(start: date, end: date) -> Span:
    """Return whole years and months from `start` to `end`, and the exact number of days.

    Months are counted on the calendar: 14 Jul 2021 to 13 Jul 2022 is 11 months, to 14 Jul 2022
    is one year. A start on 29 February or the 31st counts on the month's last day where needed.
    """
    if end < start:
        raise ValueError("the end comes before the start")
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return Span(years=months // 12, months=months % 12, days=(end - start).days)
