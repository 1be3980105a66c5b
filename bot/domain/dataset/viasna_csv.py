"""The `viasna-csv` format: the CSV export of the list page of prisoners.spring96.org.

Viasna's site exports its list in English, Russian or Belarusian: the headers and the values are
in that language, and the language is told from the headers. Headers are matched ignoring case,
surrounding blanks, a BOM and the kind of apostrophe; unknown columns are ignored. Every file
needs the name and status columns and an `id` or a `url` column. Each row maps as follows:

- The id is `viasna-<id>`, or, when the `id` cell is empty, `viasna-<slug>` from the last
  segment of the person's URL, which is the same in the three languages. A segment that is no
  valid id (percent-encoded, too long) becomes 12 hex digits of the SHA-1 of the decoded segment.
- Status `active` means imprisoned and `former` released; `np` marks people Viasna does not
  recognise as political prisoners: such records are skipped, and only counted. A date (or
  yes) under `died` means deceased, since that date.
- The name is `name`, and also `name_ru` or `name_be` in a Russian or Belarusian export.
- Dates are YYYY-MM-DD or, as the site writes them, DD.MM.YYYY. `release_date` is
  `status_changed_on` for released people.
- Charges are split at line breaks, `;` and ` | `. The sentence is the term and the kind of
  penalty, "6 years, imprisonment in a medium-security penal colony".
- The prison cell holds the facility on its first line and the postal address on the next
  ones, or a word saying the person is not in prison (released, at liberty, unknown).
- Judges and prosecutors are never read. `letters` is `unknown` and `verified_on` empty: the
  export says nothing about whether letters reach anyone or when the facts were confirmed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

from bot.domain.dataset.cells import ID_MAX_LENGTH, ID_PATTERN, NAME_MAX_LENGTH, CellReader
from bot.domain.dataset.errors import ErrorCode, RowError
from bot.domain.dataset.records import CsvRecord, Header, columns_error, has_width, read_records
from bot.domain.dataset.rows import ParsedRow
from bot.domain.prisoner import Gender, Letters, Prisoner, Status

ID_PREFIX = "viasna-"
HASH_LENGTH = 12
LANGUAGES = ("en", "ru", "be")
NOT_RECOGNISED = "np"

# The headers of the export, by the field each carries, in each language.
LOCALISED_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {"en": ("Name and surname",), "ru": ("Имя и фамилия",), "be": ("Імя і прозвішча",)},
    "status": {"en": ("Status",), "ru": ("Статус",), "be": ("Статус",)},
    "birth_date": {"en": ("Date of birth",), "ru": ("Дата рождения",), "be": ("Дата нараджэння",)},
    "gender": {"en": ("Gender",), "ru": ("Пол",), "be": ("Пол",)},
    "detained_on": {
        "en": ("Date of detention",),
        "ru": ("Дата задержания",),
        "be": ("Дата затрымання",),
    },
    "charges": {
        "en": ("Charges indicted",),
        "ru": ("Предъявлены обвинения",),
        "be": ("Прад'яўлены абвінавачванні",),
    },
    "sentenced_on": {
        "en": ("Date of verdict",),
        "ru": ("Дата приговора",),
        "be": ("Дата прысуду",),
    },
    "term": {"en": ("Sentence",), "ru": ("Решение суда",), "be": ("Рашэнне суда",)},
    "penalty": {"en": ("Penalty",), "ru": ("Вид наказания",), "be": ("Від пакарання",)},
    "judge": {"en": ("Judge",), "ru": ("Судья",), "be": ("Суддзя",)},
    "prosecutor": {"en": ("Prosecutor",), "ru": ("Прокурор",), "be": ("Пракурор",)},
    "prison": {"en": ("Prison",), "ru": ("Место заключения",), "be": ("Месца зняволення",)},
    "release_date": {
        "en": ("Date of release", "Release date"),
        "ru": ("Дата освобождения",),
        "be": ("Дата вызвалення",),
    },
    "died": {"en": ("Date of death",), "ru": ("Дата смерти",), "be": ("Дата смерці",)},
}
# Headers written alike in every export; they say nothing about its language.
SHARED_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "url": ("url", "link"),
    "release_date": ("release_date",),
    "died": ("died",),
}
REQUIRED = ("name", "status")
# Either is enough to give a record a stable id.
IDENTIFYING = ("id", "url")

STATUSES = {"active": Status.IMPRISONED, "former": Status.RELEASED}
GENDERS: dict[str, Gender] = {
    **dict.fromkeys(("male", "m", "man", "мужской", "муж", "м", "мужчина"), Gender.MALE),
    **dict.fromkeys(("мужчынскі", "мужчына"), Gender.MALE),
    **dict.fromkeys(("female", "f", "woman", "женский", "жен", "ж", "женщина"), Gender.FEMALE),
    **dict.fromkeys(("жаночы", "жанчына", "жан"), Gender.FEMALE),
}
# What an unknown gender is told to write instead, in the export's language.
GENDER_CHOICES = {"en": "male, female", "ru": "мужской, женский", "be": "мужчынскі, жаночы"}
DIED_YES = frozenset({"yes", "true", "1", "да", "так"})
DIED_NO = frozenset({"no", "false", "0", "нет", "не"})

# A line break, a semicolon or a spaced bar ends one charge.
_CHARGE_SEPARATOR = re.compile(r"\s*(?:\r?\n|\r|;|\s\|\s)\s*")
# Headers are compared with one kind of apostrophe, `е` for `ё` and no BOM.
_HEADER_FOLD = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "ё": "е", "\ufeff": None})
# A prison cell that says the person is in no prison: released, at liberty until the sentence
# starts (possibly with more words), or unknown; the next character, if any, is no letter.
_NOT_IN_PRISON = re.compile(
    r"(?:released|at liberty|unknown"
    r"|освобожден[аы]?|освобожденн(?:ый|ая)|на свободе|неизвестно"
    r"|вызвален(?:ы|ая|а)|на волі|на свабодзе|невядома)(?!\w)"
)


def header_key(cell: str) -> str:
    """Reduce a header cell to the form headers are matched in: lower case, one kind of blank."""
    return " ".join(cell.casefold().translate(_HEADER_FOLD).split())


def _fields_by_header() -> dict[str, str]:
    """Map every known header, reduced, to the field it carries."""
    found: dict[str, str] = {}
    for field, by_language in LOCALISED_HEADERS.items():
        for headers in by_language.values():
            found.update(dict.fromkeys(map(header_key, headers), field))
    for field, headers in SHARED_HEADERS.items():
        found.update(dict.fromkeys(map(header_key, headers), field))
    return found


def _languages_by_header() -> dict[str, str]:
    """Map each header that only one language writes, reduced, to that language."""
    languages: dict[str, set[str]] = {}
    for by_language in LOCALISED_HEADERS.values():
        for language, headers in by_language.items():
            for key in map(header_key, headers):
                languages.setdefault(key, set()).add(language)
    return {key: next(iter(found)) for key, found in languages.items() if len(found) == 1}


FIELD_BY_HEADER = _fields_by_header()
LANGUAGE_BY_HEADER = _languages_by_header()
# Every header of the format, reduced, for telling it from other formats.
HEADERS = frozenset(FIELD_BY_HEADER)


def detect_language(cells: Iterable[str]) -> str | None:
    """Tell the export's language from its headers; None when no header gives it away."""
    votes = Counter(
        LANGUAGE_BY_HEADER[key] for cell in cells if (key := header_key(cell)) in LANGUAGE_BY_HEADER
    )
    ranked = votes.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """The header record: where each field's column is and how the file names it."""

    table: Header
    positions: dict[str, int]
    names: dict[str, str]
    language: str | None
    usable: bool


