"""Checking a draft letter: risky words in three languages, Latin, links, emoji, length.

And that the check keeps nothing of the draft: no log line, no reference left behind.
"""

from __future__ import annotations

import gc
import logging
import sys
import tracemalloc
import uuid

import pytest

from bot.domain.letters.check import (
    LATIN_LETTERS_ALLOWED,
    SHEET_LIMIT,
    DraftCheck,
    RiskTopic,
    Suggestion,
    WarningCode,
    check_draft,
)

SIGNED = "\nКак ты?\nАня"

BENIGN = [
    # Russian: spring, "judging by", a daily routine, free time, a choice of books, a doctor.
    "Привет, Игорь! Весна у нас ранняя, судя по всему, лето будет жарким. Режим дня у меня "
    "простой: работа, книги, прогулки. В свободное время читаю. Выбор книг в библиотеке "
    "большой. Вчера вызвал врача, уже всё хорошо.",
    # Belarusian: spring, someone who lives in Minsk, the weather, a delayed train.
    "Прывітанне, Алесю! У нас вясна, усё квітнее. Сяброўка жыве ў Мінску, часта ходзім у "
    "парк. Надвор'е цёплае. Чытаю новую кнігу пра падарожжы.",
    # English, as some supporters write before translating.
    "Dear Ihar, spring has come and the garden is green. I am reading a novel about the sea.",
]


def risky(check: DraftCheck) -> dict[RiskTopic, tuple[str, ...]]:
    return {w.topic: w.words() for w in check.warnings if w.topic is not None}


@pytest.mark.parametrize("text", BENIGN)
def test_everyday_letters_have_no_risky_words(text: str) -> None:
    check = check_draft(text + SIGNED)
    assert WarningCode.RISKY_WORDS not in check.codes()


def test_an_everyday_letter_in_cyrillic_passes_clean() -> None:
    check = check_draft(BENIGN[0] + SIGNED)
    assert check.ok
    assert check.warnings == ()
    assert check.suggestions == ()


@pytest.mark.parametrize(
    ("text", "topic", "word"),
    [
        # Russian, inflected.
        ("Все говорят о политике.", RiskTopic.POLITICS, "политике"),
        ("Надеюсь, суд был справедливым.", RiskTopic.CASE, "суд"),
        ("Как прошло заседание суда?", RiskTopic.CASE, "суда"),
        ("Адвокат передал привет.", RiskTopic.CASE, "Адвокат"),
        ("Новые санкциями грозят.", RiskTopic.SANCTIONS, "санкциями"),
        ("Мечтаю о твоей свободе.", RiskTopic.FREEDOM, "свободе"),
        ("Скоро тебя освободят.", RiskTopic.FREEDOM, "освободят"),
        ("Мы продолжаем борьбу.", RiskTopic.STRUGGLE, "борьбу"),
        ("Были на протестах.", RiskTopic.PROTEST, "протестах"),
        ("Этот режим падёт.", RiskTopic.REGIME, "режим"),
        ("Лукашенко опять выступал.", RiskTopic.REGIME, "Лукашенко"),
        ("На выборах всё было ясно.", RiskTopic.ELECTIONS, "выборах"),
        ("Думаю о войне.", RiskTopic.WAR, "войне"),
        ("Признали экстремистским.", RiskTopic.EXTREMISM, "экстремистским"),
        ("Читаю Белсат каждый день.", RiskTopic.BANNED_NAME, "Белсат"),
        ("Тебя осудили по ст. 342.", RiskTopic.CASE, "ст. 342"),
        # Belarusian, with ў and ё, inflected.
        ("Усе размовы пра палітвязняў.", RiskTopic.POLITICS, "палітвязняў"),
        ("Гэтая ўлада не вечная.", RiskTopic.POLITICS, "ўлада"),
        ("Чакаем прысуду.", RiskTopic.CASE, "прысуду"),
        ("Новыя санкцыі ўвялі.", RiskTopic.SANCTIONS, "санкцыі"),
        ("Жадаю табе свабоды.", RiskTopic.FREEDOM, "свабоды"),
        ("Чакаем твайго вызвалення.", RiskTopic.FREEDOM, "вызвалення"),
        ("Мы працягваем барацьбу.", RiskTopic.STRUGGLE, "барацьбу"),
        ("Мы змагаемся далей.", RiskTopic.STRUGGLE, "змагаемся"),
        ("Зноў пратэсты ў горадзе.", RiskTopic.PROTEST, "пратэсты"),
        ("Пра Лукашэнку ўсе ведаюць.", RiskTopic.REGIME, "Лукашэнку"),
        ("Гэты рэжым упадзе.", RiskTopic.REGIME, "рэжым"),
        ("Пасля выбараў усё змянілася.", RiskTopic.ELECTIONS, "выбараў"),
        ("Гэтая вайна страшная.", RiskTopic.WAR, "вайна"),
        ("Чытаю Нашу Ніву.", RiskTopic.BANNED_NAME, "Нашу Ніву"),
        ("Бачыў сцяг бел-чырвона-белы.", RiskTopic.SYMBOLS, "бел-чырвона-белы"),
        ("Жыве Беларусь!", RiskTopic.SYMBOLS, "Жыве Беларусь"),
        # English.
        ("We talk about politics a lot.", RiskTopic.POLITICS, "politics"),
        ("Your trial was unfair.", RiskTopic.CASE, "trial"),
        ("New sanctions were announced.", RiskTopic.SANCTIONS, "sanctions"),
        ("Freedom will come.", RiskTopic.FREEDOM, "Freedom"),
        ("The struggle goes on.", RiskTopic.STRUGGLE, "struggle"),
        ("The protests were big.", RiskTopic.PROTEST, "protests"),
        ("The dictator spoke again.", RiskTopic.REGIME, "dictator"),
        ("The elections were rigged.", RiskTopic.ELECTIONS, "elections"),
        ("The war goes on.", RiskTopic.WAR, "war"),
        ("They call it extremist.", RiskTopic.EXTREMISM, "extremist"),
        ("Viasna sends regards.", RiskTopic.BANNED_NAME, "Viasna"),
    ],
)
def test_risky_words_in_three_languages(text: str, topic: RiskTopic, word: str) -> None:
    found = risky(check_draft(text))
    assert topic in found, found
    assert word in found[topic]


