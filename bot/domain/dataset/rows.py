"""The outcome of reading one record, before checks that span the whole file."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.prisoner import Prisoner


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """A record's lines, its id when readable, and the prisoner when the record had no errors."""

    line: int
    last_line: int
    id: str | None
    prisoner: Prisoner | None
