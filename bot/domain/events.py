"""Dated occurrences derived from a prisoner: anniversaries, day milestones and birthdays.

Everything here is pure: `today` is always the chat's local date, passed in; nothing reads the
clock. Events exist only for people whose status is IMPRISONED (released, deceased and
persecuted people get none; their news is a different matter).

Rules a renderer can rely on:

- `Event.on` is the day the event is due, the day of the digest it belongs to: for anniversaries,
  milestones and BIRTHDAY it is also the day the text is about; for BIRTHDAY_SOON it is the
  reminder day and the coming birthday is in `Event.birthday`.
- A date of 29 February is remembered on 28 February in common years, so every anniversary and
  birthday happens exactly once a calendar year (see `anniversary_in`).
- `years` counts whole years as people do: on the N-th anniversary N = today.year - original.year.
  For BIRTHDAY it is the age turned; for BIRTHDAY_SOON the age the person will turn on
  `birthday`. N >= 1 always: the original day itself is no anniversary.
- A day milestone and an anniversary may fall on the same day (day 365 usually is the first
  detention anniversary); both are emitted and the digest decides what to show.
- `post_by` of BIRTHDAY_SOON may lie before `on` when `postal_days > card_lead_days`: the
  card can no longer arrive in time.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.chat import AlertKind
from bot.domain.prisoner import Prisoner, Status

# Fixed milestones of days behind bars; besides these, every positive multiple of
# MILESTONE_STEP (500, 1000, 1500, ...) is one. Day 0 is the detention day itself, so day 365 is
# the first detention anniversary unless a 29 February lies in between.
MILESTONES: tuple[int, ...] = (100, 365)
MILESTONE_STEP = 500

# The birthday reminder comes this many days before the birthday...
CARD_LEAD_DAYS = 14
# ...and a card posted this many days before the birthday should still arrive in time.
POSTAL_DAYS = 10


class EventKind(StrEnum):
    """What happened on a day; declaration order is the order within a day's digest."""

    DETENTION_ANNIVERSARY = "detention_anniversary"
    SENTENCE_ANNIVERSARY = "sentence_anniversary"
    DAYS_MILESTONE = "days_milestone"
    # The reminder to post a card, CARD_LEAD_DAYS before the birthday.
    BIRTHDAY_SOON = "birthday_soon"
    # The birthday itself.
    BIRTHDAY = "birthday"

    @property
    def alert_kind(self) -> AlertKind:
        """Return the kind of message a chat switches on or off to get this event."""
        return _ALERT_KINDS[self]

    @property
    def priority(self) -> int:
        """Return the rank of this kind within a day (lower first): its declaration order."""
        return _PRIORITIES[self]


_ALERT_KINDS: dict[EventKind, AlertKind] = {
    EventKind.DETENTION_ANNIVERSARY: AlertKind.ANNIVERSARIES,
    EventKind.SENTENCE_ANNIVERSARY: AlertKind.ANNIVERSARIES,
    EventKind.DAYS_MILESTONE: AlertKind.MILESTONES,
    EventKind.BIRTHDAY_SOON: AlertKind.BIRTHDAYS,
    EventKind.BIRTHDAY: AlertKind.BIRTHDAYS,
}
_PRIORITIES: dict[EventKind, int] = {kind: rank for rank, kind in enumerate(EventKind)}


@dataclass(frozen=True, slots=True)
class Event:
    """One event of one person on one day, with the numbers its text needs."""

    kind: EventKind
    prisoner_id: str
    # The day the event is due (see the module notes; for BIRTHDAY_SOON the reminder day).
    on: date
    # Anniversary number N; for birthdays the age turned (BIRTHDAY_SOON: will turn).
    years: int | None = None
    # DAYS_MILESTONE: days behind bars, counted from the detention day (day 0).
    days: int | None = None
    # BIRTHDAY_SOON: the date of the coming birthday (29 Feb shifted to 28 Feb in common years).
    birthday: date | None = None
    # BIRTHDAY_SOON: the last day to post a card so that it arrives in time.
    post_by: date | None = None

    @property
    def sort_key(self) -> tuple[date, int, str]:
        """Return the stable order of events: by day, then kind priority, then prisoner id."""
        return (self.on, self.kind.priority, self.prisoner_id)


def anniversary_in(original: date, year: int) -> date:
    """Return the anniversary of `original` in `year`; 29 Feb falls on 28 Feb in common years."""
    if original.month == 2 and original.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return original.replace(year=year)


def is_milestone(days: int) -> bool:
    """Tell whether this many days behind bars is a milestone (see MILESTONES)."""
    return days in MILESTONES or (days > 0 and days % MILESTONE_STEP == 0)


def card_post_by(birthday: date, postal_days: int = POSTAL_DAYS) -> date:
    """Return the last day to post a card so that it arrives by `birthday`."""
    return birthday - timedelta(days=postal_days)


def without_repeats(events: Iterable[Event]) -> list[Event]:
    """Drop each day-365 milestone that repeats the first detention anniversary of its day."""
    events = list(events)
    anniversaries = {
        (e.prisoner_id, e.on) for e in events if e.kind is EventKind.DETENTION_ANNIVERSARY
    }
    return [
        e
        for e in events
        if not (
            e.kind is EventKind.DAYS_MILESTONE
            and e.days == 365
            and (e.prisoner_id, e.on) in anniversaries
        )
    ]


def _check_options(card_lead_days: int, postal_days: int) -> None:
    if card_lead_days < 0 or postal_days < 0:
        raise ValueError("card_lead_days and postal_days must not be negative")


def _anniversary_years(original: date | None, today: date) -> int | None:
    """Return N if `today` is the N-th anniversary (N >= 1) of `original`, else None."""
    if original is None or original > today:
        return None
    years = today.year - original.year
    if years >= 1 and anniversary_in(original, today.year) == today:
        return years
    return None


