"""Keep the scripts of each name that an export in one language does not carry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.domain.prisoner import Prisoner


def merge_names(
    incoming: Sequence[Prisoner], existing: Mapping[str, Prisoner], language: str | None
) -> list[Prisoner]:
    """Take from the stored record, by id, the names an export in `language` does not give.

    A Russian or Belarusian export names people in its own script only: it sets `name_ru` or
    `name_be` and keeps the stored `name` (Latin) and the other Cyrillic name. An English export
    sets `name` and keeps both Cyrillic names. So the three exports of one list, imported in any
    order, give everyone all three scripts, and importing one again changes no name back. People
    not stored yet, and files of no known language, are taken as they are.
    """
    if language not in ("en", "ru", "be"):
        return list(incoming)
    merged: list[Prisoner] = []
    for prisoner in incoming:
        stored = existing.get(prisoner.id)
        if stored is None:
            merged.append(prisoner)
        elif language == "ru":
            merged.append(replace(prisoner, name=stored.name, name_be=stored.name_be))
        elif language == "be":
            merged.append(replace(prisoner, name=stored.name, name_ru=stored.name_ru))
        else:
            merged.append(replace(prisoner, name_be=stored.name_be, name_ru=stored.name_ru))
    return merged
