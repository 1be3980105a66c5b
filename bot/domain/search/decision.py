"""What a lookup shows: one card, or a list to choose from."""

from __future__ import annotations

from bot.domain.search.index import SearchResult


def person_to_open(result: SearchResult) -> str | None:
    """Return the id of the one person whose card to open, or None when there is a choice.

    A clear answer opens its card: the one person a query names exactly (`Losik`, `Masha
    Kolesnikova`), or, with no exact answer, a best match well ahead of the rest. So does a query
    that matches only one person (a rare surname, say).
    """
    ids = result.prisoner_ids
    if ids and (result.clear or len(ids) == 1):
        return ids[0]
    return None
