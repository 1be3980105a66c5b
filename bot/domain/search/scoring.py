"""Score one written name against a query, word by word, in any word order.

Every query word is paired with at most one word of the name (the most similar pairs first), so
`Bialiatski Ales` matches `Ales Bialiatski` as well as the other order does. The score blends how
much of the name the query covers (the surname, the last word, weighs most) with how much of the
query the name explains; an unmatched patronymic in a query of three or more words, or a word known
to be a patronymic in any query, is not held against it.

Apart from the score, a name is an exact answer (`exactness`) when each word of the query is a word
of the name, or another form of the same given name (`Masha` for `Maria`).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.domain.search.normalise import is_patronymic

MatchKind = Literal["full", "surname", "partial"]

SURNAME_WEIGHT = 0.6
NAME_COVERAGE_WEIGHT = 0.6

# How exactly a name answers a query: every query word is a word of the name, or some are only
# other forms of the same given name, or neither.
EXACT = 2
EXACT_BUT_GIVEN_NAME_FORMS = 1
NOT_EXACT = 0


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How similar a query word is to one indexed word (0..1), and in what way.

    `exact`: the same skeleton; `given_name`: another form of the same given name (`masha` for
    `mare`); `prefix`: the query word only begins the indexed one.
    """

    similarity: float
    prefix: bool = False
    exact: bool = False
    given_name: bool = False


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
    query: tuple[str, ...],
    per_word: list[dict[str, WordMatch]],
    name: tuple[str, ...],
    patronymics: Collection[int] = (),
) -> EntryScore | None:
    """Score `name` (word skeletons) for `query`, given each query word's similar words.

    `patronymics` are the positions of query words known to be patronymics: left unmatched, they
    do not count against the name.
    """
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
        if qi in query_used or not is_ignorable(query, qi, word, patronymics)
    ]
    query_coverage = sum(query_used[qi].similarity for qi in counted if qi in query_used) / max(
        len(counted), 1
    )
    score = 100 * (
        NAME_COVERAGE_WEIGHT * name_coverage + (1 - NAME_COVERAGE_WEIGHT) * query_coverage
    )
    return EntryScore(round(score, 1), _kind(name_used, len(name)))


def is_ignorable(
    query: Sequence[str], position: int, word: str, patronymics: Collection[int]
) -> bool:
    """Tell whether a query word, left unmatched, does not count against a name."""
    return position in patronymics or (len(query) >= 3 and is_patronymic(word))


def exactness(required: int, exact: Sequence[int], loose: Sequence[int]) -> int:
    """Return how exactly a name answers a query (`EXACT`, ...).

    Query words are bits: `required` holds the query words that must be answered, `exact[n]` those
    that word n of the name is (the same skeleton), `loose[n]` those it is or is another form of
    the same given name. Each required query word must be paired with a different name word.
    """
    if not required:
        return NOT_EXACT
    if _pairs_all(required, exact):
        return EXACT
    if _pairs_all(required, loose):
        return EXACT_BUT_GIVEN_NAME_FORMS
    return NOT_EXACT


def _pairs_all(required: int, name_words: Sequence[int]) -> bool:
    """Tell whether each required query word can have a name word of its own (augmenting paths)."""
    covered = 0
    for query_words in name_words:
        covered |= query_words
    if required & ~covered:
        return False
    owner: dict[int, int] = {}  # name word -> query word

    def pair(qi: int, visited: set[int]) -> bool:
        for ni, query_words in enumerate(name_words):
            if not query_words >> qi & 1 or ni in visited:
                continue
            visited.add(ni)
            if ni not in owner or pair(owner[ni], visited):
                owner[ni] = qi
                return True
        return False

    return all(pair(qi, set()) for qi in range(required.bit_length()) if required >> qi & 1)


def _kind(name_used: dict[int, WordMatch], name_length: int) -> MatchKind:
    if any(match.prefix for match in name_used.values()):
        return "partial"
    if len(name_used) >= min(2, name_length):
        return "full"
    if name_length - 1 in name_used:
        return "surname"
    return "partial"
