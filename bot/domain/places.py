"""Where people are held, as places a supporter can name: «ИК-1», «ік 1», "Navapolatsk".

A record's facility is free text in up to three languages (`facility`, `facility_be`,
`facility_ru`), often with a note in brackets: "Penal colony No. 1, Navapolatsk (as reported Feb
2024)". A place is a facility without its notes; the records that name it alike are its people.

People name a place in any language and script: by its town, its number, its kind, or the usual
abbreviation (ИК-1 for «исправительная колония № 1», ПК-1 for «папраўчая калонія № 1», СИЗО for
a pre-trial detention centre). A query finds a place when each of its words is among the place's
words in some language, compared as search skeletons (`normalise.words`, so «Новополоцк»,
«Наваполацк» and "Navapolatsk" are one word): the same word, its beginning (three letters at
least), the same word in another case («в Новополоцке»), or, from five letters, a spelling a
letter or so apart ("Mogilev" for «Могилёв»). Each number must be one of the place's numbers
(No. 1 is not No. 10); an abbreviation must be the initials of the place's kind. Words of one
letter and the word for "number" (No., Nr, №) are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.domain.card import text_in
from bot.domain.prisoner import Prisoner
from bot.domain.search.normalise import stem, words

# A word (apostrophes inside it kept: Belarusian «Мар'іна Горка») or a run of digits.
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# The kind of place comes before its number or its town: «Исправительная колония» of
# «Исправительная колония № 1, Новополоцк».
_KIND_ENDS = re.compile(r"[,\d№#]")
# "Number" in the languages of the data, as skeletons: No., Nr, номер.
_NUMBER_WORDS = frozenset({"na", "nr", "namer"})
# Abbreviations made of syllables rather than initials, as skeletons, and the initials they
# stand for: СИЗО, СІЗА, SIZO («следственный изолятор», «следчы ізалятар»).
_ABBREVIATIONS = {"siza": "si"}
PREFIX_LETTERS = 3
STEM_LETTERS = 4
FUZZY_LETTERS = 5
FUZZY_SCORE = 80.0


def place_name(facility: str) -> str:
    """Return a facility without its notes in brackets: the name of the place itself."""
    return " ".join(_NOTES.sub(" ", facility).split()).strip(" ,;.")


@dataclass(frozen=True, slots=True)
class Place:
    """One place and the people held there, with its name in each language the data has."""

    key: str
    name: str
    name_be: str | None
    name_ru: str | None
    people: tuple[str, ...]  # ids, in the order the people were given

    def name_in(self, language: str) -> str:
        """Return the place's name in the language, where the data has it, else the base name."""
        return {"be": self.name_be, "ru": self.name_ru}.get(language) or self.name

    def names(self) -> tuple[str, ...]:
        """Return every name the place has, each once."""
        return tuple(dict.fromkeys(n for n in (self.name, self.name_be, self.name_ru) if n))


def places_of(people: Iterable[Prisoner]) -> list[Place]:
    """Group people by where they are held, the place with most people first, then by name.

    People without a facility belong to no place.
    """
    first: dict[str, Prisoner] = {}
    members: dict[str, list[str]] = {}
    for person in people:
        key = _place_key(person)
        if key is None:
            continue
        first.setdefault(key, person)
        members.setdefault(key, []).append(person.id)
    places = []
    for key, person in first.items():
        base = place_name(text_in(person, "facility", None) or "")
        be = place_name(text_in(person, "facility", "be") or "")
        ru = place_name(text_in(person, "facility", "ru") or "")
        places.append(Place(key, base or ru or be, be or None, ru or None, tuple(members[key])))
    places.sort(key=lambda place: (-len(place.people), place.name.casefold()))
    return places


def _place_key(person: Prisoner) -> str | None:
    facility = person.facility or person.facility_ru or person.facility_be
    name = place_name(facility) if facility else ""
    return name.casefold() or None


@dataclass(frozen=True, slots=True)
class _Said:
    """A text as the matching compares it: word skeletons, numbers, and kind initials."""

    words: frozenset[str]
    numbers: frozenset[str]
    initials: frozenset[str]


def _said(texts: Iterable[str]) -> _Said:
    found: set[str] = set()
    numbers: set[str] = set()
    initials: set[str] = set()
    for text in texts:
        for token in _TOKEN.findall(text):
            if token.isdecimal():
                numbers.add(str(int(token)))
            else:
                found.update(words(token))
        head = _KIND_ENDS.split(text, maxsplit=1)[0]
        kind = [w for w in _TOKEN.findall(head) if not set(words(w)) & _NUMBER_WORDS]
        if len(kind) >= 2:
            initials.update(words("".join(w[0] for w in kind)))
            initials.update(words("".join(w[0] for w in kind[:2])))
    return _Said(frozenset(found), frozenset(numbers), frozenset(initials))


def _word_found(word: str, place: _Said) -> bool:
    if word in place.words or word in place.initials:
        return True
    if _ABBREVIATIONS.get(word) in place.initials:
        return True
    for candidate in place.words:
        if len(word) >= PREFIX_LETTERS and candidate.startswith(word):
            return True
        if len(word) >= STEM_LETTERS and stem(word) == stem(candidate):
            return True
        if len(word) >= FUZZY_LETTERS and fuzz.ratio(word, candidate) >= FUZZY_SCORE:
            return True
    return False


def find_places(places: Sequence[Place], query: str) -> list[Place]:
    """Return the places the query names, in the order given.

    A query that is one place's exact name, in any of its languages (as a list of places shows
    them), finds that place alone. A query with no word or number to compare finds none.
    """
    wanted = " ".join(query.split()).casefold()
    exact = [p for p in places if wanted in {n.casefold() for n in p.names()}]
    if exact:
        return exact[:1]
    said = _said([query])
    query_words = [w for w in said.words if len(w) > 1 and w not in _NUMBER_WORDS]
    if not query_words and not said.numbers:
        return []
    found = []
    for place in places:
        known = _said(place.names())
        if said.numbers <= known.numbers and all(_word_found(w, known) for w in query_words):
            found.append(place)
    return found
