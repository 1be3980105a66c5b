"""/today and /upcoming as Telegram HTML with their buttons (pure: no calls, no storage).

The wording of every date is the daily message's (`bot.rendering.digests`): /today shows a person's
block as the digest does, /upcoming the lines of the weekly prompt under each day's heading.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_skeleton
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.actions import CampaignAction
from bot.domain.calendar import Day, Entry, WrittenLines, paginate, upcoming_range
from bot.domain.events import Event
from bot.domain.prisoner import Prisoner
from bot.l10n import Translator
from bot.rendering.digests import (
    MESSAGE_LIMIT,
    card_button,
    coming_line,
    person_block,
    split_parts,
)
from handlers.callbacks import Scope, UpcomingPage, encode

# At most this many people's days on one /upcoming page...
PAGE_ROWS = 8
# ...in at most this many characters, leaving room for the title and the legend.
PAGE_BUDGET = MESSAGE_LIMIT - 600
# Card buttons side by side under a message.
BUTTONS_PER_ROW = 2


@dataclass(frozen=True, slots=True)
class Screen:
    """One message: its HTML text and its buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def _mark(t: Translator, followed: bool) -> str:
    return f"{t('calendar-mark')} " if followed else ""


def _legend(t: Translator, entries: Sequence[Entry], group: bool) -> str | None:
    """Explain the mark, when a marked person is shown."""
    if not any(entry.followed for entry in entries):
        return None
    return t("calendar-legend-group" if group else "calendar-legend")


def _card_rows(
    t: Translator, people: Sequence[Prisoner], bot_username: str
) -> list[list[InlineKeyboardButton]]:
    buttons = [
        InlineKeyboardButton(text, url=url)
        for text, url in (card_button(t, person, bot_username) for person in people)
    ]
    return [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]


def heading(t: Translator, day: date, today: date) -> str:
    """Write a day as a heading: "Wednesday, July 15"; with the year when it is not this one."""
    weekday = format_date(day, "EEEE", locale=t.locale)
    if day.year == today.year:
        written = format_skeleton("MMMMd", day, locale=t.locale)
    else:
        written = format_date(day, "long", locale=t.locale)
    # Belarusian and Russian write weekdays in lower case; a heading starts with a capital.
    args = {"weekday": weekday[:1].upper() + weekday[1:], "date": written}
    return f"<b>{t('upcoming-day', **args)}</b>"


# -- /today ----------------------------------------------------------------------------------


def render_today(
    t: Translator,
    today: date,
    day: Day,
    people: Mapping[str, Prisoner],
    bot_username: str,
    actions: Sequence[CampaignAction] = (),
    *,
    address_max_age_days: int,
    group: bool = False,
) -> list[Screen]:
    """Return today's dates as one or more messages, each with the card buttons of its people.

    A person's address is offered only when confirmed within `address_max_age_days`.
    """
    entries = [entry for entry in day.entries if entry.prisoner_id in people]
    head = [t("today-title", date=format_date(today, "long", locale=t.locale))]
    legend = _legend(t, entries, group)
    if legend:
        head.append(legend)
    blocks = ["\n".join(head)]
    shown: list[Prisoner] = []
    for entry in entries:
        person = people[entry.prisoner_id]
        blocks.append(
            person_block(
                t,
                person,
                entry.events,
                actions,
                today=today,
                address_max_age_days=address_max_age_days,
                mark=_mark(t, entry.followed),
            )
        )
        shown.append(person)
    screens = []
    for text, indexes in split_parts(blocks):
        # Block 0 is the title; block i is the person shown[i - 1].
        in_part = [shown[i - 1] for i in indexes if i > 0]
        rows = _card_rows(t, in_part, bot_username)
        screens.append(Screen(text, InlineKeyboardMarkup(rows) if rows else None))
    return screens


def render_no_dates(
    t: Translator,
    today: date,
    coming: Sequence[Event],
    people: Mapping[str, Prisoner],
    bot_username: str,
    *,
    address_max_age_days: int,
) -> Screen:
    """Say calmly that today has no dates; offer the next date and the coming days.

    A card is suggested only to an address confirmed within `address_max_age_days`, as the
    card itself decides.
    """
    lines = [t("today-nothing", date=format_date(today, "long", locale=t.locale))]
    rows: list[list[InlineKeyboardButton]] = []
    nearest = next((e for e in coming if e.prisoner_id in people), None)
    if nearest is not None:
        person = people[nearest.prisoner_id]
        day = html.escape(format_skeleton("MMMMd", nearest.on, locale=t.locale))
        line = coming_line(t, nearest, person, today, address_max_age_days=address_max_age_days)
        lines.append(t.format("today-next", {"date": day, "line": line}, escape=False))
        rows += _card_rows(t, [person], bot_username)
    else:
        lines.append(t("today-write-anyway"))
    rows.append(
        [InlineKeyboardButton(t("today-button-upcoming"), callback_data=encode(UpcomingPage(0)))]
    )
    return Screen("\n\n".join(lines), InlineKeyboardMarkup(rows))


