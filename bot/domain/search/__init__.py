"""Name search: any script, any romanisation, any word order, a typo or two.

Names and queries are reduced to phonetic Latin skeletons (`normalise`), every written form of
every name is indexed, and candidates are ranked word by word with rapidfuzz (`index`, `scoring`):
people a query names exactly come first, pet and foreign forms of given names included
(`given_names`: `Masha` is `Maria`).
"""

from bot.domain.search.index import Match, SearchIndex, SearchResult
from bot.domain.search.normalise import skeleton, stem, words
from bot.domain.search.scoring import MatchKind

__all__ = ["Match", "MatchKind", "SearchIndex", "SearchResult", "skeleton", "stem", "words"]
