"""The prisoner record: the fields of the canonical import schema as one immutable value."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """Where a person stands today."""

    IMPRISONED = "imprisoned"
    RELEASED = "released"
    DECEASED = "deceased"
    # Persecuted but not (or not yet) recognised as a political prisoner; mostly restricted-freedom
    # sentences served at home ("khimiya"). The Viasna export marks these people `np`.
    PERSECUTED = "persecuted"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Letters(StrEnum):
    """Whether letters from strangers are known to reach the person."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Prisoner:
    """One person, as imported; field names and order follow the canonical CSV header."""

    id: str
    name: str
    name_be: str | None = None
    name_ru: str | None = None
    # The name with patronymic, as an envelope needs it (Лосік Ігар Аляксандравіч).
    name_full_be: str | None = None
    name_full_ru: str | None = None
    aliases: tuple[str, ...] = ()
    gender: Gender | None = None
    birth_date: date | None = None
    detained_on: date | None = None
    status: Status = Status.IMPRISONED
    status_changed_on: date | None = None
    status_note: str | None = None
    status_note_be: str | None = None
    status_note_ru: str | None = None
    sentence: str | None = None
    sentence_be: str | None = None
    sentence_ru: str | None = None
    sentenced_on: date | None = None
    charges: tuple[str, ...] = ()
    charges_be: tuple[str, ...] = ()
    charges_ru: tuple[str, ...] = ()
    facility: str | None = None
    facility_be: str | None = None
    facility_ru: str | None = None
    mailing_address: str | None = None
    letters: Letters = Letters.UNKNOWN
    organization: str | None = None
    organization_be: str | None = None
    organization_ru: str | None = None
    summary: str | None = None
    summary_be: str | None = None
    summary_ru: str | None = None
    source_url: str | None = None
    verified_on: date | None = None
    # Not a column of the import schema: the day a sync from the published list last contained
    # this record, which confirms its facts as of then (see `confirmed_on`).
    synced_on: date | None = dataclasses.field(default=None, compare=False, metadata={"kept": 1})

    @property
    def confirmed_on(self) -> date | None:
        """Return the last day the record's facts were confirmed, by its source or by a sync."""
        dates = [d for d in (self.verified_on, self.synced_on) if d is not None]
        return max(dates) if dates else None


# The languages free-text fields may also be given in, besides the base text (in English, or in
# the language of the export it came from).
TEXT_LANGUAGES: tuple[str, ...] = ("be", "ru")
# The free-text fields with per-language forms: `<field>_be` and `<field>_ru` are optional columns.
LOCALISED_FIELDS: tuple[str, ...] = (
    "status_note",
    "sentence",
    "charges",
    "facility",
    "organization",
    "summary",
)

# The canonical column order, shared by the CSV reader, the writer and the database; the fields
# the bot keeps about a record (its last sync) are not part of it.
FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Prisoner) if "kept" not in f.metadata
)
# The name with patronymic in Belarusian and Russian, for envelopes.
FULL_NAME_FIELDS: tuple[str, ...] = ("name_full_be", "name_full_ru")
# The per-language columns: a file may leave them out (older files and exports have none).
OPTIONAL_FIELDS: tuple[str, ...] = (
    *(f"{field}_{language}" for field in LOCALISED_FIELDS for language in TEXT_LANGUAGES),
    *FULL_NAME_FIELDS,
)
# The columns every canonical CSV file must have.
REQUIRED_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in OPTIONAL_FIELDS)
