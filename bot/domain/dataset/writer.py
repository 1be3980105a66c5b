"""Write prisoners in the canonical CSV schema, so that an export imports back unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from bot.domain.dataset.canonical import LIST_SEPARATOR
from bot.domain.prisoner import FIELDS, Prisoner


def write_canonical_csv(prisoners: Iterable[Prisoner]) -> str:
    """Return a CSV text with the canonical header and one row per prisoner, in the given order.

    Text values are expected without surrounding blanks, as the parser leaves them; an alias or
    charge holding the list separator would split in two on import, so it raises ValueError.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for prisoner in prisoners:
        writer.writerow(_cell(prisoner, field) for field in FIELDS)
    return buffer.getvalue()


def _cell(prisoner: Prisoner, field: str) -> str:
    """Write one field of a prisoner as CSV text."""
    value: object = getattr(prisoner, field)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        items = [str(item) for item in value]
        if any(LIST_SEPARATOR in item for item in items):
            msg = f"{prisoner.id}: an item of {field} contains {LIST_SEPARATOR!r}"
            raise ValueError(msg)
        return LIST_SEPARATOR.join(items)
    return str(value)