def events_on(
    prisoner: Prisoner,
    today: date,
    *,
    card_lead_days: int = CARD_LEAD_DAYS,
    postal_days: int = POSTAL_DAYS,
) -> list[Event]:
    """Return the events of one person due on `today` (a local date), in `Event.sort_key` order.

    Only people currently imprisoned have events. A missing date gives no events of its kinds;
    a date after `today` (bad data) gives none either.
    """
    _check_options(card_lead_days, postal_days)
    if prisoner.status is not Status.IMPRISONED:
        return []
    pid = prisoner.id
    events: list[Event] = []

    detention = _anniversary_years(prisoner.detained_on, today)
    if detention is not None:
        events.append(Event(EventKind.DETENTION_ANNIVERSARY, pid, today, years=detention))

    sentence = _anniversary_years(prisoner.sentenced_on, today)
    if sentence is not None:
        events.append(Event(EventKind.SENTENCE_ANNIVERSARY, pid, today, years=sentence))

    if prisoner.detained_on is not None and prisoner.detained_on <= today:
        days = (today - prisoner.detained_on).days
        if is_milestone(days):
            events.append(Event(EventKind.DAYS_MILESTONE, pid, today, days=days))

    birth = prisoner.birth_date
    if birth is not None and birth <= today:
        coming = today + timedelta(days=card_lead_days)
        turning = coming.year - birth.year
        if turning >= 1 and anniversary_in(birth, coming.year) == coming:
            events.append(
                Event(
                    EventKind.BIRTHDAY_SOON,
                    pid,
                    today,
                    years=turning,
                    birthday=coming,
                    post_by=card_post_by(coming, postal_days),
                )
            )
        age = _anniversary_years(birth, today)
        if age is not None:
            events.append(Event(EventKind.BIRTHDAY, pid, today, years=age))

    return events


def _anniversaries_between(
    kind: EventKind, pid: str, original: date | None, start: date, end: date
) -> Iterable[Event]:
    if original is None:
        return
    for year in range(max(start.year, original.year + 1), end.year + 1):
        day = anniversary_in(original, year)
        if start <= day <= end:
            yield Event(kind, pid, day, years=year - original.year)


def _milestones_between(
    pid: str, detained_on: date | None, start: date, end: date
) -> Iterable[Event]:
    if detained_on is None or end < detained_on:
        return
    first = max((start - detained_on).days, 1)
    last = (end - detained_on).days
    counts = {d for d in MILESTONES if first <= d <= last}
    step_from = -(-first // MILESTONE_STEP) * MILESTONE_STEP  # the first multiple >= first
    counts.update(range(step_from, last + 1, MILESTONE_STEP))
    for days in sorted(counts):
        yield Event(EventKind.DAYS_MILESTONE, pid, detained_on + timedelta(days=days), days=days)


def _birthday_reminders_between(
    pid: str, birth: date | None, start: date, end: date, card_lead_days: int, postal_days: int
) -> Iterable[Event]:
    if birth is None:
        return
    lead = timedelta(days=card_lead_days)
    first_year = max((start + lead).year, birth.year + 1)
    for year in range(first_year, (end + lead).year + 1):
        birthday = anniversary_in(birth, year)
        day = birthday - lead
        if start <= day <= end and birth <= day:
            yield Event(
                EventKind.BIRTHDAY_SOON,
                pid,
                day,
                years=year - birth.year,
                birthday=birthday,
                post_by=card_post_by(birthday, postal_days),
            )


def events_between(
    prisoners: Iterable[Prisoner],
    start: date,
    end: date,
    *,
    card_lead_days: int = CARD_LEAD_DAYS,
    postal_days: int = POSTAL_DAYS,
) -> list[Event]:
    """Return every event due on a day from `start` to `end` inclusive, in `Event.sort_key` order.

    Equals calling `events_on` for each person on each day, sorted by `Event.sort_key` (for one
    person: simply concatenated day by day). Works per person in time proportional to the number
    of years in the range, not the number of days.
    """
    _check_options(card_lead_days, postal_days)
    if end < start:
        raise ValueError("the end comes before the start")
    events: list[Event] = []
    for prisoner in prisoners:
        if prisoner.status is not Status.IMPRISONED:
            continue
        pid = prisoner.id
        events.extend(
            _anniversaries_between(
                EventKind.DETENTION_ANNIVERSARY, pid, prisoner.detained_on, start, end
            )
        )
        events.extend(
            _anniversaries_between(
                EventKind.SENTENCE_ANNIVERSARY, pid, prisoner.sentenced_on, start, end
            )
        )
        events.extend(_milestones_between(pid, prisoner.detained_on, start, end))
        events.extend(
            _birthday_reminders_between(
                pid, prisoner.birth_date, start, end, card_lead_days, postal_days
            )
        )
        events.extend(
            _anniversaries_between(EventKind.BIRTHDAY, pid, prisoner.birth_date, start, end)
        )
    events.sort(key=lambda event: event.sort_key)
    return events


def birthdays_between(prisoners: Iterable[Prisoner], start: date, end: date) -> list[Event]:
    """Return the birthdays from `start` to `end` inclusive, in `Event.sort_key` order.

    The BIRTHDAY events of `events_between`, without working out the other kinds.
    """
    if end < start:
        raise ValueError("the end comes before the start")
    events = [
        event
        for prisoner in prisoners
        if prisoner.status is Status.IMPRISONED
        for event in _anniversaries_between(
            EventKind.BIRTHDAY, prisoner.id, prisoner.birth_date, start, end
        )
    ]
    events.sort(key=lambda event: event.sort_key)
    return events
