"""The index skips names that cannot rank; its answers must equal scoring every name.

The reference below scores every written form of every person, as a plain reading of the ranking
rules would, over a crowd of people sharing given names and surnames (the case where skipping
matters, and where ties are common).
"""

from __future__ import annotations

import random
from importlib import resources

import pytest

from bot.domain.dataset import Format, parse
from bot.domain.prisoner import Prisoner
from bot.domain.search import Match, SearchIndex, SearchResult, words
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
    data = resources.files("bot").joinpath("data/belarus.csv").read_bytes()
    return people + list(parse(data, Format.CANONICAL, source_name="belarus.csv").prisoners)


def reference(
    index: SearchIndex, prisoners: list[Prisoner], query: str, limit: int
) -> SearchResult:
    query_words = words(query)
    if len(query) > 200 or not query_words or len(query_words) > 8:
        return SearchResult()
    per_word = [index._similar_words(word) for word in query_words]
    best: dict[str, Match] = {}
    names = {prisoner.id: prisoner.name for prisoner in prisoners}
    for prisoner in prisoners:
        seen: set[tuple[str, ...]] = set()
        for text in (prisoner.name, prisoner.name_be, prisoner.name_ru, *prisoner.aliases):
            skeletons = words(text) if text else ()
            if not skeletons or skeletons in seen:
                continue
            seen.add(skeletons)
            scored = score_entry(query_words, per_word, skeletons)
            if scored is None or scored.score < SCORE_FLOOR:
                continue
            current = best.get(prisoner.id)
            if current is None or scored.score > current.score:
                best[prisoner.id] = Match(prisoner.id, scored.score, text or "", scored.kind)
    matches = sorted(
        best.values(),
        key=lambda match: (-match.score, names[match.prisoner_id].casefold(), match.prisoner_id),
    )
    clear = bool(matches) and (
        matches[0].score >= CLEAR_SCORE
        and matches[0].score - (matches[1].score if len(matches) > 1 else 0.0) >= CLEAR_GAP
    )
    return SearchResult(matches[: max(limit, 0)], clear)


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
    extra = ["Ales Bialiatski", "Siarhei", "Ivanou", "Ivanova", "Pav Luk", "Навіцкі Сяргей"]
    for query in [*extra, *queries(people, 60, rng)]:
        assert index.search(query, limit) == reference(index, people, query, limit), query


def test_answers_do_not_depend_on_earlier_queries(
    people_and_index: tuple[list[Prisoner], SearchIndex],
) -> None:
    people, index = people_and_index
    asked = queries(people, 40, random.Random(3))
    first = [index.search(query) for query in asked]
    assert [index.search(query) for query in reversed(asked)] == first[::-1]