@dataclass(frozen=True, slots=True)
class ExportTable:
    """The rows read from an export, how many records it held and left out, and its language."""

    rows: list[ParsedRow]
    count: int
    skipped: int
    language: str | None


def parse_viasna_export(lines: Iterable[str], errors: list[RowError]) -> ExportTable:
    """Read the lines of a Viasna CSV export, skipping (and counting) `np` records."""
    records = read_records(lines, errors)
    first = next(records, None)
    if first is None:
        errors.append(RowError(None, None, None, ErrorCode.EMPTY_FILE))
        return ExportTable([], 0, 0, None)
    header = read_export_header(first, errors)
    rows: list[ParsedRow] = []
    count = skipped = 0
    for record in records:
        count += 1
        if not header.usable or not has_width(record, header.table, errors):
            continue
        cells = {field: record.cells[index] for field, index in header.positions.items()}
        row = build_export_prisoner(cells, header, record.line, record.last_line, errors)
        if row is None:
            skipped += 1
        else:
            rows.append(row)
    return ExportTable(rows, count, skipped, header.language)


def read_export_header(record: CsvRecord, errors: list[RowError]) -> ExportHeader:
    """Find each field's column, reporting a missing required column or a field given twice."""
    written = [cell.replace("\ufeff", "").strip() for cell in record.cells]
    language = detect_language(written)
    columns: dict[str, list[int]] = {}
    for index, cell in enumerate(written):
        field = FIELD_BY_HEADER.get(header_key(cell))
        if field is not None:
            columns.setdefault(field, []).append(index)
    usable = True
    twice = [written[i] for indexes in columns.values() if len(indexes) > 1 for i in indexes]
    if twice:
        errors.append(columns_error(record.line, ErrorCode.DUPLICATE_COLUMNS, twice))
        usable = False
    missing = [field for field in REQUIRED if field not in columns]
    if not any(field in columns for field in IDENTIFYING):
        missing += IDENTIFYING
    if missing:
        expected = [*(_header_in(field, language) for field in REQUIRED), " / ".join(IDENTIFYING)]
        errors.append(
            columns_error(
                record.line,
                ErrorCode.MISSING_COLUMNS,
                [_header_in(field, language) for field in missing],
                expected=", ".join(expected),
            )
        )
        usable = False
    positions = {field: indexes[0] for field, indexes in columns.items()}
    names = {field: written[index] for field, index in positions.items()}
    return ExportHeader(Header(record.line, written), positions, names, language, usable)


