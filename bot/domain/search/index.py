"""Find people by name: every written form of every name, ranked by similarity to a query."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.domain.prisoner import Prisoner
from bot.domain.search.given_names import FULL_NAMES, other_forms
from bot.domain.search.normalise import patronymic_base, stem, words
from bot.domain.search.scoring import (
    NAME_COVERAGE_WEIGHT,
    NOT_EXACT,
    MatchKind,
    WordMatch,
    exactness,
    is_ignorable,
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
# Another form of the same given name (`Masha` for `Maria`) is nearly, not quite, the name itself.
GIVEN_NAME_SIMILARITY = 0.95
# A word with a patronymic ending is a patronymic when what precedes the ending is this similar
# to a given name (`Dzmitryjevich`: `Dzmitry`).
PATRONYMIC_BASE_SIMILARITY = 85.0
# Results under this score are noise, not names.
SCORE_FLOOR = 50.0
# Looser floors for "did you mean" suggestions when nothing reaches the ones above.
SUGGEST_WORD_FLOOR = 60.0
SUGGEST_SCORE_FLOOR = 35.0
# No name is this long; longer text is a message, not a query.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8
# Without an exact answer, one result is the clear answer when it scores this high and is this far
# ahead of the next one (a surname alone never scores this high: it may be shared).
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
    # The first match is the one person meant: the only exact answer, or far ahead of the rest.
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


# How well a name answers a query: how exactly (`scoring.EXACT`, ...), then its score.
_Rank = tuple[int, float]
# A person's best answer to a query: its rank, the entry that has it and the kind of match.
_Best = tuple[_Rank, int, MatchKind]


class SearchIndex:
    """An immutable index of names; build once per data set, query from any task.

    People are ranked by how exactly one of their names answers the query first, by score second:
    a query that is one of a person's words (`Losik`, `Marfa`), or all of them, puts that person
    before everyone it merely resembles, and opens their card when nobody else answers as exactly.
    """

    def __init__(
        self, entries: list[_Entry], display_names: dict[str, str], aliases: frozenset[int]
    ) -> None:
        self._entries = entries
        # The positions of the entries that are aliases, not a person's own name in some script.
        self._aliases = aliases
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
        # What patronymics are made of: the given names of the table and of the people indexed.
        given = set(FULL_NAMES)
        for entry in entries:
            given.update(entry.words[:-1])
        self._given_names = sorted(given | {stem(name) for name in given})

    @classmethod
    def build(cls, prisoners: Iterable[Prisoner]) -> SearchIndex:
        """Index the name, the Belarusian and Russian names and the aliases of each person."""
        entries: list[_Entry] = []
        display_names: dict[str, str] = {}
        aliases: set[int] = set()
        for prisoner in prisoners:
            display_names[prisoner.id] = prisoner.name
            seen: set[tuple[str, ...]] = set()
            names = (prisoner.name, prisoner.name_be, prisoner.name_ru)
            for position, text in enumerate((*names, *prisoner.aliases)):
                skeletons = words(text) if text else ()
                if skeletons and skeletons not in seen:
                    seen.add(skeletons)
                    if position >= len(names):
                        aliases.add(len(entries))
                    entries.append(_Entry(prisoner.id, text or "", skeletons))
        return cls(entries, display_names, frozenset(aliases))

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

        patronymics = self._patronymics(query_words)
        per_word = [self._similar_words(word, word_floor) for word in query_words]
        best = self._best_matches(query_words, per_word, patronymics, max(limit, 2), score_floor)
        # At equal exactness and score, a person's own name comes before an alias, then by name.
        aliases, sort_names = self._aliases, self._sort_names
        ranked = [
            prisoner_id
            for *_, prisoner_id in heapq.nsmallest(
                max(limit, 2),
                (
                    (-exact, -score, position in aliases, sort_names[prisoner_id], prisoner_id)
                    for prisoner_id, ((exact, score), position, _) in best.items()
                ),
            )
        ]
        matches = [
            Match(prisoner_id, score, self._entries[position].text, kind)
            for prisoner_id in ranked
            for (_, score), position, kind in (best[prisoner_id],)
        ]
        clear = _is_clear([best[prisoner_id] for prisoner_id in ranked])
        return SearchResult(matches[: max(limit, 0)], clear)

    def _patronymics(self, query_words: tuple[str, ...]) -> frozenset[int]:
        """Return the positions of the query words that are patronymics (`Dźmitryjevič`).

        A patronymic is a given name with a patronymic ending, following or preceding other
        words; a word that is someone's name in the index (`Stefanovich`) is taken as that name.
        """
        if len(query_words) < 2:
            return frozenset()
        found = frozenset(
            position
            for position, word in enumerate(query_words)
            if word not in self._word_names and self._is_made_of_a_given_name(word)
        )
        return found if len(found) < len(query_words) else frozenset()

    def _is_made_of_a_given_name(self, word: str) -> bool:
        base = patronymic_base(word)
        if base is None:
            return False
        # A `v` closing a syllable is a `u` in skeletons: `Pavel` -> `Paulavich`.
        return any(
            process.extractOne(
                candidate,
                self._given_names,
                scorer=fuzz.ratio,
                score_cutoff=PATRONYMIC_BASE_SIMILARITY,
            )
            is not None
            for candidate in dict.fromkeys((base, base.replace("u", "v")))
        )

    def _best_matches(
        self,
        query_words: tuple[str, ...],
        per_word: list[dict[str, WordMatch]],
        patronymics: frozenset[int],
        wanted: int,
        floor: float,
    ) -> dict[str, _Best]:
        """Return each person's best answer, for all who may rank in `wanted`.

        Answers rank by exactness, then score. Every person whose best answer ranks at least as
        high as the `wanted`-th best is present, so ranking and cutting the result gives the same
        answer as scoring every candidate. Names are scored in order of exactness and an upper
        bound of their score, and the rest are skipped once they cannot reach the `wanted`-th
        best answer found so far. `floor` applies to answers that are not exact.
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

        counted = max(
            sum(
                not is_ignorable(query_words, position, word, patronymics)
                for position, word in enumerate(query_words)
            ),
            1,
        )
        # The query words (as bits) each profile's words are, or are another form of the same
        # given name of: only the query words themselves and a few given names, if any.
        profile_exact: dict[int, int] = {}
        profile_loose: dict[int, int] = {}
        for position, similar in enumerate(per_word):
            for word, match in similar.items():
                if match.exact or match.given_name:
                    profile_id = word_profiles[word]
                    profile_loose[profile_id] = profile_loose.get(profile_id, 0) | 1 << position
                    if match.exact:
                        profile_exact[profile_id] = profile_exact.get(profile_id, 0) | 1 << position
        # Only names whose words meet every required query word so can be exact answers; most
        # queries with a typo have none.
        required = sum(
            1 << position for position in range(len(query_words)) if position not in patronymics
        )
        loose = 0
        for bits in profile_loose.values():
            loose |= bits
        may_be_exact = not required & ~loose
        bounded: list[tuple[int, float, tuple[int, ...], list[int]]] = []
        for key, name_ids in groups.items():
            exact = (
                exactness(
                    required,
                    [profile_exact.get(profile_id, 0) for profile_id in key],
                    [profile_loose.get(profile_id, 0) for profile_id in key],
                )
                if may_be_exact and not profile_loose.keys().isdisjoint(key)
                else NOT_EXACT
            )
            bound = _score_bound(
                [profile_similarity[profile_id] for profile_id in key],
                name_weights(len(key)),
                counted,
            )
            if exact > NOT_EXACT or bound >= floor:
                bounded.append((-exact, -bound, key, name_ids))
        bounded.sort(key=lambda item: item[:3])

        # Per person: the best answer and the entry that has it (the first, if several do).
        best: dict[str, _Best] = {}
        # How many people have each best answer, to know the `wanted`-th best answer.
        people_by_rank: Counter[_Rank] = Counter()
        threshold: _Rank = (NOT_EXACT, floor)
        for negative_exact, negative_bound, _, name_ids in bounded:
            if (-negative_exact, -negative_bound) < threshold:
                break
            scored = score_entry(query_words, per_word, self._names[name_ids[0]], patronymics)
            if scored is None:
                continue
            rank = (-negative_exact, scored.score)
            if rank < threshold:
                continue
            for name_id in name_ids:
                for position, prisoner_id in self._name_entries[name_id]:
                    current = best.get(prisoner_id)
                    if current is None:
                        people_by_rank[rank] += 1
                    elif rank > current[0]:
                        people_by_rank[current[0]] -= 1
                        people_by_rank[rank] += 1
                    elif rank < current[0] or position > current[1]:
                        continue
                    best[prisoner_id] = (rank, position, scored.kind)
            if len(best) >= wanted:
                threshold = _nth_best(people_by_rank, wanted)
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
            similar[found] = WordMatch(score / 100, exact=found == word)
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
        if word in self._word_names:
            similar[word] = WordMatch(1.0, exact=True)
        for form in other_forms(word):
            if form not in self._word_names:
                continue
            current = similar.get(form)
            if current is None or current.similarity < GIVEN_NAME_SIMILARITY:
                similar[form] = WordMatch(GIVEN_NAME_SIMILARITY, given_name=True)
            elif not current.exact:
                similar[form] = WordMatch(current.similarity, given_name=True)
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


def _nth_best(people_by_rank: Counter[_Rank], n: int) -> _Rank:
    """Return the `n`-th best answer of the people counted (at least `n` of them)."""
    seen = 0
    for rank in sorted(people_by_rank, reverse=True):
        seen += people_by_rank[rank]
        if seen >= n:
            return rank
    raise ValueError(n)


def _is_clear(ranked: list[_Best]) -> bool:
    """Tell whether the first of the ranked answers is the one person meant.

    An exact answer is clear when nobody else answers as exactly (two Babarykas are a choice);
    otherwise the first must score high and well ahead of the next.
    """
    if not ranked:
        return False
    top_exact, top_score = ranked[0][0]
    runner_up_exact, runner_up_score = ranked[1][0] if len(ranked) > 1 else (NOT_EXACT, 0.0)
    if top_exact > NOT_EXACT:
        return runner_up_exact < top_exact
    return top_score >= CLEAR_SCORE and top_score - runner_up_score >= CLEAR_GAP
