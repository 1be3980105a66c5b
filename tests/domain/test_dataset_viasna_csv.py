"""The `viasna-csv` format: Viasna's own CSV export, in English, Russian or Belarusian."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, main
from bot.config import Settings
from bot.context import BotApplication
from bot.domain.dataset import (
    SOURCE_FORMATS,
    ErrorCode,
    Format,
    ParseResult,
    RowError,
    detect_format,
    format_named,
    merge_names,
    parse,
    report_messages,
)
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.importing import ImportPlan, apply_import, plan_import
from bot.l10n import Localizer
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from bot.services import Services
from tests.conftest import REFERENCE_DATA

EXPORTS = REFERENCE_DATA / "viasna"
EXPORT_FILES = {language: EXPORTS / f"export_{language}.csv" for language in ("en", "ru", "be")}
OLD_SAMPLE = REFERENCE_DATA / "viasna_export_sample_2023.csv"
CURATED = REFERENCE_DATA / "belarus_curated.csv"
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
ADMIN_ID = 42  # ADMIN_IDS in the test settings

# The English headers, by a short name for the tests.
EN = {
    "name": "Name and surname",
    "status": "Status",
    "birth": "Date of birth",
    "gender": "Gender",
    "detained": "Date of detention",
    "charges": "Charges indicted",
    "verdict": "Date of verdict",
    "term": "Sentence",
    "penalty": "Penalty",
    "judge": "Judge",
    "prosecutor": "Prosecutor",
    "prison": "Prison",
    "id": "id",
    "url": "url",
    "release_date": "release_date",
    "died": "died",
}
RU_HEADER = (
    "Имя и фамилия,Статус,Дата рождения,Пол,Дата задержания,Предъявлены обвинения,"
    "Дата приговора,Решение суда,Вид наказания,Судья,Прокурор,Место заключения,id,url"
)
BE_HEADER = (
    "Імя і прозвішча,Статус,Дата нараджэння,Пол,Дата затрымання,Прад’яўлены абвінавачванні,"
    "Дата прысуду,Рашэнне суда,Від пакарання,Суддзя,Пракурор,Месца зняволення,id,url"
)


def table(header: Sequence[str], *rows: Sequence[str]) -> bytes:
    """Write a CSV file the way the export does, with CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def read(data: bytes) -> ParseResult:
    return parse(data, Format.VIASNA_CSV, source_name="export.csv")


def row(**values: str) -> list[str]:
    """Return a row of the English export: Jana Kaval, active, id 7, with `values` set."""
    cells = {"name": "Jana Kaval", "status": "active", "id": "7", **values}
    return [cells.get(key, "") for key in EN]


def english(**values: str) -> ParseResult:
    """Parse an English export of one person, with `values` set."""
    return read(table(list(EN.values()), row(**values)))


def one(**values: str) -> Prisoner:
    result = english(**values)
    assert result.errors == []
    [prisoner] = result.prisoners
    return prisoner


def codes(result: ParseResult) -> list[tuple[int | None, str | None, ErrorCode]]:
    return [(error.line, error.column, error.code) for error in result.errors]


@pytest.fixture(scope="module")
def exports() -> dict[str, ParseResult]:
    return {
        language: parse(path.read_bytes(), Format.VIASNA_CSV, source_name=path.name)
        for language, path in EXPORT_FILES.items()
    }


# The fixtures: three exports of the same eight people.


@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_each_export_reads_without_errors_and_tells_its_language(
    exports: dict[str, ParseResult], language: str
) -> None:
    result = exports[language]

    assert result.errors == []
    assert result.rows_read == 8
    assert result.skipped == 2
    assert len(result.prisoners) == 6
    assert result.language == language


def test_the_same_people_get_the_same_ids_in_every_language(
    exports: dict[str, ParseResult],
) -> None:
    ids = {language: [p.id for p in result.prisoners] for language, result in exports.items()}

    assert ids["en"] == ids["ru"] == ids["be"]
    assert ids["en"] == [
        "viasna-ales-bialiatski",
        "viasna-2090",
        "viasna-1530",
        "viasna-3",
        "viasna-3800",
        "viasna-450",
    ]


