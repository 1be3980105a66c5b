"""Write the letter-writing evening kit in the chat's language (pure: plain data in, no calls).

`evening_kit` turns the chosen people into the kit's pages for `build_evening_pdf`: each name in
Cyrillic and in Latin letters, the envelope block (in Belarusian for Belarusian chats, else in
Russian, as the letter guide has it), the birthday, two lines about the person and what to leave
out of the letter. The first page has the evening's how-to and the birthdays of the next
BIRTHDAY_DAYS days of the people the kit was chosen from.

The PDF is plain text, not Telegram HTML: the kit's own texts are formatted without escaping
and have no markup or emoji (its font has none); the birthday lines are the weekly message's,
made plain.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from bot.domain.card import text_in
from bot.domain.events import anniversary_in, birthdays_between
from bot.domain.freshness import shows_place
from bot.domain.letters.envelope import AddressState, envelope
from bot.domain.letters.names import Language, is_cyrillic, letter_language
from bot.domain.prisoner import Prisoner
from bot.domain.telegram_html import plain_text
from bot.l10n import Translator, day_month, long_date
from bot.rendering.cards import FIELD_LIMIT, display_name
from bot.rendering.digests import coming_line
from bot.rendering.evening_pdf import EveningKit, EveningLabels, EveningPage
from bot.rendering.letters import SUMMARY_LIMIT, shortened

# The first page lists the birthdays of this many days from today...
BIRTHDAY_DAYS = 60
# ...at most this many of them, the soonest first: the rest are a line that says how many.
BIRTHDAYS_LISTED = 40


def evening_kit(
    chosen: Sequence[Prisoner],
    pool: Iterable[Prisoner],
    t: Translator,
    today: date,
    *,
    address_max_age_days: int,
) -> EveningKit:
    """Return the kit of these people, with the coming birthdays of everyone in `pool`.

    `today` is the chat's local date; an address is given only while it is current.
    """
    language = letter_language(t.language)
    return EveningKit(
        title=_text(t, "evening-title", date=long_date(today, t.language)),
        how_to=tuple(_text(t, "evening-how-to").split("\n\n")),
        birthdays=birthday_lines(pool, t, today, address_max_age_days=address_max_age_days),
        pages=tuple(_page(person, t, language, today, address_max_age_days) for person in chosen),
        labels=EveningLabels(
            envelope=_text(t, "evening-label-envelope"),
            about=_text(t, "evening-label-about"),
            avoid=_text(t, "evening-label-avoid"),
            birthdays=_text(t, "evening-label-birthdays"),
            no_birthdays=_text(t, "evening-no-birthdays"),
        ),
        language=t.language,
    )


def birthday_lines(
    people: Iterable[Prisoner], t: Translator, today: date, *, address_max_age_days: int
) -> tuple[str, ...]:
    """Return a line per birthday from today on for BIRTHDAY_DAYS days, the soonest first.

    Each says what the weekly message says of it: by when to post a card where one can be.
    """
    last = today + timedelta(days=BIRTHDAY_DAYS - 1)
    by_id = {person.id: person for person in people}
    birthdays = birthdays_between(by_id.values(), today, last)
    lines = []
    for event in birthdays[:BIRTHDAYS_LISTED]:
        person = by_id[event.prisoner_id]
        line = coming_line(t, event, person, today, address_max_age_days=address_max_age_days)
        day = html.escape(day_month(event.on, t.language))
        lines.append(plain_text(t.format("week-dated", {"date": day, "line": line}, escape=False)))
    if len(birthdays) > BIRTHDAYS_LISTED:
        lines.append(_text(t, "evening-birthdays-more", count=len(birthdays) - BIRTHDAYS_LISTED))
    return tuple(lines)


def _page(
    person: Prisoner, t: Translator, language: Language, today: date, max_age: int
) -> EveningPage:
    block = envelope(person, language, today=today, address_max_age_days=max_age)
    notes = []
    if block.address is AddressState.OUTDATED:
        notes.append(_text(t, "evening-address-outdated"))
    elif block.address is AddressState.MISSING:
        notes.append(_text(t, "evening-no-address"))
    if not block.cyrillic:
        notes.append(_text(t, "letter-guide-not-cyrillic"))
    name = cyrillic_name(person, language)
    return EveningPage(
        name=name,
        name_latin=person.name if person.name != name else "",
        envelope=block.lines,
        envelope_notes=tuple(notes),
        birthday=_birthday(person, t, today),
        about=_about(person, t),
        avoid=tuple(_text(t, "evening-avoid").splitlines()),
    )


def cyrillic_name(person: Prisoner, language: Language) -> str:
    """Return the person's name in Cyrillic, in `language` where the data has it, as spoken."""
    other = person.name_ru if language == "be" else person.name_be
    for name in (display_name(person, language), other):
        if name and is_cyrillic(name):
            return name
    return person.name


def _birthday(person: Prisoner, t: Translator, today: date) -> str | None:
    born = person.birth_date
    if born is None or born > today:
        return None
    coming = anniversary_in(born, today.year)
    if coming < today:
        coming = anniversary_in(born, today.year + 1)
    return _text(
        t, "evening-birthday", date=day_month(coming, t.language), age=coming.year - born.year
    )


def _about(person: Prisoner, t: Translator) -> tuple[str, ...]:
    """Return who the person is in two lines: since when and where, then the summary."""
    since = person.detained_on or person.status_changed_on
    if since is None:
        first = _text(t, "evening-in-prison-undated")
    else:
        first = _text(t, "evening-in-prison", since=long_date(since, t.language))
    facility = text_in(person, "facility", t.language)
    if facility and shows_place(person):
        first = f"{first} · {shortened(facility, FIELD_LIMIT)}"
    about = text_in(person, "summary", t.language) or text_in(person, "sentence", t.language)
    return (first, shortened(about, SUMMARY_LIMIT)) if about else (first,)


def _text(t: Translator, message_id: str, **args: str | int) -> str:
    return t.format(message_id, args, escape=False)
