"""Writing the canonical CSV and reading it back gives the same people."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.dataset import Format, parse, write_canonical_csv
from bot.domain.prisoner import Gender, Letters, Prisoner, Status

# Latin, Łacinka, Cyrillic, CSV and list delimiters, line breaks, typographic marks, an emoji,
# and blanks that strip() removes.
ALPHABET = (
    "abcxyzABCXYZ019 .-/()"
    "łŁšŠžŽčČŭŬćńźś"
    "абвгдежзийклмнопрстуфхцчшщъыьэюяёўіАБВЎІЁ"
    "\n\r\t,\"'|;"
    "“”…—№€\U0001f54a"
    "\u00a0\u2028\u3000\ufeff"
)
_characters = st.sampled_from(ALPHABET)
texts = st.text(_characters, min_size=1, max_size=40).map(str.strip).filter(bool)
items = texts.map(lambda text: text.replace("|", "/").strip()).filter(bool)
optional_texts = st.none() | texts
optional_dates = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def prisoners(draw: st.DrawFn) -> Prisoner:
    """Draw a prisoner that passes validation."""
    birth_date = draw(optional_dates)
    detained_on = draw(optional_dates)
    if birth_date is not None and detained_on is not None and detained_on < birth_date:
        birth_date, detained_on = detained_on, birth_date
    return Prisoner(
        id=draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=48)),
        name=draw(texts),
        name_be=draw(optional_texts),
        name_ru=draw(optional_texts),
        aliases=tuple(draw(st.lists(items, max_size=3))),
        gender=draw(st.none() | st.sampled_from(Gender)),
        birth_date=birth_date,
        detained_on=detained_on,
        status=draw(st.sampled_from(Status)),
        status_changed_on=draw(optional_dates),
        status_note=draw(optional_texts),
        sentence=draw(optional_texts),
        sentenced_on=draw(optional_dates),
        charges=tuple(draw(st.lists(items, max_size=3))),
        facility=draw(optional_texts),
        mailing_address=draw(optional_texts),
        letters=draw(st.sampled_from(Letters)),
        organization=draw(optional_texts),
        summary=draw(optional_texts),
        source_url=draw(optional_texts),
        verified_on=draw(optional_dates),
    )


@settings(deadline=None)
@given(st.lists(prisoners(), max_size=5, unique_by=lambda prisoner: prisoner.id))
def test_write_then_parse_is_identity(people: list[Prisoner]) -> None:
    written = write_canonical_csv(people)

    result = parse(written.encode(), Format.CANONICAL, source_name="export.csv")

    assert result.errors == []
    assert result.prisoners == people


def test_list_item_holding_the_separator_cannot_be_written() -> None:
    prisoner = Prisoner(id="a", name="A", aliases=("B|C",))

    with pytest.raises(ValueError, match="aliases"):
        write_canonical_csv([prisoner])


def test_values_needing_quotes_are_quoted() -> None:
    prisoner = Prisoner(id="a", name='Ales "A", Bialiatski', status_note="one\ntwo")

    written = write_canonical_csv([prisoner])

    assert '"Ales ""A"", Bialiatski"' in written
    assert parse(written.encode(), Format.CANONICAL, source_name="e").prisoners == [prisoner]
