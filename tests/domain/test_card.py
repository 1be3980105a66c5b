"""Card facts: time inside counted to today or to the release, and freshness of the facts."""

from __future__ import annotations

from datetime import date

from bot.domain.card import card_facts
from bot.domain.durations import Span
from bot.domain.prisoner import Prisoner, Status

STEFANOVICH = Prisoner(
    id="valiantsin-stefanovich",
    name="Valiantsin Stefanovich",
    detained_on=date(2021, 7, 14),
    status=Status.IMPRISONED,
    verified_on=date(2025, 12, 15),
)
BIALIATSKI = Prisoner(
    id="ales-bialiatski",
    name="Ales Bialiatski",
    detained_on=date(2021, 7, 14),
    status=Status.RELEASED,
    status_changed_on=date(2025, 12, 13),
    verified_on=date(2025, 12, 15),
)


def test_imprisoned_counts_to_today() -> None:
    facts = card_facts(STEFANOVICH, date(2026, 1, 10))
    assert facts.still_inside
    assert facts.inside == Span(4, 5, 1641)
    assert not facts.stale


def test_released_counts_to_the_release() -> None:
    facts = card_facts(BIALIATSKI, date(2026, 11, 25))
    assert not facts.still_inside
    assert facts.inside == Span(4, 4, 1613)


def test_old_or_missing_verification_is_stale() -> None:
    assert card_facts(STEFANOVICH, date(2026, 3, 16)).stale
    assert not card_facts(STEFANOVICH, date(2026, 3, 15)).stale
    unverified = Prisoner(id="x", name="X", status=Status.IMPRISONED)
    facts = card_facts(unverified, date(2026, 1, 1))
    assert facts.stale
    assert facts.inside is None


def test_persecuted_people_are_not_said_to_be_behind_bars() -> None:
    persecuted = Prisoner(
        id="p",
        name="P",
        status=Status.PERSECUTED,
        detained_on=date(2020, 1, 1),
        status_changed_on=date(2021, 1, 1),
    )
    assert card_facts(persecuted, date(2026, 1, 1)).inside is None
