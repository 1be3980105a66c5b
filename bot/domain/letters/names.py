"""A person's name as a letter needs it: the dative for the envelope, the form for the greeting.

An envelope to a Belarusian prison is addressed in the dative, surname first, with the
patronymic when it is known: «Колесниковой Марии Александровне», «Бяляцкаму Алесю
Віктаравічу». A letter greets the person by the given name: in Russian the nominative
(«Дорогой Алесь»), in Belarusian the vocative where the language keeps it («Дарагі Алесю»,
«Дарагая Марыя», «Дарагі Ігар»).

Russian forms come from pytrovich, a port of the petrovich rules for Russian names kept by
the petrovich project itself (typed, with the rules' exceptions). Belarusian has no such
library; its rules are below, after the school grammar: adjectival surnames decline as
adjectives (-скі, -цкі; -ская, -цкая), possessive ones as -аў/-ава, -ін/-іна; other men's
surnames as nouns (Лосік, Стэфановіч, Бабарыка, Севярынец); women's surnames on a consonant,
and anyone's on -о, -ых, -іх, do not decline.

Which rules apply follows the script the name is written in (the record's `name_be` or
`name_ru`), not the chat's language: a name only given in Russian is declined as Russian.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pytrovich.enums import Case as PetrovichCase
from pytrovich.enums import Gender as PetrovichGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker

from bot.domain.prisoner import Gender, Prisoner
from bot.domain.search.given_names import FULL_NAMES, other_forms
from bot.domain.search.normalise import words

Language = Literal["be", "ru"]
LANGUAGES: tuple[Language, ...] = ("be", "ru")


@dataclass(frozen=True, slots=True)
class FullName:
    """A name split into its parts, each in the nominative as written."""

    surname: str
    given: str
    patronymic: str | None = None

    def official(self) -> str:
        """Return the name in the official order: surname, given name, patronymic."""
        return " ".join(p for p in (self.surname, self.given, self.patronymic) if p)


@dataclass(frozen=True, slots=True)
class LetterName:
    """A person's name ready for a letter in one language."""

    name: FullName
    # The rules the name was declined by: the script it is written in.
    rules: Language
    gender: Gender | None
    # Surname, given name and patronymic in the dative; as written when the gender is unknown.
    dative: str
    greeting: str


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_BRACKETS = re.compile(r"\([^)]*\)")
# Patronymics: Russian -вич/-ич, -вна/-ична; Belarusian -віч/-іч, -ўна/-ічна.
_PATRONYMIC_MALE = re.compile(r"(?:вич|віч|ьич|ич|іч)$")
_PATRONYMIC_FEMALE = re.compile(r"(?:вна|ўна|ична|ічна)$")
_PATRONYMIC_SKELETON_ENDINGS = ("ichna", "avich", "evich", "auna", "euna", "ich")
_FEMALE_SURNAME = re.compile(r"(?:ова|ева|ёва|ава|ина|ына|іна|ая|яя)$")
_MALE_SURNAME = re.compile(r"(?:ов|ев|ёв|оў|аў|еў|ёў|ин|ын|ін|ий|ый|ой|скі|цкі)$")

_VOWELS = frozenset("аеёиіоуыэюя")
# Given names whose ending says the other gender than most: men's on -а/-я, women's without.
_MALE_ON_A = frozenset(
    {"мікола", "микола", "кузьма", "ілья", "ілля", "илья", "мікіта", "никита", "лука", "сава"}
)
_FEMALE_ON_CONSONANT = frozenset({"любоў", "любовь", "нінэль", "нинель", "рахіль", "рахиль"})
# Hardened consonants: a feminine noun on -а takes -ы after them (Вера - Веры).
_BE_HARDENED = frozenset("жшчрц")


def letter_language(chat_language: str) -> Language:
    """Return the language a chat's letters and envelopes are written in: Russian unless Belarusian.

    A letter to a Belarusian prison is written in Belarusian or Russian; chats in any other
    language get Russian, which every censor reads.
    """
    return "be" if chat_language == "be" else "ru"


