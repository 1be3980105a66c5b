"""Find people by name: every written form of every name, ranked by similarity to a query."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.domain.prisoner import Prisoner
from bot.domain.search.normalise import stem, words
from bot.domain.search.scoring import MatchKind, WordMatch, score_entry

# A query word must be at least this similar (0..100) to an indexed word to count at all.
WORD_FLOOR = 72.0
# Only the most similar indexed words of each query word are considered: it bounds the work
# per query however large and self-similar the data set is.
MAX_SIMILAR_WORDS = 64
# A query word of this many letters also matches the words it begins (`Babar` -> `Babaryka`).
MIN_PREFIX = 4
PREFIX_SIMILARITY = 0.8
# Results under this score are noise, not names.
SCORE_FLOOR = 50.0
# No name is this long; longer text is a message, not a query.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
# One result is the clear answer when it scores this high and is this far ahead of the next one
# (a surname alone never scores this high: it may be shared).
CLEAR_SCORE = 80.0
CLEAR_GAP = 10.0


@dataclass(frozen=True, slots=True)
class Match:
    prisoner_id: str
    score: float
    matched_name: str
    kind: MatchKind


@dataclass(frozen=True, slots=True)
class SearchResult:
    matches: list[Match] = field(default_factory=list)
    clear: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    """One written form of one person's name."""

    prisoner_id: str
    text: str
    words: tuple[str, ...]


class SearchIndex:
    """An immutable index of names; build once per data set, query from any task."""

    def __init__(self, entries: list[_Entry], display_names: dict[str, str]) -> None:
        self._entries = entries
        self._display_names = display_names
        self._word_entries: dict[str, list[int]] = {}
        stem_words: dict[str, set[str]] = {}
        for position, entry in enumerate(entries):
            for word in entry.words:
                self._word_entries.setdefault(word, []).append(position)
        self._vocabulary = sorted(self._word_entries)
        for word in self._vocabulary:
            stem_words.setdefault(stem(word), set()).add(word)
        self._stem_words = {key: sorted(value) for key, value in stem_words.items()}
        self._stems = sorted(self._stem_words)

    @classmethod
    def build(cls, prisoners: Iterable[Prisoner]) -> SearchIndex:
        """Index the name, the Belarusian and Russian names and the aliases of each person."""
        entries: list[_Entry] = []
        display_names: dict[str, str] = {}
        for prisoner in prisoners:
            display_names[prisoner.id] = prisoner.name
            seen: set[tuple[str, ...]] = set()
            for text in (prisoner.name, prisoner.name_be, prisoner.name_ru, *prisoner.aliases):
                skeletons = words(text) if text else ()
                if skeletons and skeletons not in seen:
                    seen.add(skeletons)
                    entries.append(_Entry(prisoner.id, text or "", skeletons))
        return cls(entries, display_names)

    def search(self, query: str, limit: int = 8) -> SearchResult:
        """Rank the people whose names resemble `query`, best first."""
        if len(query) > MAX_QUERY_CHARS:
            return SearchResult()
        query_words = words(query)
        if not query_words or len(query_words) > MAX_QUERY_WORDS:
            return SearchResult()

        per_word = [self._similar_words(word) for word in query_words]
        candidates = sorted(
            {
                position
                for similar in per_word
                for word in similar
                for position in self._word_entries[word]
            }
        )
        best: dict[str, Match] = {}
        for position in candidates:
            entry = self._entries[position]
            scored = score_entry(query_words, per_word, entry.words)
            if scored is None or scored.score < SCORE_FLOOR:
                continue
            current = best.get(entry.prisoner_id)
            if current is None or scored.score > current.score:
                best[entry.prisoner_id] = Match(
                    entry.prisoner_id, scored.score, entry.text, scored.kind
                )

        matches = sorted(
            best.values(),
            key=lambda match: (
                -match.score,
                self._display_names[match.prisoner_id].casefold(),
                match.prisoner_id,
            ),
        )
        return SearchResult(matches[: max(limit, 0)], _is_clear(matches))

    def _similar_words(self, word: str) -> dict[str, WordMatch]:
        """Map each indexed word resembling `word` (as written, by stem, or as a prefix)."""
        similar: dict[str, WordMatch] = {}
        for found, score, _ in process.extract(
            word,
            self._vocabulary,
            scorer=fuzz.ratio,
            limit=MAX_SIMILAR_WORDS,
            score_cutoff=WORD_FLOOR,
        ):
            similar[found] = WordMatch(score / 100)
        for found_stem, score, _ in process.extract(
            stem(word),
            self._stems,
            scorer=fuzz.ratio,
            limit=MAX_SIMILAR_WORDS,
            score_cutoff=WORD_FLOOR,
        ):
            for found in self._stem_words[found_stem]:
                if found not in similar or similar[found].similarity < score / 100:
                    similar[found] = WordMatch(score / 100)
        if len(word) >= MIN_PREFIX:
            start = bisect.bisect_left(self._vocabulary, word)
            for found in self._vocabulary[start : start + MAX_SIMILAR_WORDS]:
                if not found.startswith(word):
                    break
                if found not in similar or similar[found].similarity < PREFIX_SIMILARITY:
                    similar[found] = WordMatch(PREFIX_SIMILARITY, prefix=True)
        return similar


def _is_clear(matches: list[Match]) -> bool:
    if not matches:
        return False
    top = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    return top.score >= CLEAR_SCORE and top.score - runner_up >= CLEAR_GAP
