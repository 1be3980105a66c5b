"""What a card says beyond the record: time inside, how fresh the facts are, and in which words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.domain.durations import Span, span_between
from bot.domain.prisoner import TEXT_LANGUAGES, Prisoner, Status

# The free-text fields with per-language forms, besides `charges` (a list: see `charges_in`).
TextField = Literal["status_note", "sentence", "facility", "organization", "summary"]

# Facts confirmed longer ago than this are shown as possibly outdated.
STALE_AFTER = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class CardFacts:
    """Derived facts for one card on one day."""

    inside: Span | None  # behind bars until today, or until release or death
    still_inside: bool
    stale: bool  # never confirmed, or confirmed more than STALE_AFTER ago


def card_facts(prisoner: Prisoner, today: date) -> CardFacts:
    """Compute the card's derived facts as of `today` (the chat's local date)."""
    still_inside = prisoner.status is Status.IMPRISONED
    end = today if still_inside else prisoner.status_changed_on
    inside = None
    # Persecuted people mostly serve restricted-freedom sentences at home: no time behind bars.
    if (
        prisoner.status is not Status.PERSECUTED
        and prisoner.detained_on is not None
        and end is not None
        and prisoner.detained_on <= end
    ):
        inside = span_between(prisoner.detained_on, end)
    stale = is_stale(prisoner, today)
    return CardFacts(inside=inside, still_inside=still_inside, stale=stale)


def is_stale(prisoner: Prisoner, today: date) -> bool:
    """Tell whether the record's facts were never confirmed, or last confirmed long ago."""
    confirmed = prisoner.confirmed_on
    return confirmed is None or today - confirmed > STALE_AFTER


def text_in(prisoner: Prisoner, field: TextField, language: str | None) -> str | None:
    """Return a free-text field as written for chats in `language`, else the base text.

    A record may give `summary_be`, `sentence_ru` and so on besides the base field; a chat in
    another language, or a record without that form, gets the base field.
    """
    base: str | None = getattr(prisoner, field)
    if language not in TEXT_LANGUAGES:
        return base
    own: str | None = getattr(prisoner, f"{field}_{language}")
    return own or base


def charges_in(prisoner: Prisoner, language: str | None) -> tuple[str, ...]:
    """Return the charges as written for chats in `language`, else the base list."""
    own = {"be": prisoner.charges_be, "ru": prisoner.charges_ru}.get(language or "", ())
    return own or prisoner.charges
