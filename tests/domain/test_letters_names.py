"""Names for letters: the dative for envelopes and the greeting form, in Russian and Belarusian.

The people are the real ones of the curated list (tests/data/belarus_curated.csv, the same
people as the bundled bot/data/belarus.csv); patronymics are used only where publicly known.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.dataset.parse import Format, parse
from bot.domain.letters.names import (
    FullName,
    be_vocative,
    dative,
    greeting,
    infer_gender,
    letter_name,
    split_name,
)
from bot.domain.prisoner import Gender, Prisoner

CURATED = Path(__file__).resolve().parents[1] / "data" / "belarus_curated.csv"
PEOPLE = {
    p.id: p
    for p in parse(CURATED.read_bytes(), Format.CANONICAL, source_name="curated.csv").prisoners
}
M, F = Gender.MALE, Gender.FEMALE

# (id, Belarusian dative, Belarusian greeting) for everyone with a Belarusian name.
BELARUSIAN = [
    ("ales-bialiatski", "Бяляцкаму Алесю", "Алесю"),
    ("valiantsin-stefanovich", "Стэфановічу Валянціну", "Валянцін"),
    ("uladzimir-labkovich", "Лабковічу Уладзіміру", "Уладзімір"),
    ("maria-kalesnikava", "Калеснікавай Марыі", "Марыя"),
    ("ihar-losik", "Лосіку Ігару", "Ігар"),
    ("siarhei-tsikhanouski", "Ціханоўскаму Сяргею", "Сяргею"),
    ("viktar-babaryka", "Бабарыку Віктару", "Віктар"),
    ("eduard-babaryka", "Бабарыку Эдуарду", "Эдуард"),
    ("maksim-znak", "Знаку Максіму", "Максім"),
    ("mikalai-statkevich", "Статкевічу Мікалаю", "Мікалаю"),
    ("marfa-rabkova", "Рабковай Марфе", "Марфа"),
    ("katsiaryna-andreyeva", "Андрэевай Кацярыне", "Кацярына"),
    ("ihar-karnei", "Карнею Ігару", "Ігар"),
    ("andrzej-poczobut", "Пачобуту Анджэю", "Анджэю"),
    ("nasta-loika", "Лойцы Насце", "Наста"),
    ("pavel-sevyarynets", "Севярынцу Паўлу", "Павал"),
    ("mikalai-autukhovich", "Аўтуховічу Мікалаю", "Мікалаю"),
    ("andrei-aliaksandrau", "Аляксандраву Андрэю", "Андрэю"),
    ("ihar-ilyash", "Ільяшу Ігару", "Ігар"),
    ("vatslau-areshka", "Арэшку Вацлаву", "Вацлаў"),
    ("uladzimir-hundar", "Гундару Уладзіміру", "Уладзімір"),
    ("ihar-alinevich", "Аліневічу Ігару", "Ігар"),
    ("aliaksandr-frantskevich", "Францкевічу Аляксандру", "Аляксандр"),
    ("yan-marozau", "Марозаву Яну", "Ян"),
    ("yaraslava-khramchankova", "Храмчанковай Яраславе", "Яраслава"),
    ("vadzim-zdaraviennau", "Здаравеннаву Вадзіму", "Вадзім"),
    ("natallia-bachurynskaya", "Бачурынскай Наталлі", "Наталля"),
    ("aksana-shalapina", "Шалапінай Аксане", "Аксана"),
    ("tsina-palynskaya", "Палынскай Ціне", "Ціна"),
]

# (id, Russian dative, Russian greeting) for everyone with a Russian name.
RUSSIAN = [
    ("ales-bialiatski", "Беляцкому Алесю", "Алесь"),
    ("valiantsin-stefanovich", "Стефановичу Валентину", "Валентин"),
    ("uladzimir-labkovich", "Лабковичу Владимиру", "Владимир"),
    ("maria-kalesnikava", "Колесниковой Марии", "Мария"),
    ("ihar-losik", "Лосику Игорю", "Игорь"),
    ("siarhei-tsikhanouski", "Тихановскому Сергею", "Сергей"),
    ("viktar-babaryka", "Бабарико Виктору", "Виктор"),
    ("eduard-babaryka", "Бабарико Эдуарду", "Эдуард"),
    ("maksim-znak", "Знаку Максиму", "Максим"),
    ("mikalai-statkevich", "Статкевичу Николаю", "Николай"),
    ("marfa-rabkova", "Рабковой Марфе", "Марфа"),
    ("katsiaryna-andreyeva", "Андреевой Екатерине", "Екатерина"),
    ("ihar-karnei", "Карнею Игорю", "Игорь"),
    ("andrzej-poczobut", "Почобуту Анджею", "Анджей"),
    ("nasta-loika", "Лойко Насте", "Наста"),
    ("pavel-sevyarynets", "Северинцу Павлу", "Павел"),
    ("mikalai-autukhovich", "Автуховичу Николаю", "Николай"),
    ("andrei-aliaksandrau", "Александрову Андрею", "Андрей"),
    ("ihar-ilyash", "Ильяшу Игорю", "Игорь"),
    ("vatslau-areshka", "Орешко Вацлаву", "Вацлав"),
    ("uladzimir-hundar", "Гундарю Владимиру", "Владимир"),
    ("ihar-alinevich", "Олиневичу Игорю", "Игорь"),
    ("aliaksandr-frantskevich", "Францкевичу Александру", "Александр"),
    ("tsina-palynskaya", "Палынской Тине", "Тина"),
    ("marharyta-rabinovich", "Рабинович Маргарите", "Маргарита"),
]


@pytest.mark.parametrize(("person_id", "expected", "hello"), BELARUSIAN)
def test_belarusian_dative_and_greeting_of_real_names(
    person_id: str, expected: str, hello: str
) -> None:
    name = letter_name(PEOPLE[person_id], "be")
    assert name is not None
    assert name.rules == "be"
    assert name.dative == expected
    assert name.greeting == hello


@pytest.mark.parametrize(("person_id", "expected", "hello"), RUSSIAN)
def test_russian_dative_and_greeting_of_real_names(
    person_id: str, expected: str, hello: str
) -> None:
    name = letter_name(PEOPLE[person_id], "ru")
    assert name is not None
    assert name.rules == "ru"
    assert name.dative == expected
    assert name.greeting == hello


@pytest.mark.parametrize(
    ("person_id", "language", "full_name", "expected"),
    [
        (
            "maria-kalesnikava",
            "ru",
            "Колесникова Мария Александровна",
            "Колесниковой Марии Александровне",
        ),
        ("ales-bialiatski", "ru", "Беляцкий Алесь Викторович", "Беляцкому Алесю Викторовичу"),
        ("ihar-losik", "ru", "Лосик Игорь Александрович", "Лосику Игорю Александровичу"),
        # The spoken order, given name first, reads the same.
        ("ihar-losik", "ru", "Игорь Александрович Лосик", "Лосику Игорю Александровичу"),
        ("viktar-babaryka", "ru", "Бабарико Виктор Дмитриевич", "Бабарико Виктору Дмитриевичу"),
        ("maksim-znak", "ru", "Знак Максим Валерьевич", "Знаку Максиму Валерьевичу"),
        (
            "maria-kalesnikava",
            "be",
            "Калеснікава Марыя Аляксандраўна",
            "Калеснікавай Марыі Аляксандраўне",
        ),
        ("ales-bialiatski", "be", "Бяляцкі Алесь Віктаравіч", "Бяляцкаму Алесю Віктаравічу"),
        ("ihar-losik", "be", "Лосік Ігар Аляксандравіч", "Лосіку Ігару Аляксандравічу"),
        (
            "mikalai-statkevich",
            "be",
            "Мікалай Віктаравіч Статкевіч",
            "Статкевічу Мікалаю Віктаравічу",
        ),
        (
            "siarhei-tsikhanouski",
            "be",
            "Ціханоўскі Сяргей Леанідавіч",
            "Ціханоўскаму Сяргею Леанідавічу",
        ),
    ],
)
def test_full_names_with_patronymic(
    person_id: str, language: str, full_name: str, expected: str
) -> None:
    assert language in ("be", "ru")
    name = letter_name(PEOPLE[person_id], "be" if language == "be" else "ru", full_name=full_name)
    assert name is not None
    assert name.dative == expected


def test_a_name_only_in_russian_is_declined_as_russian_in_a_belarusian_letter() -> None:
    name = letter_name(PEOPLE["marharyta-rabinovich"], "be")
    assert name is not None
    assert name.rules == "ru"
    assert name.dative == "Рабинович Маргарите"


def test_no_cyrillic_name_gives_none() -> None:
    assert letter_name(PEOPLE["liudmila-shchamialova"], "be") is None
    assert letter_name(PEOPLE["liudmila-shchamialova"], "ru") is None


def test_a_one_word_name_is_not_declined() -> None:
    person = Prisoner(id="x", name="Nobody", name_ru="Иванов", gender=M)
    assert letter_name(person, "ru") is None


def test_gender_comes_from_the_patronymic_when_the_record_has_none() -> None:
    person = Prisoner(id="x", name="Tina Palynskaya", name_ru="Тина Палынская")
    name = letter_name(person, "ru", full_name="Палынская Тина Николаевна")
    assert name is not None
    assert name.gender is Gender.FEMALE
    assert name.dative == "Палынской Тине Николаевне"


def test_a_mans_given_name_on_a_consonant_tells_the_gender() -> None:
    person = Prisoner(id="x", name="Ihar Ilyash", name_be="Ігар Ільяш")
    name = letter_name(person, "be")
    assert name is not None
    assert name.gender is Gender.MALE
    assert name.dative == "Ільяшу Ігару"


def test_unknown_gender_keeps_the_name_as_written_in_official_order() -> None:
    # Neither the surname nor the given name ends in a way that tells.
    assert infer_gender(FullName(surname="Ли", given="Суэ")) is None
    nameless = Prisoner(id="y", name="Li Sue", name_ru="Суэ Ли")
    found = letter_name(nameless, "ru")
    assert found is not None
    assert found.gender is None
    assert found.dative == "Ли Суэ"


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        (FullName("Колесникова", "Мария", "Александровна"), F),
        (FullName("Лосик", "Игорь", "Александрович"), M),
        (FullName("Калеснікава", "Марыя", "Аляксандраўна"), F),
        (FullName("Лосік", "Ігар", "Аляксандравіч"), M),
        (FullName("Бачурынская", "Наталля"), F),
        (FullName("Ціханоўскі", "Сяргей"), M),
        (FullName("Рабинович", "Маргарита"), F),
        (FullName("Лойка", "Наста"), F),
        (FullName("Знак", "Максім"), M),
        (FullName("Шаўчук", "Мікола"), M),
        (FullName("Шаўчук", "Любоў"), F),
    ],
)
def test_infer_gender(full: FullName, expected: Gender) -> None:
    assert infer_gender(full) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Мария Колесникова", FullName("Колесникова", "Мария")),
        ("Колесникова Мария", FullName("Колесникова", "Мария")),
        ("Колесникова Мария Александровна", FullName("Колесникова", "Мария", "Александровна")),
        ("Мария Александровна Колесникова", FullName("Колесникова", "Мария", "Александровна")),
        # A surname on -вич is not taken for the patronymic.
        ("Николай Викторович Статкевич", FullName("Статкевич", "Николай", "Викторович")),
        ("Статкевич Николай Викторович", FullName("Статкевич", "Николай", "Викторович")),
        # An unfamiliar given name: the patronymic decides.
        ("Тина Ивановна Рабинович", FullName("Рабинович", "Тина", "Ивановна")),
        ("Алесь (Александр) Беляцкий", FullName("Беляцкий", "Алесь")),
        ("Анна Мария Колесникова", FullName("Колесникова", "Анна Мария")),
    ],
)
def test_split_name(text: str, expected: FullName) -> None:
    assert split_name(text) == expected


@pytest.mark.parametrize(
    ("surname", "gender", "expected"),
    [
        # Indeclinable for anyone: -ых/-іх, and -о.
        ("Чорных", M, "Чорных"),
        ("Доўгіх", F, "Доўгіх"),
        ("Шаўко", M, "Шаўко"),
        # A woman's surname on a consonant stays as it is; a man's declines.
        ("Шаўчук", F, "Шаўчук"),
        ("Шаўчук", M, "Шаўчуку"),
        ("Рабіновіч", F, "Рабіновіч"),
        ("Рабіновіч", M, "Рабіновічу"),
        # Adjectival surnames decline as adjectives.
        ("Зубрыцкі", M, "Зубрыцкаму"),
        ("Зубрыцкая", F, "Зубрыцкай"),
        ("Чорны", M, "Чорнаму"),
        # Possessive ones: -аў/-ава, -ін/-іна.
        ("Пятроў", M, "Пятрову"),
        ("Пятрова", F, "Пятровай"),
        ("Ільін", M, "Ільіну"),
        ("Ільіна", F, "Ільінай"),
        # Nouns on -а: -у for a man, the feminine noun's ending for a woman.
        ("Лукашэнка", M, "Лукашэнку"),
        ("Бярозка", F, "Бярозцы"),
        ("Шыла", M, "Шылу"),
        # A fleeting vowel in -ец only once the stem has a vowel of its own.
        ("Іванец", M, "Іванцу"),
        ("Швец", M, "Швецу"),
        ("Каваль", M, "Кавалю"),
        # Each half of a double surname declines.
        ("Зубрыцкая-Пятрова", F, "Зубрыцкай-Пятровай"),
        ("Зубрыцкі-Пятроў", M, "Зубрыцкаму-Пятрову"),
    ],
)
def test_belarusian_surname_rules(surname: str, gender: Gender, expected: str) -> None:
    given = "Ян" if gender is M else "Ганна"
    assert dative(FullName(surname, given), gender, "be").split()[0] == expected


@pytest.mark.parametrize(
    ("given", "gender", "expected"),
    [
        ("Павал", M, "Паўлу"),
        ("Пётр", M, "Пятру"),
        ("Станіслаў", M, "Станіславу"),
        ("Дзмітрый", M, "Дзмітрыю"),
        ("Мікола", M, "Міколу"),
        ("Ілля", M, "Іллю"),
        ("Вера", F, "Веры"),
        ("Маргарыта", F, "Маргарыце"),
        ("Вольга", F, "Вользе"),
        ("Ада", F, "Адзе"),
        ("Любоў", F, "Любові"),
        ("Юлія", F, "Юліі"),
    ],
)
def test_belarusian_given_names(given: str, gender: Gender, expected: str) -> None:
    assert dative(FullName("Знак", given), gender, "be").split()[1] == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Алесь", "Алесю"),
        ("Міхась", "Міхасю"),
        ("Сяргей", "Сяргею"),
        ("Ігар", "Ігар"),
        ("Максім", "Максім"),
        ("Дзмітрый", "Дзмітрый"),
    ],
)
def test_belarusian_vocative(given: str, expected: str) -> None:
    assert be_vocative(given) == expected


def test_women_are_greeted_by_the_nominative_in_both_languages() -> None:
    name = FullName("Калеснікава", "Марыя")
    assert greeting(name, F, "be") == "Марыя"
    assert greeting(FullName("Колесникова", "Мария"), F, "ru") == "Мария"


def test_each_of_two_given_names_declines() -> None:
    name = FullName("Колесникова", "Анна Мария")
    assert dative(name, F, "ru") == "Колесниковой Анне Марии"
    assert dative(FullName("Калеснікава", "Ганна Марыя"), F, "be") == "Калеснікавай Ганне Марыі"
    assert dative(FullName("Колесникова-Лосик", "Анна"), F, "ru") == "Колесниковой-Лосик Анне"


def test_capitals_are_kept() -> None:
    assert dative(FullName("ЛОСИК", "Игорь"), M, "ru") == "ЛОСИКУ Игорю"
    assert dative(FullName("ЛОСІК", "Ігар"), M, "be") == "ЛОСІКУ Ігару"