def test_an_active_row_maps_every_column(exports: dict[str, ParseResult]) -> None:
    assert exports["en"].prisoners[1] == Prisoner(
        id="viasna-2090",
        name="Andrzej Poczobut",
        gender=Gender.MALE,
        birth_date=date(1973, 4, 16),
        detained_on=date(2021, 3, 25),
        status=Status.IMPRISONED,
        sentence="8 years, imprisonment in a high-security penal colony",
        sentenced_on=date(2023, 2, 8),
        charges=(
            "Part 3 of Art. 130 of the Criminal Code — Incitement to hatred",
            "Part 3 of Art. 361 of the Criminal Code — Calls for actions against national security",
        ),
        facility="Penal colony No. 1",
        mailing_address="211440, Navapolatsk, vulica Technichnaya 8",
        letters=Letters.UNKNOWN,
        source_url="https://prisoners.spring96.org/en/person/andrzej-poczobut",
        verified_on=None,
    )


def test_a_russian_row_fills_name_ru_and_reads_russian_cells(
    exports: dict[str, ParseResult],
) -> None:
    kalesnikava = exports["ru"].prisoners[3]

    assert (kalesnikava.name, kalesnikava.name_ru, kalesnikava.name_be) == (
        "Мария Колесникова",
        "Мария Колесникова",
        None,
    )
    assert kalesnikava.gender is Gender.FEMALE
    assert kalesnikava.status is Status.RELEASED
    assert kalesnikava.status_changed_on == date(2025, 12, 13)
    assert kalesnikava.sentence == "11 лет, лишение свободы в колонии общего режима"
    assert (kalesnikava.facility, kalesnikava.mailing_address) == (None, None)
    assert kalesnikava.charges[1] == "ч. 1 ст. 357 УК — Заговор с целью захвата власти"


def test_a_belarusian_row_fills_name_be_and_splits_the_prison_cell(
    exports: dict[str, ParseResult],
) -> None:
    poczobut = exports["be"].prisoners[1]

    assert (poczobut.name, poczobut.name_ru, poczobut.name_be) == (
        "Анджэй Пачобут",
        None,
        "Анджэй Пачобут",
    )
    assert poczobut.facility == "Папраўчая калонія №1"
    assert poczobut.mailing_address == "211440, г. Наваполацк, вул. Тэхнічная, 8"
    assert poczobut.sentence == "8 гадоў, пазбаўленне волі ў калоніі ўзмоцненага рэжыму"


def test_an_english_export_sets_no_cyrillic_name(exports: dict[str, ParseResult]) -> None:
    assert {(p.name_ru, p.name_be) for p in exports["en"].prisoners} == {(None, None)}


def test_the_died_row_is_deceased_since_that_day(exports: dict[str, ParseResult]) -> None:
    for result in exports.values():
        ashurak = result.prisoners[5]
        assert ashurak.status is Status.DECEASED
        assert ashurak.status_changed_on == date(2021, 5, 21)


def test_export_is_never_marked_verified_nor_letters_known(
    exports: dict[str, ParseResult],
) -> None:
    people = [p for result in exports.values() for p in result.prisoners]

    assert {p.verified_on for p in people} == {None}
    assert {p.letters for p in people} == {Letters.UNKNOWN}


def test_judges_and_prosecutors_are_never_stored(exports: dict[str, ParseResult]) -> None:
    stored = repr(exports["en"].prisoners) + repr(exports["ru"].prisoners)

    for name in ("Siarhei Ivanou", "Piotr Piatrou", "Сергей Иванов", "Пётр Петров"):
        assert name not in stored


# Telling the format and the language.


@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_detect_format_recognises_each_export(language: str) -> None:
    assert detect_format(EXPORT_FILES[language].read_bytes()) is Format.VIASNA_CSV


def test_detect_format_still_tells_the_other_formats() -> None:
    assert detect_format(OLD_SAMPLE.read_bytes()) is Format.VIASNA
    assert detect_format(CURATED.read_bytes()) is Format.CANONICAL
    assert detect_format(b"id,name,status\njane,Jane,imprisoned\n") is Format.CANONICAL


@pytest.mark.parametrize(
    "header",
    [
        "NAME AND SURNAME,STATUS,URL",
        "\ufeff  name and surname , status ,ID",
        "Имя и фамилия,Статус,id",
        "імя і прозвішча,статус,url",
        "Статус,Месца зняволення,id",
    ],
)
def test_detect_format_reads_export_headers_in_any_case_and_language(header: str) -> None:
    assert detect_format(header.encode() + b"\r\n") is Format.VIASNA_CSV


