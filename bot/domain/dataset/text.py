"""Decode uploaded bytes line by line, reporting every line that is not valid UTF-8."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from bot.domain.dataset.errors import ErrorCode, RowError

BOM = codecs.BOM_UTF8


class DecodedLines:
    """The lines of a UTF-8 file, decoded lazily; each invalid line is reported once."""

    def __init__(self, data: bytes, errors: list[RowError]) -> None:
        self._data = data
        self._errors = errors
        self.invalid_lines: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        """Yield each line with its ending; undecodable bytes are reported, then replaced."""
        data = self._data
        start = len(BOM) if data.startswith(BOM) else 0
        number = 0
        while start < len(data):
            newline = data.find(b"\n", start)
            end = len(data) if newline == -1 else newline + 1
            chunk = data[start:end]
            number += 1
            try:
                yield chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.invalid_lines.add(number)
                self._errors.append(
                    RowError(
                        line=number,
                        column=None,
                        value=None,
                        code=ErrorCode.INVALID_UTF8,
                        detail={"offset": start + exc.start},
                    )
                )
                yield chunk.decode("utf-8", errors="replace")
            start = end

    def spans_invalid(self, first: int, last: int) -> bool:
        """Tell whether any line from `first` to `last` (inclusive) held invalid bytes."""
        return any(first <= line <= last for line in self.invalid_lines)
