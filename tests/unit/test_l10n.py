"""The localisation layer: complete, escaped, and loud about mistakes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from bot.l10n import LOCALES_DIR, LocalisationError, Localizer
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
