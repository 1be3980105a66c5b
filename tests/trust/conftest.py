"""What the trust tests share: one running bot for many generated examples, a whole-database
snapshot, and the figures (updates tried, log lines checked) shown once at the end of the run.

Hypothesis runs each example as a plain function call, so the fuzz tests are synchronous: the
``live_bot`` fixture starts the real Application once per module on its own event loop (an
``asyncio.Runner``) and every example runs its coroutine on that loop with ``live_bot.run``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

from bot.app import build_application
from bot.config import load_settings
from bot.context import BotApplication
from bot.flood import FloodGuard
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState

T = TypeVar("T")

ADMIN_ID = 42  # ADMIN_IDS of every bot these tests start


@dataclass
class LiveBot:
    """The real bot, started as in production (without the job queue), on its own loop."""

    runner: asyncio.Runner
    app: BotApplication
    state: TelegramState

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the bot's loop and return its result."""
        return self.runner.run(coroutine)


@pytest.fixture(scope="module")
def live_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveBot]:
    """Yield one bot for a whole module, with its own database and fake Telegram.

    Flood control and Telegram's budget are lifted: a fuzz test sends thousands of updates
    from a few users, in a few chats.
    """
    folder = tmp_path_factory.mktemp("trust")
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=folder / "data" / "bot.sqlite3",
        admin_ids=str(ADMIN_ID),
        default_language="en",
        default_timezone="Europe/Minsk",
    )
    state = TelegramState(DEFAULT_TOKEN)
    app = build_application(settings, request=FakeRequest(state), rate_limits=False)
    running = running_application(app)
    with asyncio.Runner() as runner:
        runner.run(running.__aenter__())
        try:
            app.bot_data.flood = FloodGuard(burst=10**9)
            yield LiveBot(runner, app, state)
        finally:
            runner.run(running.__aexit__(None, None, None))


Snapshot = dict[str, list[tuple[object, ...]]]


class DatabaseWatch:
    """Whole-database snapshots: every row of every table, compared table by table."""

    @staticmethod
    async def rows(app: BotApplication) -> Snapshot:
        """Return every row of every table, to show that an update changed nothing at all."""
        db = app.bot_data.services.db
        tables = [
            row[0]
            for row in await db.fetchall(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        snapshot = {}
        for table in tables:
            rows = await db.fetchall(f"SELECT * FROM {table}")  # noqa: S608 - from sqlite_master
            snapshot[table] = sorted((tuple(row) for row in rows), key=repr)
        return snapshot

    @staticmethod
    async def rows_naming(app: BotApplication, chat_id: int) -> dict[str, int]:
        """Count, per table with a chat_id or admin_id column, the rows naming this chat."""
        db = app.bot_data.services.db
        counts = {}
        for (table,) in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ):
            columns = {row[1] for row in await db.fetchall(f"PRAGMA table_info({table})")}
            for column in sorted(columns & {"chat_id", "admin_id"}):
                sql = f"SELECT count(*) FROM {table} WHERE {column} = ?"  # noqa: S608
                value = await db.fetchval(sql, (chat_id,))
                assert isinstance(value, int)
                counts[f"{table}.{column}"] = value
        return counts

    @staticmethod
    def changes(
        before: Snapshot, after: Snapshot, *, kept: tuple[int, frozenset[str]] | None = None
    ) -> dict[str, tuple[list[Any], list[Any]]]:
        """Return, per table that differs, the rows only before and the rows only after.

        With `kept` (a chat id and kinds of chat state), that chat's states of those kinds are
        left out: what the chat's next update needs (a result list to page, a file waiting for
        its yes) is no change of anything stored about it.
        """

        def counted(table: str, rows: list[Any]) -> list[Any]:
            if kept is None or table != "chat_state":
                return rows
            chat_id, kinds = kept
            return [row for row in rows if not (row[0] == chat_id and row[2] in kinds)]

        changes = {}
        for table in sorted(before.keys() | after.keys()):
            old = counted(table, before.get(table, []))
            new = counted(table, after.get(table, []))
            if old != new:
                gone = [row for row in old if row not in new]
                came = [row for row in new if row not in old]
                changes[table] = (gone, came)
        return changes


@pytest.fixture(scope="session")
def watch() -> DatabaseWatch:
    """Return the whole-database snapshot helper."""
    return DatabaseWatch()
