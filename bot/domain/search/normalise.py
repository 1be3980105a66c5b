"""Reduce a name, in any script or romanisation, to a phonetic Latin skeleton.

The same person is written `Бяляцкі`, `Беляцкий`, `Bialiatski`, `Białacki` or `Byalyatsky`. Each
step below removes one source of that variety, so the spellings meet on one skeleton (here
`belecki`) or land a letter or two apart, close enough for fuzzy matching:

1. Cyrillic (Belarusian, Russian, Ukrainian letters) is transliterated letter by letter.
2. Latin diacritics are folded (`č` `š` `ž` `ż` `ł` `ŭ` `ć` `ś` ...).
3. Spellings of one sound are unified: `ch`/`cz`/`tsch` (ч), `sh`/`sz`/`sch` (ш),
   `zh`/`rz` (ж), `kh`/`h`/`g` (х, г), `ts`/`tz`/`c` (ц), `w`/`v`, `x`/`ks`, `y`/`j`/`i`,
   Belarusian `dz` with Russian `d`.
4. `v` closing a syllable becomes `u` (`Tsikhanouski`, `Тихановский`).
5. Softness is dropped: `ia`/`ja`/`ya` after a consonant reads as `e` (Belarusian `я` where
   Russian has `е`), `iu` as `u`; a `j` between vowels disappears (`Andreyeva`, `Андреева`).
6. `o` becomes `a` (Belarusian writes the unstressed `o` of Russian as `a`), doubles collapse.

The skeleton is lossy on purpose and never shown to people; it only decides what matches.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Upper-case letters stand for sounds whose Latin spellings are ambiguous while the rules run;
# the input is lower-cased first, so they cannot clash with it.
_CH, _SH, _ZH, _H = "C", "S", "Z", "H"
_PLACEHOLDERS = str.maketrans({_CH: "ch", _SH: "sh", _ZH: "zh", _H: "h"})

_CYRILLIC = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": _H,
        "ґ": "g",
        "д": "d",
        "е": "e",
        "ё": "jo",
        "є": "je",
        "ж": _ZH,
        "з": "z",
        "и": "i",
        "і": "i",
        "ї": "ji",
        "й": "j",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ў": "u",
        "ф": "f",
        "х": _H,
        "ц": "c",
        "ч": _CH,
        "ш": _SH,
        "щ": _SH + _CH,
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "ju",
        "я": "ja",
    }
)

# Letters whose diacritic changes the sound; the rest are folded by Unicode decomposition.
_LATIN_LETTERS = str.maketrans(
    {
        "č": _CH,
        "š": _SH,
        "ž": _ZH,
        "ż": _ZH,
        "ł": "l",
        "ŭ": "u",
        "ß": "ss",
        "ø": "o",
        "æ": "ae",
        "đ": "d",
    }
)

# Marks inside a word that do not split it: apostrophes of Belarusian and of romanisations.
_WORD_INTERNAL = re.compile(r"['’ʼ`´]")
_NOT_LETTER = re.compile(rf"[^a-z{_CH}{_SH}{_ZH}{_H}]+")

# One left-to-right pass; where spellings overlap, the longer one is listed (and so tried) first.
_SPELLINGS = {
    "shch": _SH + _CH,
    "szcz": _SH + _CH,
    "tsch": _CH,
    "dzh": "d" + _ZH,
    "tch": _CH,
    "sch": _SH,
    "ch": _CH,
    "cz": _CH,
    "sh": _SH,
    "sz": _SH,
    "zh": _ZH,
    "rz": _ZH,
    "kh": _H,
    "ts": "c",
    "tz": "c",
    "ph": "f",
    "dz": "d",  # Belarusian дз where Russian has д: Uladzimir, Vladimir
    "x": "ks",
    "q": "k",
    "w": "v",
    "g": _H,
    "h": _H,
    "j": "i",
    "y": "i",
}
_SPELLING = re.compile("|".join(_SPELLINGS))

_VOWELS = "aeiou"
_CLOSING_V = re.compile(rf"(?<=[{_VOWELS}])v(?![{_VOWELS}])")
_DOUBLE = re.compile(r"(.)\1+")
_SOFT_VOWEL = re.compile(rf"(?<=[^{_VOWELS}])i([aeou])")
_SOFTENED = {"a": "e", "e": "e", "o": "o", "u": "u"}
_GLIDE = re.compile(rf"(?<=[{_VOWELS}])i(?=[{_VOWELS}])")

# Case endings of surnames and given names, as skeletons (`-ага`/`-ого` -> `aha`,
# `-ой`/`-ай` -> `ai`, ...); longest first.
_ENDINGS = (
    "amu",
    "aha",
    "ami",
    "imi",
    "ai",
    "ei",
    "am",
    "em",
    "im",
    "ih",
    "ah",
    "a",
    "e",
    "i",
    "u",
)
_MIN_STEM = 3

_PATRONYMIC = re.compile(r"(avich|evich|auna|euna|ichna)$")
# A patronymic is a given name with one of these endings (`Віктар` -> `Віктаравіч`, `Дмитрий` ->
# `Дмитриевич`, `Кузьма` -> `Кузьмич`, `Александр` -> `Александровна`), as skeletons; longest first.
_PATRONYMIC_ENDINGS = ("ichna", "avich", "evich", "auna", "euna", "ich")


def _latin(text: str) -> str:
    """Lower-case, transliterate Cyrillic and fold diacritics."""
    text = unicodedata.normalize("NFC", text).lower()
    text = text.translate(_CYRILLIC).translate(_LATIN_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=65536)
def _word_skeleton(word: str) -> str:
    word = _SPELLING.sub(lambda match: _SPELLINGS[match.group()], word)
    word = _CLOSING_V.sub("u", word)
    word = _DOUBLE.sub(r"\1", word)
    word = _SOFT_VOWEL.sub(lambda match: _SOFTENED[match.group(1)], word)
    word = _GLIDE.sub("", word)
    word = word.replace("o", "a")
    word = _DOUBLE.sub(r"\1", word)
    return word.translate(_PLACEHOLDERS)


def words(text: str) -> tuple[str, ...]:
    """Return the skeleton of each word of `text`, in order; punctuation and digits separate."""
    latin = _WORD_INTERNAL.sub("", _latin(text))
    return tuple(
        skeleton for part in _NOT_LETTER.split(latin) if part and (skeleton := _word_skeleton(part))
    )


def skeleton(text: str) -> str:
    """Return the skeleton of a whole name: its word skeletons separated by single spaces."""
    return " ".join(words(text))


def stem(word: str) -> str:
    """Strip one case ending from a word skeleton (`belecki`, `beleckaha` -> `beleck`)."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def is_patronymic(word: str) -> bool:
    """Tell whether a word skeleton has the shape of a patronymic (`-ovich`, `-aŭna`, ...)."""
    return _PATRONYMIC.search(word) is not None


def patronymic_base(word: str) -> str | None:
    """Return what precedes a patronymic ending in a word skeleton, or None without one.

    `viktaravich` -> `viktar`, `dmitrevich` -> `dmitr`, `aleksandrauna` -> `aleksandr`. Surnames
    share these endings (`Stefanovich`), so the base alone does not make a word a patronymic.
    """
    for ending in _PATRONYMIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return None