def test_matches_point_at_the_words_in_the_draft() -> None:
    text = "Добры дзень! Пра санкцыі і свабоду не пішу."
    check = check_draft(text)
    matches = [m for w in check.warnings if w.topic is not None for m in w.matches]
    assert {text[m.start : m.end] for m in matches} == {"санкцыі", "свабоду"}
    assert all(text[m.start : m.end] == m.text for m in matches)


def test_topics_come_in_a_fixed_order() -> None:
    check = check_draft("Война, выборы, свобода, суд.")
    assert check.topics() == (
        RiskTopic.CASE,
        RiskTopic.FREEDOM,
        RiskTopic.ELECTIONS,
        RiskTopic.WAR,
    )


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # Viasna's name is the word for spring: only the organisation is flagged.
        ("Вясна ў гэтым годзе ранняя.", False),
        ("Прыйшла вясна.", False),
        ("Я валанцёр «Вясны».", True),
        ("Праваабаронцы з Вясны пішуць.", True),
        ("Вясна-96 працуе.", True),
        ("Весна пришла.", False),
        ("Правозащитники из Весны пишут.", True),
    ],
)
def test_spring_and_viasna(text: str, flagged: bool) -> None:
    assert (RiskTopic.BANNED_NAME in risky(check_draft(text))) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Режим дня простой.", False),
        ("Рэжым харчавання звычайны.", False),
        ("Режим питания помогает.", False),
        ("Режим ужесточили.", True),
    ],
)
def test_a_daily_routine_is_not_the_regime(text: str, flagged: bool) -> None:
    assert (RiskTopic.REGIME in risky(check_draft(text))) is flagged


def test_a_few_latin_letters_pass() -> None:
    check = check_draft("Обнимаю! P.S. Пиши.")
    assert WarningCode.LATIN_SCRIPT not in check.codes()


def test_latin_script_in_the_body_is_flagged_with_its_count() -> None:
    check = check_draft("Привет! Hello my friend, как дела?")
    (latin,) = [w for w in check.warnings if w.code is WarningCode.LATIN_SCRIPT]
    assert latin.count == len("Hellomyfriend")
    assert latin.limit == LATIN_LETTERS_ALLOWED
    assert latin.words() == ("Hello", "my", "friend")
    assert Suggestion.WRITE_IN_CYRILLIC in check.suggestions


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("Смотри https://example.org/page?x=1 там.", "https://example.org/page?x=1"),
        ("Сайт www.example.com хороший.", "www.example.com"),
        ("Зайди на spring96.org потом.", "spring96.org"),
        ("Пиши мне на anna@example.com пожалуйста.", "anna@example.com"),
        ("Глядзі на сайце прыклад.бел калі ласка.", "прыклад.бел"),
    ],
)
def test_links_and_addresses(text: str, link: str) -> None:
    check = check_draft(text)
    (found,) = [w for w in check.warnings if w.code is WarningCode.LINK]
    assert found.words() == (link,)
    # Latin inside a link is the link's problem, not a second warning.
    assert WarningCode.LATIN_SCRIPT not in check.codes()
    assert WarningCode.HANDLE not in check.codes()


