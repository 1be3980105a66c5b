"""Problems found in an imported data set, as codes and values that a front end localises."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Longest value shown back to an operator inside an error message.
DISPLAY_LIMIT = 60


class ErrorCode(StrEnum):
    """What is wrong; each code has an `import-error-<code>` message in the locale files."""

    INVALID_UTF8 = "invalid-utf8"
    EMPTY_FILE = "empty-file"
    MISSING_COLUMNS = "missing-columns"
    UNKNOWN_COLUMNS = "unknown-columns"
    DUPLICATE_COLUMNS = "duplicate-columns"
    TOO_MANY_COLUMNS = "too-many-columns"
    TOO_FEW_COLUMNS = "too-few-columns"
    MALFORMED_CSV = "malformed-csv"
    MALFORMED_JSON = "malformed-json"
    JSON_NOT_A_LIST = "json-not-a-list"
    JSON_NOT_AN_OBJECT = "json-not-an-object"
    WRONG_TYPE = "wrong-type"
    REQUIRED = "required"
    BAD_DATE = "bad-date"
    UNKNOWN_VALUE = "unknown-value"
    BAD_ID = "bad-id"
    DUPLICATE_ID = "duplicate-id"
    TOO_LONG = "too-long"
    DETAINED_BEFORE_BIRTH = "detained-before-birth"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: where it is (line, column), the offending value, and message arguments."""

    line: int | None
    column: str | None
    value: str | None
    code: ErrorCode
    detail: dict[str, str | int] = field(default_factory=dict)


def display_value(value: str, limit: int = DISPLAY_LIMIT) -> str:
    """Shorten a value to one line of at most `limit` characters, ending in an ellipsis if cut."""
    one_line = " ".join(value.split())
    if len(one_line) <= limit:
        return one_line
    return one_line[: limit - 1] + "…"