def name_with_patronymic(prisoner: Prisoner, language: Language) -> str | None:
    """Return the record's name with patronymic in `language`, where the data has it."""
    return prisoner.name_full_be if language == "be" else prisoner.name_full_ru


def is_cyrillic(text: str) -> bool:
    """Tell whether a name is written in Cyrillic (and has no Latin letters in it)."""
    return bool(_CYRILLIC.search(text)) and not _LATIN.search(text)


def split_name(text: str) -> FullName | None:
    """Split a name into surname, given name and patronymic; None if it has one word only.

    Accepts "Given Surname" (the data's order), "Surname Given Patronymic" (the official one)
    and "Given Patronymic Surname". Two words are read given name first unless only the second
    is a known given name; more words without a patronymic, as given names and the surname.
    """
    parts = _BRACKETS.sub(" ", text).split()
    if len(parts) < 2:
        return None
    if len(parts) == 2:
        first, second = parts
        if _is_given(second) and not _is_given(first):
            return FullName(surname=first, given=second)
        return FullName(surname=second, given=first)
    if not _is_patronymic(parts[-1]) and not _is_patronymic(parts[-2]):
        # No patronymic: a double given name, then the surname (Анна Мария Колесникова).
        return FullName(surname=parts[-1], given=" ".join(parts[:-1]))
    # Surname first (official) or last; the reading with a known given name and a real
    # patronymic wins, and the official order on a tie.
    official = FullName(surname=parts[0], given=" ".join(parts[1:-1]), patronymic=parts[-1])
    spoken = FullName(surname=parts[-1], given=" ".join(parts[:-2]), patronymic=parts[-2])
    if _order_score(spoken) > _order_score(official):
        return spoken
    return official


def _order_score(name: FullName) -> int:
    patronymic = name.patronymic or ""
    return (
        _is_given(name.given.split()[0]) + _is_patronymic(patronymic) + _from_given_name(patronymic)
    )


def _is_given(word: str) -> bool:
    found = words(word)
    return len(found) == 1 and (found[0] in FULL_NAMES or bool(other_forms(found[0])))


def _is_patronymic(word: str) -> bool:
    low = word.lower()
    return bool(_PATRONYMIC_MALE.search(low) or _PATRONYMIC_FEMALE.search(low))


def _from_given_name(word: str) -> bool:
    """Tell whether a word is a known given name with a patronymic ending (Віктар-авіч)."""
    found = words(word)
    if len(found) != 1:
        return False
    for ending in _PATRONYMIC_SKELETON_ENDINGS:
        if found[0].endswith(ending):
            base = found[0][: -len(ending)]
            # Дмитрий - Дмитриевич, Николай - Николаевич, Сергей - Сергеевна.
            if any(base + tail in FULL_NAMES for tail in ("", "i", "ai", "ei")):
                return True
    return False


def infer_gender(name: FullName) -> Gender | None:
    """Guess the gender from the patronymic, the surname's ending, then the given name's.

    Return None when none of them tells (a surname on a consonant and a foreign given name).
    """
    if name.patronymic:
        low = name.patronymic.lower()
        if _PATRONYMIC_FEMALE.search(low):
            return Gender.FEMALE
        if _PATRONYMIC_MALE.search(low):
            return Gender.MALE
    surname = name.surname.lower()
    if _FEMALE_SURNAME.search(surname):
        return Gender.FEMALE
    if _MALE_SURNAME.search(surname):
        return Gender.MALE
    given = name.given.split()[0].lower() if name.given else ""
    if given in _MALE_ON_A or given in _FEMALE_ON_CONSONANT:
        return Gender.MALE if given in _MALE_ON_A else Gender.FEMALE
    if given.endswith(("а", "я")):
        return Gender.FEMALE
    if given and given[-1] not in _VOWELS:
        return Gender.MALE
    return None


