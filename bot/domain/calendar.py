"""The solidarity calendar: the dates of people in prison, laid out by day (pure).

/today, /upcoming and the calendar file show the dates themselves: arrest and sentence
anniversaries, day milestones and birthdays. The birthday reminder (BIRTHDAY_SOON) is the
daily message's way to say "post a card now"; the calendar says it with each birthday instead
(`events.card_post_by`). Every date comes from `events.events_between`, never from here.

Ranges, in the chat's own local dates:
- /today: today.
- /upcoming: from tomorrow (today belongs to /today) through UPCOMING_DAYS days.
- the calendar file: from today up to the day before the same date next year (365 or 366
  days), so every date of the coming year is in it once and a date exactly a year ahead is
  left for next year's file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.events import Event, EventKind, anniversary_in, without_repeats

UPCOMING_DAYS = 30
YEAR_DAYS = 365

# The kinds of event that are dates a calendar shows (not reminders of one).
DATE_KINDS = frozenset(
    {
        EventKind.DETENTION_ANNIVERSARY,
        EventKind.SENTENCE_ANNIVERSARY,
        EventKind.DAYS_MILESTONE,
        EventKind.BIRTHDAY,
    }
)


def upcoming_range(today: date) -> tuple[date, date]:
    """Return the first and last day /upcoming shows: tomorrow through UPCOMING_DAYS days."""
    return today + timedelta(days=1), today + timedelta(days=UPCOMING_DAYS)


def year_range(today: date) -> tuple[date, date]:
    """Return the first and last day of the calendar file: a year from today, today included.

    A year, not 365 days: across a 29 February that would leave out the year's last day.
    """
    return today, anniversary_in(today, today.year + 1) - timedelta(days=1)


def dates_of(events: Iterable[Event]) -> list[Event]:
    """Keep the events that are dates, in `Event.sort_key` order, without repeated days."""
    kept = [event for event in events if event.kind in DATE_KINDS]
    return sorted(without_repeats(kept), key=lambda event: event.sort_key)


@dataclass(frozen=True, slots=True)
class CalendarFile:
    """A calendar file of dates (empty when there are none), and what it holds."""

    content: bytes
    dates: int
    people: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One person's dates on one day, and whether the chat follows the person."""

    prisoner_id: str
    on: date
    events: tuple[Event, ...]
    followed: bool


@dataclass(frozen=True, slots=True)
class Day:
    """The dates of one day, person by person: the people the chat follows first."""

    on: date
    entries: tuple[Entry, ...]


def by_day(events: Iterable[Event], followed: Collection[str]) -> list[Day]:
    """Group the dates among `events` by day and person, days in order.

    Within a day the people in `followed` come first; otherwise people keep the order of their
    first event (`Event.sort_key`: kind, then id).
    """
    grouped: dict[date, dict[str, list[Event]]] = {}
    for event in dates_of(events):
        grouped.setdefault(event.on, {}).setdefault(event.prisoner_id, []).append(event)
    days = []
    for on, people in grouped.items():
        entries = [
            Entry(pid, on, tuple(person_events), pid in followed)
            for pid, person_events in people.items()
        ]
        # A stable sort: the followed first, each group still in its first event's order.
        entries.sort(key=lambda entry: not entry.followed)
        days.append(Day(on, tuple(entries)))
    return days


def paginate(sizes: Sequence[int], *, per_page: int, budget: int) -> list[range]:
    """Cut rows into pages of at most `per_page` rows whose sizes add up to at most `budget`.

    A row larger than the budget gets a page of its own. No rows make one empty page, so there
    is always a first page to show.
    """
    if per_page < 1:
        raise ValueError("a page holds at least one row")
    pages: list[range] = []
    start, used = 0, 0
    for index, size in enumerate(sizes):
        if index > start and (index - start >= per_page or used + size > budget):
            pages.append(range(start, index))
            start, used = index, 0
        used += size
    pages.append(range(start, len(sizes)))
    return pages
