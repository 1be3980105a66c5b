"""The solidarity calendar as an iCalendar file (RFC 5545), made on demand (pure: no calls).

Each date is an all-day event. Its UID names the person, the kind of date and the day, so a
calendar app that imports a newer file updates the events it has instead of adding copies.
The texts are the daily message's, in the chat's language, as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bot.domain.events import Event, EventKind, card_post_by
from bot.domain.prisoner import Prisoner
from bot.domain.telegram_html import plain_text
from bot.l10n import Translator
from handlers.cards import deep_link
from handlers.digests import action_line, event_line

PRODID = "-//solidarity-bot//Solidarity calendar//EN"
FILE_NAME = "solidarity-calendar.ics"


def event_uid(event: Event, bot_username: str) -> str:
    """Return the UID of a date: the same person, kind and day give the same UID every time."""
    return f"{event.on:%Y%m%d}-{event.kind.value}-{event.prisoner_id}@{bot_username}"


def _description(t: Translator, event: Event, person: Prisoner, link: str, today: date) -> str:
    card_by = None
    if event.kind is EventKind.BIRTHDAY and card_post_by(event.on) >= today:
        # Only while a card can still arrive in time; afterwards a letter is the thing to do.
        card_by = card_post_by(event.on)
    action = plain_text(action_line(t, [event], person, card_by=card_by))
    return f"{action}\n\n{plain_text(t('calendar-file-card', link=link))}"


def build_calendar(
    t: Translator,
    events: Sequence[Event],
    people: Mapping[str, Prisoner],
    *,
    bot_username: str,
    today: date,
    now: datetime,
    everyone: bool,
) -> bytes:
    """Return the iCalendar file of these dates (the people's, as `people` holds them).

    `today` is the chat's local date (birthdays in reach still ask for a card), `now` the
    moment the file is made (each event's DTSTAMP).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = t("calendar-file-name-everyone" if everyone else "calendar-file-name")
    calendar.add("x-wr-calname", plain_text(name))
    stamp = now.astimezone(UTC)
    for event in events:
        person = people.get(event.prisoner_id)
        if person is None:
            continue
        link = deep_link(bot_username, person.id)
        item = CalendarEvent()
        item.add("uid", event_uid(event, bot_username))
        item.add("dtstamp", stamp)
        item.add("dtstart", event.on)
        item.add("dtend", event.on + timedelta(days=1))
        item.add("summary", plain_text(event_line(t, event, person)))
        item.add("description", _description(t, event, person, link, today))
        item.add("url", link)
        # A day to remember, not a busy day: the dates never block time in a schedule.
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)
    return bytes(calendar.to_ical())