def dative(name: FullName, gender: Gender, rules: Language) -> str:
    """Return the name in the dative, surname first, by Russian or Belarusian rules."""
    if rules == "ru":
        # pytrovich declines each half of a hyphenated name itself, but not of a spaced one.
        parts = [
            " ".join(_ru(NamePart.LASTNAME, gender, w) for w in name.surname.split()),
            " ".join(_ru(NamePart.FIRSTNAME, gender, w) for w in name.given.split()),
        ]
        if name.patronymic:
            parts.append(_ru(NamePart.MIDDLENAME, gender, name.patronymic))
    else:
        parts = [
            _each_part(name.surname, lambda w: be_surname_dative(w, gender)),
            _each_part(name.given, lambda w: be_given_dative(w, gender)),
        ]
        if name.patronymic:
            parts.append(be_patronymic_dative(name.patronymic))
    return " ".join(parts)


def greeting(name: FullName, gender: Gender | None, rules: Language) -> str:
    """Return the given name as a greeting says it: Russian nominative, Belarusian vocative."""
    if rules == "ru" or gender is not Gender.MALE:
        return name.given
    return " ".join(be_vocative(w) for w in name.given.split())


def letter_name(
    prisoner: Prisoner, language: Language, *, full_name: str | None = None
) -> LetterName | None:
    """Return the person's name for a letter in `language`; None without a Cyrillic name.

    The name comes from `full_name` (a name with patronymic in that language) when given, else
    from the record's name with patronymic in `language`, its name in `language`, or its name
    in the other Cyrillic language (declined by that language's rules), the first there is.
    """
    other: Language = "ru" if language == "be" else "be"
    by_language = {"be": prisoner.name_be, "ru": prisoner.name_ru}
    sources: list[tuple[str | None, Language]] = [
        (full_name or name_with_patronymic(prisoner, language), language),
        (by_language[language], language),
        (by_language[other], other),
    ]
    for text, rules in sources:
        if not text or not is_cyrillic(text):
            continue
        name = split_name(text)
        if name is None:
            continue
        gender = prisoner.gender or infer_gender(name)
        declined = name.official() if gender is None else dative(name, gender, rules)
        return LetterName(
            name=name,
            rules=rules,
            gender=gender,
            dative=declined,
            greeting=greeting(name, gender, rules),
        )
    return None


# --- Russian, through pytrovich ---------------------------------------------------------------


@functools.cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


def _ru(part: NamePart, gender: Gender, word: str) -> str:
    theirs = PetrovichGender.FEMALE if gender is Gender.FEMALE else PetrovichGender.MALE
    if word.isupper() and len(word) > 1:
        # The rules match lower-case endings and would append them to a capitalised name.
        return _maker().make(part, theirs, PetrovichCase.DATIVE, word.capitalize()).upper()
    return _maker().make(part, theirs, PetrovichCase.DATIVE, word)


# --- Belarusian -------------------------------------------------------------------------------


def _each_part(text: str, decline: Callable[[str], str]) -> str:
    """Decline each word of a double name or a hyphenated surname on its own."""
    return " ".join("-".join(decline(p) for p in word.split("-")) for word in text.split())


def _keep_case(original: str, result: str) -> str:
    return result.upper() if original.isupper() and len(original) > 1 else result


def be_surname_dative(word: str, gender: Gender) -> str:
    """Return a Belarusian surname in the dative."""
    low = word.lower()
    if low.endswith(("ых", "іх")) or low[-1] in "оэеуюё":
        return word
    if gender is Gender.FEMALE:
        if low.endswith(("ая", "яя")):  # Палынская - Палынскай
            return _keep_case(word, word[:-1] + "й")
        if re.search(r"(?:ва|іна|ына)$", low):  # Калеснікава - Калеснікавай, Шалапіна
            return _keep_case(word, word + "й")
        if low[-1] in "ая":  # Лойка - Лойцы, as the noun it is
            return _keep_case(word, _feminine_noun_dative(word))
        return word  # on a consonant: Рабіновіч, Шаўчук, Іванец
    if low.endswith(("кі", "гі", "хі")):  # Бяляцкі - Бяляцкаму
        return _keep_case(word, word[:-1] + "аму")
    if low.endswith("ы"):  # Чорны - Чорнаму
        return _keep_case(word, word[:-1] + "аму")
    if low.endswith("ой"):  # Талстой - Талстому
        return _keep_case(word, word[:-2] + "ому")
    if low[-1] == "і":  # a foreign name on -і: Бачы
        return word
    return _keep_case(word, _masculine_noun_dative(word))


