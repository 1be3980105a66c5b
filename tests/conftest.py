"""Fixtures shared by every kind of test."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

# PTB 22 reports RetryAfter.retry_after as a timedelta when asked to; the bot always asks.
os.environ.setdefault("PTB_TIMEDELTA", "1")

import pytest

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.context import BotApplication
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.sandbox.user import SimulatedUser
from tests.postgres import Cluster, PostgresServer, Unavailable, in_own_loop

pytest_plugins = ["tests.fakes.fixtures"]

ROOT = Path(__file__).resolve().parents[1]
# Copies of the project's reference data files; tests/data/README.md says where each came from.
REFERENCE_DATA = ROOT / "tests" / "data"
# Shaped like a real token so the settings accept it; it opens nothing but the fake Telegram.
TEST_TOKEN = DEFAULT_TOKEN


# The trust tests' figures, "what was checked" as numbers (tests/trust): filled through the
# trust_figures fixture, shown once at the end of the run, added up from every worker when
# pytest-xdist runs the tests in several processes.
FIGURES: Counter[str] = Counter()


@pytest.fixture(scope="session")
def trust_figures() -> Counter[str]:
    """Return the counters the trust tests add their figures to."""
    return FIGURES


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker, hand the figures over to the process that reports."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["trust_figures"] = dict(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Add up the figures a pytest-xdist worker handed over."""
    FIGURES.update(getattr(node, "workeroutput", {}).get("trust_figures", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once how many generated updates and log lines the trust tests checked."""
    if FIGURES:
        parts = [f"{count:,} {name}" for name, count in sorted(FIGURES.items())]
        terminalreporter.write_line("trust tests checked: " + ", ".join(parts))


@pytest.fixture
def reference_data() -> Path:
    """Return the folder of the reference data files."""
    return REFERENCE_DATA


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Return settings for a bot with its own database in a temporary folder."""
    return load_settings(
        None,
        bot_token=TEST_TOKEN,
        database_path=tmp_path / "data" / "bot.sqlite3",
        admin_ids="42",
        default_language="en",
        default_timezone="Europe/Minsk",
    )


@pytest.fixture
async def bot_app(
    settings: Settings, telegram_state: TelegramState
) -> AsyncIterator[BotApplication]:
    """Yield the real bot, started as in production, talking to the in-process fake Telegram.

    Telegram's sending budget is lifted, so that a test's replies come at once:
    tests/delivery/test_send_budget.py runs the bot with it.
    """
    application = build_application(
        settings, request=FakeRequest(telegram_state), rate_limits=False
    )
    async with running_application(application):
        yield application


@pytest.fixture
def user(bot_app: BotApplication, telegram_state: TelegramState) -> SimulatedUser:
    """Return a supporter writing to the bot in a private chat."""
    return SimulatedUser(bot_app, telegram_state)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Return a PostgreSQL server for this session: TEST_DATABASE_URL, or a cluster of its own.

    With CI=true a missing PostgreSQL fails the tests that need it; elsewhere they are skipped.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    cluster = None
    if url:
        server = PostgresServer(url)
    else:
        try:
            cluster = Cluster()
        except Unavailable as why:
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI runs the PostgreSQL tests, but {why}")
            pytest.skip(str(why))
        server = cluster.start()
    try:
        in_own_loop(server.prepare_template)
        yield server
    finally:
        if cluster is not None:
            cluster.stop()
        else:
            in_own_loop(lambda: server.drop(server.url(server.template)))


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """Return the address of a new PostgreSQL database with every migration, dropped afterwards."""
    url = await postgres_server.create()
    yield url
    await postgres_server.drop(url)


@pytest.fixture
def postgres_url_sync(postgres_server: PostgresServer) -> Iterator[str]:
    """Return what postgres_url does, for tests whose commands run an event loop of their own."""
    url = in_own_loop(postgres_server.create)
    yield url
    in_own_loop(lambda: postgres_server.drop(url))
