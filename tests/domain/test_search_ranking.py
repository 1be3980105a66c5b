"""The index skips names that cannot rank; its answers must equal scoring every name.

The reference below scores every written form of every person, as a plain reading of the ranking
rules would, over a crowd of people sharing given names and surnames (the case where skipping
matters, and where ties are common): exact answers first (every query word is a word of the name,
or another form of the same given name), then by score, a person's own name before an alias, then
by name.
"""

from __future__ import annotations

import itertools
import random
from importlib import resources

import pytest

from bot.domain.dataset import Format, parse
from bot.domain.prisoner import Prisoner
from bot.domain.search import Match, SearchIndex, SearchResult, words
from bot.domain.search.given_names import other_forms
from bot.domain.search.index import CLEAR_GAP, CLEAR_SCORE, SCORE_FLOOR
from bot.domain.search.scoring import score_entry

GIVEN = [
    ("Siarhei", "Сяргей", "Сергей"),
    ("Pavel", "Павел", "Павел"),
    ("Maryia", "Марыя", "Мария"),
    ("Aliaksandr", "Аляксандр", "Александр"),
    ("Volha", "Вольга", "Ольга"),
    ("Ales", "Алесь", "Алесь"),
    ("Uladzimir", "Уладзімір", "Владимир"),
]
SURNAMES = [
    ("Ivanou", "Іваноў", "Иванов"),
    ("Navitski", "Навіцкі", "Новицкий"),
    ("Kavalenka", "Каваленка", "Коваленко"),
    ("Lukashevich", "Лукашэвіч", "Лукашевич"),
    ("Bialiatski", "Бяляцкі", "Беляцкий"),
    ("Labkovich", "Лабковіч", "Лобкович"),
    ("Znak", "Знак", "Знак"),
]


def crowd(count: int, rng: random.Random) -> list[Prisoner]:
    people = []
    for i in range(count):
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        people.append(
            Prisoner(
                id=f"p{i:04d}",
                name=f"{given[0]} {surname[0]}",
                name_be=f"{given[1]} {surname[1]}" if i % 3 else None,
                name_ru=f"{given[2]} {surname[2]}" if i % 4 else None,
                aliases=(f"{given[0][:3]} {surname[0]}",) if i % 7 == 0 else (),
            )
        )
    # Each word of a long name weighs little: an exact word scores under the floor.
    people.append(Prisoner(id="long", name="Ana María García López"))
    data = resources.files("bot").joinpath("data/belarus.csv").read_bytes()
    return people + list(parse(data, Format.CANONICAL, source_name="belarus.csv").prisoners)


def exactness(required: list[str], name: tuple[str, ...]) -> int:
    """2: each required word is a different word of `name`; 1: or another form of it; else 0."""
    if not required or len(required) > len(name):
        return 0
    best = 0
    for chosen in itertools.permutations(name, len(required)):
        if all(word == other for word, other in zip(required, chosen, strict=True)):
            return 2
        if all(
            word == other or other in other_forms(word)
            for word, other in zip(required, chosen, strict=True)
        ):
            best = 1
    return best


def reference(
    index: SearchIndex, prisoners: list[Prisoner], query: str, limit: int
) -> SearchResult:
    query_words = words(query)
    if len(query) > 200 or not query_words or len(query_words) > 8:
        return SearchResult()
    patronymics = index._patronymics(query_words)
    required = [word for i, word in enumerate(query_words) if i not in patronymics]
    per_word = [index._similar_words(word) for word in query_words]
    # Per person: (exactness, score, is an alias) of the best entry, and the match.
    best: dict[str, tuple[tuple[int, float, bool], Match]] = {}
    names = {prisoner.id: prisoner.name for prisoner in prisoners}
    for prisoner in prisoners:
        seen: set[tuple[str, ...]] = set()
        own = (prisoner.name, prisoner.name_be, prisoner.name_ru)
        for position, text in enumerate((*own, *prisoner.aliases)):
            skeletons = words(text) if text else ()
            if not skeletons or skeletons in seen:
                continue
            seen.add(skeletons)
            scored = score_entry(query_words, per_word, skeletons, patronymics)
            exact = exactness(required, skeletons)
            if scored is None or (not exact and scored.score < SCORE_FLOOR):
                continue
            rank = (exact, scored.score, position >= len(own))
            current = best.get(prisoner.id)
            if current is None or rank[:2] > current[0][:2]:
                best[prisoner.id] = (
                    rank,
                    Match(prisoner.id, scored.score, text or "", scored.kind),
                )
    ranked = sorted(
        best.values(),
        key=lambda item: (
            -item[0][0],
            -item[0][1],
            item[0][2],
            names[item[1].prisoner_id].casefold(),
            item[1].prisoner_id,
        ),
    )
    if not ranked:
        clear = False
    elif ranked[0][0][0]:
        clear = len(ranked) == 1 or ranked[1][0][0] < ranked[0][0][0]
    else:
        top = ranked[0][0][1]
        clear = (
            top >= CLEAR_SCORE and top - (ranked[1][0][1] if len(ranked) > 1 else 0.0) >= CLEAR_GAP
        )
    return SearchResult([match for _, match in ranked[: max(limit, 0)]], clear)


def queries(people: list[Prisoner], count: int, rng: random.Random) -> list[str]:
    found = []
    for _ in range(count):
        person = rng.choice(people)
        text = rng.choice([person.name, person.name_be or person.name, person.name_ru or ""])
        parts = text.split()
        if rng.random() < 0.3:
            parts = parts[-1:]
        elif rng.random() < 0.3:
            parts.reverse()
        query = " ".join(parts)
        if len(query) > 4 and rng.random() < 0.6:
            i = rng.randrange(1, len(query) - 1)
            query = rng.choice([query[:i] + query[i + 1 :], query[:i] + "a" + query[i + 1 :]])
        found.append(query)
    return found


@pytest.fixture(scope="module")
def people_and_index() -> tuple[list[Prisoner], SearchIndex]:
    people = crowd(600, random.Random(7))
    return people, SearchIndex.build(people)


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 8, 50])
def test_answers_equal_scoring_every_name(
    people_and_index: tuple[list[Prisoner], SearchIndex], limit: int
) -> None:
    people, index = people_and_index
    rng = random.Random(limit)
    extra = [
        *("Ales Bialiatski", "Siarhei", "Ivanou", "Ivanova", "Pav Luk", "Навіцкі Сяргей"),
        # Other forms of given names, patronymics, and a name met as a given name and an alias.
        *("Masha", "Маша Іванова", "Sasha Navitski", "Volodya Znak", "Maryia", "Mar Znak"),
        *("Pavel Dźmitryjevič", "Ales Viktaravich Bialiatski", "Ольга Петровна Лукашевич"),
        *("García", "Masha Garcia"),
    ]
    for query in [*extra, *queries(people, 60, rng)]:
        assert index.search(query, limit) == reference(index, people, query, limit), query


def test_answers_do_not_depend_on_earlier_queries(
    people_and_index: tuple[list[Prisoner], SearchIndex],
) -> None:
    people, index = people_and_index
    asked = queries(people, 40, random.Random(3))
    first = [index.search(query) for query in asked]
    assert [index.search(query) for query in reversed(asked)] == first[::-1]
