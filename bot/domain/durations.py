"""How long someone has been (or was) behind bars, counted in calendar years, months and days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of time as people say it ("4 years 3 months") and as an exact day count."""

    years: int
    months: int
    days: int


def add_months(start: date, months: int) -> date:
    """Return the same day `months` later; a day the month lacks falls on its last day."""
    return start + relativedelta(months=months)


def span_between(start: date, end: date) -> Span:
    """Return whole years and months from `start` to `end`, and the exact number of days.

    Months are counted on the calendar: 14 Jul 2021 to 13 Jul 2022 is 11 months, to 14 Jul 2022
    is one year. A start on 29 February or the 31st counts on the month's last day where needed.
    """
    if end < start:
        raise ValueError("the end comes before the start")
    calendar = relativedelta(end, start)
    return Span(years=calendar.years, months=calendar.months, days=(end - start).days)
