"""The canonical import schema: one record per person, columns named and ordered as FIELDS.

CSV and JSON carry the same fields. In CSV, `aliases` and the `charges` columns are joined with
`|`; in JSON they may also be arrays of strings. Empty cells (and JSON nulls or absent keys) mean
"unknown", except `id`, `name` and `status`, which every record needs; empty `letters` means
`unknown`. Surrounding blanks are dropped from every value.

The free-text fields may also be given in Belarusian and Russian (`summary_be`, `charges_ru`...,
see `OPTIONAL_FIELDS`): a CSV file may leave those columns out, and an empty one means that
chats in that language read the base field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.dataset.cells import NAME_MAX_LENGTH, CellReader
from bot.domain.dataset.errors import RowError
from bot.domain.dataset.records import read_table
from bot.domain.dataset.rows import ParsedRow
from bot.domain.prisoner import FIELDS, REQUIRED_FIELDS, Gender, Letters, Prisoner, Status

LIST_SEPARATOR = "|"

STATUSES = {status.value: status for status in Status}
GENDERS = {gender.value: gender for gender in Gender}
LETTERS = {letters.value: letters for letters in Letters}


def build_prisoner(
    cells: Mapping[str, object], line: int, last_line: int, errors: list[RowError]
) -> ParsedRow:
    """Read one canonical record; absent keys count as empty."""
    read = CellReader(line, errors)
    prisoner_id = read.identifier("id", cells.get("id"))
    name = read.required("name", cells.get("name"), limit=NAME_MAX_LENGTH)
    name_be = read.text("name_be", cells.get("name_be"), limit=NAME_MAX_LENGTH)
    name_ru = read.text("name_ru", cells.get("name_ru"), limit=NAME_MAX_LENGTH)
    name_full_be = read.text("name_full_be", cells.get("name_full_be"), limit=NAME_MAX_LENGTH)
    name_full_ru = read.text("name_full_ru", cells.get("name_full_ru"), limit=NAME_MAX_LENGTH)
    aliases = read.items("aliases", cells.get("aliases"), separator=LIST_SEPARATOR)
    gender = read.choice("gender", cells.get("gender"), GENDERS)
    birth_date = read.iso_date("birth_date", cells.get("birth_date"))
    detained_on = read.iso_date("detained_on", cells.get("detained_on"))
    status = read.required_choice("status", cells.get("status"), STATUSES)
    status_changed_on = read.iso_date("status_changed_on", cells.get("status_changed_on"))
    status_note = read.text("status_note", cells.get("status_note"))
    status_note_be = read.text("status_note_be", cells.get("status_note_be"))
    status_note_ru = read.text("status_note_ru", cells.get("status_note_ru"))
    sentence = read.text("sentence", cells.get("sentence"))
    sentence_be = read.text("sentence_be", cells.get("sentence_be"))
    sentence_ru = read.text("sentence_ru", cells.get("sentence_ru"))
    sentenced_on = read.iso_date("sentenced_on", cells.get("sentenced_on"))
    charges = read.items("charges", cells.get("charges"), separator=LIST_SEPARATOR)
    charges_be = read.items("charges_be", cells.get("charges_be"), separator=LIST_SEPARATOR)
    charges_ru = read.items("charges_ru", cells.get("charges_ru"), separator=LIST_SEPARATOR)
    facility = read.text("facility", cells.get("facility"))
    facility_be = read.text("facility_be", cells.get("facility_be"))
    facility_ru = read.text("facility_ru", cells.get("facility_ru"))
    mailing_address = read.text("mailing_address", cells.get("mailing_address"))
    letters = read.choice("letters", cells.get("letters"), LETTERS)
    organization = read.text("organization", cells.get("organization"))
    organization_be = read.text("organization_be", cells.get("organization_be"))
    organization_ru = read.text("organization_ru", cells.get("organization_ru"))
    summary = read.text("summary", cells.get("summary"))
    summary_be = read.text("summary_be", cells.get("summary_be"))
    summary_ru = read.text("summary_ru", cells.get("summary_ru"))
    source_url = read.text("source_url", cells.get("source_url"))
    verified_on = read.iso_date("verified_on", cells.get("verified_on"))
    read.detained_after_birth("detained_on", detained_on, birth_date)
    if read.failed or prisoner_id is None or name is None or status is None:
        return ParsedRow(line, last_line, prisoner_id, None)
    prisoner = Prisoner(
        id=prisoner_id,
        name=name,
        name_be=name_be,
        name_ru=name_ru,
        name_full_be=name_full_be,
        name_full_ru=name_full_ru,
        aliases=aliases,
        gender=gender,
        birth_date=birth_date,
        detained_on=detained_on,
        status=status,
        status_changed_on=status_changed_on,
        status_note=status_note,
        status_note_be=status_note_be,
        status_note_ru=status_note_ru,
        sentence=sentence,
        sentence_be=sentence_be,
        sentence_ru=sentence_ru,
        sentenced_on=sentenced_on,
        charges=charges,
        charges_be=charges_be,
        charges_ru=charges_ru,
        facility=facility,
        facility_be=facility_be,
        facility_ru=facility_ru,
        mailing_address=mailing_address,
        letters=letters or Letters.UNKNOWN,
        organization=organization,
        organization_be=organization_be,
        organization_ru=organization_ru,
        summary=summary,
        summary_be=summary_be,
        summary_ru=summary_ru,
        source_url=source_url,
        verified_on=verified_on,
    )
    return ParsedRow(line, last_line, prisoner_id, prisoner)


def parse_canonical_csv(
    lines: Iterable[str], errors: list[RowError]
) -> tuple[list[ParsedRow], int]:
    """Read canonical CSV lines; return the rows and how many data records were read.

    The per-language columns may be left out; every other column of FIELDS is required.
    """
    return read_table(lines, errors, required=REQUIRED_FIELDS, allowed=FIELDS, build=build_prisoner)
