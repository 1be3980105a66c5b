"""What a lookup shows: one card, or a list to choose from."""

from __future__ import annotations

from bot.domain.search.index import SearchResult


def person_to_open(result: SearchResult) -> str | None:
    """Return the id of the one person whose card to open, or None when there is a choice.

    A clear best match opens its card, and so does a query that matches only one person (a rare
    surname, say), even though a surname alone is never "clear" by score.
    """
    ids = result.prisoner_ids
    if ids and (result.clear or len(ids) == 1):
        return ids[0]
    return None
