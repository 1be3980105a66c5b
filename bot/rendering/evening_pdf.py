"""The printable kit for a letter-writing evening: one large-print A4 page per person.

A group gathers to write letters together, often with older people among them, so the print is
large (body 16 pt, names 26 pt) and every page stands alone: a volunteer can hand one sheet to
each writer. The first page has the evening's how-to and the birthdays coming in the next
weeks (a card that arrives on the day means a lot).

The kit takes plain, already-translated strings: the caller picks the people, renders the texts
in the chat's language and the envelope in Cyrillic, and calls `build_evening_pdf` off the event
loop (it is synchronous and takes a fraction of a second per dozen pages).

The font is DejaVu Sans, shipped in `bot/fonts/` with its licence: it covers Belarusian and
Russian Cyrillic (і, ў, ё) and Latin with diacritics, and the PDF embeds only the glyphs used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVuSans"
_REGULAR = FONTS_DIR / "DejaVuSans.ttf"
_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"

# Sizes in points: large print throughout, larger still for the names.
TITLE_SIZE = 28
NAME_SIZE = 26
LATIN_NAME_SIZE = 20
HEADING_SIZE = 18
ENVELOPE_SIZE = 18
BODY_SIZE = 16
FOOTER_SIZE = 12
MARGIN_MM = 18
_PT_TO_MM = 25.4 / 72
# Line height as a multiple of the font size: roomy enough for weak eyes.
_LEADING = 1.4


@dataclass(frozen=True, slots=True)
class EveningPage:
    """One person's page; every string already in the reader's language or in Cyrillic."""

    name: str  # in Cyrillic, as the envelope and the letter use it
    name_latin: str  # empty when the data has the name in one script only
    envelope: tuple[str, ...]  # the envelope block, line by line
    birthday: str | None  # "Birthday: 20 May (turns 34)", or None when unknown
    about: tuple[str, ...]  # who the person is, in two short lines
    avoid: tuple[str, ...]  # what to leave out of this letter
    # Under the envelope: what to check before posting (an address that may have changed).
    envelope_notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EveningLabels:
    """The headings of the kit, translated."""

    envelope: str
    about: str
    avoid: str
    birthdays: str
    no_birthdays: str


@dataclass(frozen=True, slots=True)
class EveningKit:
    """Everything the PDF shows, as plain translated strings."""

    title: str
    how_to: tuple[str, ...]  # paragraphs of the first page
    birthdays: tuple[str, ...]  # one line per birthday in the coming weeks, in date order
    pages: tuple[EveningPage, ...]
    labels: EveningLabels
    language: str = "en"  # the PDF's language tag, for screen readers


class _KitPdf(FPDF):
    """A4 pages with the page number at the foot, for putting a printed stack back in order."""

    def footer(self) -> None:
        self.set_y(-MARGIN_MM + 4)
        self.set_font(FONT, "", FOOTER_SIZE)
        self.cell(0, _height(FOOTER_SIZE), f"{self.page_no()} / {{nb}}", align=Align.C)


def build_evening_pdf(kit: EveningKit) -> bytes:
    """Return the kit as a PDF: the how-to and birthdays first, then a page per person."""
    pdf = _KitPdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM + 4)
    pdf.add_font(FONT, "", _REGULAR)
    pdf.add_font(FONT, "B", _BOLD)
    pdf.set_title(kit.title)
    pdf.set_lang(kit.language)
    pdf.set_creator("solidarity-bot")
    _first_page(pdf, kit)
    for page in kit.pages:
        _person_page(pdf, page, kit.labels)
    return bytes(pdf.output())


def _height(size: float) -> float:
    return size * _PT_TO_MM * _LEADING


def _paragraph(
    pdf: FPDF, text: str, size: float, *, bold: bool = False, after: float = 0.0
) -> None:
    """Write wrapped text across the page; long words (an address, a link) break too."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(
        0,
        _height(size),
        text,
        align=Align.L,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    if after:
        pdf.ln(after)


def _first_page(pdf: FPDF, kit: EveningKit) -> None:
    pdf.add_page()
    _paragraph(pdf, kit.title, TITLE_SIZE, bold=True, after=4)
    for paragraph in kit.how_to:
        _paragraph(pdf, paragraph, BODY_SIZE, after=3)
    pdf.ln(4)
    _paragraph(pdf, kit.labels.birthdays, HEADING_SIZE, bold=True, after=2)
    if not kit.birthdays:
        _paragraph(pdf, kit.labels.no_birthdays, BODY_SIZE)
    for line in kit.birthdays:
        _paragraph(pdf, line, BODY_SIZE)


def _person_page(pdf: FPDF, page: EveningPage, labels: EveningLabels) -> None:
    pdf.add_page()
    _paragraph(pdf, page.name, NAME_SIZE, bold=True)
    if page.name_latin:
        _paragraph(pdf, page.name_latin, LATIN_NAME_SIZE)
    pdf.ln(5)
    if page.envelope:
        _paragraph(pdf, labels.envelope, HEADING_SIZE, bold=True, after=1)
        pdf.set_font(FONT, "", ENVELOPE_SIZE)
        # Boxed like the address field of an envelope, so it is easy to copy from.
        pdf.multi_cell(
            0,
            _height(ENVELOPE_SIZE),
            "\n".join(page.envelope),
            border=1,
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            padding=3,
        )
        pdf.ln(2)
        for note in page.envelope_notes:
            _paragraph(pdf, note, BODY_SIZE)
        pdf.ln(3)
    if page.birthday:
        _paragraph(pdf, page.birthday, BODY_SIZE, bold=True, after=4)
    if page.about:
        _paragraph(pdf, labels.about, HEADING_SIZE, bold=True, after=1)
        for line in page.about:
            _paragraph(pdf, line, BODY_SIZE)
        pdf.ln(4)
    if page.avoid:
        _paragraph(pdf, labels.avoid, HEADING_SIZE, bold=True, after=1)
        for line in page.avoid:
            _paragraph(pdf, f"– {line}", BODY_SIZE)
