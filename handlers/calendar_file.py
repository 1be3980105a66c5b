"""The solidarity calendar as an iCalendar file (RFC 5545), made on demand (pure: no calls).

Each date is an all-day event. Its UID names the person, the kind of date and the day, so a
calendar app that imports a newer file updates the events it has instead of adding copies.
The texts are the daily message's, in the chat's language, as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from bot.domain.events import POSTAL_DAYS, Event, EventKind, card_post_by
from bot.domain.prisoner import Prisoner
from bot.domain.telegram_html import plain_text
from bot.l10n import Translator
from bot.rendering.cards import deep_link, display_name
from bot.rendering.digests import action_line, event_line

PRODID = "-//solidarity-bot//Solidarity calendar//EN"
FILE_NAME = "solidarity-calendar.ics"
CALENDAR_END = b"END:VCALENDAR\r\n"
# The hour of the day to post a card by, when the calendar app reminds of it.
CARD_REMINDER_HOUR = timedelta(hours=10)


def event_uid(event: Event, bot_username: str) -> str:
    """Return the UID of a date: the same person, kind and day give the same UID every time."""
    return f"{event.on:%Y%m%d}-{event.kind.value}-{event.prisoner_id}@{bot_username}"


def _card_by(event: Event, today: date) -> date | None:
    """Return the day to post a birthday card by, while a card can still arrive in time."""
    if event.kind is EventKind.BIRTHDAY and card_post_by(event.on) >= today:
        return card_post_by(event.on)
    return None


def _description(
    t: Translator, event: Event, person: Prisoner, link: str, today: date, max_age: int
) -> str:
    # Afterwards a letter is the thing to do; an address not confirmed lately is left out.
    action = plain_text(
        action_line(
            t,
            [event],
            person,
            today=today,
            address_max_age_days=max_age,
            card_by=_card_by(event, today),
        )
    )
    return f"{action}\n\n{plain_text(t('calendar-file-card', link=link))}"


def _card_reminder(t: Translator, person: Prisoner) -> Alarm:
    """Remind on the last day to post the card, at 10:00: the birthday itself is too late."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -(timedelta(days=POSTAL_DAYS) - CARD_REMINDER_HOUR))
    name = display_name(person, t.language)
    alarm.add("description", plain_text(t("calendar-file-card-reminder", name=name)))
    return alarm


def build_calendar(
    t: Translator,
    events: Sequence[Event],
    people: Mapping[str, Prisoner],
    *,
    bot_username: str,
    today: date,
    now: datetime,
    everyone: bool,
    address_max_age_days: int,
) -> bytes:
    """Return the iCalendar file of these dates (the people's, as `people` holds them).

    `today` is the chat's local date (birthdays in reach still ask for a card; an address is
    given only when confirmed within `address_max_age_days` of it), `now` the moment the file
    is made (each event's DTSTAMP).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = t("calendar-file-name-everyone" if everyone else "calendar-file-name")
    calendar.add("x-wr-calname", plain_text(name))
    stamp = now.astimezone(UTC)
    # Each event is written out as soon as it is made: a year of everyone's dates held as
    # components at once took about ten times the file's size in memory.
    head, end = bytes(calendar.to_ical()).split(CALENDAR_END)
    parts = [head]
    for event in events:
        person = people.get(event.prisoner_id)
        if person is None:
            continue
        parts.append(_event(t, event, person, bot_username, today, stamp, address_max_age_days))
    parts.append(CALENDAR_END + end)
    return b"".join(parts)


def _event(
    t: Translator,
    event: Event,
    person: Prisoner,
    bot_username: str,
    today: date,
    stamp: datetime,
    max_age: int,
) -> bytes:
    link = deep_link(bot_username, person.id)
    item = CalendarEvent()
    item.add("uid", event_uid(event, bot_username))
    item.add("dtstamp", stamp)
    item.add("dtstart", event.on)
    item.add("dtend", event.on + timedelta(days=1))
    item.add("summary", plain_text(event_line(t, event, person)))
    item.add("description", _description(t, event, person, link, today, max_age))
    item.add("url", link)
    # A day to remember, not a busy day: the dates never block time in a schedule.
    item.add("transp", "TRANSPARENT")
    if _card_by(event, today) is not None:
        item.add_component(_card_reminder(t, person))
    return bytes(item.to_ical())
