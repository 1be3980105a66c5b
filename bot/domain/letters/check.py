"""Check a draft letter before it is sent: what a prison censor is likely to hold back.

Letters to political prisoners in Belarus pass a censor who withholds any letter that touches
politics, the person's case, sanctions, "freedom" or "struggle", protests, the authorities,
elections, the war, or names a banned organisation or outlet. Letters with Latin script, links
or emoji are often withheld too: the censor cannot read them, or takes them for a code. A long
letter waits longer on the censor's desk.

`check_draft` returns codes (and where in the draft they matched), never sentences: the
supporter reads them in the chat's language through the locales.

The draft is the supporter's private text. This module keeps nothing of it: no cache, no log, no
module state. A match's `text` (the matched word, for showing it back to the writer) is left out
of `repr`, so a check result that ends up in a log line carries positions only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class WarningCode(StrEnum):
    """What in a draft may get the letter withheld or lost."""

    EMPTY = "empty"
    RISKY_WORDS = "risky-words"
    LATIN_SCRIPT = "latin-script"
    LINK = "link"
    HANDLE = "handle"
    EMOJI = "emoji"
    TOO_LONG = "too-long"


class RiskTopic(StrEnum):
    """The subjects that get letters withheld, each a group of words in be, ru and en."""

    POLITICS = "politics"
    CASE = "case"
    SANCTIONS = "sanctions"
    FREEDOM = "freedom"
    STRUGGLE = "struggle"
    PROTEST = "protest"
    REGIME = "regime"
    ELECTIONS = "elections"
    WAR = "war"
    EXTREMISM = "extremism"
    BANNED_NAME = "banned-name"
    SYMBOLS = "symbols"


class Suggestion(StrEnum):
    """Advice that makes a letter more likely to arrive, and warmer to receive."""

    # Everyday things instead: books, the weather and seasons, your own news.
    EVERYDAY_TOPICS = "everyday-topics"
    WRITE_IN_CYRILLIC = "write-in-cyrillic"
    SHORTEN = "shorten"
    # A question gives the person something to answer.
    ASK_A_QUESTION = "ask-a-question"
    # A first name is enough, and is safer for the writer.
    SIGN_FIRST_NAME = "sign-first-name"


# About what fits on one A4 sheet written by hand. Longer letters wait longer for the censor and
# are held back more often; the writer can send the rest in a second letter.
SHEET_LIMIT = 2_000
# A few Latin letters pass ("P.S.", "OK"); more than this reads as text the censor cannot check.
LATIN_LETTERS_ALLOWED = 3


@dataclass(frozen=True, slots=True)
class Match:
    """Where a warning matched: `draft[start:end]`."""

    start: int
    end: int
    # Shown back to the writer; kept out of repr so a logged result carries no words.
    text: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class DraftWarning:
    """One warning: its code, the risky topic for RISKY_WORDS, and where it matched.

    `count` is the number of Latin letters for LATIN_SCRIPT and of characters for TOO_LONG;
    `limit` is the most the check lets through for those two.
    """

    code: WarningCode
    matches: tuple[Match, ...] = ()
    topic: RiskTopic | None = None
    count: int | None = None
    limit: int | None = None

    def words(self) -> tuple[str, ...]:
        """Return the matched words, each once (compared ignoring case), in draft order."""
        seen: dict[str, str] = {}
        for match in self.matches:
            seen.setdefault(match.text.casefold(), match.text)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class DraftCheck:
    """Everything the check found, in a fixed order, and what to suggest."""

    warnings: tuple[DraftWarning, ...]
    suggestions: tuple[Suggestion, ...]
    length: int

    @property
    def ok(self) -> bool:
        """Tell whether nothing in the draft is likely to get it withheld."""
        return not self.warnings

    def codes(self) -> tuple[WarningCode, ...]:
        """Return the warning codes, each once, in order."""
        return tuple(dict.fromkeys(w.code for w in self.warnings))

    def topics(self) -> tuple[RiskTopic, ...]:
        """Return the risky topics found, in order."""
        return tuple(w.topic for w in self.warnings if w.topic is not None)


# ---------------------------------------------------------------------------------------------
# The risky words.
#
# Each pattern matches one whole word, lower-cased, with `ё` read as `е`, `ў` as `у` and
# apostrophes dropped (so Belarusian `ўлада` and `улада` are one word). A stem with `\w*` takes
# every inflected form; where a bare stem would also catch innocent words, the endings are
# listed (Russian `суд` "court" but not `судьба` "fate"; `выборы` "elections" but not `выбор`
# "a choice"; `свобода` but not `свободное время` "free time").

_WORDS: dict[RiskTopic, tuple[str, ...]] = {
    RiskTopic.POLITICS: (
        # ru
        r"политик\w*",
        r"политич\w*",
        r"политзаключ\w*",
        r"политзек\w*",
        r"политуз\w*",
        r"оппозиц\w*",
        r"президент\w*",
        r"революц\w*",
        r"майдан\w*",
        r"переворот\w*",
        r"власт(?:ь|и|ью|ям|ями|ях)",
        r"депутат\w*",
        r"тихановск(?:ая|ой|ую|ою)",
        r"латушк\w*",
        # be
        r"палітык\w*",
        r"палітыч\w*",
        r"палітвяз\w*",
        r"палітзняволен\w*",
        r"апазіцы\w*",
        r"прэзідэнт\w*",
        r"рэвалюцы\w*",
        r"пераварот\w*",
        r"улад(?:а|ы|зе|у|ай|аю)",
        r"дэпутат\w*",
        r"ціханоуск(?:ая|ай|ую|аю)",
        # en
        r"politic\w*",
        r"opposition\w*",
        r"president\w*",
        r"revolution\w*",
        r"coup",
        r"dissident\w*",
        r"ts?i(?:k)?hanou?v?skaya",
    ),
    RiskTopic.CASE: (
        # ru
        r"суд(?:|а|у|ом|е|ы|ов|ам|ами|ах)",
        r"суд(?:ья|ьи|ье|ью|ьей|ьям|ьями|ьях)",
        r"судебн\w*",
        r"судим\w*",
        r"осуд\w*",
        r"осужд\w*",
        r"приговор\w*",
        r"следовател\w*",
        r"следств\w*",
        r"адвокат\w*",
        r"обвин\w*",
        r"уголовн\w*",
        r"задержан\w*",
        r"арест\w*",
        r"прокурор\w*",
        r"помилова\w*",
        r"амнист\w*",
        r"допрос\w*",
        r"обыск\w*",
        r"показани(?:е|я|й|ю|ям|ями|ях)",
        r"кгб",
        r"губопик\w*",
        r"омон\w*",
        r"силовик\w*",
        r"кассац\w*",
        r"апелляц\w*",
        # be
        r"суд(?:|а|зе|у|ом|ы|оу|ам|амі|ах)",
        r"суддз\w*",
        r"судов\w*",
        r"асудж\w*",
        r"прысуд\w*",
        r"следч\w*",
        r"адвакат\w*",
        r"абвінавач\w*",
        r"крымінальн\w*",
        r"затрыман\w*",
        r"арышт\w*",
        r"пракурор\w*",
        r"памілава\w*",
        r"амніст\w*",
        r"допыт\w*",
        r"вобшук\w*",
        r"кдб",
        r"амон\w*",
        r"касацы\w*",
        r"апеляцы\w*",
        # en
        r"courts?",
        r"trials?",
        r"verdicts?",
        r"lawyers?",
        r"attorneys?",
        r"judges?",
        r"prosecut\w*",
        r"arrest\w*",
        r"detention",
        r"detained",
        r"investigat\w*",
        r"interrogat\w*",
        r"kgb",
        r"pardon\w*",
        r"amnest\w*",
        r"convict\w*",
    ),
    RiskTopic.SANCTIONS: (
        r"санкци\w*",
        r"санкцы\w*",
        r"sanction\w*",
        r"эмбарго",
        r"embargo\w*",
    ),
    RiskTopic.FREEDOM: (
        r"свобод(?:а|ы|е|у|ой|ою)",
        r"освобо(?:жд|д)\w*",
        r"свабод(?:а|ы|зе|у|ай|аю)",
        r"вызвал(?:ен|і|я)\w*",
        r"вол(?:я|і|ю|яй|яю)",
        r"freedoms?",
        r"libert(?:y|ies)",
        r"liberat\w*",
    ),
    RiskTopic.STRUGGLE: (
        r"борьб\w*",
        r"борол\w*",
        r"борот\w*",
        r"борет\w*",
        r"борют\w*",
        r"борец",
        r"борц(?:а|у|ом|е|ы|ов|ам|ами|ах)",
        r"сопротивлен\w*",
        r"барацьб\w*",
        r"змага\w*",
        r"супраціу\w*",
        r"struggl\w*",
        r"resistance",
    ),
    RiskTopic.PROTEST: (
        r"протест\w*",
        r"митинг\w*",
        r"марш(?:|а|е|у|ем|и|ей|ам|ах|ами)",
        r"шестви\w*",
        r"забастов\w*",
        r"стачк\w*",
        r"демонстра(?:ц|нт)\w*",
        r"пикет\w*",
        r"пратэст\w*",
        r"мітынг\w*",
        r"шэсц\w*",
        r"страйк\w*",
        r"забастоук\w*",
        r"пікет\w*",
        r"дэманстра(?:ц|нт)\w*",
        r"protest\w*",
        r"rall(?:y|ies)",
        r"demonstrat(?:ion|ions|or|ors)",
        r"picket\w*",
    ),
    RiskTopic.REGIME: (
        r"диктат(?:ор|ур)\w*",
        r"лукашенк\w*",
        r"лукашист\w*",
        r"хунт\w*",
        r"тиран\w*",
        r"узурпатор\w*",
        r"дыктат(?:ар|ур)\w*",
        r"лукашэнк\w*",
        r"лукашыст\w*",
        r"тыран\w*",
        r"regimes?",
        r"dictator\w*",
        r"lukash[ae]nk\w*",
        r"junta",
        r"tyrann?\w*",
    ),
    RiskTopic.ELECTIONS: (
        r"выбор(?:ы|ов|ах|ам|ами)",
        r"выборн\w*",
        r"избират\w*",
        r"голосова\w*",
        r"бюллетен\w*",
        r"фальсифик\w*",
        r"цик",
        r"выбар(?:ы|ау|ах|ам|амі)",
        r"выбарч\w*",
        r"галасава\w*",
        r"бюлетэн\w*",
        r"фальсіфік\w*",
        r"цвк",
        r"elections?",
        r"electoral",
        r"votes?",
        r"voted",
        r"voting",
        r"voters?",
        r"ballots?",
        r"rigged",
    ),
    RiskTopic.WAR: (
        r"войн(?:а|ы|е|у|ой|ою|ам|ами|ах)",
        r"военн\w*",
        r"воева\w*",
        r"воюе\w*",
        r"воюю\w*",
        r"арми(?:я|и|ю|ей)",
        r"фронт\w*",
        r"оккупа\w*",
        r"окупа\w*",
        r"спецопераци\w*",
        r"сво",
        r"бомб\w*",
        r"мобилизац\w*",
        r"вайн(?:а|ы|е|у|ой|ою|ам|амі|ах)",
        r"ваен\w*",
        r"ваява\w*",
        r"ваюе\w*",
        r"армі(?:я|і|ю|яй)",
        r"акупа\w*",
        r"бамб\w*",
        r"мабілізац\w*",
        r"wars?",
        r"warfare",
        r"invasion\w*",
        r"occupation",
        r"occupiers?",
        r"army",
        r"armies",
        r"military",
        r"bomb\w*",
        r"mobili[sz]ation",
    ),
    RiskTopic.EXTREMISM: (
        r"экстремис\w*",
        r"экстремизм\w*",
        r"террор\w*",
        r"экстрэміс\w*",
        r"экстрэмізм\w*",
        r"тэрор\w*",
        r"extremis\w*",
        r"terror\w*",
    ),
    RiskTopic.BANNED_NAME: (
        r"viasna\w*",
        r"vyasna\w*",
        r"spring96",
        r"belsat\w*",
        r"белсат\w*",
        r"nexta",
        r"некст\w*",
        r"charter97",
        r"еврорадио",
        r"эурарадые",
        r"euroradio",
        r"гаюн\w*",
        r"hajun",
        r"hajun\w*",
        r"кіберпартызан\w*",
        r"киберпартизан\w*",
        r"cyberpartisan\w*",
        r"байпол\w*",
        r"bypol",
        r"тутбай",
        r"nashaniva",
    ),
    RiskTopic.SYMBOLS: (r"бчб",),
}

# Phrases, and words that are risky only in company, matched on the lower-cased draft itself.
_PHRASES: dict[RiskTopic, tuple[str, ...]] = {
    # An article of the criminal code with its number: the person's case.
    RiskTopic.CASE: (
        r"(?<!\w)(?:ст\.?|стат(?:ья|ьи|ье|ью)|арт\.?|артыкул\w*|art\.?|article)\s*\d+",
        r"(?<!\w)(?:ч\.|част(?:ь|и))\s*\d+\s*(?:ст\.?|стат\w*|арт\.?|артыкул\w*)",
    ),
    RiskTopic.BANNED_NAME: (
        r"(?<!\w)наш(?:а|ай|ей|ую|у|ы|ой)\s+н[іи]в\w*",
        r"(?<!\w)nasha\s+niva",
        r"(?<!\w)(?:харт[иы]\w*|charter)[\s-]*97",
        r"(?<!\w)(?:радио|радые|радыё|radio)\s+(?:свобод\w*|свабод\w*|svaboda|liberty)",
        r"(?<!\w)tut\.by",
        r"(?<!\w)рабоч\w*\s+рух\w*",
        r"(?<!\w)(?:вясн|весн)\w*[\s-]*96",
        # Viasna's name is the word for spring; in quotes it is the organisation.
        r"[«\"“„'‘]\s*(?:вясн|весн)\w*",
    ),
    RiskTopic.SYMBOLS: (
        r"(?<!\w)бел\w*[\s-]+красн\w*[\s-]+бел\w*",
        r"(?<!\w)бел\w*[\s-]+чырвон\w*[\s-]+бел\w*",
        r"(?<!\w)white[\s-]+red[\s-]+white",
        r"(?<!\w)жыве\s+беларусь",
        r"(?<!\w)живе\s+беларусь",
        r"(?<!\w)long\s+live\s+belarus",
        r"(?<!\w)слава\s+украин\w*",
    ),
}

# `режим` is also "a routine" (режим дня, рэжым харчавання): risky only without such a word next.
_REGIME_WORDS = re.compile(r"режим(?:|а|е|у|ом|ы|ов|ам|ах)|рэжым(?:|у|е|ам|ы|ау)")
_ROUTINE_NEXT = frozenset(
    {"дня", "питания", "сна", "работы", "труда", "дні", "харчавання", "сну", "працы"}
)
# Spring, the season, is a good thing to write about; capitalised inside a sentence it is Viasna.
_SPRING_WORDS = re.compile(r"(?:весн|вясн)(?:а|ы|е|у|ой|ою|ай|аю|зе)")
_SENTENCE_END = ".!?…\n"

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_FOLD = str.maketrans({"ё": "е", "ў": "у", "'": None, "’": None, "ʼ": None})

_TOPIC_WORDS = {
    topic: re.compile("(?:" + "|".join(patterns) + ")") for topic, patterns in _WORDS.items()
}
_TOPIC_PHRASES = {topic: re.compile("|".join(patterns)) for topic, patterns in _PHRASES.items()}

# Links, addresses and handles: a censor treats them as contact with the outside.
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'«»]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@.])(?:(?:[a-z0-9-]+\.)+(?:by|ru|com|org|net|io|info|me|eu|pl|lt|ua|uk|de|tv|fm)"
    r"|(?:[a-z0-9\u0400-\u04ff-]+\.)+(?:бел|рф))(?:/[^\s<>\"'«»]*)?(?!\w)",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{3,32}(?!\w)")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z\u00c0-\u024f]+)*")
# Pictographs, emoticons, dingbats and flags, with their joiners, selectors and skin tones.
_EMOJI = re.compile(
    "(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55\u2b1b\u2b1c\u231a\u231b\u23e9-\u23fa]"
    "[\ufe0f\u200d\U0001f3fb-\U0001f3ff]*)+"
)


def check_draft(text: str) -> DraftCheck:
    """Check a draft letter; return warnings in a fixed order and suggestions.

    Order: EMPTY alone for a blank draft; else RISKY_WORDS (one per topic, in RiskTopic order),
    LATIN_SCRIPT, LINK, HANDLE, EMOJI, TOO_LONG.
    """
    body = text.strip()
    if not body:
        return DraftCheck(
            warnings=(DraftWarning(WarningCode.EMPTY),),
            suggestions=(Suggestion.EVERYDAY_TOPICS,),
            length=0,
        )
    warnings: list[DraftWarning] = []
    risky = _risky(text)
    warnings.extend(
        DraftWarning(WarningCode.RISKY_WORDS, matches=risky[topic], topic=topic)
        for topic in RiskTopic
        if topic in risky
    )
    links = tuple(_matches(_LINK.finditer(text)))
    handles = tuple(m for m in _matches(_HANDLE.finditer(text)) if not _inside(m, links))
    latin_letters, latin_words = _latin(text, links + handles)
    if latin_letters > LATIN_LETTERS_ALLOWED:
        warnings.append(
            DraftWarning(
                WarningCode.LATIN_SCRIPT,
                matches=latin_words,
                count=latin_letters,
                limit=LATIN_LETTERS_ALLOWED,
            )
        )
    if links:
        warnings.append(DraftWarning(WarningCode.LINK, matches=links))
    if handles:
        warnings.append(DraftWarning(WarningCode.HANDLE, matches=handles))
    emoji = tuple(_matches(_EMOJI.finditer(text)))
    if emoji:
        warnings.append(DraftWarning(WarningCode.EMOJI, matches=emoji))
    if len(body) > SHEET_LIMIT:
        warnings.append(DraftWarning(WarningCode.TOO_LONG, count=len(body), limit=SHEET_LIMIT))
    return DraftCheck(
        warnings=tuple(warnings),
        suggestions=_suggestions(body, warnings),
        length=len(body),
    )


def _matches(found: Iterable[re.Match[str]]) -> Iterator[Match]:
    for m in found:
        yield Match(m.start(), m.end(), m.group())


def _inside(match: Match, spans: Iterable[Match]) -> bool:
    return any(s.start <= match.start and match.end <= s.end for s in spans)


def _risky(text: str) -> dict[RiskTopic, tuple[Match, ...]]:
    """Return the risky words and phrases of each topic, in draft order."""
    found: dict[RiskTopic, list[Match]] = {}
    tokens = [(m, m.group().lower().translate(_FOLD)) for m in _WORD.finditer(text)]
    for index, (token, word) in enumerate(tokens):
        topic = _word_topic(text, tokens, index, token, word)
        if topic is not None:
            found.setdefault(topic, []).append(Match(token.start(), token.end(), token.group()))
    # Lower-cased letter by letter, so that every offset still points into the draft.
    lowered = "".join(c if len(low := c.lower()) != 1 else low for c in text)
    for topic, pattern in _TOPIC_PHRASES.items():
        for m in pattern.finditer(lowered):
            start = m.start() + len(m.group()) - len(m.group().lstrip("«\"“„'‘ \t"))
            match = Match(start, m.end(), text[start : m.end()])
            already = found.setdefault(topic, [])
            if not any(_overlap(match, other) for other in already):
                already.append(match)
    return {
        topic: tuple(sorted(matches, key=lambda m: m.start)) for topic, matches in found.items()
    }


def _overlap(a: Match, b: Match) -> bool:
    return a.start < b.end and b.start < a.end


def _word_topic(
    text: str,
    tokens: list[tuple[re.Match[str], str]],
    index: int,
    token: re.Match[str],
    word: str,
) -> RiskTopic | None:
    for topic, pattern in _TOPIC_WORDS.items():
        if pattern.fullmatch(word):
            return topic
    if _REGIME_WORDS.fullmatch(word):
        following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        return None if following in _ROUTINE_NEXT else RiskTopic.REGIME
    if _SPRING_WORDS.fullmatch(word) and token.group()[0].isupper():
        before = text[: token.start()].rstrip(" \t")
        if before and before[-1] not in _SENTENCE_END:
            return RiskTopic.BANNED_NAME
    return None


def _latin(text: str, skip: tuple[Match, ...]) -> tuple[int, tuple[Match, ...]]:
    """Count the Latin letters outside links and handles; return the count and the words."""
    words = tuple(m for m in _matches(_LATIN_WORD.finditer(text)) if not _inside(m, skip))
    letters = sum(len(_LATIN_LETTER.findall(m.text)) for m in words)
    return letters, words


def _suggestions(body: str, warnings: list[DraftWarning]) -> tuple[Suggestion, ...]:
    codes = {w.code for w in warnings}
    found: list[Suggestion] = []
    if WarningCode.RISKY_WORDS in codes:
        found.append(Suggestion.EVERYDAY_TOPICS)
    if WarningCode.LATIN_SCRIPT in codes:
        found.append(Suggestion.WRITE_IN_CYRILLIC)
    if WarningCode.TOO_LONG in codes:
        found.append(Suggestion.SHORTEN)
    if "?" not in body:
        found.append(Suggestion.ASK_A_QUESTION)
    if not _signed(body):
        found.append(Suggestion.SIGN_FIRST_NAME)
    return tuple(found)


def _signed(body: str) -> bool:
    """Tell whether the last line looks like a short signature ("Обнимаю, Аня", "Твой Алесь")."""
    last = body.splitlines()[-1].strip()
    words = _WORD.findall(last)
    return 0 < len(words) <= 3 and not last.endswith("?") and any(w[0].isupper() for w in words)
