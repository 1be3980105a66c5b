"""Whom /write suggests: who may get letters, the weighting by marks, the 30-day exclusion."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.letters.suggest import (
    RECENT,
    in_tiers,
    may_get_letters,
    next_after,
    recent_since,
    shuffled,
    suggestion_order,
    tier,
)
from bot.domain.prisoner import Letters, Prisoner, Status


def person(
    number: int, status: Status = Status.IMPRISONED, letters: Letters = Letters.UNKNOWN
) -> Prisoner:
    return Prisoner(
        id=f"person-{number:03d}", name=f"Person {number}", status=status, letters=letters
    )


PEOPLE = [person(i) for i in range(40)]


@pytest.mark.parametrize(
    ("status", "letters", "expected"),
    [
        (Status.IMPRISONED, Letters.YES, True),
        (Status.IMPRISONED, Letters.UNKNOWN, True),
        (Status.IMPRISONED, Letters.NO, False),
        (Status.RELEASED, Letters.YES, False),
        (Status.DECEASED, Letters.UNKNOWN, False),
        (Status.PERSECUTED, Letters.YES, False),
    ],
)
def test_who_may_get_letters(status: Status, letters: Letters, expected: bool) -> None:
    assert may_get_letters(person(1, status=status, letters=letters)) is expected


def test_people_whose_letters_cannot_reach_them_are_left_out() -> None:
    candidates = [
        person(1),
        person(2, letters=Letters.NO),
        person(3, status=Status.RELEASED),
        person(4, letters=Letters.YES),
    ]
    order = suggestion_order(candidates, {}, frozenset(), seed=7)
    assert sorted(p.id for p in order) == ["person-001", "person-004"]


@pytest.mark.parametrize("seed", range(25))
def test_a_person_with_many_marks_comes_last(seed: int) -> None:
    famous = PEOPLE[5].id
    marks = {famous: 40, PEOPLE[9].id: 1}
    order = suggestion_order(PEOPLE, marks, frozenset(), seed=seed)
    assert order[-1].id == famous
    assert order[-2].id == PEOPLE[9].id
    assert len(order) == len(PEOPLE)


def test_fewer_marks_come_first_tier_by_tier() -> None:
    marks = {p.id: p_index % 9 for p_index, p in enumerate(PEOPLE)}
    order = suggestion_order(PEOPLE, marks, frozenset(), seed="chat-1:2026-03")
    tiers = [tier(marks[p.id]) for p in order]
    assert tiers == sorted(tiers)
    assert tiers[0] == 0


@pytest.mark.parametrize(
    ("marks", "expected"),
    [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (7, 3), (8, 4), (15, 4), (16, 5), (-1, 0)],
)
def test_tiers(marks: int, expected: int) -> None:
    assert tier(marks) == expected


def test_people_the_chat_wrote_to_lately_are_left_out() -> None:
    recent = {PEOPLE[0].id, PEOPLE[1].id}
    order = suggestion_order(PEOPLE, {}, recent, seed=1)
    assert recent.isdisjoint(p.id for p in order)
    assert len(order) == len(PEOPLE) - 2


def test_recent_means_thirty_days() -> None:
    assert RECENT.days == 30
    assert recent_since(date(2026, 3, 31)) == date(2026, 3, 1)


def test_the_same_seed_gives_the_same_order() -> None:
    marks = {PEOPLE[3].id: 2}
    first = suggestion_order(PEOPLE, marks, frozenset(), seed=12345)
    again = suggestion_order(list(reversed(PEOPLE)), marks, frozenset(), seed=12345)
    assert [p.id for p in first] == [p.id for p in again]


def test_different_chats_see_different_people_first() -> None:
    firsts = {suggestion_order(PEOPLE, {}, frozenset(), seed=chat)[0].id for chat in range(20)}
    # Twenty chats over forty people who all had no letter: not all on the same person.
    assert len(firsts) > 5


def test_people_leaving_the_list_do_not_reshuffle_the_rest() -> None:
    whole = [p.id for p in suggestion_order(PEOPLE, {}, frozenset(), seed=3)]
    fewer = [p.id for p in suggestion_order(PEOPLE[::2], {}, frozenset(), seed=3)]
    assert fewer == [pid for pid in whole if pid in set(fewer)]


def test_another_walks_the_list_and_starts_over() -> None:
    order = suggestion_order(PEOPLE[:5], {}, frozenset(), seed=9)
    seen = []
    current: str | None = None
    for _ in range(len(order)):
        following = next_after(order, current)
        assert following is not None
        seen.append(following.id)
        current = following.id
    assert seen == [p.id for p in order]
    assert next_after(order, current) == order[0]


def test_another_after_someone_no_longer_listed_starts_from_the_top() -> None:
    order = suggestion_order(PEOPLE[:5], {}, frozenset(), seed=9)
    assert next_after(order, "someone-released") == order[0]
    assert next_after([], None) is None


@given(
    marks=st.dictionaries(st.sampled_from([p.id for p in PEOPLE]), st.integers(0, 40)),
    recent=st.frozensets(st.sampled_from([p.id for p in PEOPLE])),
    among=st.frozensets(st.sampled_from([p.id for p in PEOPLE])),
    seed=st.integers(0, 10**6),
)
def test_a_kept_shuffle_serves_every_press_and_every_subset(
    marks: dict[str, int], recent: frozenset[str], among: frozenset[str], seed: int
) -> None:
    # A press puts the chat's kept shuffle in tiers, for everyone or for the people of a place.
    shuffle = shuffled(PEOPLE, seed)
    place = {p.id: index for index, p in enumerate(shuffle)}
    by_tier_then_shuffle = sorted(
        (p for p in PEOPLE if p.id not in recent),
        key=lambda p: (tier(marks.get(p.id, 0)), place[p.id]),
    )

    assert in_tiers(shuffle, marks, recent) == by_tier_then_shuffle
    assert sorted(p.id for p in shuffle) == sorted(p.id for p in PEOPLE)
    # The shuffle of some people is everyone's without the others: it can be kept and cut.
    some = [p for p in PEOPLE if p.id in among]
    assert list(shuffled(some, seed)) == [p for p in shuffle if p.id in among]


@pytest.mark.parametrize("seed", [0, 7, "chat-1:2026-03", "-1001:2026-12"])
def test_the_shuffle_is_the_hash_of_the_seed_and_the_id(seed: int | str) -> None:
    # As chats have seen it since /write began: a new way to compute it keeps every order.
    def place(person: Prisoner) -> tuple[bytes, str]:
        data = f"{seed}".encode() + b"\x00" + person.id.encode()
        return hashlib.blake2b(data, digest_size=8).digest(), person.id

    assert list(shuffled(PEOPLE, seed)) == sorted(PEOPLE, key=place)