def test_source_format_names_map_to_formats() -> None:
    assert SOURCE_FORMATS == {
        "auto": None,
        "canonical-csv": Format.CANONICAL,
        "canonical-json": Format.CANONICAL,
        "viasna-csv": Format.VIASNA_CSV,
        "viasna-json": Format.VIASNA,
    }
    assert format_named("viasna-json") is Format.VIASNA
    assert format_named("viasna") is Format.VIASNA
    assert format_named("auto") is None
    with pytest.raises(ValueError, match="viasna-xml"):
        format_named("viasna-xml")


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (",".join(EN.values()), "en"),
        (RU_HEADER, "ru"),
        (BE_HEADER, "be"),
        (BE_HEADER.replace("’", "'"), "be"),
        (BE_HEADER.replace("’", "ʼ"), "be"),
        ("\ufeffИМЯ И ФАМИЛИЯ , статус,  ID  ", "ru"),
        ("Імя і прозвішча,Статус,Пол,url", "be"),
    ],
)
def test_headers_match_in_any_case_with_any_apostrophe(header: str, language: str) -> None:
    columns = header.split(",")
    # Name and status come first; the id (or the url) is 7.
    cells = ["7" if column.strip().lower() in ("id", "url") else "" for column in columns[2:]]
    result = read(table(columns, ["Jana Kaval", "active", *cells]))

    assert result.errors == []
    assert result.language == language
    assert [p.id for p in result.prisoners] == ["viasna-7"]


def test_belarusian_charges_header_with_any_apostrophe_is_read() -> None:
    for apostrophe in ("'", "’", "ʼ"):
        header = ["Імя і прозвішча", "Статус", "id", f"Прад{apostrophe}яўлены абвінавачванні"]
        result = read(table(header, ["Яна Каваль", "active", "7", "арт. 342 КК"]))
        assert result.prisoners[0].charges == ("арт. 342 КК",)


def test_unknown_columns_are_ignored() -> None:
    data = table(
        ["Photo", "Name and surname", "Status", "id", "Notes"], ["x.jpg", "A B", "active", "7", "n"]
    )

    assert [p.name for p in read(data).prisoners] == ["A B"]


# Status, np and death.


@pytest.mark.parametrize(
    ("value", "status"),
    [("active", Status.IMPRISONED), ("ACTIVE", Status.IMPRISONED), ("Former", Status.RELEASED)],
)
def test_status_is_read_in_any_case(value: str, status: Status) -> None:
    assert one(status=value).status is status


def test_release_date_is_status_changed_on_for_released_people_only() -> None:
    assert one(status="former", release_date="13.12.2025").status_changed_on == date(2025, 12, 13)
    assert one(status="former", release_date="2025-12-13").status_changed_on == date(2025, 12, 13)
    assert one(status="active", release_date="13.12.2025").status_changed_on is None


@pytest.mark.parametrize("value", ["yes", "TRUE", "1"])
def test_died_yes_means_deceased_on_an_unknown_day(value: str) -> None:
    prisoner = one(status="former", release_date="01.01.2024", died=value)

    assert (prisoner.status, prisoner.status_changed_on) == (Status.DECEASED, None)


def test_died_with_a_date_means_deceased_since_then() -> None:
    prisoner = one(status="former", release_date="01.01.2024", died="2024-06-02")

    assert (prisoner.status, prisoner.status_changed_on) == (Status.DECEASED, date(2024, 6, 2))


def test_np_records_are_left_out_and_counted_even_when_their_cells_are_wrong() -> None:
    data = table(
        list(EN.values()),
        row(status="np"),
        row(name="Ana Bel", status="Np", birth="32.13.1990", id="8"),
        row(name="Ola Ruk", id="9"),
    )

    result = read(data)

    assert result.errors == []
    assert (result.rows_read, result.skipped) == (3, 1 + 1)
    assert [p.id for p in result.prisoners] == ["viasna-9"]


def test_np_records_are_not_counted_in_other_formats() -> None:
    result = parse(OLD_SAMPLE.read_bytes(), Format.VIASNA, source_name=OLD_SAMPLE.name)

    assert (result.skipped, result.language) == (0, None)


def test_an_unknown_status_is_an_error_naming_the_column() -> None:
    result = english(status="detained")

    assert result.errors == [
        RowError(
            2, "Status", "detained", ErrorCode.UNKNOWN_VALUE, {"expected": "active, former, np"}
        )
    ]
    assert result.prisoners == []


# Dates, gender, charges, sentence and prison.


