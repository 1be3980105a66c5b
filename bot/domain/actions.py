"""What supporters are asked to do: write when letters arrive, and the operators' campaign actions.

Campaign actions are shown in digests and the weekly prompt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.freshness import address_is_current
from bot.domain.prisoner import Letters, Prisoner, Status

# An action is one short line in a digest.
TEXT_LIMIT = 300
_LINK = re.compile(r"https?://[^\s<>\"']+")


def may_write(prisoner: Prisoner, today: date, address_max_age_days: int | None) -> bool:
    """Tell whether to ask supporters for a letter or a card to this person.

    Only for a person in prison to whom letters from strangers are known to arrive, at the
    address the record gives; with `address_max_age_days`, only while the record was confirmed
    within that many days of `today` (people are moved between prisons, and a letter to an old
    address is lost). None leaves the age unchecked, for a text that does not give the address.
    """
    if (
        prisoner.status is not Status.IMPRISONED
        or prisoner.letters is not Letters.YES
        or not prisoner.mailing_address
    ):
        return False
    return address_max_age_days is None or address_is_current(prisoner, today, address_max_age_days)


def is_link(text: str) -> bool:
    """Tell whether text is a web link an action may open (no spaces, quotes or brackets)."""
    return _LINK.fullmatch(text) is not None


def is_action_text(text: str) -> bool:
    """Tell whether text fits as an action's words: one short, non-empty line."""
    return 0 < len(text.strip()) <= TEXT_LIMIT


class ActionKind(StrEnum):
    """What an operator's action asks for."""

    PETITION = "petition"
    DONATION = "donation"
    EVENT = "event"
    LETTERS = "letters"


@dataclass(frozen=True, slots=True)
class CampaignAction:
    """One action: its words, an optional link, and whom and which language it is for."""

    id: int
    kind: ActionKind
    text: str
    url: str | None
    # None: for everyone (the weekly prompt); else only with this person's events.
    prisoner_id: str | None
    # None: for chats in every language.
    language: str | None
    created_at: datetime
    retired_at: datetime | None = None

    def fits(self, language: str) -> bool:
        """Tell whether a chat in this language can read the action."""
        return self.language is None or self.language == language


def for_person(
    actions: Sequence[CampaignAction], prisoner_id: str, language: str
) -> CampaignAction | None:
    """Return the newest live action about this person that the chat can read, if any."""
    found = [a for a in actions if a.prisoner_id == prisoner_id and a.fits(language)]
    return max(found, key=lambda a: a.id) if found else None


def for_week(actions: Sequence[CampaignAction], language: str, day: date) -> CampaignAction | None:
    """Return this week's general action: they take turns, one per ISO week, oldest first."""
    general = sorted(
        (a for a in actions if a.prisoner_id is None and a.fits(language)), key=lambda a: a.id
    )
    if not general:
        return None
    year, week, _ = day.isocalendar()
    return general[(year * 53 + week) % len(general)]
