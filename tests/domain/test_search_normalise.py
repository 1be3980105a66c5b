"""Name skeletons: the spellings people actually use meet on one form."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from bot.domain.search import skeleton, stem, words


@pytest.mark.parametrize(
    "spelling", ["Бяляцкі", "Беляцкий", "Bialiatski", "Byalyatsky", "Bialiatsky", "Bjaljacki"]
)
def test_spellings_of_bialiatski_share_one_skeleton(spelling: str) -> None:
    assert skeleton(spelling) == skeleton("Bialiatski")


@pytest.mark.parametrize("spelling", ["Białacki", "Bialatski", "Bjaljazki", "Beljazki"])
def test_looser_spellings_of_bialiatski_stay_within_a_letter(spelling: str) -> None:
    assert fuzz.ratio(skeleton(spelling), skeleton("Bialiatski")) >= 85


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Сяргей Ціханоўскі", "Sergei Tikhanovsky"),
        ("Siarhei Tsikhanouski", "Sjarhej Cichanoŭski"),
        ("Валянцін Стэфановіч", "Walancin Stefanowicz"),
        ("Уладзімір Лабковіч", "Uładzimir Łabkowicz"),
        ("Павал Севярынец", "Pavieł Sieviaryniec"),
        ("Павел Северинец", "Pavel Sevyarynets"),
        ("Марыя Калеснікава", "Мария Колесникова"),
        ("Katsiaryna Andreyeva", "Кацярына Андрэева"),
        ("Анджэй Пачобут", "Andrzej Poczobut"),
        ("Maksim Znak", "Maxim Znak"),
    ],
)
def test_names_across_scripts_stay_close(first: str, second: str) -> None:
    assert fuzz.ratio(skeleton(first), skeleton(second)) >= 85


@pytest.mark.parametrize(
    ("inflected", "nominative"),
    [
        ("Бяляцкага", "Бяляцкі"),
        ("Беляцкого", "Беляцкий"),
        ("Беляцкому", "Bialiatski"),
        ("Колесниковой", "Колесникова"),
        ("Калеснікавай", "Kalesnikava"),
        ("Калеснікаву", "Калеснікава"),
        ("Стефановича", "Stefanovich"),
        ("Стэфановічам", "Стэфановіч"),
        ("Бабарыкі", "Babaryka"),
    ],
)
def test_case_endings_share_the_stem_of_the_nominative(inflected: str, nominative: str) -> None:
    (inflected_word,) = words(inflected)
    (nominative_word,) = words(nominative)
    assert stem(inflected_word) == stem(nominative_word)


def test_case_punctuation_and_digits_do_not_matter() -> None:
    assert words("  ALES,   bialiatski!! ") == words("Ales Bialiatski")
    assert words("Ales' Bialiatski") == words("Ales Bialiatski")
    assert words("1234 !!! ...") == ()


def test_hyphenated_names_are_separate_words() -> None:
    assert words("Kalesnikava-Rabkova") == words("Kalesnikava Rabkova")


def test_a_short_word_keeps_its_whole_stem() -> None:
    assert stem("znak") == "znak"
