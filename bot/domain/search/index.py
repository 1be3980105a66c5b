"""Find people by name: every written form of every name, ranked by similarity to a query."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.domain.prisoner import Prisoner
from bot.domain.search.normalise import is_patronymic, stem, words
from bot.domain.search.scoring import (
    NAME_COVERAGE_WEIGHT,
    MatchKind,
    WordMatch,
    name_weights,
    score_entry,
)

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
# Looser floors for "did you mean" suggestions when nothing reaches the ones above.
SUGGEST_WORD_FLOOR = 60.0
SUGGEST_SCORE_FLOOR = 35.0
# No name is this long; longer text is a message, not a query.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
# One result is the clear answer when it scores this high and is this far ahead of the next one
# (a surname alone never scores this high: it may be shared).
CLEAR_SCORE = 80.0
CLEAR_GAP = 10.0
# Added to score bounds so that rounding never lets a bound fall under the score it bounds.
BOUND_SLACK = 0.06


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

    @property
    def prisoner_ids(self) -> list[str]:
        """Return the matched people's ids, best first."""
        return list(dict.fromkeys(match.prisoner_id for match in self.matches))


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
        self._sort_names = {key: name.casefold() for key, name in display_names.items()}
        # Many people share a written name, and scripts often meet on one skeleton: each distinct
        # sequence of word skeletons is scored once per query, then shared by its entries.
        name_ids: dict[tuple[str, ...], int] = {}
        self._names: list[tuple[str, ...]] = []
        # Each name's entries: their positions and people.
        self._name_entries: list[list[tuple[int, str]]] = []
        self._word_names: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            name_id = name_ids.get(entry.words)
            if name_id is None:
                name_id = name_ids[entry.words] = len(self._names)
                self._names.append(entry.words)
                self._name_entries.append([])
                for word in dict.fromkeys(entry.words):
                    self._word_names.setdefault(word, []).append(name_id)
            self._name_entries[name_id].append((position, entry.prisoner_id))
        self._vocabulary = sorted(self._word_names)
        stem_words: dict[str, set[str]] = {}
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
        return self._search(query, limit, WORD_FLOOR, SCORE_FLOOR)

    def suggest(self, query: str, limit: int = 3) -> list[Match]:
        """Return the closest names to offer when `search` found nobody: looser, never clear."""
        return self._search(query, limit, SUGGEST_WORD_FLOOR, SUGGEST_SCORE_FLOOR).matches

    def _search(
        self, query: str, limit: int, word_floor: float, score_floor: float
    ) -> SearchResult:
        if len(query) > MAX_QUERY_CHARS:
            return SearchResult()
        query_words = words(query)
        if not query_words or len(query_words) > MAX_QUERY_WORDS:
            return SearchResult()

        per_word = [self._similar_words(word, word_floor) for word in query_words]
        best = self._best_matches(query_words, per_word, max(limit, 2), score_floor)
        ranked = sorted(
            best,
            key=lambda prisoner_id: (
                -best[prisoner_id][0],
                self._sort_names[prisoner_id],
                prisoner_id,
            ),
        )
        matches = [
            Match(prisoner_id, score, self._entries[position].text, kind)
            for prisoner_id in ranked[: max(limit, 2)]
            for score, position, kind in (best[prisoner_id],)
        ]
        return SearchResult(matches[: max(limit, 0)], _is_clear(matches))

    def _best_matches(
        self,
        query_words: tuple[str, ...],
        per_word: list[dict[str, WordMatch]],
        wanted: int,
        floor: float,
    ) -> dict[str, tuple[float, int, MatchKind]]:
        """Return each person's best score, entry and kind, for all who may rank in `wanted`.

        Every person scoring at least the `wanted`-th best score is present, so ranking and
        cutting the result gives the same answer as scoring every candidate. Names are scored in
        order of an upper bound of their score and the rest are skipped once that bound falls
        under the `wanted`-th best score found so far.
        """
        # Words that resemble the query words the same way share a profile: names whose words
        # have the same profiles score the same, so each such group is bounded and scored once.
        profiles: dict[tuple[WordMatch | None, ...], int] = {}
        word_profiles: dict[str, int] = {}
        profile_similarity = [0.0]  # profile 0: a word resembling no query word
        for word in {word: None for similar in per_word for word in similar}:
            profile = tuple(similar.get(word) for similar in per_word)
            profile_id = profiles.get(profile)
            if profile_id is None:
                profile_id = profiles[profile] = len(profile_similarity)
                profile_similarity.append(
                    max(match.similarity for match in profile if match is not None)
                )
            word_profiles[word] = profile_id

        groups: dict[tuple[int, ...], list[int]] = {}
        for name_id in {
            name_id for word in word_profiles for name_id in self._word_names.get(word, ())
        }:
            key = tuple([word_profiles.get(word, 0) for word in self._names[name_id]])
            group = groups.get(key)
            if group is None:
                groups[key] = [name_id]
            else:
                group.append(name_id)

        counted = len(query_words)
        if counted >= 3:
            counted = max(sum(not is_patronymic(word) for word in query_words), 1)
        bounded: list[tuple[float, tuple[int, ...], list[int]]] = []
        for key, name_ids in groups.items():
            bound = _score_bound(
                [profile_similarity[profile_id] for profile_id in key],
                name_weights(len(key)),
                counted,
            )
            if bound >= floor:
                bounded.append((-bound, key, name_ids))
        bounded.sort(key=lambda item: item[:2])

        # Per person: the best score, the entry that has it (the first, if several do), its kind.
        best: dict[str, tuple[float, int, MatchKind]] = {}
        # How many people have each best score, to know the `wanted`-th best score.
        people_by_score: Counter[float] = Counter()
        threshold = floor
        for negative_bound, _, name_ids in bounded:
            if -negative_bound < threshold:
                break
            scored = score_entry(query_words, per_word, self._names[name_ids[0]])
            if scored is None or scored.score < threshold:
                continue
            score = scored.score
            for name_id in name_ids:
                for position, prisoner_id in self._name_entries[name_id]:
                    current = best.get(prisoner_id)
                    if current is None:
                        people_by_score[score] += 1
                    elif score > current[0]:
                        people_by_score[current[0]] -= 1
                        people_by_score[score] += 1
                    elif score < current[0] or position > current[1]:
                        continue
                    best[prisoner_id] = (score, position, scored.kind)
            if len(best) >= wanted:
                threshold = _nth_best(people_by_score, wanted)
        return best

    def _similar_words(self, word: str, floor: float = WORD_FLOOR) -> dict[str, WordMatch]:
        """Map each indexed word resembling `word` (as written, by stem, or as a prefix)."""
        similar: dict[str, WordMatch] = {}
        for found, score, _ in process.extract(
            word,
            self._vocabulary,
            scorer=fuzz.ratio,
            limit=MAX_SIMILAR_WORDS,
            score_cutoff=floor,
        ):
            similar[found] = WordMatch(score / 100)
        for found_stem, score, _ in process.extract(
            stem(word),
            self._stems,
            scorer=fuzz.ratio,
            limit=MAX_SIMILAR_WORDS,
            score_cutoff=floor,
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


def _score_bound(similarities: list[float], weights: tuple[float, ...], counted: int) -> float:
    """Return a score no name with these best word similarities can exceed.

    Each name word pairs with at most one query word, so the query words matched are explained
    by no more than the name words' best similarities together; `counted` is the fewest query
    words the query coverage may be divided by.
    """
    name_coverage = sum(
        weight * similarity for weight, similarity in zip(weights, similarities, strict=True)
    )
    query_coverage = min(sum(similarities) / counted, 1.0)
    score = 100 * (
        NAME_COVERAGE_WEIGHT * name_coverage + (1 - NAME_COVERAGE_WEIGHT) * query_coverage
    )
    # Scores are rounded to a tenth; leave room for that and for the order of float additions.
    return score + BOUND_SLACK


def _nth_best(people_by_score: Counter[float], n: int) -> float:
    """Return the `n`-th best score of the people counted (at least `n` of them)."""
    seen = 0
    for score in sorted(people_by_score, reverse=True):
        seen += people_by_score[score]
        if seen >= n:
            return score
    raise ValueError(n)


def _is_clear(matches: list[Match]) -> bool:
    if not matches:
        return False
    top = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    return top.score >= CLEAR_SCORE and top.score - runner_up >= CLEAR_GAP