def be_given_dative(word: str, gender: Gender) -> str:
    """Return a Belarusian given name in the dative."""
    low = word.lower()
    if gender is Gender.FEMALE:
        if low == "любоў":
            return _keep_case(word, word[:-1] + "ві")
        if low[-1] in "ая":
            return _keep_case(word, _feminine_noun_dative(word))
        if low[-1] == "ь":  # Нінэль - Нінэлі
            return _keep_case(word, word[:-1] + "і")
        return word
    irregular = _BE_GIVEN_DATIVE.get(low)
    if irregular is not None:
        return _keep_case(word, word[0] + irregular[1:])
    if low[-1] in "оэеуюі":
        return word
    return _keep_case(word, _masculine_noun_dative(word))


# A fleeting vowel or a changed stem: Павал - Паўла, Пётр - Пятра.
_BE_GIVEN_DATIVE = {"павал": "паўлу", "пётр": "пятру", "пятро": "пятру", "леў": "льву"}


def be_patronymic_dative(word: str) -> str:
    """Return a Belarusian patronymic in the dative: -віч - -вічу, -аўна - -аўне."""
    low = word.lower()
    if low.endswith("на"):
        return _keep_case(word, word[:-1] + "е")
    if low.endswith(("іч", "ич")):
        return _keep_case(word, word + "у")
    return word


def be_vocative(word: str) -> str:
    """Return a man's Belarusian given name as a greeting calls him.

    The vocative the language keeps in everyday letters: soft stems in -ь and names in -й take
    -ю (Алесь - Алесю, Сяргей - Сяргею); other names are called as they are (Ігар, Максім).
    """
    low = word.lower()
    if low.endswith("ь") or (low.endswith("й") and not low.endswith(("ый", "ій"))):
        return _keep_case(word, word[:-1] + "ю")
    return word


def _masculine_noun_dative(word: str) -> str:
    """Decline a man's name as a Belarusian noun: Лосік - Лосіку, Бабарыка - Бабарыку."""
    low = word.lower()
    if low[-1] == "а":  # Бабарыка - Бабарыку, Мікола - Міколу
        return word[:-1] + "у"
    if low[-1] == "я":  # Ілля - Іллю
        return word[:-1] + "ю"
    if low[-1] in "йь":  # Карней - Карнею, Алесь - Алесю
        return word[:-1] + "ю"
    if low[-1] == "ў":  # Аляксандраў - Аляксандраву, Станіслаў - Станіславу
        return word[:-1] + "ву"
    # A fleeting vowel, once the stem has a vowel of its own: Севярынец - Севярынцу (not Швец).
    if (
        low.endswith("ец")
        and len(low) > 3
        and low[-3] not in _VOWELS
        and any(c in _VOWELS for c in low[:-3])
    ):
        return word[:-2] + "цу"
    return word + "у"


def _feminine_noun_dative(word: str) -> str:
    """Decline a name on -а or -я as a Belarusian feminine noun: Марыя - Марыі, Наста - Насце."""
    low = word.lower()
    if low[-1] == "я":  # Марыя - Марыі, Наталля - Наталлі
        return word[:-1] + "і"
    before = low[-2] if len(low) > 1 else ""
    stem = word[:-2]
    if before == "к":  # горка - горцы, рака - рацэ
        return stem + ("цэ" if len(low) > 2 and low[-3] in _VOWELS else "цы")
    if before == "г":  # нага - назе
        return stem + "зе"
    if before == "х":  # муха - мусе
        return stem + "се"
    if before == "д":  # Ада - Адзе
        return word[:-1] + "зе"
    if before == "т":  # Маргарыта - Маргарыце, Наста - Насце
        return stem + "це"
    if before in _BE_HARDENED:  # Вера - Веры
        return word[:-1] + "ы"
    return word[:-1] + "е"  # Аксана - Аксане
