"""Read CSV records with their line numbers, and check a header and each row's width."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.domain.dataset.errors import ErrorCode, RowError
from bot.domain.dataset.rows import ParsedRow

# Reads one data record, given its cells by column name and its first and last line.
RowBuilder = Callable[[dict[str, str], int, int, list[RowError]], ParsedRow]


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """One CSV record: its cells and the lines it spans (a quoted value may hold line breaks)."""

    line: int
    last_line: int
    cells: list[str]


@dataclass(frozen=True, slots=True)
class Header:
    """A usable header record: its line and column names."""

    line: int
    columns: list[str]


# Spreadsheets in many locales separate cells with ";" (a comma is their decimal point), and some
# exports use tabs.
DELIMITERS = (",", ";", "\t")


def sniff_delimiter(header: str) -> str:
    """Return the delimiter that splits a header line into the most cells (a comma on a tie).

    csv.Sniffer guesses from the whole sample and is thrown by commas inside quoted text; a
    header line of column names tells reliably.
    """
    # Old Mac spreadsheets end lines with a bare \r, which may leave the whole file one "line".
    first = header.splitlines()[0] if header.strip() else ""
    widths: dict[str, int] = {}
    for delimiter in DELIMITERS:
        try:
            widths[delimiter] = len(next(csv.reader([first], delimiter=delimiter), []))
        except csv.Error:
            widths[delimiter] = 0
    return max(DELIMITERS, key=lambda d: (widths[d], d == ","))


def read_records(lines: Iterable[str], errors: list[RowError]) -> Iterator[CsvRecord]:
    """Yield every non-blank record, reporting those the CSV reader cannot make sense of.

    The delimiter is told from the first non-blank line, the header.
    """
    ahead: list[str] = []
    rest = iter(lines)
    for line in rest:
        ahead.append(line)
        if line.strip():
            break
    delimiter = sniff_delimiter(ahead[-1]) if ahead else ","
    reader = csv.reader(itertools.chain(ahead, rest), delimiter=delimiter)
    while True:
        first = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            errors.append(RowError(first, None, None, ErrorCode.MALFORMED_CSV))
            continue
        # Spreadsheets often leave blank lines or rows of bare commas at the end.
        if any(cell.strip() for cell in cells):
            yield CsvRecord(first, reader.line_num, cells)


def read_header(
    record: CsvRecord,
    *,
    required: Sequence[str],
    allowed: Sequence[str] | None,
    errors: list[RowError],
) -> Header | None:
    """Check a header row; return it when every required column is present exactly once.

    Columns outside `allowed` (None: any column is allowed) are reported with the allowed ones.
    """
    columns = [cell.strip() for cell in record.cells]
    usable = True
    duplicates = sorted(name for name, count in Counter(columns).items() if count > 1)
    if duplicates:
        errors.append(columns_error(record.line, ErrorCode.DUPLICATE_COLUMNS, duplicates))
        usable = False
    missing = [name for name in required if name not in columns]
    if missing:
        errors.append(
            columns_error(
                record.line, ErrorCode.MISSING_COLUMNS, missing, expected=", ".join(required)
            )
        )
        usable = False
    if allowed is not None:
        unknown = [name for name in columns if name not in allowed]
        if unknown:
            errors.append(
                columns_error(
                    record.line, ErrorCode.UNKNOWN_COLUMNS, unknown, expected=", ".join(allowed)
                )
            )
    return Header(record.line, columns) if usable else None


def has_width(record: CsvRecord, header: Header, errors: list[RowError]) -> bool:
    """Report a row with more or fewer cells than the header has columns."""
    expected, count = len(header.columns), len(record.cells)
    if count == expected:
        return True
    code = ErrorCode.TOO_MANY_COLUMNS if count > expected else ErrorCode.TOO_FEW_COLUMNS
    errors.append(RowError(record.line, None, None, code, {"expected": expected, "count": count}))
    return False


def read_table(
    lines: Iterable[str],
    errors: list[RowError],
    *,
    required: Sequence[str],
    allowed: Sequence[str] | None,
    build: RowBuilder,
) -> tuple[list[ParsedRow], int]:
    """Read a CSV table with a header; return its rows and how many data records were read."""
    records = read_records(lines, errors)
    first = next(records, None)
    if first is None:
        errors.append(RowError(None, None, None, ErrorCode.EMPTY_FILE))
        return [], 0
    header = read_header(first, required=required, allowed=allowed, errors=errors)
    rows: list[ParsedRow] = []
    count = 0
    for record in records:
        count += 1
        if header is None or not has_width(record, header, errors):
            continue
        cells = dict(zip(header.columns, record.cells, strict=True))
        rows.append(build(cells, record.line, record.last_line, errors))
    return rows, count


def columns_error(line: int, code: ErrorCode, names: Sequence[str], **detail: str) -> RowError:
    """Build an error that names several columns."""
    listed = ", ".join(name or '""' for name in names)
    return RowError(line, None, None, code, {"columns": listed, "count": len(names), **detail})
