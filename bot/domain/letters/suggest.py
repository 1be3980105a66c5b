"""Whom to suggest for a letter: people in prison who have had the fewest letters this month.

Supporters asked to write to "the forgotten rather than the famous". Everyone may be suggested
whose letters may reach them; the order leans toward the people with the fewest "I wrote" marks
this month, and leaves out whoever the chat itself wrote to lately.

The weighting, in full:

1. People are put in tiers by their marks this month: 0, 1, 2-3, 4-7, 8-15, ... (the tier is
   the bit length of the count). Everyone with no letter comes before everyone with one, who
   come before those with two or three, and so on; a person with many marks comes last. Past
   the first few letters the tiers widen, because the difference between 9 and 12 letters
   matters much less to a person than between none and one.
2. Within a tier the order is a shuffle fixed by the chat's seed: each person's place comes from
   a hash of the seed and the person's id. Two chats see different people first, so a hundred
   supporters pressing /write at once do not all write to the same person; one chat sees the
   same order on every press, so "Another" walks down the list instead of jumping around.
   Because the hash involves only the seed and one id, people added to or dropped from the
   list leave everyone else's order as it was.

The caller chooses the seed: the chat's id with the month, say, for a new walk every month.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import date, timedelta
from operator import itemgetter

from bot.domain.prisoner import Letters, Prisoner, Status

# A chat is not offered people it wrote to within this many days.
RECENT = timedelta(days=30)


def may_get_letters(prisoner: Prisoner) -> bool:
    """Tell whether a letter may reach the person: in prison, and letters not known to fail.

    Letters marked unknown are worth trying; only `letters=no` (known to be withheld) is left
    out. Whether the address is current enough to show is a separate question for the card.
    """
    return prisoner.status is Status.IMPRISONED and prisoner.letters is not Letters.NO


def recent_since(today: date) -> date:
    """Return the first day whose "I wrote" marks keep a person out of the chat's suggestions."""
    return today - RECENT


def tier(marks: int) -> int:
    """Return the weighting tier of a number of marks: 0 for none, 1 for one, 2 for 2-3, ..."""
    return max(marks, 0).bit_length()


def suggestion_order(
    candidates: Iterable[Prisoner],
    marks: Mapping[str, int],
    recent: Set[str],
    seed: int | str,
) -> list[Prisoner]:
    """Return the people to suggest, first to last (see the module's notes on the weighting).

    `candidates` may hold anyone: people whose letters cannot reach them are left out here.
    `marks` maps a person's id to the "I wrote" marks of all chats this month (absent: none);
    `recent` holds the ids this chat wrote to within RECENT, who are left out.
    """
    return in_tiers(shuffled(candidates, seed), marks, recent)


def shuffled(candidates: Iterable[Prisoner], seed: int | str) -> tuple[Prisoner, ...]:
    """Return the people whose letters may reach them in the seed's fixed shuffle.

    The shuffle is the order within every tier (see the module's notes). It depends on the
    people and the seed only, not on the marks: a caller may keep it while both stay the same.
    """
    salt = str(seed).encode() + b"\x00"
    # Each person's place: the hash of the seed and the id, then the id itself for a tie (UTF-8
    # keeps the order of the characters), as one bytes value: faster to compare than a tuple.
    ranked = []
    for person in candidates:
        if may_get_letters(person):
            person_id = person.id.encode()
            ranked.append((_shuffle_hash(salt + person_id) + person_id, person))
    ranked.sort(key=itemgetter(0))
    return tuple(person for _, person in ranked)


def in_tiers(
    shuffle: Iterable[Prisoner], marks: Mapping[str, int], recent: Set[str]
) -> list[Prisoner]:
    """Return a shuffle (see `shuffled`) in suggestion order: tier by tier, each in its order.

    The same as `suggestion_order` of the shuffle's people, in time linear in their number.
    """
    unwritten: list[Prisoner] = []
    written: dict[int, list[Prisoner]] = {}
    for person in shuffle:
        if person.id in recent:
            continue
        # Most people have no mark this month: they are tier 0, in the shuffle's order.
        count = marks.get(person.id, 0)
        if count <= 0:
            unwritten.append(person)
        else:
            written.setdefault(tier(count), []).append(person)
    return unwritten + [person for number in sorted(written) for person in written[number]]


def next_after(order: Sequence[Prisoner], current_id: str | None) -> Prisoner | None:
    """Return who comes after `current_id` in `order` ("Another"), from the top at the end.

    With `current_id` None or no longer in the list (marked since, or released), start over.
    """
    if not order:
        return None
    for index, person in enumerate(order):
        if person.id == current_id:
            return order[(index + 1) % len(order)]
    return order[0]


def _shuffle_hash(data: bytes) -> bytes:
    # blake2b rather than hash(): the same on every run and every worker, unlike str hashing.
    return hashlib.blake2b(data, digest_size=8).digest()