def _header_in(field: str, language: str | None) -> str:
    """Name a field's column as an export in `language` (English when unknown) heads it."""
    localised = LOCALISED_HEADERS.get(field)
    if localised is None:
        return SHARED_HEADERS[field][0]
    return localised[language or "en"][0]


def build_export_prisoner(
    cells: Mapping[str, str],
    header: ExportHeader,
    line: int,
    last_line: int,
    errors: list[RowError],
) -> ParsedRow | None:
    """Read one row of the export; None for a person not recognised as a political prisoner."""
    if cells["status"].strip().casefold() == NOT_RECOGNISED:
        # Left out before any other check: a record that is not imported cannot be wrong.
        return None
    column = header.names
    read = CellReader(line, errors)
    prisoner_id = _read_id(read, column, cells)
    name = read.required(column["name"], cells["name"], limit=NAME_MAX_LENGTH)
    status = _read_status(read, column["status"], cells["status"])
    gender = _read_gender(read, column, cells, header.language)
    birth_date = _read_date(read, column, cells, "birth_date")
    detained_on = _read_date(read, column, cells, "detained_on")
    charges = _read_charges(read, column, cells)
    sentenced_on = _read_date(read, column, cells, "sentenced_on")
    term = _read_text(read, column, cells, "term")
    penalty = _read_text(read, column, cells, "penalty")
    facility, mailing_address = _read_prison(read, column, cells)
    released_on = _read_date(read, column, cells, "release_date")
    died, died_on = _read_death(read, column, cells)
    source_url = _read_text(read, column, cells, "url")
    if "detained_on" in column:
        read.detained_after_birth(column["detained_on"], detained_on, birth_date)
    if read.failed or prisoner_id is None or name is None or status is None:
        return ParsedRow(line, last_line, prisoner_id, None)
    if died:
        status, changed_on = Status.DECEASED, died_on
    else:
        changed_on = released_on if status is Status.RELEASED else None
    prisoner = Prisoner(
        id=prisoner_id,
        name=name,
        name_be=name if header.language == "be" else None,
        name_ru=name if header.language == "ru" else None,
        gender=gender,
        birth_date=birth_date,
        detained_on=detained_on,
        status=status,
        status_changed_on=changed_on,
        sentence=", ".join(part for part in (term, penalty) if part) or None,
        sentenced_on=sentenced_on,
        charges=charges,
        facility=facility,
        mailing_address=mailing_address,
        letters=Letters.UNKNOWN,
        source_url=source_url,
        verified_on=None,
    )
    return ParsedRow(line, last_line, prisoner_id, prisoner)


