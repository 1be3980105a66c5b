"""Every language says everything, with the same placeholders, in its own grammar."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.l10n import LOCALES_DIR, Localizer

# Texts for the operator's terminal; people in chats never see them.
OPERATOR_FILES = frozenset({"cli.ftl"})
CHAT_LANGUAGES = ("be", "ru")


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def chat_messages(language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(Path(LOCALES_DIR, language).glob("*.ftl")):
        if path.name in OPERATOR_FILES:
            continue
        for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
            if isinstance(entry, ast.Message):
                variables = _Variables()
                variables.visit(entry)
                found[entry.id.name] = variables.names
    return found


# Message ids (by prefix) that the code formats with the person's $gender.
GENDERED = (
    "card-",
    "event-",
    "news-",
    "week-",
    "action-",
    "follow-done",
    "unfollow-done",
    "sync-status-",
)


@pytest.mark.parametrize("language", CHAT_LANGUAGES)
def test_every_chat_text_exists_with_the_same_placeholders(language: str) -> None:
    english, translated = chat_messages("en"), chat_messages(language)
    assert set(translated) == set(english), set(translated) ^ set(english)
    for message_id, variables in english.items():
        # These texts get $gender from the code; English needs it nowhere, be and ru often do.
        extra = {"gender"} if message_id.startswith(GENDERED) else set()
        # A line under the person's name may leave the name out.
        optional = {"name"} if message_id.endswith("-under-name") else set()
        assert variables - optional <= translated[message_id] <= variables | extra, message_id


@pytest.mark.parametrize(
    ("language", "count", "years", "months", "days"),
    [
        ("be", 1, "1 год", "1 месяц", "1 дзень"),
        ("be", 2, "2 гады", "2 месяцы", "2 дні"),
        ("be", 5, "5 гадоў", "5 месяцаў", "5 дзён"),
        ("be", 11, "11 гадоў", "11 месяцаў", "11 дзён"),
        ("be", 21, "21 год", "21 месяц", "21 дзень"),
        ("be", 22, "22 гады", "22 месяцы", "22 дні"),
        ("be", 25, "25 гадоў", "25 месяцаў", "25 дзён"),
        ("be", 0, "0 гадоў", "0 месяцаў", "0 дзён"),
        ("ru", 1, "1 год", "1 месяц", "1 день"),
        ("ru", 2, "2 года", "2 месяца", "2 дня"),
        ("ru", 5, "5 лет", "5 месяцев", "5 дней"),
        ("ru", 11, "11 лет", "11 месяцев", "11 дней"),
        ("ru", 21, "21 год", "21 месяц", "21 день"),
        ("ru", 22, "22 года", "22 месяца", "22 дня"),
        ("ru", 25, "25 лет", "25 месяцев", "25 дней"),
        ("ru", 0, "0 лет", "0 месяцев", "0 дней"),
    ],
)
def test_plural_forms_follow_cldr(
    language: str, count: int, years: str, months: str, days: str
) -> None:
    t = Localizer()(language)
    assert t("span-years", count=count) == years
    assert t("span-months", count=count) == months
    assert t("span-days", count=count) == days


@pytest.mark.parametrize("language", CHAT_LANGUAGES)
def test_released_agrees_with_gender_and_is_neutral_when_unknown(language: str) -> None:
    t = Localizer()(language)
    texts = {
        g: t("card-status-released", since="13.12.2025", gender=g)
        for g in ("female", "male", "unknown")
    }
    assert len(set(texts.values())) == 3, texts


def test_telegram_language_codes_pick_the_chat_language() -> None:
    l10n = Localizer()
    assert l10n.guess("be", "en") == "be"
    assert l10n.guess("ru-RU", "en") == "ru"
    assert l10n.guess("pl", "be") == "be"