# -- /upcoming -------------------------------------------------------------------------------


def _lines(
    t: Translator, entry: Entry, person: Prisoner, today: date, max_age: int
) -> tuple[str, ...]:
    return tuple(
        coming_line(t, event, person, today, address_max_age_days=max_age) for event in entry.events
    )


def upcoming_lines(
    t: Translator,
    today: date,
    days: Sequence[Day],
    people: Mapping[str, Prisoner],
    *,
    address_max_age_days: int,
) -> WrittenLines:
    """Write the line of each coming date of these people once, for every chat in a language.

    A birthday suggests a card only to an address confirmed within `address_max_age_days`.
    """
    return {
        (entry.prisoner_id, entry.on): _lines(
            t, entry, people[entry.prisoner_id], today, address_max_age_days
        )
        for day in days
        for entry in day.entries
        if entry.prisoner_id in people
    }


def _scope_row(t: Translator, scope: Scope, narrowable: bool) -> list[InlineKeyboardButton]:
    """Return the button that switches between the people followed here and everyone."""
    if scope is Scope.FOLLOWED:
        data = encode(UpcomingPage(0, Scope.EVERYONE))
        return [InlineKeyboardButton(t("upcoming-button-everyone"), callback_data=data)]
    if narrowable:
        data = encode(UpcomingPage(0, Scope.FOLLOWED))
        return [InlineKeyboardButton(t("upcoming-button-followed"), callback_data=data)]
    return []


def render_upcoming(
    t: Translator,
    today: date,
    days: Sequence[Day],
    people: Mapping[str, Prisoner],
    bot_username: str,
    page: int,
    *,
    group: bool = False,
    scope: Scope = Scope.EVERYONE,
    narrowable: bool = False,
    lines: WrittenLines | None = None,
    address_max_age_days: int,
) -> tuple[Screen, int]:
    """Return one page of the coming days and the page it is (a page past the end: the last).

    With `scope` FOLLOWED the days hold the people followed here only, and a button offers
    everyone; with EVERYONE, a chat that follows people (`narrowable`) is offered them alone.
    `lines` are the dates' lines written before (`upcoming_lines`); without them each is
    written now.
    """
    first, last = upcoming_range(today)
    span = {
        "start": format_skeleton("MMMMd", first, locale=t.locale),
        "end": format_skeleton("MMMMd", last, locale=t.locale),
    }
    switch = _scope_row(t, scope, narrowable)
    entries = [entry for day in days for entry in day.entries if entry.prisoner_id in people]
    if not entries:
        key = "upcoming-nothing-followed" if scope is Scope.FOLLOWED else "upcoming-nothing"
        return Screen(t(key, **span), InlineKeyboardMarkup([switch]) if switch else None), 0
    if lines is None:
        lines = upcoming_lines(t, today, days, people, address_max_age_days=address_max_age_days)
    # The mark is written once: a month of everyone's dates holds thousands of rows.
    marks = {followed: _mark(t, followed) for followed in (False, True)}
    texts = [
        "\n".join(f"• {marks[entry.followed]}{line}" for line in lines[entry.prisoner_id, entry.on])
        for entry in entries
    ]
    headings = {on: heading(t, on, today) for on in {entry.on for entry in entries}}
    # Each row is counted with a heading of its own: a page may start with any row.
    sizes = [
        len(text) + len(headings[entry.on]) + 3 for text, entry in zip(texts, entries, strict=True)
    ]
    pages = paginate(sizes, per_page=PAGE_ROWS, budget=PAGE_BUDGET)
    page = min(max(page, 0), len(pages) - 1)
    shown = pages[page]
    title = "upcoming-title-followed" if scope is Scope.FOLLOWED else "upcoming-title"
    message = [t(title, **span)]
    if len(pages) > 1:
        message.append(t("upcoming-page", page=page + 1, pages=len(pages)))
    legend = _legend(t, [entries[i] for i in shown], group)
    if legend:
        message.append(legend)
    previous: date | None = None
    for i in shown:
        if entries[i].on != previous:
            message += ["", headings[entries[i].on]]
            previous = entries[i].on
        message.append(texts[i])
    on_page = list({entries[i].prisoner_id: people[entries[i].prisoner_id] for i in shown}.values())
    rows = _card_rows(t, on_page, bot_username)
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(
                t("list-previous"), callback_data=encode(UpcomingPage(page - 1, scope))
            )
        )
    if page + 1 < len(pages):
        nav.append(
            InlineKeyboardButton(
                t("list-next"), callback_data=encode(UpcomingPage(page + 1, scope))
            )
        )
    if nav:
        rows.append(nav)
    if switch:
        rows.append(switch)
    return Screen("\n".join(message), InlineKeyboardMarkup(rows)), page
