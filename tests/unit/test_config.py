"""Settings: names from DESIGN.md, .env support, and one clear sentence per bad value."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import BUNDLED_DATASET, ConfigError, ConfigProblem, Settings, load_settings
from bot.l10n import Localizer
from tests.conftest import TEST_TOKEN

VARIABLES = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own settings out of these tests."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def problems(**values: str) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, **values)
    return caught.value.problems


def test_defaults_need_nothing_but_are_complete() -> None:
    settings = load_settings(None)
    assert settings.bot_token is None
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert settings.database_path == Path("data/solidarity.sqlite3")
    assert settings.dataset_path == BUNDLED_DATASET
    assert settings.default_alert_time == time(10, 0)
    assert settings.planner_interval_seconds == 60
    assert settings.webhook_url is None


def test_env_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"BOT_TOKEN={TEST_TOKEN}\nADMIN_IDS=1,2,3\nDEFAULT_ALERT_TIME=08:30\nDATASET_PATH=\n"
        "LOG_LEVEL=debug\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PLANNER_INTERVAL_SECONDS", "15")
    settings = load_settings(env)
    assert settings.token == TEST_TOKEN
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.default_alert_time == time(8, 30)
    assert settings.dataset_path == BUNDLED_DATASET
    assert settings.log_level == "DEBUG"
    assert settings.planner_interval_seconds == 15


def test_environment_wins_over_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("ADMIN_IDS=1\n", encoding="utf-8")
    monkeypatch.setenv("ADMIN_IDS", " 7, 8 ")
    assert load_settings(env).admin_ids == frozenset({7, 8})


def test_token_is_never_shown_in_repr() -> None:
    settings = load_settings(None, bot_token=TEST_TOKEN)
    assert TEST_TOKEN not in repr(settings)
    assert TEST_TOKEN not in str(settings.model_dump())


def test_missing_token_explains_botfather() -> None:
    settings = load_settings(None)
    with pytest.raises(ConfigError) as caught:
        _ = settings.token
    [problem] = caught.value.problems
    text = Localizer()("en").format(f"config-{problem.kind}", escape=False)
    assert "BOT_TOKEN" in text
    assert "@BotFather" in text


@pytest.mark.parametrize(
    ("variable", "value", "kind"),
    [
        ("bot_token", "not-a-token", "token-shape"),
        ("admin_ids", "1,alice", "admin-ids"),
        ("default_timezone", "Mars/Olympus", "timezone"),
        ("default_alert_time", "25:00", "alert-time"),
        ("default_language", "de", "language"),
        ("log_level", "loud", "log-level"),
        ("bot_api_base_url", "api.telegram.org", "url"),
        ("webhook_secret", "short", "webhook-secret"),
        ("planner_interval_seconds", "abc", "invalid"),
        ("planner_interval_seconds", "1", "invalid"),
        ("webhook_port", "99999", "invalid"),
        ("database_path", "", "database-path"),
    ],
)
def test_each_bad_value_names_its_variable(variable: str, value: str, kind: str) -> None:
    [problem] = problems(**{variable: value})
    assert problem.variable == variable.upper()
    assert problem.kind == kind
    sentence = Localizer()("en").format(
        f"config-{problem.kind}", {"variable": problem.variable, **problem.args}, escape=False
    )
    assert "\n" not in sentence
    if kind not in ("token-shape", "webhook-secret"):
        assert value in sentence or kind == "database-path"


def test_all_problems_are_reported_at_once() -> None:
    found = problems(default_timezone="Nowhere", admin_ids="x", default_alert_time="7")
    assert {p.variable for p in found} == {"DEFAULT_TIMEZONE", "ADMIN_IDS", "DEFAULT_ALERT_TIME"}


def test_webhook_requires_a_secret() -> None:
    [problem] = problems(webhook_url="https://bot.example.org/telegram")
    assert problem.kind == "webhook-secret-missing"
    settings = load_settings(
        None, webhook_url="https://bot.example.org/telegram", webhook_secret="s" * 40
    )
    assert settings.webhook_secret is not None


def test_every_problem_kind_has_a_text() -> None:
    from bot.config import OWN_KINDS

    ids = Localizer().message_ids["en"]
    assert {f"config-{kind}" for kind in (*OWN_KINDS, "invalid")} <= ids


def test_empty_api_addresses_fall_back_to_telegram() -> None:
    settings = load_settings(None, bot_api_base_url="", bot_api_file_url="", webhook_url="")
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert settings.bot_api_file_url == "https://api.telegram.org/file/bot"
    assert settings.webhook_url is None
