"""Search respects an exact answer: a query that is one of a person's names opens their card.

`Losik` resembles `Loika`, and `Marfa` resembles `Maria`; before, both people were listed side by
side. A query word that is a person's surname or given name (in any script or alias), or another
form of that given name (`Masha`, `Volodya`), now ranks that person first, and opens their card
when nobody else answers as exactly. Patronymics (`Viktar Dźmitryjevič`) do not get in the way.
"""

from __future__ import annotations

from importlib import resources

import pytest

from bot.domain.dataset import Format, parse
from bot.domain.prisoner import Prisoner
from bot.domain.search import SearchIndex
from bot.domain.search.decision import person_to_open


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    data = resources.files("bot").joinpath("data/belarus.csv").read_bytes()
    prisoners = parse(data, Format.CANONICAL, source_name="belarus.csv").prisoners
    return SearchIndex.build(prisoners)


def ids(index: SearchIndex, query: str) -> list[str]:
    return index.search(query).prisoner_ids


def opened(index: SearchIndex, query: str) -> str | None:
    return person_to_open(index.search(query))


@pytest.mark.parametrize(
    ("query", "prisoner_id"),
    [
        ("Losik", "ihar-losik"),
        ("Лосік", "ihar-losik"),
        ("Лосик", "ihar-losik"),
        ("Loika", "nasta-loika"),
        ("Лойка", "nasta-loika"),
        ("Marfa", "marfa-rabkova"),
        ("Марфа", "marfa-rabkova"),
    ],
)
def test_a_name_that_is_one_persons_opens_their_card(
    index: SearchIndex, query: str, prisoner_id: str
) -> None:
    assert ids(index, query)[0] == prisoner_id
    assert opened(index, query) == prisoner_id


@pytest.mark.parametrize("query", ["Losik", "Лосік"])
def test_the_resembling_name_is_still_offered_after_the_exact_one(
    index: SearchIndex, query: str
) -> None:
    assert ids(index, query)[:2] == ["ihar-losik", "nasta-loika"]


@pytest.mark.parametrize("query", ["Babaryka", "Бабарыка", "Бабарико"])
def test_a_surname_two_people_share_lists_both(index: SearchIndex, query: str) -> None:
    assert set(ids(index, query)) == {"viktar-babaryka", "eduard-babaryka"}
    assert opened(index, query) is None


@pytest.mark.parametrize("query", ["Maria", "Марыя", "Мария", "Maryia"])
def test_a_given_name_two_people_bear_lists_them_own_name_first(
    index: SearchIndex, query: str
) -> None:
    # Marfa Rabkova's legal name is Maryia (an alias); Maria Kalesnikava is known by it.
    assert ids(index, query)[:2] == ["maria-kalesnikava", "marfa-rabkova"]
    assert opened(index, query) is None


@pytest.mark.parametrize("query", ["Masha", "Маша", "Maša", "Masza"])
def test_a_pet_name_alone_lists_the_bearers_of_the_name(index: SearchIndex, query: str) -> None:
    assert ids(index, query)[:2] == ["maria-kalesnikava", "marfa-rabkova"]
    assert opened(index, query) is None


@pytest.mark.parametrize("query", ["Volodya", "Володя", "Vova"])
def test_a_pet_name_borne_by_two_lists_both_first(index: SearchIndex, query: str) -> None:
    assert set(ids(index, query)[:2]) == {"uladzimir-labkovich", "uladzimir-hundar"}
    assert opened(index, query) is None


@pytest.mark.parametrize(
    ("query", "prisoner_id"),
    [
        ("Edik", "eduard-babaryka"),
        ("Valik", "valiantsin-stefanovich"),
        ("Nasta", "nasta-loika"),
        ("Настя", "nasta-loika"),
        ("Ivan", "yan-marozau"),
    ],
)
def test_a_pet_name_borne_by_one_opens_the_card(
    index: SearchIndex, query: str, prisoner_id: str
) -> None:
    assert opened(index, query) == prisoner_id


@pytest.mark.parametrize(
    ("query", "prisoner_id"),
    [
        ("Маша Калеснікава", "maria-kalesnikava"),
        ("Masha Kolesnikova", "maria-kalesnikava"),
        ("Kolesnikova Masha", "maria-kalesnikava"),
        ("Саша Францкевіч", "aliaksandr-frantskevich"),
        ("Sasha Frantskevich", "aliaksandr-frantskevich"),
        ("Volodya Labkovich", "uladzimir-labkovich"),
        ("Uladz Labkovich", "uladzimir-labkovich"),
        ("Edik Babaryka", "eduard-babaryka"),
        ("Katya Andreyeva", "katsiaryna-andreyeva"),
        ("Настя Лойко", "nasta-loika"),
        # Ales Bialiatski is Aliaksandr in his passport; Алесь is its Belarusian short form.
        ("Aliaksandr Bialiatski", "ales-bialiatski"),
        ("Vladimir Labkovich", "uladzimir-labkovich"),
    ],
)
def test_a_pet_or_foreign_form_with_the_surname_opens_the_card(
    index: SearchIndex, query: str, prisoner_id: str
) -> None:
    assert ids(index, query)[0] == prisoner_id
    assert opened(index, query) == prisoner_id


