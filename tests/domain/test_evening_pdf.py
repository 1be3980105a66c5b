"""The evening kit PDF, parsed back: names in both scripts, envelopes, large print, wrapping."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from bot.domain.dataset.parse import Format, parse
from bot.domain.letters.envelope import envelope
from bot.domain.prisoner import Letters, Prisoner, Status
from bot.rendering.evening_pdf import (
    BODY_SIZE,
    FONT,
    FONTS_DIR,
    MARGIN_MM,
    NAME_SIZE,
    EveningKit,
    EveningLabels,
    EveningPage,
    build_evening_pdf,
)

CURATED = Path(__file__).resolve().parents[1] / "data" / "belarus_curated.csv"
PEOPLE = parse(CURATED.read_bytes(), Format.CANONICAL, source_name="curated.csv").prisoners
TODAY = date(2026, 3, 1)
A4_POINTS = (595.28, 841.89)
MM = 72 / 25.4
LABELS = EveningLabels(
    envelope="Канверт",
    about="Хто гэта",
    avoid="Чаго не пісаць",
    birthdays="Дні нараджэння ў бліжэйшыя 60 дзён",
    no_birthdays="У бліжэйшыя 60 дзён дзён нараджэння няма.",
)
HOW_TO = (
    "Пішыце па-беларуску або па-руску, разборліва, на адным аркушы.",
    "Пра палітыку, справу і санкцыі не пішыце: такі ліст не дойдзе.",
)


def held(person: Prisoner, number: int) -> Prisoner:
    """The person as if held today, with a current address in Cyrillic."""
    return replace(
        person,
        id=f"{person.id}-{number}",
        status=Status.IMPRISONED,
        letters=Letters.YES,
        mailing_address=f"2114{number:02d}, г. Наваполацк, вул. Тэхнічная, {number}",
        verified_on=date(2026, 2, 20),
    )


def page_for(person: Prisoner) -> EveningPage:
    block = envelope(person, "be", today=TODAY, address_max_age_days=45)
    birthday = f"Дзень нараджэння: {person.birth_date:%d.%m}" if person.birth_date else None
    return EveningPage(
        name=person.name_be or person.name_ru or person.name,
        name_latin=person.name,
        envelope=block.lines,
        birthday=birthday,
        about=("Праваабаронца, журналіст або валанцёр.", "Затрыманы некалькі гадоў таму."),
        avoid=("палітыку і справу", "лацінку ў тэксце"),
    )


def kit(people: list[Prisoner], birthdays: tuple[str, ...] = ()) -> EveningKit:
    return EveningKit(
        title="Вечар лістоў",
        how_to=HOW_TO,
        birthdays=birthdays,
        pages=tuple(page_for(p) for p in people),
        labels=LABELS,
        language="be",
    )


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


WITH_NAMES = [p for p in PEOPLE if p.name_be]


def test_pages_carry_cyrillic_and_latin_names_and_the_envelope() -> None:
    people = [held(p, i) for i, p in enumerate(WITH_NAMES[:3], start=1)]
    data = build_evening_pdf(kit(people, birthdays=("20 мая — Ігар Лосік",)))
    assert data.startswith(b"%PDF-")
    texts = pages_text(data)
    assert len(texts) == 1 + len(people)
    assert "Вечар лістоў" in texts[0]
    assert HOW_TO[1] in texts[0].replace("\n", " ")
    assert "20 мая — Ігар Лосік" in texts[0]
    bialiatski = texts[1]
    assert "Алесь Бяляцкі" in bialiatski
    assert "Ales Bialiatski" in bialiatski
    assert "Каму: Бяляцкаму Алесю" in bialiatski
    assert "1962 г. н." in bialiatski
    assert "Куды: 211401, г. Наваполацк, вул. Тэхнічная, 1" in bialiatski
    assert "Дзень нараджэння: 25.09" in bialiatski
    assert "палітыку і справу" in bialiatski
    assert "Каму: Стэфановічу Валянціну" in texts[2]
    assert "Каму: Лабковічу Уладзіміру" in texts[3]


def test_fifty_people_one_page_each() -> None:
    people = [held(WITH_NAMES[i % len(WITH_NAMES)], i) for i in range(50)]
    texts = pages_text(build_evening_pdf(kit(people)))
    assert len(texts) == 51
    for person, text in zip(people, texts[1:], strict=True):
        assert person.name_be is not None
        assert person.name_be in text
        assert person.name in text
        assert person.mailing_address is not None
        assert person.mailing_address in text.replace("\n", " ")


def test_no_birthdays_says_so() -> None:
    texts = pages_text(build_evening_pdf(kit([held(WITH_NAMES[0], 1)])))
    assert LABELS.no_birthdays in texts[0]


def test_pages_are_a4() -> None:
    reader = PdfReader(io.BytesIO(build_evening_pdf(kit([held(WITH_NAMES[0], 1)]))))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_POINTS, abs=0.5
        )


def pieces(data: bytes) -> list[tuple[int, str, float, float, bool]]:
    """Return (page, text, font size, x, bold) for every piece of text drawn."""
    found: list[tuple[int, str, float, float, bool]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: dict[str, object] | None,
            size: float,
            number: int = number,
        ) -> None:
            if text.strip():
                bold = font is not None and "Bold" in str(font.get("/BaseFont", ""))
                found.append((number, text.strip("\n"), size, tm[4], bold))

        page.extract_text(visitor_text=visit)
    return found


def test_large_print() -> None:
    people = [held(p, i) for i, p in enumerate(WITH_NAMES[:2], start=1)]
    drawn = pieces(build_evening_pdf(kit(people, birthdays=("20 мая — Ігар Лосік",))))
    names = [size for _, text, size, _, _ in drawn if text in {p.name_be for p in people}]
    assert names
    assert all(size >= 24 for size in names)
    assert NAME_SIZE >= 24
    page_numbers = [size for _, text, size, _, _ in drawn if " / " in text]
    assert len(page_numbers) == 3
    body = [size for _, text, size, _, _ in drawn if " / " not in text]
    assert min(body) >= BODY_SIZE >= 16


def test_long_addresses_and_summaries_wrap_inside_the_page() -> None:
    person = held(WITH_NAMES[0], 1)
    long_address = (
        "211440, Віцебская вобласць, г. Наваполацк, вул. Тэхнічная, 8, "
        "папраўчая калонія № 1, атрад 12, " + "Доўгаеслоўбезпрабелаў" * 8
    )
    person = replace(person, mailing_address=long_address)
    page = replace(
        page_for(person),
        about=("Вельмі доўгі аповед пра чалавека, які не змесціцца ў адзін радок. " * 6,),
    )
    data = build_evening_pdf(replace(kit([person]), pages=(page,)))
    measure = FPDF(unit="pt")
    measure.add_font(FONT, "", FONTS_DIR / "DejaVuSans.ttf")
    measure.add_font(FONT, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
    right_edge = A4_POINTS[0] - MARGIN_MM * MM
    drawn = pieces(data)
    for _, text, size, x, bold in drawn:
        measure.set_font(FONT, "B" if bold else "", size)
        assert x + measure.get_string_width(text) <= right_edge + 1, text
    # Wrapped, not cut: every letter of the address is there, over several lines.
    address_lines = [text for number, text, _, _, _ in drawn if number == 1 and "Доўгае" in text]
    assert len(address_lines) > 1
    joined = "".join(text for number, text, _, _, _ in drawn if number == 1)
    assert "Доўгаеслоўбезпрабелаў" * 8 in joined.replace(" ", "").replace("\n", "")


def test_the_font_and_its_licence_ship_with_the_bot() -> None:
    assert (FONTS_DIR / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (FONTS_DIR / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    licence = (FONTS_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence
