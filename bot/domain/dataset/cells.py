"""Turn raw cell values into typed field values, recording every problem instead of stopping."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from bot.domain.dataset.errors import ErrorCode, RowError, display_value

# Ids appear in deep links and callback data, which Telegram limits to 64 bytes; keep room for
# a prefix such as "follow:".
ID_MAX_LENGTH = 48
NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000

ID_PATTERN = re.compile(r"[a-z0-9-]+")
# `date.fromisoformat` also accepts forms such as 20210101; the schema asks for YYYY-MM-DD only.
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The day-first form that exports made for people (spreadsheets, Viasna's site) write.
DOTTED_DATE_PATTERN = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")

T = TypeVar("T")


class CellReader:
    """Read the cells of one record, appending a RowError for every value that does not fit."""

    def __init__(self, line: int, errors: list[RowError]) -> None:
        self.line = line
        self.failed = False
        self._errors = errors

    def report(
        self, code: ErrorCode, column: str | None, value: str | None, **detail: str | int
    ) -> None:
        """Record a problem in this record."""
        self.failed = True
        shown = None if value is None else display_value(value)
        self._errors.append(RowError(self.line, column, shown, code, dict(detail)))

    def text(self, column: str, raw: object, *, limit: int = TEXT_MAX_LENGTH) -> str | None:
        """Read optional text: surrounding blanks dropped, empty means None."""
        if raw is None:
            return None
        if not isinstance(raw, str):
            self.report(ErrorCode.WRONG_TYPE, column, _shown(raw), expected="text")
            return None
        value = raw.strip()
        if len(value) > limit:
            self.report(ErrorCode.TOO_LONG, column, value, length=len(value), max=limit)
            return None
        return value or None

    def required(self, column: str, raw: object, *, limit: int = TEXT_MAX_LENGTH) -> str | None:
        """Read text that must not be empty."""
        reported = len(self._errors)
        value = self.text(column, raw, limit=limit)
        if value is None and len(self._errors) == reported:
            self.report(ErrorCode.REQUIRED, column, None)
        return value

    def identifier(self, column: str, raw: object, *, prefix: str = "") -> str | None:
        """Read a record id, `prefix` + value, which must be a short `[a-z0-9-]+` slug."""
        value = self.required(column, raw)
        if value is None:
            return None
        slug = prefix + value
        if not ID_PATTERN.fullmatch(slug) or len(slug) > ID_MAX_LENGTH:
            self.report(ErrorCode.BAD_ID, column, value, max=ID_MAX_LENGTH)
            return None
        return slug

    def iso_date(self, column: str, raw: object) -> date | None:
        """Read an optional YYYY-MM-DD date."""
        value = self.text(column, raw)
        if value is None:
            return None
        if DATE_PATTERN.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.report(ErrorCode.BAD_DATE, column, value)
        return None

    def dotted_or_iso_date(self, column: str, raw: object) -> date | None:
        """Read an optional date written YYYY-MM-DD or DD.MM.YYYY."""
        value = self.text(column, raw)
        if value is None:
            return None
        dotted = DOTTED_DATE_PATTERN.fullmatch(value)
        if dotted is None:
            return self.iso_date(column, value)
        day, month, year = (int(part) for part in dotted.groups())
        try:
            return date(year, month, day)
        except ValueError:
            self.report(ErrorCode.BAD_DATE, column, value)
            return None

    def choice(self, column: str, raw: object, choices: Mapping[str, T]) -> T | None:
        """Read an optional value from a fixed vocabulary."""
        value = self.text(column, raw)
        if value is None:
            return None
        if value not in choices:
            self.report(ErrorCode.UNKNOWN_VALUE, column, value, expected=", ".join(choices))
            return None
        return choices[value]

    def required_choice(self, column: str, raw: object, choices: Mapping[str, T]) -> T | None:
        """Read a value from a fixed vocabulary that must not be empty."""
        value = self.required(column, raw)
        return None if value is None else self.choice(column, value, choices)

    def items(
        self, column: str, raw: object, *, separator: str, limit: int = TEXT_MAX_LENGTH
    ) -> tuple[str, ...]:
        """Read a list given as a JSON array of texts or as one text joined with `separator`."""
        if isinstance(raw, list):
            if not all(isinstance(item, str) for item in raw):
                self.report(ErrorCode.WRONG_TYPE, column, _shown(raw), expected="list")
                return ()
            # An item holding the separator is split, so that every list survives a CSV export.
            joined = separator.join(raw)
        elif raw is None or isinstance(raw, str):
            joined = raw or ""
        else:
            self.report(ErrorCode.WRONG_TYPE, column, _shown(raw), expected="list")
            return ()
        if len(joined) > limit:
            self.report(ErrorCode.TOO_LONG, column, joined, length=len(joined), max=limit)
            return ()
        return tuple(item for part in joined.split(separator) if (item := part.strip()))

    def detained_after_birth(
        self, column: str, detained_on: date | None, birth_date: date | None
    ) -> None:
        """Report a detention date that falls before the birth date."""
        if detained_on is not None and birth_date is not None and detained_on < birth_date:
            self.report(
                ErrorCode.DETAINED_BEFORE_BIRTH,
                column,
                detained_on.isoformat(),
                birth_date=birth_date.isoformat(),
            )


def _shown(raw: object) -> str:
    """Show a JSON value the way it was written."""
    return json.dumps(raw, ensure_ascii=False)