def _read_text(
    read: CellReader, column: Mapping[str, str], cells: Mapping[str, str], field: str
) -> str | None:
    """Read an optional text field; a column the file lacks reads as empty."""
    return read.text(column[field], cells[field]) if field in cells else None


def _read_date(
    read: CellReader, column: Mapping[str, str], cells: Mapping[str, str], field: str
) -> date | None:
    """Read an optional date field; a column the file lacks reads as empty."""
    return read.dotted_or_iso_date(column[field], cells[field]) if field in cells else None


def _read_id(read: CellReader, column: Mapping[str, str], cells: Mapping[str, str]) -> str | None:
    """Make the record's id from the `id` cell or, when it is empty, from the person's URL."""
    if cells.get("id", "").strip():
        return read.identifier(column["id"], cells["id"], prefix=ID_PREFIX)
    url = read.text(column["url"], cells["url"]) if "url" in cells else None
    if url is None:
        read.report(ErrorCode.REQUIRED, column.get("id") or column["url"], None)
        return None
    segment = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2]).lower()
    if not segment:
        read.report(ErrorCode.BAD_ID, column["url"], url, max=ID_MAX_LENGTH)
        return None
    slug = ID_PREFIX + segment
    if ID_PATTERN.fullmatch(slug) and len(slug) <= ID_MAX_LENGTH:
        return slug
    # Cyrillic or very long slugs make no valid id; a hash of the segment is as stable.
    digest = hashlib.sha1(segment.encode(), usedforsecurity=False).hexdigest()
    return ID_PREFIX + digest[:HASH_LENGTH]


def _read_status(read: CellReader, column: str, raw: str) -> Status | None:
    """Read `active` or `former`, in any case."""
    value = read.required(column, raw)
    if value is None:
        return None
    status = STATUSES.get(value.casefold())
    if status is None:
        expected = ", ".join([*STATUSES, NOT_RECOGNISED])
        read.report(ErrorCode.UNKNOWN_VALUE, column, value, expected=expected)
    return status


def _read_gender(
    read: CellReader, column: Mapping[str, str], cells: Mapping[str, str], language: str | None
) -> Gender | None:
    """Read male or female in any of the export's languages; empty means unknown."""
    value = _read_text(read, column, cells, "gender")
    if value is None:
        return None
    gender = GENDERS.get(value.casefold().rstrip("."))
    if gender is None:
        expected = GENDER_CHOICES[language or "en"]
        read.report(ErrorCode.UNKNOWN_VALUE, column["gender"], value, expected=expected)
    return gender


def _read_charges(
    read: CellReader, column: Mapping[str, str], cells: Mapping[str, str]
) -> tuple[str, ...]:
    """Split the charges cell into articles."""
    value = _read_text(read, column, cells, "charges")
    if value is None:
        return ()
    return tuple(item for item in _CHARGE_SEPARATOR.split(value) if item)


def _read_prison(
    read: CellReader, column: Mapping[str, str], cells: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """Split the prison cell into the facility and its postal address."""
    value = _read_text(read, column, cells, "prison")
    if value is None:
        return None, None
    lines = [stripped for line in value.splitlines() if (stripped := line.strip(" \t,;"))]
    if not lines or _NOT_IN_PRISON.match(lines[0].casefold().replace("ё", "е")):
        return None, None
    return lines[0], ", ".join(lines[1:]) or None


def _read_death(
    read: CellReader, column: Mapping[str, str], cells: Mapping[str, str]
) -> tuple[bool, date | None]:
    """Tell whether the person died and, when the cell gives it, on which day."""
    value = _read_text(read, column, cells, "died")
    if value is None or value.casefold() in DIED_NO:
        return False, None
    if value.casefold() in DIED_YES:
        return True, None
    died_on = read.dotted_or_iso_date(column["died"], value)
    return died_on is not None, died_on
