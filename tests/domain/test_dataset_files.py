"""The real data files: the curated list, the bundled data set and a Viasna export sample."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from bot.domain.dataset import Format, detect_format, parse, write_canonical_csv
from bot.domain.dataset.compare import diff
from bot.domain.prisoner import FIELDS, OPTIONAL_FIELDS, Gender, Letters, Prisoner, Status
from bot.rendering.cards import FIELD_LIMIT
from tests.conftest import REFERENCE_DATA

CURATED = REFERENCE_DATA / "belarus_curated.csv"
VIASNA_SAMPLE = REFERENCE_DATA / "viasna_export_sample_2023.csv"


def bundled_bytes() -> bytes:
    """Read the data set shipped inside the package."""
    return resources.files("bot").joinpath("data/belarus.csv").read_bytes()


def by_id(prisoners: list[Prisoner]) -> dict[str, Prisoner]:
    """Index prisoners by id."""
    return {prisoner.id: prisoner for prisoner in prisoners}


def test_curated_file_parses_without_errors() -> None:
    result = parse(CURATED.read_bytes(), Format.CANONICAL, source_name=CURATED.name)

    assert result.errors == []
    assert result.rows_read == 32
    assert len(result.prisoners) == 32


def test_curated_values_are_typed() -> None:
    people = by_id(parse(CURATED.read_bytes(), Format.CANONICAL, source_name="c").prisoners)

    andreyeva = people["katsiaryna-andreyeva"]
    assert andreyeva.aliases == ("Katsiaryna Bakhvalava", "Кацярына Бахвалава")
    assert andreyeva.verified_on == date(2026, 3, 19)
    assert andreyeva.gender is Gender.FEMALE
    statkevich = people["mikalai-statkevich"]
    assert statkevich.status is Status.RELEASED
    assert statkevich.status_changed_on == date(2026, 2, 19)
    assert people["uladzimir-hundar"].birth_date is None
    assert people["uladzimir-hundar"].detained_on is None
    assert people["ales-bialiatski"].letters is Letters.NO
    assert people["ales-bialiatski"].charges == (
        "Part 4 Art. 228 CC (smuggling by an organized group)",
        "Part 2 Art. 342 CC (financing group actions grossly violating public order)",
    )
    assert people["maksim-znak"].status_note == (
        "Released on 2025-12-13 after being held incommunicado for over 1,000 days."
    )


def test_bundled_file_parses_without_errors() -> None:
    result = parse(bundled_bytes(), Format.CANONICAL, source_name="belarus.csv")

    assert result.errors == []
    assert len(result.prisoners) == 32


def test_bundled_file_keeps_curated_facts_and_adds_summaries() -> None:
    curated = parse(CURATED.read_bytes(), Format.CANONICAL, source_name="c").prisoners
    bundled = parse(bundled_bytes(), Format.CANONICAL, source_name="b").prisoners

    assert [p.id for p in bundled] == [p.id for p in curated]
    for before, after in zip(curated, bundled, strict=True):
        # The curated file left some summaries empty, and has no Belarusian or Russian text; the
        # bundled one writes them.
        untranslated = {column: getattr(before, column) for column in OPTIONAL_FIELDS}
        assert dataclasses.replace(after, summary=before.summary, **untranslated) == before
        assert before.summary in (None, after.summary)
        assert after.summary is not None
        assert 40 < len(after.summary) <= 300
        assert after.summary.count(". ") <= 1


def test_bundled_file_has_no_spelling_only_aliases() -> None:
    curated = by_id(parse(CURATED.read_bytes(), Format.CANONICAL, source_name="c").prisoners)
    bundled = parse(bundled_bytes(), Format.CANONICAL, source_name="b").prisoners

    assert {p.id: p.aliases for p in bundled} == {
        prisoner_id: p.aliases for prisoner_id, p in curated.items()
    }


# Names a Belarusian or Russian text keeps in Latin letters, as those organisations write them.
_KEPT_LATIN = re.compile(r"Human Constanta|Index on Censorship|ARTICLE 19|LiveJournal")


def _reads_as(language: str, text: str) -> bool:
    """Tell whether a text is in Belarusian or Russian letters, names kept in Latin aside."""
    own, other = ("іўІЎ", "иъщИЪЩ") if language == "be" else ("иъщИЪЩ", "іўІЎ")
    rest = _KEPT_LATIN.sub("", text)
    return (
        re.search("[а-яё]", rest) is not None
        and re.search("[A-Za-z]", rest) is None
        and not any(letter in rest for letter in other)
        and (len(rest) < 40 or any(letter in rest for letter in own))
    )


@pytest.mark.parametrize("language", ["be", "ru"])
def test_every_bundled_text_is_also_in_belarusian_and_russian(language: str) -> None:
    bundled = parse(bundled_bytes(), Format.CANONICAL, source_name="b").prisoners

    for person in bundled:
        for field in ("summary", "status_note", "sentence", "facility", "organization"):
            base, own = getattr(person, field), getattr(person, f"{field}_{language}")
            if base is None or _KEPT_LATIN.fullmatch(base):
                assert own is None, (person.id, field)
                continue
            assert own is not None, (person.id, field)
            assert _reads_as(language, own), (person.id, own)
            assert len(own) <= FIELD_LIMIT, (person.id, field)
        charges = getattr(person, f"charges_{language}")
        assert len(charges) == len(person.charges), person.id
        assert all(_reads_as(language, charge) for charge in charges), charges


def test_writing_the_curated_file_keeps_every_cell() -> None:
    data = CURATED.read_text(encoding="utf-8")

    written = write_canonical_csv(parse(data.encode(), Format.CANONICAL, source_name="c").prisoners)

    # The curated file has no Belarusian or Russian columns: written, they are empty.
    rows = list(csv.DictReader(io.StringIO(written, newline="")))
    curated = list(csv.DictReader(io.StringIO(data, newline="")))
    assert rows == [dict.fromkeys(FIELDS, "") | row for row in curated]
    assert [list(row) for row in rows] == [list(FIELDS)] * len(curated)
    assert written.endswith("\r\n")


def test_bundled_file_round_trips() -> None:
    prisoners = parse(bundled_bytes(), Format.CANONICAL, source_name="b").prisoners

    again = parse(write_canonical_csv(prisoners).encode(), Format.CANONICAL, source_name="e")

    assert again.errors == []
    assert again.prisoners == prisoners


def test_written_header_is_the_canonical_one() -> None:
    written = write_canonical_csv([])
    curated_header = CURATED.read_text(encoding="utf-8").splitlines()[0]

    assert written == ",".join(FIELDS) + "\r\n"
    assert [c for c in FIELDS if c not in OPTIONAL_FIELDS] == curated_header.split(",")


@pytest.fixture(scope="module")
def viasna_people() -> dict[str, Prisoner]:
    result = parse(VIASNA_SAMPLE.read_bytes(), Format.VIASNA, source_name=VIASNA_SAMPLE.name)
    assert result.errors == []
    assert result.rows_read == 34
    assert len(result.prisoners) == 34
    return by_id(result.prisoners)


def test_viasna_active_row_maps_every_column(viasna_people: dict[str, Prisoner]) -> None:
    assert viasna_people["viasna-1"] == Prisoner(
        id="viasna-1",
        name="Andrei Chapiuk",
        gender=Gender.MALE,
        birth_date=date(1996, 5, 17),
        detained_on=date(2020, 10, 2),
        status=Status.IMPRISONED,
        sentence="6 years, imprisonment in a medium-security penal colony",
        sentenced_on=date(2022, 9, 6),
        charges=(
            "Art. 341 of the Criminal Code — Desecration of structures and damage to property",
            "Part 2 of Art. 285 of the Criminal Code — Participation in a criminal organization"
            " in any other form",
            "Art. 130 of the Criminal Code — Incitement to hatred",
            "Part 1 of Article 13 and Article 293 of the Criminal Code"
            " — Preparation for mass riots",
        ),
        facility="Pre-trial detention center No. 1",
        mailing_address="220030, Minsk, vulica Valadarskaha 2",
        letters=Letters.UNKNOWN,
        summary="Viasna volunteer, sentenced to 6 years",
        source_url="https://prisoners.spring96.org/en/person/andrej-capiuk",
        verified_on=None,
    )


def test_viasna_former_is_released_with_release_date(
    viasna_people: dict[str, Prisoner],
) -> None:
    syramalot = viasna_people["viasna-6"]

    assert syramalot.status is Status.RELEASED
    assert syramalot.status_changed_on == date(2022, 11, 30)
    assert syramalot.gender is Gender.FEMALE
    assert syramalot.sentence == "2 1/2 years, imprisonment in a general-security penal colony"
    assert syramalot.facility is None


def test_viasna_former_without_details_keeps_what_is_known(
    viasna_people: dict[str, Prisoner],
) -> None:
    kavalenka = viasna_people["viasna-5"]

    assert kavalenka.status is Status.RELEASED
    assert kavalenka.status_changed_on is None
    assert kavalenka.detained_on == date(2010, 7, 1)
    assert kavalenka.charges == ()
    assert kavalenka.sentence is None
    assert viasna_people["viasna-9"].sentence == "2 years, suspended imprisonment"


def test_viasna_np_is_persecuted_and_false_means_empty(
    viasna_people: dict[str, Prisoner],
) -> None:
    sautsin = viasna_people["viasna-3179"]

    assert sautsin.status is Status.PERSECUTED
    assert sautsin.mailing_address is None
    assert sautsin.facility == "Released awaiting the commencement of the sentence"
    assert sautsin.sentence == ('3 years, restricted freedom in an open penal facility ("khimiya")')
    assert viasna_people["viasna-3176"].birth_date is None
    assert viasna_people["viasna-3176"].detained_on is None


def test_viasna_statuses_are_all_mapped(viasna_people: dict[str, Prisoner]) -> None:
    counts = Counter(p.status for p in viasna_people.values())

    assert counts == {Status.IMPRISONED: 16, Status.RELEASED: 10, Status.PERSECUTED: 8}


def test_viasna_export_is_never_marked_verified(viasna_people: dict[str, Prisoner]) -> None:
    assert {p.verified_on for p in viasna_people.values()} == {None}
    assert {p.letters for p in viasna_people.values()} == {Letters.UNKNOWN}
    assert {(p.name_be, p.name_ru, p.aliases) for p in viasna_people.values()} == {(None, None, ())}


def test_viasna_status_changed_on_is_only_for_released(
    viasna_people: dict[str, Prisoner],
) -> None:
    with_change = {p.status for p in viasna_people.values() if p.status_changed_on}

    assert with_change == {Status.RELEASED}


def test_viasna_rows_in_export_order(viasna_people: dict[str, Prisoner]) -> None:
    rows = list(csv.DictReader(io.StringIO(VIASNA_SAMPLE.read_text(encoding="utf-8"))))

    assert list(viasna_people) == [f"viasna-{row['id']}" for row in rows]


@pytest.mark.parametrize(
    ("path", "expected"),
    [(CURATED, Format.CANONICAL), (VIASNA_SAMPLE, Format.VIASNA)],
)
def test_detect_format_recognises_real_files(path: Path, expected: Format) -> None:
    assert detect_format(path.read_bytes()) is expected


def test_detect_format_recognises_bundled_file() -> None:
    assert detect_format(bundled_bytes()) is Format.CANONICAL


def test_full_names_are_optional_read_written_and_compared() -> None:
    person = Prisoner(
        "ihar-losik",
        "Ihar Losik",
        name_full_be="Лосік Ігар Аляксандравіч",
        name_full_ru="Лосик Игорь Александрович",
    )
    written = write_canonical_csv([person])
    rows = list(csv.DictReader(io.StringIO(written, newline="")))
    without = io.StringIO()
    kept = [c for c in FIELDS if c not in ("name_full_be", "name_full_ru")]
    writer = csv.DictWriter(without, kept, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)

    again = parse(written.encode(), Format.CANONICAL, source_name="e")
    older = parse(without.getvalue().encode(), Format.CANONICAL, source_name="o")

    assert rows[0]["name_full_be"] == "Лосік Ігар Аляксандравіч"
    assert again.errors == []
    assert again.prisoners == [person]
    assert older.errors == []
    [before] = older.prisoners
    assert (before.name_full_be, before.name_full_ru) == (None, None)
    changes = diff({before.id: before}, [person])
    assert [c.field for c in changes.changed[0].changes] == ["name_full_be", "name_full_ru"]
