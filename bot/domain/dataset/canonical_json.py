"""Canonical records given as a JSON list of objects, with the line where each object starts."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.domain.dataset.canonical import build_prisoner
from bot.domain.dataset.errors import ErrorCode, RowError
from bot.domain.dataset.records import columns_error
from bot.domain.dataset.rows import ParsedRow
from bot.domain.prisoner import FIELDS

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class JsonElement:
    """One element of the top-level list and the lines it spans."""

    line: int
    last_line: int
    value: object


class _LineCounter:
    """Turn increasing character offsets into line numbers without rescanning the text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def at(self, offset: int) -> int:
        """Return the line holding `offset`; offsets must not decrease between calls."""
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _skip_blanks(text: str, offset: int) -> int:
    """Return the offset of the next non-whitespace character."""
    match = _WHITESPACE.match(text, offset)
    return offset if match is None else match.end()


def read_elements(text: str, errors: list[RowError]) -> Iterator[JsonElement]:
    """Yield the elements of the top-level JSON list, reporting where the JSON breaks."""
    lines = _LineCounter(text)
    offset = _skip_blanks(text, 0)
    if not text.startswith("[", offset):
        errors.append(RowError(lines.at(offset), None, None, ErrorCode.JSON_NOT_A_LIST))
        return
    try:
        offset = _skip_blanks(text, offset + 1)
        if text.startswith("]", offset):
            offset = _skip_blanks(text, offset + 1)
        else:
            while True:
                value, end = _DECODER.raw_decode(text, offset)
                yield JsonElement(lines.at(offset), lines.at(end), value)
                offset = _skip_blanks(text, end)
                if text.startswith(",", offset):
                    offset = _skip_blanks(text, offset + 1)
                    continue
                if text.startswith("]", offset):
                    offset = _skip_blanks(text, offset + 1)
                    break
                raise json.JSONDecodeError("Expecting ',' or ']'", text, offset)
        if offset != len(text):
            raise json.JSONDecodeError("Extra data", text, offset)
    except json.JSONDecodeError as exc:
        errors.append(
            RowError(exc.lineno, None, None, ErrorCode.MALFORMED_JSON, {"position": exc.colno})
        )


def parse_canonical_json(text: str, errors: list[RowError]) -> tuple[list[ParsedRow], int]:
    """Read canonical records from JSON text; return the rows and how many elements were read."""
    rows: list[ParsedRow] = []
    count = 0
    for element in read_elements(text, errors):
        count += 1
        if not isinstance(element.value, dict):
            errors.append(
                RowError(element.line, None, None, ErrorCode.JSON_NOT_AN_OBJECT, {"index": count})
            )
            continue
        row = build_prisoner(element.value, element.line, element.last_line, errors)
        unknown = [str(key) for key in element.value if key not in FIELDS]
        if unknown:
            errors.append(
                columns_error(
                    element.line, ErrorCode.UNKNOWN_COLUMNS, unknown, expected=", ".join(FIELDS)
                )
            )
            row = dataclasses.replace(row, prisoner=None)
        rows.append(row)
    return rows, count
