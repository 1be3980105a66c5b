"""The localisation layer: complete, escaped, and loud about mistakes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from bot.l10n import LOCALES_DIR, LocalisationError, Localizer, day_month, long_date, weekday
from tests.conftest import ROOT


def test_values_are_escaped_for_html_and_plain_for_the_terminal() -> None:
    t = Localizer()("en")
    html = t.format("file-missing", {"path": "<b>&x"})
    assert "&lt;b&gt;&amp;x" in html
    assert "<b>&x" in t.format("file-missing", {"path": "<b>&x"}, escape=False)


def test_plural_forms_follow_the_number() -> None:
    t = Localizer()("en")
    assert "one problem" in t.format("import-rejected", {"count": 1})
    assert "3 problems" in t.format("import-rejected", {"count": 3})


@pytest.mark.parametrize(
    ("language", "days", "written"),
    [
        ("be", 999, "999 дзён"),
        ("be", 1500, "1500 дзён"),
        ("be", 9999, "9999 дзён"),
        ("be", 12345, "12\u00a0345 дзён"),
        ("be", 1921, "1921 дзень"),
        ("ru", 1613, "1613 дней"),
        ("ru", 10000, "10\u00a0000 дней"),
        ("ru", 1921, "1921 день"),
        ("en", 1500, "1,500 days"),
        ("en", 12345, "12,345 days"),
    ],
)
def test_numbers_follow_each_language_s_typography(language: str, days: int, written: str) -> None:
    # Belarusian and Russian group digits from five on, with a space that never breaks.
    assert Localizer()(language)("span-days", count=days) == written


@pytest.mark.parametrize(
    ("language", "long", "short", "day"),
    [
        ("en", "13 December 2025", "13 December", "Saturday"),
        ("be", "13 снежня 2025\u202fг.", "13 снежня", "субота"),
        ("ru", "13 декабря 2025\u202fг.", "13 декабря", "суббота"),
    ],
)
def test_dates_are_written_as_each_language_does(
    language: str, long: str, short: str, day: str
) -> None:
    saturday = date(2025, 12, 13)

    assert long_date(saturday, language) == long
    assert day_month(saturday, language) == short
    assert weekday(saturday, language) == day
    assert Localizer()(language).locale == ("en_GB" if language == "en" else language)


def test_unknown_language_falls_back_to_english_and_guess_uses_telegram_code() -> None:
    l10n = Localizer()
    assert l10n("xx").language == "en"
    assert l10n.guess("en-GB", "en") == "en"
    assert l10n.guess("pt-BR", "en") == "en"
    assert l10n.guess(None, "en") == "en"


def test_missing_message_or_argument_is_an_error() -> None:
    t = Localizer()("en")
    with pytest.raises(LocalisationError):
        t("no-such-message")
    with pytest.raises(LocalisationError):
        t("file-missing")


def test_broken_locale_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "main.ftl").write_text("good = fine\nbroken = { $x\n", encoding="utf-8")
    with pytest.raises(LocalisationError, match="syntax error"):
        Localizer(tmp_path)


def test_locale_files_are_well_formed() -> None:
    parser = FluentParser()
    for path in LOCALES_DIR.glob("*/*.ftl"):
        resource = parser.parse(path.read_text(encoding="utf-8"))
        assert not [item for item in resource.body if isinstance(item, ast.Junk)], path


# A call that renders a message: t("id"), term.say("id"), text("id"), t.format("id"), ...
MESSAGE_CALL = re.compile(r'\b(?:t|say|warn|text|format)\(\s*"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"')


def test_every_message_id_used_in_code_exists() -> None:
    known = Localizer().message_ids["en"]
    used: set[str] = set()
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(MESSAGE_CALL.findall(path.read_text(encoding="utf-8")))
    assert used, "the pattern found no message ids at all"
    assert used - known == set()
