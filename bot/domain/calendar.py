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

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.events import Event, EventKind, anniversary_in, events_between, without_repeats
from bot.domain.prisoner import Prisoner

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
        entries = (Entry(pid, on, tuple(dated), False) for pid, dated in people.items())
        days.append(Day(on, tuple(entries)))
    return marked(days, followed)


def marked(days: Iterable[Day], followed: Collection[str]) -> list[Day]:
    """Return the days with the people in `followed` marked and first, as `by_day` orders them.

    The days are those of `by_day` with nobody followed: made once, they serve every chat.
    """
    if not followed:
        return list(days)
    result = []
    for day in days:
        if not any(entry.prisoner_id in followed for entry in day.entries):
            result.append(day)
            continue
        entries = [
            Entry(entry.prisoner_id, entry.on, entry.events, entry.prisoner_id in followed)
            for entry in day.entries
        ]
        # A stable sort: the followed first, each group still in its first event's order.
        entries.sort(key=lambda entry: not entry.followed)
        result.append(Day(day.on, tuple(entries)))
    return result


@dataclass(frozen=True, slots=True)
class DataVersion:
    """Which data a calendar was made from: the last import and the day of the last sync.

    Every change of the data comes with an import (an upload, `import`, a sync that applied a
    list), except a sync that only confirms the records: it moves their `synced_on` to its
    day, and with it whether an address is recent enough to offer.
    """

    import_id: int | None
    synced_on: date | None


@dataclass(frozen=True, slots=True)
class InPrison:
    """Everyone in prison, by id, as of one version of the data."""

    version: DataVersion
    people: Mapping[str, Prisoner]


@dataclass(frozen=True, slots=True)
class CalendarIndex:
    """The dates of one local day and of the coming days for everyone in prison, unmarked.

    Made once per date and version of the data, it serves /today and every /upcoming page of
    every chat on that date (`marked` puts each chat's followed first).
    """

    today: date
    # Today's dates, or None on a day without any.
    on_today: Day | None
    # The days of `upcoming_range`.
    coming: tuple[Day, ...]
    # On a day without dates: the nearest date after it within a year, if there is one.
    next_date: Event | None


def calendar_index(
    people: Iterable[Prisoner], today: date, *, card_lead_days: int
) -> CalendarIndex:
    """Return the dates of `today` and the coming days of these people (those in prison)."""
    inside = list(people)
    on_today = by_day(events_between(inside, today, today, card_lead_days=card_lead_days), ())
    first, last = upcoming_range(today)
    coming = by_day(events_between(inside, first, last, card_lead_days=card_lead_days), ())
    next_date = None
    if not on_today:
        if coming:
            # The first person of a day is the one with the day's first event (`by_day`).
            next_date = coming[0].entries[0].events[0]
        else:
            later = dates_of(
                events_between(
                    inside,
                    last + timedelta(days=1),
                    today + timedelta(days=YEAR_DAYS),
                    card_lead_days=card_lead_days,
                )
            )
            next_date = later[0] if later else None
    return CalendarIndex(today, on_today[0] if on_today else None, tuple(coming), next_date)


# Each coming date's lines as written in one language, by (person, day): written once for
# every chat (see `handlers.calendar_views.upcoming_lines`).
WrittenLines = Mapping[tuple[str, date], tuple[str, ...]]


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
