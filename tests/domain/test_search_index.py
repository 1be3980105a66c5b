"""Name search over the bundled data set: what a person typing a name sees."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dataset import Format, parse
from bot.domain.prisoner import Prisoner
from bot.domain.search import SearchIndex


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    data = resources.files("bot").joinpath("data/belarus.csv").read_bytes()
    prisoners = parse(data, Format.CANONICAL, source_name="belarus.csv").prisoners
    return SearchIndex.build(prisoners)


def ids(index: SearchIndex, query: str) -> list[str]:
    return [match.prisoner_id for match in index.search(query).matches]


@pytest.mark.parametrize(
    "query", ["", "   ", "hello", "hello world", "1234", "!!!", "/start", "😀😀", "x" * 10_000]
)
def test_text_that_is_not_a_name_finds_nobody(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert result.matches == []
    assert not result.clear


@pytest.mark.parametrize(
    "query", ["Ales Bialiatski", "Bialiatski Ales", "Бяляцкі Алесь", "Беляцкий Алесь"]
)
def test_word_order_is_free(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert result.clear
    assert result.matches[0].prisoner_id == "ales-bialiatski"
    assert result.matches[0].kind == "full"


@pytest.mark.parametrize(
    ("query", "prisoner_id"),
    [
        ("Ales Bialitski", "ales-bialiatski"),
        ("Marya Kalesnikova", "maria-kalesnikava"),
        ("Pavel Sevyrynets", "pavel-sevyarynets"),
        ("Ihar Losyk", "ihar-losik"),
        ("Сяргей Цiхоноўскi", "siarhei-tsikhanouski"),
    ],
)
def test_a_typo_still_finds_the_person(index: SearchIndex, query: str, prisoner_id: str) -> None:
    result = index.search(query)
    assert result.matches[0].prisoner_id == prisoner_id
    assert result.clear


def test_a_shared_surname_lists_everyone_who_bears_it(index: SearchIndex) -> None:
    result = index.search("Babaryka")
    assert {match.prisoner_id for match in result.matches} == {
        "viktar-babaryka",
        "eduard-babaryka",
    }
    assert {match.kind for match in result.matches} == {"surname"}
    assert not result.clear
    # Equal scores are listed by name.
    assert [match.prisoner_id for match in result.matches] == ["eduard-babaryka", "viktar-babaryka"]


def test_a_full_name_picks_one_of_a_family(index: SearchIndex) -> None:
    result = index.search("Віктар Бабарыка")
    assert result.clear
    assert ids(index, "Віктар Бабарыка")[0] == "viktar-babaryka"


@pytest.mark.parametrize("query", ["Бяляцкага", "Колесниковой", "Статкевичу", "Znaka"])
def test_an_inflected_surname_finds_the_person(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert len(result.matches) == 1
    assert result.matches[0].kind == "surname"


def test_a_given_name_alone_lists_its_bearers_as_partial_matches(index: SearchIndex) -> None:
    result = index.search("Ihar")
    assert [match.prisoner_id for match in result.matches] == [
        "ihar-alinevich",
        "ihar-ilyash",
        "ihar-karnei",
        "ihar-losik",
        "ihar-rymasheuski",
    ]
    assert {match.kind for match in result.matches} == {"partial"}
    assert not result.clear


def test_the_beginning_of_a_surname_is_enough(index: SearchIndex) -> None:
    assert set(ids(index, "Babar")) == {"viktar-babaryka", "eduard-babaryka"}


def test_an_alias_is_searchable_and_reported_as_matched(index: SearchIndex) -> None:
    match = index.search("Katsiaryna Bakhvalava").matches[0]
    assert match.prisoner_id == "katsiaryna-andreyeva"
    assert match.matched_name == "Katsiaryna Bakhvalava"


def test_a_patronymic_in_the_query_costs_nothing(index: SearchIndex) -> None:
    with_patronymic = index.search("Максим Александрович Знак").matches[0]
    assert with_patronymic.prisoner_id == "maksim-znak"
    assert with_patronymic.score == index.search("Максим Знак").matches[0].score


def test_limit_caps_the_list_but_not_the_verdict(index: SearchIndex) -> None:
    result = index.search("Babaryka", limit=1)
    assert len(result.matches) == 1
    assert not result.clear


def test_results_are_sorted_by_score_then_name(index: SearchIndex) -> None:
    matches = index.search("Eduard Babaryka").matches
    assert [match.prisoner_id for match in matches] == ["eduard-babaryka", "viktar-babaryka"]
    assert matches[0].score > matches[1].score


def test_people_without_cyrillic_names_are_found_by_their_latin_name() -> None:
    index = SearchIndex.build([Prisoner(id="p1", name="Jan Kowalski", name_be="", name_ru=None)])
    assert [match.prisoner_id for match in index.search("Ян Ковальский").matches] == ["p1"]


@settings(max_examples=300, deadline=None)
@given(query=st.text(max_size=300))
def test_any_text_is_answered_the_same_way_twice(index: SearchIndex, query: str) -> None:
    first = index.search(query)
    assert first == index.search(query)
    assert all(0 < match.score <= 100 for match in first.matches)
    assert len(first.matches) <= 8


def test_suggestions_reach_further_than_search_but_not_to_non_names() -> None:
    from bot.domain.dataset import Format, parse
    from bot.domain.search import SearchIndex
    from tests.conftest import ROOT

    data = (ROOT / "bot" / "data" / "belarus.csv").read_bytes()
    index = SearchIndex.build(parse(data, Format.CANONICAL, source_name="belarus.csv").prisoners)
    assert index.search("Stefanski").matches == []
    assert index.suggest("Stefanski")[0].prisoner_id == "valiantsin-stefanovich"
    assert index.suggest("hello") == []
    assert index.suggest("1234") == []