def test_handles() -> None:
    check = check_draft("Подпишись на @solidarity_chat, там новости.")
    (found,) = [w for w in check.warnings if w.code is WarningCode.HANDLE]
    assert found.words() == ("@solidarity_chat",)


def test_emoji_with_modifiers_are_one_match_each() -> None:
    text = "Обнимаю ❤️ и жму руку 👍🏽!"
    check = check_draft(text)
    (found,) = [w for w in check.warnings if w.code is WarningCode.EMOJI]
    assert found.words() == ("❤️", "👍🏽")


def test_length_over_one_sheet() -> None:
    sentence = "Сегодня тёплый день, гуляли в парке. "
    text = sentence * (SHEET_LIMIT // len(sentence) + 1)
    check = check_draft(text)
    (long,) = [w for w in check.warnings if w.code is WarningCode.TOO_LONG]
    assert long.count == len(text.strip())
    assert long.limit == SHEET_LIMIT
    assert Suggestion.SHORTEN in check.suggestions


def test_exactly_one_sheet_passes() -> None:
    tail = " Как ты?\nАня"
    text = "а" * (SHEET_LIMIT - len(tail)) + tail
    assert len(text) == SHEET_LIMIT
    assert WarningCode.TOO_LONG not in check_draft(text).codes()


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_draft(text: str) -> None:
    check = check_draft(text)
    assert check.codes() == (WarningCode.EMPTY,)
    assert check.suggestions == (Suggestion.EVERYDAY_TOPICS,)


def test_warnings_come_in_a_fixed_order() -> None:
    text = "Свобода! Hello dear friend https://x.org @someone 😀 " + "я" * SHEET_LIMIT
    assert check_draft(text).codes() == (
        WarningCode.RISKY_WORDS,
        WarningCode.LATIN_SCRIPT,
        WarningCode.LINK,
        WarningCode.HANDLE,
        WarningCode.EMOJI,
        WarningCode.TOO_LONG,
    )


def test_suggestions() -> None:
    risky_unsigned = check_draft("Пишу тебе про санкции и думаю о тебе каждый день.")
    assert risky_unsigned.suggestions == (
        Suggestion.EVERYDAY_TOPICS,
        Suggestion.ASK_A_QUESTION,
        Suggestion.SIGN_FIRST_NAME,
    )
    signed_with_question = check_draft("Как у тебя дела? Что читаешь?\nОбнимаю, Аня")
    assert signed_with_question.suggestions == ()


def test_the_result_repr_carries_no_words_of_the_draft() -> None:
    check = check_draft("Думаю о свободе и санкциях. Hello friend https://secret.example")
    shown = repr(check)
    for word in ("свободе", "санкциях", "Hello", "friend", "secret"):
        assert word not in shown
    assert "start=" in shown


def test_the_check_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    check_draft("Свобода, суд, санкции, https://example.org, @handle, 😀, Hello there")
    assert caplog.records == []


def test_the_check_keeps_nothing_of_the_draft() -> None:
    # A risky word made at run time, so that only the draft, the result and whatever the
    # check kept can hold it.
    letters = str.maketrans("0123456789abcdef", "абвгдежзиклмнопр")
    marker = "санкци" + uuid.uuid4().hex.translate(letters)
    text = f"Привет! Про {marker} не пишу. " + "Обычный день, гуляли в парке. " * 40
    check_draft("Разминка: " + text[:20])  # compiled patterns and the like, made once
    gc.collect()
    references = sys.getrefcount(text)
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        result = check_draft(text)
        # The result holds the word, as it should: the writer is shown it.
        assert [m.text for w in result.warnings for m in w.matches] == [marker]
        del result
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    # Not the draft itself (a cache keyed by it, a list of drafts)...
    assert sys.getrefcount(text) == references
    # ...nor a copy of it (lower-cased, normalised) left alive...
    kept = [d for d in after.compare_to(before, "lineno") if d.size_diff >= len(text)]
    assert kept == []
    # ...nor its words in any list, set or dict the collector sees.
    holders = [obj for obj in gc.get_objects() if _holds(obj, marker)]
    assert holders == []


def _holds(container: object, marker: str) -> bool:
    items: list[object]
    if isinstance(container, dict):
        items = [*container.keys(), *container.values()]
    elif isinstance(container, list | tuple | set | frozenset):
        items = list(container)
    else:
        return False
    return any(isinstance(item, str) and marker in item for item in items)
