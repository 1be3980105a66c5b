"""Score one written name against a query, word by word, in any word order.

Every query word is paired with at most one word of the name (the most similar pairs first), so
`Bialiatski Ales` matches `Ales Bialiatski` as well as the other order does. The score blends how
much of the name the query covers (the surname, the last word, weighs most) with how much of the
query the name explains; an unmatched patronymic in a query of three or more words is not held
against it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from bot.domain.search.normalise import is_patronymic

MatchKind = Literal["full", "surname", "partial"]

SURNAME_WEIGHT = 0.6
NAME_COVERAGE_WEIGHT = 0.6


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How similar a query word is to one indexed word (0..1), and whether only as a prefix."""

    similarity: float
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class EntryScore:
    score: float
    kind: MatchKind


@functools.lru_cache(maxsize=64)
def name_weights(count: int) -> tuple[float, ...]:
    """How much each word of a name of `count` words weighs; the surname, last, weighs most."""
    if count == 1:
        return (1.0,)
    given = (1.0 - SURNAME_WEIGHT) / (count - 1)
    return (given,) * (count - 1) + (SURNAME_WEIGHT,)


def score_entry(
    query: tuple[str, ...], per_word: list[dict[str, WordMatch]], name: tuple[str, ...]
) -> EntryScore | None:
    """Score `name` (word skeletons) for `query`, given each query word's similar words."""
    pairs = sorted(
        (
            (-match.similarity, qi, ni, match)
            for qi, similar in enumerate(per_word)
            for ni, word in enumerate(name)
            if (match := similar.get(word)) is not None
        ),
        key=lambda pair: pair[:3],
    )
    query_used: dict[int, WordMatch] = {}
    name_used: dict[int, WordMatch] = {}
    for _, qi, ni, match in pairs:
        if qi not in query_used and ni not in name_used:
            query_used[qi] = match
            name_used[ni] = match
    if not name_used:
        return None

    weights = name_weights(len(name))
    name_coverage = sum(weights[ni] * match.similarity for ni, match in name_used.items())
    counted = [
        qi
        for qi, word in enumerate(query)
        if qi in query_used or len(query) < 3 or not is_patronymic(word)
    ]
    query_coverage = sum(query_used[qi].similarity for qi in counted if qi in query_used) / max(
        len(counted), 1
    )
    score = 100 * (
        NAME_COVERAGE_WEIGHT * name_coverage + (1 - NAME_COVERAGE_WEIGHT) * query_coverage
    )
    return EntryScore(round(score, 1), _kind(name_used, len(name)))


def _kind(name_used: dict[int, WordMatch], name_length: int) -> MatchKind:
    if any(match.prefix for match in name_used.values()):
        return "partial"
    if len(name_used) >= min(2, name_length):
        return "full"
    if name_length - 1 in name_used:
        return "surname"
    return "partial"
