"""The envelope block, in Cyrillic, as a letter to a Belarusian prison is addressed.

A prison's post office matches a letter to a person by full name and year of birth, so the block
gives both, the name in the dative as Russian and Belarusian envelopes have it:

    Кому: Лосику Игорю Александровичу
    1992 г. р.
    Исправительная колония № 1
    Куда: 211440, г. Новополоцк, ул. Техническая, 8

(in Belarusian: «Каму:», «1992 г. н.», «Куды:»). The address is given only while it is current
(see `freshness.address_is_current`): people are moved between prisons, and a letter sent to an
old address is lost. The lines are data, not a translated text: the same in every chat language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.card import text_in
from bot.domain.freshness import address_is_current
from bot.domain.letters.names import Language, letter_name
from bot.domain.prisoner import Prisoner


class AddressState(StrEnum):
    """Whether the block could give an address, and why not."""

    SHOWN = "shown"
    # The record has an address, but it was not confirmed recently enough to send a letter to.
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Envelope:
    """The envelope lines and what a renderer may need to say about them."""

    lines: tuple[str, ...]
    address: AddressState
    # False when some line is not in Cyrillic (a name or address the data only has in Latin
    # letters): the writer should put it in Cyrillic before posting.
    cyrillic: bool


_LABELS: dict[Language, tuple[str, str, str]] = {
    # To whom, the year of birth, where to.
    "ru": ("Кому:", "{year} г. р.", "Куда:"),
    "be": ("Каму:", "{year} г. н.", "Куды:"),
}
_LATIN = re.compile(r"[A-Za-z]")


def envelope(
    prisoner: Prisoner,
    language: Language,
    *,
    today: date,
    address_max_age_days: int,
    full_name: str | None = None,
) -> Envelope:
    """Return the envelope block in Russian or Belarusian for a letter posted `today`.

    The name is `full_name` when given, else the record's, with patronymic where the data has
    it (see `names.letter_name`). The facility comes from the record in `language`; it is added
    above the address when it is in Cyrillic and the address does not already name it.
    """
    to_label, year_format, where_label = _LABELS[language]
    name = letter_name(prisoner, language, full_name=full_name)
    lines = [f"{to_label} {name.dative if name else prisoner.name}"]
    if prisoner.birth_date is not None:
        lines.append(year_format.format(year=prisoner.birth_date.year))
    address = (prisoner.mailing_address or "").strip()
    if not address:
        state = AddressState.MISSING
    elif not address_is_current(prisoner, today, address_max_age_days):
        state = AddressState.OUTDATED
    else:
        state = AddressState.SHOWN
        facility = (text_in(prisoner, "facility", language) or "").strip()
        if facility and not _LATIN.search(facility) and facility.lower() not in address.lower():
            lines.append(facility)
        lines.append(f"{where_label} {address}")
    cyrillic = not any(_LATIN.search(line) for line in lines)
    return Envelope(lines=tuple(lines), address=state, cyrillic=cyrillic)
