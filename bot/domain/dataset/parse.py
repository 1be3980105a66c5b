"""Parse an uploaded data set in any supported format and check it as a whole."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.dataset import viasna
from bot.domain.dataset.canonical import parse_canonical_csv
from bot.domain.dataset.canonical_json import parse_canonical_json
from bot.domain.dataset.errors import ErrorCode, RowError
from bot.domain.dataset.rows import ParsedRow
from bot.domain.dataset.text import BOM, DecodedLines
from bot.domain.prisoner import FIELDS, Prisoner

# A BOM, blanks, then the bracket that opens a JSON list or object.
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*[\[{]")


class Format(StrEnum):
    """A supported layout of an imported file."""

    CANONICAL = "canonical"
    VIASNA = "viasna"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """The people read without error, every error found, and how many records the file held."""

    prisoners: list[Prisoner]
    errors: list[RowError]
    rows_read: int
    source_name: str = ""

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
    if fmt == Format.VIASNA:
        rows, count = viasna.parse_viasna_csv(lines, errors)
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
    return ParseResult(prisoners, errors, count, source_name)


def detect_format(data: bytes) -> Format | None:
    """Guess the format from the first bytes: JSON, or the CSV header's column names."""
    if _looks_like_json(data):
        return Format.CANONICAL
    header = {cell.strip() for cell in next(csv.reader([_first_line(data)]), [])}
    canonical_only = set(FIELDS) - set(viasna.COLUMNS) - set(viasna.IGNORED_COLUMNS)
    viasna_only = (set(viasna.COLUMNS) | set(viasna.IGNORED_COLUMNS)) - set(FIELDS)
    canonical_score = len(header & canonical_only)
    viasna_score = len(header & viasna_only)
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