def test_dates_are_read_day_first_or_iso() -> None:
    prisoner = one(birth="5.3.1990", detained="2021-05-01", verdict="17.11.2021")

    assert (prisoner.birth_date, prisoner.detained_on, prisoner.sentenced_on) == (
        date(1990, 3, 5),
        date(2021, 5, 1),
        date(2021, 11, 17),
    )
    assert one().birth_date is None


@pytest.mark.parametrize("value", ["31.02.2021", "2021/05/01", "01.13.2021", "May 2021"])
def test_a_bad_date_is_an_error_naming_the_column_as_written(value: str) -> None:
    header = ["Name and surname", "Status", "id", "DATE OF DETENTION"]
    result = read(table(header, ["Jana Kaval", "active", "7", value]))

    assert result.errors == [RowError(2, "DATE OF DETENTION", value, ErrorCode.BAD_DATE)]


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("Male", Gender.MALE),
        ("m", Gender.MALE),
        ("Мужской", Gender.MALE),
        ("мужчына", Gender.MALE),
        ("Мужчынскі", Gender.MALE),
        ("FEMALE", Gender.FEMALE),
        ("Женский", Gender.FEMALE),
        ("жанчына", Gender.FEMALE),
        ("Жаночы", Gender.FEMALE),
        ("", None),
    ],
)
def test_gender_is_read_in_any_language(value: str, gender: Gender | None) -> None:
    assert one(gender=value).gender is gender


def test_an_unknown_gender_is_an_error_in_the_export_s_language() -> None:
    data = table(["Имя и фамилия", "Статус", "Пол", "id"], ["Яна Каваль", "active", "иной", "7"])

    assert read(data).errors == [
        RowError(2, "Пол", "иной", ErrorCode.UNKNOWN_VALUE, {"expected": "мужской, женский"})
    ]


@pytest.mark.parametrize(
    "value",
    [
        "Art. 342\nPart 1 of Art. 130",
        "Art. 342; Part 1 of Art. 130",
        "Art. 342 | Part 1 of Art. 130",
        "\r\n Art. 342 ;\r\n Part 1 of Art. 130 \n",
    ],
)
def test_charges_are_split_at_line_breaks_semicolons_and_bars(value: str) -> None:
    assert one(charges=value).charges == ("Art. 342", "Part 1 of Art. 130")


def test_sentence_joins_the_term_and_the_penalty() -> None:
    assert one(term="6 years", penalty="imprisonment").sentence == "6 years, imprisonment"
    assert one(term="6 years").sentence == "6 years"
    assert one(penalty="a fine").sentence == "a fine"
    assert one().sentence is None


def test_prison_gives_the_facility_and_the_address_below_it() -> None:
    prisoner = one(prison="Prison No. 4\n212011, Mahilioŭ,\nvulica Krupskaj 99A\n")

    assert prisoner.facility == "Prison No. 4"
    assert prisoner.mailing_address == "212011, Mahilioŭ, vulica Krupskaj 99A"
    assert one(prison="Pre-trial detention centre No. 1").mailing_address is None


@pytest.mark.parametrize(
    "value",
    [
        "Released",
        "released.",
        "Освобожден",
        "Освобождена",
        "освобождён",
        "Вызвалены",
        "вызваленая",
        "Unknown",
        "Неизвестно",
        "Невядома",
        "At liberty",
        "At liberty before serving the sentence",
        "На свободе до вступления приговора в силу",
        "На волі",
    ],
)
def test_prison_words_for_no_prison_leave_facility_and_address_empty(value: str) -> None:
    prisoner = one(prison=value)

    assert (prisoner.facility, prisoner.mailing_address) == (None, None)


# Ids and URLs.


@pytest.mark.parametrize("language", ["en", "ru", "be"])
def test_id_comes_from_the_url_in_any_language(language: str) -> None:
    url = f"https://prisoners.spring96.org/{language}/person/ales-bialiatski"
    prisoner = one(id="", url=url)

    assert prisoner.id == "viasna-ales-bialiatski"
    assert prisoner.source_url == url


def test_id_from_a_numeric_url_segment_or_with_a_trailing_slash() -> None:
    assert one(id="", url="https://prisoners.spring96.org/be/person/1234").id == "viasna-1234"
    assert one(id="", url="https://prisoners.spring96.org/ru/person/1234/").id == "viasna-1234"


def test_the_id_column_wins_over_the_url() -> None:
    assert one(id="55", url="https://prisoners.spring96.org/en/person/x").id == "viasna-55"


