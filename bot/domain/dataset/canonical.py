"""The canonical import schema: one record per person, columns named and ordered as FIELDS.

CSV and JSON carry the same fields. In CSV, `aliases` and `charges` are joined with `|`; in
JSON they may also be arrays of strings. Empty cells (and JSON nulls or absent keys) mean
"unknown", except `id`, `name` and `status`, which every record needs; empty `letters` means
`unknown`. Surrounding blanks are dropped from every value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.dataset.cells import NAME_MAX_LENGTH, CellReader
from bot.domain.dataset.errors import RowError
from bot.domain.dataset.records import read_table
from bot.domain.dataset.rows import ParsedRow
from bot.domain.prisoner import FIELDS, Gender, Letters, Prisoner, Status

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
    aliases = read.items("aliases", cells.get("aliases"), separator=LIST_SEPARATOR)
    gender = read.choice("gender", cells.get("gender"), GENDERS)
    birth_date = read.iso_date("birth_date", cells.get("birth_date"))
    detained_on = read.iso_date("detained_on", cells.get("detained_on"))
    status = read.required_choice("status", cells.get("status"), STATUSES)
    status_changed_on = read.iso_date("status_changed_on", cells.get("status_changed_on"))
    status_note = read.text("status_note", cells.get("status_note"))
    sentence = read.text("sentence", cells.get("sentence"))
    sentenced_on = read.iso_date("sentenced_on", cells.get("sentenced_on"))
    charges = read.items("charges", cells.get("charges"), separator=LIST_SEPARATOR)
    facility = read.text("facility", cells.get("facility"))
    mailing_address = read.text("mailing_address", cells.get("mailing_address"))
    letters = read.choice("letters", cells.get("letters"), LETTERS)
    organization = read.text("organization", cells.get("organization"))
    summary = read.text("summary", cells.get("summary"))
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
        aliases=aliases,
        gender=gender,
        birth_date=birth_date,
        detained_on=detained_on,
        status=status,
        status_changed_on=status_changed_on,
        status_note=status_note,
        sentence=sentence,
        sentenced_on=sentenced_on,
        charges=charges,
        facility=facility,
        mailing_address=mailing_address,
        letters=letters or Letters.UNKNOWN,
        organization=organization,
        summary=summary,
        source_url=source_url,
        verified_on=verified_on,
    )
    return ParsedRow(line, last_line, prisoner_id, prisoner)


def parse_canonical_csv(
    lines: Iterable[str], errors: list[RowError]
) -> tuple[list[ParsedRow], int]:
    """Read canonical CSV lines; return the rows and how many data records were read."""
    return read_table(lines, errors, required=FIELDS, allowed=FIELDS, build=build_prisoner)
