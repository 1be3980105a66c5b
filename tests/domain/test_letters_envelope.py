"""The envelope block: the dative name, the year of birth, the facility and the address."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.domain.dataset.parse import Format, parse
from bot.domain.letters.envelope import AddressState, envelope
from bot.domain.prisoner import Gender, Letters, Prisoner, Status

CURATED = Path(__file__).resolve().parents[1] / "data" / "belarus_curated.csv"
PEOPLE = {
    p.id: p
    for p in parse(CURATED.read_bytes(), Format.CANONICAL, source_name="curated.csv").prisoners
}
TODAY = date(2026, 3, 1)
MAX_AGE = 45

# Ihar Losik as if he were still held, with the address in Cyrillic as a record may give it.
LOSIK = Prisoner(
    id="ihar-losik",
    name="Ihar Losik",
    name_be="Ігар Лосік",
    name_ru="Игорь Лосик",
    gender=Gender.MALE,
    birth_date=date(1992, 5, 20),
    status=Status.IMPRISONED,
    facility="Penal colony No. 1, Navapolatsk",
    facility_be="Папраўчая калонія № 1",
    facility_ru="Исправительная колония № 1",
    mailing_address="211440, г. Новополоцк, ул. Техническая, 8",
    letters=Letters.YES,
    verified_on=date(2026, 2, 20),
)


def test_russian_envelope() -> None:
    block = envelope(
        LOSIK,
        "ru",
        today=TODAY,
        address_max_age_days=MAX_AGE,
        full_name="Лосик Игорь Александрович",
    )
    assert block.lines == (
        "Кому: Лосику Игорю Александровичу",
        "1992 г. р.",
        "Исправительная колония № 1",
        "Куда: 211440, г. Новополоцк, ул. Техническая, 8",
    )
    assert block.address is AddressState.SHOWN
    assert block.cyrillic


def test_belarusian_envelope() -> None:
    block = envelope(
        LOSIK,
        "be",
        today=TODAY,
        address_max_age_days=MAX_AGE,
        full_name="Лосік Ігар Аляксандравіч",
    )
    assert block.lines == (
        "Каму: Лосіку Ігару Аляксандравічу",
        "1992 г. н.",
        "Папраўчая калонія № 1",
        "Куды: 211440, г. Новополоцк, ул. Техническая, 8",
    )
    assert block.cyrillic


def test_without_a_patronymic_the_record_name_is_used() -> None:
    block = envelope(LOSIK, "be", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.lines[0] == "Каму: Лосіку Ігару"


def test_an_old_address_is_not_given() -> None:
    stale = replace(LOSIK, verified_on=date(2025, 6, 1))
    block = envelope(stale, "ru", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.address is AddressState.OUTDATED
    assert block.lines == ("Кому: Лосику Игорю", "1992 г. р.")


def test_a_released_persons_address_is_not_given() -> None:
    released = replace(LOSIK, status=Status.RELEASED, status_changed_on=date(2025, 12, 13))
    block = envelope(released, "ru", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.address is AddressState.OUTDATED
    assert not any(line.startswith("Куда:") for line in block.lines)


def test_no_address_and_no_birth_date() -> None:
    person = replace(LOSIK, mailing_address=None, birth_date=None)
    block = envelope(person, "ru", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.address is AddressState.MISSING
    assert block.lines == ("Кому: Лосику Игорю",)


def test_the_facility_is_not_repeated_when_the_address_names_it() -> None:
    person = replace(LOSIK, mailing_address="211440, г. Новополоцк, Исправительная колония № 1")
    block = envelope(person, "ru", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.lines[-2:] == (
        "1992 г. р.",
        "Куда: 211440, г. Новополоцк, Исправительная колония № 1",
    )


def test_a_real_record_with_a_latin_address_is_flagged() -> None:
    poczobut = replace(PEOPLE["andrzej-poczobut"], verified_on=date(2026, 2, 1))
    block = envelope(poczobut, "ru", today=TODAY, address_max_age_days=MAX_AGE)
    # The facility is only in English, so it is left out; the address is all there is.
    assert block.lines == (
        "Кому: Почобуту Анджею",
        "1973 г. р.",
        "Куда: 211440, Navapolatsk, Tekhnichnaya st. 8, Penal colony No. 1",
    )
    assert not block.cyrillic


def test_a_record_without_a_cyrillic_name_uses_its_name_as_written() -> None:
    person = PEOPLE["liudmila-shchamialova"]
    block = envelope(person, "be", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.lines == ("Каму: Liudmila Shchamialova",)
    assert block.address is AddressState.MISSING
    assert not block.cyrillic


def test_a_woman_in_belarusian() -> None:
    person = replace(
        PEOPLE["tsina-palynskaya"],
        mailing_address="210026, г. Віцебск, вул. Гагарына, 2, СІЗА № 2",
        verified_on=date(2026, 2, 25),
    )
    block = envelope(person, "be", today=TODAY, address_max_age_days=MAX_AGE)
    assert block.lines == (
        "Каму: Палынскай Ціне",
        "1973 г. н.",
        "Куды: 210026, г. Віцебск, вул. Гагарына, 2, СІЗА № 2",
    )