@pytest.mark.parametrize(
    "segment", ["%D0%B0%D0%BB%D0%B5%D1%81%D1%8C", "алесь", "a" * 60, "ales_bialiatski"]
)
def test_a_segment_that_makes_no_valid_id_becomes_a_short_stable_hash(segment: str) -> None:
    prisoner = one(id="", url=f"https://prisoners.spring96.org/en/person/{segment}")
    again = one(id="", url=f"https://prisoners.spring96.org/ru/person/{segment}")

    assert prisoner.id == again.id
    assert prisoner.id.startswith("viasna-")
    assert len(prisoner.id) == len("viasna-") + 12


def test_a_percent_encoded_segment_and_its_decoded_form_give_one_id() -> None:
    encoded = one(
        id="", url="https://prisoners.spring96.org/ru/person/%D0%B0%D0%BB%D0%B5%D1%81%D1%8C"
    )
    decoded = one(id="", url="https://prisoners.spring96.org/ru/person/алесь")

    assert (
        encoded.id
        == decoded.id
        == "viasna-" + hashlib.sha1("алесь".encode(), usedforsecurity=False).hexdigest()[:12]
    )


def test_a_record_without_id_and_url_is_an_error() -> None:
    assert codes(english(id="", url="")) == [(2, "id", ErrorCode.REQUIRED)]


def test_a_bad_id_cell_is_an_error() -> None:
    result = english(id="A 1")

    assert result.errors == [RowError(2, "id", "A 1", ErrorCode.BAD_ID, {"max": 48})]


def test_a_url_column_alone_gives_ids() -> None:
    data = table(
        ["Name and surname", "Status", "url"],
        ["A B", "active", "https://prisoners.spring96.org/en/person/a-b"],
    )

    assert [p.id for p in read(data).prisoners] == ["viasna-a-b"]


def test_two_rows_of_one_person_are_duplicate_ids() -> None:
    url = "https://prisoners.spring96.org/en/person/a-b"
    data = table(
        ["Name and surname", "Status", "url"], ["A B", "active", url], ["A B", "former", url]
    )

    assert codes(read(data)) == [
        (2, "id", ErrorCode.DUPLICATE_ID),
        (3, "id", ErrorCode.DUPLICATE_ID),
    ]


# Header errors.


def test_missing_columns_are_named_in_the_export_s_language() -> None:
    result = read(table(["Имя и фамилия", "Пол"], ["Яна Каваль", "Женский"]))

    assert result.errors == [
        RowError(
            1,
            None,
            None,
            ErrorCode.MISSING_COLUMNS,
            {
                "columns": "Статус, id, url",
                "count": 3,
                "expected": "Имя и фамилия, Статус, id / url",
            },
        )
    ]
    assert (result.rows_read, result.prisoners) == (1, [])


def test_a_column_given_twice_is_named_as_written() -> None:
    result = read(
        table(["Name and surname", "Status", "id", "STATUS"], ["A", "active", "7", "former"])
    )

    assert result.errors == [
        RowError(
            1, None, None, ErrorCode.DUPLICATE_COLUMNS, {"columns": "Status, STATUS", "count": 2}
        )
    ]


def test_an_empty_file_is_an_error() -> None:
    assert codes(read(b"\xef\xbb\xbf\r\n")) == [(None, None, ErrorCode.EMPTY_FILE)]


def test_a_short_row_is_an_error() -> None:
    data = table(["Name and surname", "Status", "id"], ["A", "active"])

    assert codes(read(data)) == [(2, None, ErrorCode.TOO_FEW_COLUMNS)]


# The old `viasna` format is unchanged.


def test_the_old_viasna_format_still_parses_the_2023_sample() -> None:
    result = parse(OLD_SAMPLE.read_bytes(), Format.VIASNA, source_name=OLD_SAMPLE.name)

    assert result.errors == []
    assert (result.rows_read, len(result.prisoners)) == (34, 34)
    assert sum(p.status is Status.PERSECUTED for p in result.prisoners) == 8


# Merging names.


