"""Start the console: the real bot on an in-memory Telegram, with a database of its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.app import build_application
from bot.config import Settings
from bot.console.clock import ConsoleClock
from bot.console.session import OPERATOR_ID, Console
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState

DEFAULT_DATABASE = Path("data/console.sqlite3")
BOT_USERNAME = "solidarity_console_bot"
BOT_FIRST_NAME = "Solidarity bot"
PROMPT = "› "
# How often an interactive console looks for messages that arrive on their own (the planner).
WATCH_SECONDS = 1.0


class ProductionDatabaseError(Exception):
    """The console was pointed at the bot's real database, which it must never touch."""


def console_settings(settings: Settings, database: Path) -> Settings:
    """Return the operator's settings with the console's database, token and operator."""
    if database.resolve() == settings.database_path.resolve():
        raise ProductionDatabaseError(str(database))
    return settings.model_copy(
        update={
            "bot_token": SecretStr(DEFAULT_TOKEN),
            "database_path": database,
            "admin_ids": frozenset({OPERATOR_ID}),
            "webhook_url": None,
            "webhook_secret": None,
            "health_port": None,
        }
    )


def forget_database(database: Path) -> None:
    """Delete the console's database file (and SQLite's side files) to start afresh."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


async def run_console(
    settings: Settings,
    *,
    database: Path,
    stdin: TextIO,
    out: TextIO,
    interactive: bool,
    language: str | None = None,
) -> None:
    """Talk to the bot until the input ends or the person types :quit."""
    settings = console_settings(settings, database)
    clock = ConsoleClock()
    state = TelegramState(
        DEFAULT_TOKEN, username=BOT_USERNAME, first_name=BOT_FIRST_NAME, clock=clock.timestamp
    )
    application = build_application(settings, request=FakeRequest(state), clock=clock)
    # The bot's own log (start-up, jobs) would drown the conversation; problems still show.
    for name in ("", "telegram", "apscheduler", "aiosqlite"):
        logger = logging.getLogger(name)
        logger.setLevel(max(logging.WARNING, logger.getEffectiveLevel()))
    async with running_application(application, start=True):
        console = Console(
            application,
            state,
            clock,
            out,
            ansi=interactive and out.isatty() and "NO_COLOR" not in os.environ,
            echo=not interactive,
            files_dir=database.parent / "console-files",
            language=language or settings.default_language,
        )
        console.greet(database)
        lines: asyncio.Queue[str | None] = asyncio.Queue()
        ready = threading.Event()
        _read_lines(stdin, lines, ready, asyncio.get_running_loop(), interactive)
        watcher = asyncio.create_task(_watch(console)) if interactive else None
        try:
            while True:
                ready.set()
                line = await lines.get()
                if line is None or not await console.handle(line):
                    break
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
        console.say("console-bye", database=str(database))


def _read_lines(
    stdin: TextIO,
    lines: asyncio.Queue[str | None],
    ready: threading.Event,
    loop: asyncio.AbstractEventLoop,
    interactive: bool,
) -> None:
    """Read lines in a thread of their own; None at the end of the input.

    The thread waits for `ready` before each line, so the prompt comes after the bot's answer.
    It is a daemon: a person leaving with Ctrl-C does not have to press Enter as well.
    """

    def read() -> None:
        while True:
            ready.wait()
            ready.clear()
            try:
                line: str | None = input(PROMPT) if interactive else stdin.readline()
            except EOFError:
                line = None
            if line == "" and not interactive:
                line = None
            loop.call_soon_threadsafe(lines.put_nowait, line)
            if line is None:
                return

    threading.Thread(target=read, name="console-input", daemon=True).start()


async def _watch(console: Console) -> None:
    """Show messages that come on their own, like the daily message at its hour."""
    while True:
        await asyncio.sleep(WATCH_SECONDS)
        console.flush()
