"""What a prisoner's card says beyond the record itself: time inside and how fresh the facts are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.durations import Span, span_between
from bot.domain.prisoner import Prisoner, Status

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