def test_merge_names_keeps_the_stored_scripts_an_export_lacks() -> None:
    stored = Prisoner(id="x", name="Ales", name_be="Алесь Б", name_ru="Алесь Р")
    existing = {"x": stored}

    [ru] = merge_names([Prisoner(id="x", name="Алесь Н", name_ru="Алесь Н")], existing, "ru")
    [be] = merge_names([Prisoner(id="x", name="Алесь Н", name_be="Алесь Н")], existing, "be")
    [en] = merge_names([Prisoner(id="x", name="Ales N")], existing, "en")

    assert (ru.name, ru.name_be, ru.name_ru) == ("Ales", "Алесь Б", "Алесь Н")
    assert (be.name, be.name_be, be.name_ru) == ("Ales", "Алесь Н", "Алесь Р")
    assert (en.name, en.name_be, en.name_ru) == ("Ales N", "Алесь Б", "Алесь Р")


def test_merge_names_takes_new_people_and_other_formats_as_they_are() -> None:
    stored = {"x": Prisoner(id="x", name="Ales", name_be="Алесь Б")}
    new = Prisoner(id="y", name="Яна", name_ru="Яна")
    canonical = Prisoner(id="x", name="Ales", name_be=None)

    assert merge_names([new], stored, "ru") == [new]
    assert merge_names([canonical], stored, None) == [canonical]


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    opened = await Services.open(settings, clock=lambda: NOW)
    yield opened
    await opened.close()


async def _import(services: Services, language: str) -> ImportPlan:
    path = EXPORT_FILES[language]
    plan = await plan_import(services, path.read_bytes(), Format.VIASNA_CSV, path.name)
    assert plan.ok, plan.parsed.errors
    await apply_import(services, plan)
    return plan


@pytest.mark.parametrize("order", [("en", "ru", "be"), ("ru", "be", "en"), ("be", "en", "ru")])
async def test_three_exports_give_everyone_three_scripts_and_stay_put(
    services: Services, order: tuple[str, str, str]
) -> None:
    for language in order:
        await _import(services, language)

    bialiatski = await services.prisoners.get("viasna-ales-bialiatski")
    assert bialiatski is not None
    assert (bialiatski.name, bialiatski.name_ru, bialiatski.name_be) == (
        "Ales Bialiatski",
        "Алесь Беляцкий",
        "Алесь Бяляцкі",
    )
    people = await services.prisoners.all()
    assert len(people) == 6
    assert all(p.name_ru and p.name_be and p.name.isascii() for p in people)
    for language in ("en", "ru", "be"):
        plan = await _import(services, language)
        renamed = [
            change.field
            for person in plan.diff.changed
            for change in person.changes
            if change.field in ("name", "name_ru", "name_be")
        ]
        assert renamed == [], language
    assert not (await _import(services, "be")).diff.changed


# Reporting the records left out.


@pytest.mark.parametrize(
    ("language", "count", "text"),
    [
        ("en", 1, "One record was left out"),
        ("en", 2, "2 records were left out"),
        ("be", 1, "Адзін запіс прапушчаны"),
        ("be", 21, "Прапушчаны 21 запіс"),
        ("be", 3, "Прапушчана 3 запісы"),
        ("be", 5, "Прапушчана 5 запісаў"),
        ("ru", 1, "Одна запись пропущена"),
        ("ru", 21, "Пропущена 21 запись"),
        ("ru", 2, "Пропущены 2 записи"),
        ("ru", 11, "Пропущено 11 записей"),
    ],
)
def test_the_left_out_records_are_counted_in_every_language(
    language: str, count: int, text: str
) -> None:
    [message] = report_messages([], skipped=count)
    message_id, args = message

    assert message_id == "import-skipped-not-recognised"
    assert Localizer()(language).format(message_id, args, escape=False).startswith(text)


def test_no_message_when_nothing_was_left_out() -> None:
    assert report_messages([]) == []


def test_the_cli_import_says_how_many_records_it_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "data" / "bot.sqlite3"))

    code = main(["import", str(EXPORT_FILES["ru"]), "--format", "viasna-csv", "--dry-run"])

    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "2 records were left out" in out
    assert "6 people to add" in out


def test_the_cli_import_takes_the_sync_s_format_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "data" / "bot.sqlite3"))

    code = main(["import", str(OLD_SAMPLE), "--format", "viasna-json", "--dry-run"])

    assert code == EXIT_OK
    assert "34 people to add" in capsys.readouterr().out


async def test_an_upload_report_says_how_many_records_it_left_out(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    admin = SimulatedUser(bot_app, telegram_state, ADMIN_ID)

    [report] = await admin.send_document("export_be.csv", EXPORT_FILES["be"].read_bytes())

    assert "2 records were left out" in report.text
    assert "Анджэй Пачобут (viasna-2090)" in report.text
