"""Which campaign action a chat sees: the person's newest, and general ones taking turns weekly."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.actions import ActionKind, CampaignAction, for_person, for_week, may_write
from bot.domain.prisoner import Letters, Prisoner, Status

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = date(2026, 7, 12)
WRITABLE = Prisoner(
    id="anna",
    name="Anna",
    letters=Letters.YES,
    mailing_address="Colony No. 4, Homiel",
    verified_on=TODAY - timedelta(days=10),
)


def _action(id: int, prisoner_id: str | None = None, language: str | None = None) -> CampaignAction:
    return CampaignAction(id, ActionKind.PETITION, f"action {id}", None, prisoner_id, language, NOW)


def test_a_person_gets_their_newest_action_in_a_language_the_chat_reads() -> None:
    actions = [_action(1, "a"), _action(2, "a", "be"), _action(3, "b"), _action(4)]

    assert for_person(actions, "a", "en") == actions[0]
    assert for_person(actions, "a", "be") == actions[1]
    assert for_person(actions, "c", "en") is None


def test_general_actions_take_turns_week_by_week() -> None:
    actions = [_action(1), _action(2), _action(3, "a"), _action(4, language="ru")]
    monday = date(2026, 7, 6)

    seen = [for_week(actions, "en", monday + timedelta(weeks=n)) for n in range(4)]

    assert {a.id for a in seen if a} == {1, 2}
    assert seen[0] != seen[1]
    assert seen[0] == seen[2]
    assert for_week(actions, "en", monday) == for_week(actions, "en", monday + timedelta(days=6))
    assert for_week([_action(3, "a")], "en", monday) is None


def test_only_plain_web_links_and_short_lines_make_an_action() -> None:
    from bot.domain.actions import TEXT_LIMIT, is_action_text, is_link

    assert is_link("https://example.org/sign?a=1&b=2")
    for bad in ("javascript:alert(1)", 'https://x.org/"><b>', "https://a b", "example.org"):
        assert not is_link(bad), bad
    assert is_action_text("Sign the petition")
    assert not is_action_text("   ")
    assert not is_action_text("x" * (TEXT_LIMIT + 1))


@pytest.mark.parametrize("max_age", [45, None])
def test_letters_are_asked_for_when_they_reach_the_person_at_a_current_address(
    max_age: int | None,
) -> None:
    assert may_write(WRITABLE, TODAY, max_age)


@pytest.mark.parametrize(
    "changes",
    [
        {"letters": Letters.UNKNOWN},
        {"letters": Letters.NO},
        {"mailing_address": None},
        {"mailing_address": ""},
        {"status": Status.RELEASED},
    ],
)
@pytest.mark.parametrize("max_age", [45, None])
def test_no_letter_is_asked_for_without_letters_arriving_or_an_address(
    changes: dict[str, object], max_age: int | None
) -> None:
    person = dataclasses.replace(WRITABLE, **changes)

    assert not may_write(person, TODAY, max_age)


def test_an_address_not_confirmed_lately_is_not_offered_unless_its_age_is_not_checked() -> None:
    old = dataclasses.replace(WRITABLE, verified_on=TODAY - timedelta(days=46))

    assert not may_write(old, TODAY, 45)
    assert may_write(old, TODAY, 46)
    assert may_write(old, TODAY, None)
    assert not may_write(dataclasses.replace(old, verified_on=None), TODAY, 45)
