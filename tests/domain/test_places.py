"""Places: a facility without its notes, its people, and finding it by words in any language."""

from __future__ import annotations

import pytest

from bot.domain.places import find_places, place_name, places_of
from bot.domain.prisoner import Prisoner


def person(
    number: int, facility: str | None, be: str | None = None, ru: str | None = None
) -> Prisoner:
    return Prisoner(
        id=f"person-{number}",
        name=f"Person {number}",
        facility=facility,
        facility_be=be,
        facility_ru=ru,
    )


PEOPLE = [
    person(
        1,
        "Penal colony No. 1, Navapolatsk",
        "Папраўчая калонія № 1, Наваполацк",
        "Исправительная колония № 1, Новополоцк",
    ),
    person(
        2,
        "Penal colony No. 1, Navapolatsk (as reported Feb 2024)",
        "Папраўчая калонія № 1, Наваполацк (паводле звестак на люты 2024 г.)",
        "Исправительная колония № 1, Новополоцк (по сведениям на февраль 2024 г.)",
    ),
    person(
        3,
        "Penal colony No. 10, Navapolatsk",
        "Папраўчая калонія № 10, Наваполацк",
        "Исправительная колония № 10, Новополоцк",
    ),
    person(
        4,
        "Pre-trial detention centre No. 2, Vitsebsk",
        "Следчы ізалятар № 2, Віцебск",
        "Следственный изолятор № 2, Витебск",
    ),
    person(5, "Prison No. 4, Mahilioŭ", "Турма № 4, Магілёў", "Тюрьма № 4, Могилёв"),
    person(6, None, None, "Гродненская тюрьма"),
    person(7, None),
]
PLACES = places_of(PEOPLE)


def names(query: str) -> list[str]:
    return [place.name for place in find_places(PLACES, query)]


def test_notes_in_brackets_are_not_part_of_the_place() -> None:
    assert place_name("Hrodna prison (solitary confinement, per Jan 2026 report)") == (
        "Hrodna prison"
    )
    assert place_name("  Турма № 4,  Магілёў [2023] ") == "Турма № 4, Магілёў"


def test_people_of_one_place_are_together_the_fullest_place_first() -> None:
    assert [(place.name, place.people) for place in PLACES] == [
        ("Penal colony No. 1, Navapolatsk", ("person-1", "person-2")),
        ("Penal colony No. 10, Navapolatsk", ("person-3",)),
        ("Pre-trial detention centre No. 2, Vitsebsk", ("person-4",)),
        ("Prison No. 4, Mahilioŭ", ("person-5",)),
        ("Гродненская тюрьма", ("person-6",)),
    ]
    assert PLACES[0].name_in("be") == "Папраўчая калонія № 1, Наваполацк"
    assert PLACES[0].name_in("ru") == "Исправительная колония № 1, Новополоцк"
    assert PLACES[4].name_in("en") == "Гродненская тюрьма"  # the only name the data has


@pytest.mark.parametrize(
    "query",
    ["ИК-1", "ік 1", "ik1", "ПК 1", "колония 1", "калонія № 1", "Penal colony No. 1"],
)
def test_a_number_with_the_kind_finds_that_place_only(query: str) -> None:
    assert names(query) == ["Penal colony No. 1, Navapolatsk"]


@pytest.mark.parametrize("query", ["Navapolatsk", "Новополоцк", "наваполацк", "в Новополоцке"])
def test_a_town_in_any_script_finds_every_place_there(query: str) -> None:
    assert names(query) == ["Penal colony No. 1, Navapolatsk", "Penal colony No. 10, Navapolatsk"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("СИЗО", ["Pre-trial detention centre No. 2, Vitsebsk"]),
        ("сізо 2", ["Pre-trial detention centre No. 2, Vitsebsk"]),
        ("Vitebsk", ["Pre-trial detention centre No. 2, Vitsebsk"]),
        ("Mogilev", ["Prison No. 4, Mahilioŭ"]),
        ("тюрьма", ["Prison No. 4, Mahilioŭ", "Гродненская тюрьма"]),
        ("ИК 2", []),
        ("nowhere-at-all", []),
        ("№", []),
    ],
)
def test_towns_kinds_and_abbreviations_in_other_spellings(query: str, expected: list[str]) -> None:
    assert names(query) == expected


def test_an_exact_name_finds_that_place_alone() -> None:
    # A place's name as the list of places shows it, in any of its languages.
    assert names("Папраўчая калонія № 10, Наваполацк") == ["Penal colony No. 10, Navapolatsk"]
    assert names("penal colony no. 1, navapolatsk") == ["Penal colony No. 1, Navapolatsk"]
