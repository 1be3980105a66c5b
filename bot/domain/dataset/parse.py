"""Parse an uploaded data set in any supported format and check it as a whole."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.dataset.canonical import parse_canonical_csv
from bot.domain.dataset.canonical_json import parse_canonical_json
from bot.domain.dataset.errors import ErrorCode, RowError
from bot.domain.dataset.records import sniff_delimiter
from bot.domain.dataset.rows import ParsedRow
from bot.domain.dataset.text import BOM, DecodedLines
from bot.domain.dataset.viasna import COLUMNS as VIASNA_COLUMNS
from bot.domain.dataset.viasna import IGNORED_COLUMNS as VIASNA_IGNORED_COLUMNS
from bot.domain.dataset.viasna import parse_viasna_csv
from bot.domain.dataset.viasna_csv import HEADERS as EXPORT_HEADERS
from bot.domain.dataset.viasna_csv import header_key, parse_viasna_export
from bot.domain.prisoner import FIELDS, Prisoner

# A BOM, blanks, then the bracket that opens a JSON list or object.
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*[\[{]")


class Format(StrEnum):
    """A supported layout of an imported file."""

    CANONICAL = "canonical"
    # The flattened JSON export of the Viasna database, as CSV; the sync calls it `viasna-json`.
    VIASNA = "viasna"
    # The CSV export of the list page of prisoners.spring96.org, in English, Russian or Belarusian.
    VIASNA_CSV = "viasna-csv"


# The names the settings and the command line give a published list's format; None: detect it.
SOURCE_FORMATS: dict[str, Format | None] = {
    "auto": None,
    "canonical-csv": Format.CANONICAL,
    "canonical-json": Format.CANONICAL,
    "viasna-csv": Format.VIASNA_CSV,
    "viasna-json": Format.VIASNA,
}
# Every name `format_named` knows, the formats' own first.
FORMAT_NAMES: tuple[str, ...] = tuple(dict.fromkeys([*(f.value for f in Format), *SOURCE_FORMATS]))


@dataclass(frozen=True, slots=True)
class ParseResult:
    """The people read without error, every error found, and how many records the file held.

    `language` is the language of a `viasna-csv` export (en, ru or be); `skipped` counts the
    records it left out, people Viasna does not recognise as political prisoners.
    """

    prisoners: list[Prisoner]
    errors: list[RowError]
    rows_read: int
    source_name: str = ""
    language: str | None = None
    skipped: int = 0

    @property
    def ok(self) -> bool:
        """Tell whether the file had no errors at all."""
        return not self.errors


def parse(data: bytes, fmt: Format, *, source_name: str) -> ParseResult:
    """Read a whole file, collecting every error rather than stopping at the first.

    Canonical files may be CSV or JSON (a JSON file starts with `[` or `{`). `prisoners` holds
    only records without errors, so a caller importing all or nothing checks `ok` first.
    `source_name` (a file name) is kept on the result for reports.
    """
    errors: list[RowError] = []
    lines = DecodedLines(data, errors)
    language, skipped = None, 0
    if fmt == Format.VIASNA_CSV:
        export = parse_viasna_export(lines, errors)
        rows, count, skipped, language = export.rows, export.count, export.skipped, export.language
    elif fmt == Format.VIASNA:
        rows, count = parse_viasna_csv(lines, errors)
    elif _looks_like_json(data):
        rows, count = parse_canonical_json("".join(lines), errors)
    else:
        rows, count = parse_canonical_csv(lines, errors)
    duplicated = _report_duplicate_ids(rows, errors)
    prisoners = [
        row.prisoner
        for row in rows
        if row.prisoner is not None
        and row.id not in duplicated
        and not lines.spans_invalid(row.line, row.last_line)
    ]
    errors.sort(key=lambda error: error.line or 0)
    return ParseResult(prisoners, errors, count, source_name, language, skipped)


def format_named(name: str) -> Format | None:
    """Return the format a name gives, a Format's value or a SOURCE_FORMATS key; None: detect.

    Raise ValueError for any other name.
    """
    if name in SOURCE_FORMATS:
        return SOURCE_FORMATS[name]
    return Format(name)


def detect_format(data: bytes) -> Format | None:
    """Guess the format from the first bytes: JSON, or the CSV header's column names."""
    if _looks_like_json(data):
        return Format.CANONICAL
    first = _first_line(data)
    cells = next(csv.reader([first], delimiter=sniff_delimiter(first)), [])
    header = {cell.strip() for cell in cells}
    # The export's headers count in any case and spelling; the others only as written.
    export_header = {header_key(cell) for cell in cells}
    canonical = set(FIELDS)
    old_viasna = set(VIASNA_COLUMNS) | set(VIASNA_IGNORED_COLUMNS)
    export = EXPORT_HEADERS
    # Only a column that one format alone has tells it apart: `status` or `url` tell nothing.
    canonical_score = len(header & (canonical - old_viasna - export))
    viasna_score = len(header & (old_viasna - canonical - export))
    export_score = len(export_header & (export - canonical - old_viasna))
    if export_score > max(canonical_score, viasna_score):
        return Format.VIASNA_CSV
    if viasna_score > canonical_score:
        return Format.VIASNA
    # With nothing to tell them apart, a header naming any canonical column (`id,name,colour`)
    # is read as canonical, so that its missing and unknown columns are reported precisely.
    if canonical_score > viasna_score or header & set(FIELDS):
        return Format.CANONICAL
    return None


def _looks_like_json(data: bytes) -> bool:
    """Tell whether the first non-blank byte opens a JSON array or object."""
    return _JSON_START.match(data) is not None


def _first_line(data: bytes) -> str:
    """Return the first non-blank line, decoded leniently."""
    start = len(BOM) if data.startswith(BOM) else 0
    while start < len(data):
        # Lines may end in \n, \r\n or, from old Mac spreadsheets, a bare \r.
        ends = [i for i in (data.find(b"\n", start), data.find(b"\r", start)) if i != -1]
        end = min(ends) if ends else len(data)
        line = data[start:end]
        if line.strip():
            return line.decode("utf-8", errors="replace")
        start = end + 1
    return ""


def _report_duplicate_ids(rows: list[ParsedRow], errors: list[RowError]) -> set[str]:
    """Report each record whose id another record also uses, naming the other line."""
    lines_by_id: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.id is not None:
            lines_by_id[row.id].append(row.line)
    duplicated = {prisoner_id for prisoner_id, lines in lines_by_id.items() if len(lines) > 1}
    for prisoner_id in sorted(duplicated):
        lines = lines_by_id[prisoner_id]
        for position, line in enumerate(lines):
            other = lines[1] if position == 0 else lines[0]
            errors.append(
                RowError(line, "id", prisoner_id, ErrorCode.DUPLICATE_ID, {"other_line": other})
            )
    return duplicated