def test_the_name_as_written_beats_another_form_of_it(index: SearchIndex) -> None:
    # Алесь is also a short form of Аляксандр: Aliaksandr Frantskevich is offered, after.
    assert ids(index, "Ales")[:2] == ["ales-bialiatski", "aliaksandr-frantskevich"]
    assert opened(index, "Ales") == "ales-bialiatski"


@pytest.mark.parametrize(
    ("query", "prisoner_id"),
    [
        ("Viktar Dźmitryjevič", "viktar-babaryka"),
        ("Віктар Дзмітрыевіч", "viktar-babaryka"),
        ("Виктор Дмитриевич Бабарико", "viktar-babaryka"),
        ("Бабарико Виктор Дмитриевич", "viktar-babaryka"),
        ("Maksim Aliaksandravich", "maksim-znak"),
        ("Марфа Александровна", "marfa-rabkova"),
        ("Марыя Аляксандраўна Рабкова", "marfa-rabkova"),
    ],
)
def test_a_patronymic_does_not_get_in_the_way(
    index: SearchIndex, query: str, prisoner_id: str
) -> None:
    assert ids(index, query)[0] == prisoner_id
    assert opened(index, query) == prisoner_id


@pytest.mark.parametrize("query", ["Viktar Stefanovich", "Viktar Stefenovich"])
def test_a_surname_shaped_like_a_patronymic_is_a_surname(index: SearchIndex, query: str) -> None:
    # `Stefanovich` (misspelt or not) is somebody's surname, not Viktar Babaryka's patronymic.
    assert ids(index, query)[0] == "valiantsin-stefanovich"
    assert opened(index, query) != "viktar-babaryka"


def test_a_surname_made_of_a_given_name_is_a_surname() -> None:
    # `Ramanovich` is a patronymic (son of Raman) and a surname; here it is someone's surname.
    index = SearchIndex.build(
        [Prisoner(id="viktar", name="Viktar Ivanou"), Prisoner(id="pavel", name="Pavel Ramanovich")]
    )
    assert ids(index, "Viktar Ramanovich")[0] == "pavel"
    assert opened(index, "Viktar Ramanovich") != "viktar"


@pytest.mark.parametrize(
    ("query", "prisoner_id"),
    [("Kalesnikva", "maria-kalesnikava"), ("Бяляцкага", "ales-bialiatski")],
)
def test_without_an_exact_answer_resemblance_still_finds_the_person(
    index: SearchIndex, query: str, prisoner_id: str
) -> None:
    assert ids(index, query)[0] == prisoner_id


def test_a_typo_in_a_shared_surname_lists_both_without_opening(index: SearchIndex) -> None:
    assert set(ids(index, "Бабрыка")) == {"viktar-babaryka", "eduard-babaryka"}
    assert opened(index, "Бабрыка") is None


def test_a_short_form_shared_by_two_names_finds_the_bearers_of_both() -> None:
    index = SearchIndex.build(
        [
            Prisoner(id="he", name="Aliaksandr Ivanou"),
            Prisoner(id="she", name="Aliaksandra Ivanova"),
            Prisoner(id="other", name="Alena Ivanova"),
        ]
    )
    assert set(ids(index, "Sasha")) == {"he", "she"}
    assert opened(index, "Саша") is None
    # The full name is one person's: the other is offered, but after.
    assert ids(index, "Aliaksandr")[0] == "he"
    assert opened(index, "Aliaksandr") == "he"


def test_one_word_of_a_long_name_finds_its_bearer() -> None:
    # Each word of a four-word name weighs little; an exact word still finds the person.
    index = SearchIndex.build(
        [
            Prisoner(id="long", name="Ana María García López"),
            Prisoner(id="short", name="Garsia Lopes"),
        ]
    )
    assert opened(index, "García") == "long"


def test_the_polish_form_of_a_given_name_opens_its_bearer_before_resembling_names() -> None:
    index = SearchIndex.build(
        [
            Prisoner(id="anton", name="Anton Ivanou"),
            Prisoner(id="antonina", name="Antonina Ivanova"),
        ]
    )
    assert ids(index, "Antoni") == ["anton", "antonina"]
    assert opened(index, "Antoni") == "anton"
