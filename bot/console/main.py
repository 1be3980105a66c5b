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
from storage.database import Database, application_id, create_marked

DEFAULT_DATABASE = Path("data/console.sqlite3")
BOT_USERNAME = "solidarity_console_bot"
BOT_FIRST_NAME = "Solidarity bot"
PROMPT = "› "
# How often an interactive console looks for messages that arrive on their own (the planner).
WATCH_SECONDS = 1.0


# Written into the header of the console's database files ("solc"), and looked for before the
# console opens or deletes one: a file without it may be a bot's real database.
CONSOLE_MARK = 0x736F6C63


class ProductionDatabaseError(Exception):
    """The console was pointed at a database it did not make, which it must never touch."""


def check_console_database(settings: Settings, database: Path) -> None:
    """Refuse the bot's own database, and any existing file the console did not make.

    The path alone is not enough: a link, a mount, or a relative DATABASE_PATH read from
    another folder can name the same file, and the console would send its queue to nowhere.
    """
    production = settings.database_path
    if database.resolve() == production.resolve():
        raise ProductionDatabaseError(str(database))
    if database.exists():
        if production.exists() and os.path.samefile(database, production):
            raise ProductionDatabaseError(str(database))
        if database.stat().st_size and application_id(database) != CONSOLE_MARK:
            raise ProductionDatabaseError(str(database))


def console_settings(settings: Settings, database: Path) -> Settings:
    """Return the operator's settings with the console's database, token and operator.

    A new database is created marked before anything is written to it, so a console killed
    during its first start can open (or `--fresh` delete) what it left.
    """
    check_console_database(settings, database)
    if not database.exists() or not database.stat().st_size:
        create_marked(database, CONSOLE_MARK)
    return settings.model_copy(
        update={
            "bot_token": SecretStr(DEFAULT_TOKEN),
            "database_path": database,
            # Always its own SQLite file, never the bot's PostgreSQL database.
            "database_url": None,
            "admin_ids": frozenset({OPERATOR_ID}),
            "webhook_url": None,
            "webhook_secret": None,
            "health_port": None,
        }
    )


def forget_database(settings: Settings, database: Path) -> None:
    """Delete the console's database file (and SQLite's side files) to start afresh."""
    check_console_database(settings, database)
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
        db = application.bot_data.services.db
        if not isinstance(db, Database):  # pragma: no cover - console_settings chose SQLite
            raise TypeError(f"the console needs its SQLite file, not {db.location}")
        await db.mark(CONSOLE_MARK)
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
        at_prompt = asyncio.Event()
        _read_lines(stdin, lines, ready, asyncio.get_running_loop(), interactive)
        watcher = asyncio.create_task(_watch(console, at_prompt)) if interactive else None
        try:
            while True:
                ready.set()
                at_prompt.set()
                line = await lines.get()
                at_prompt.clear()
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


async def _watch(console: Console, at_prompt: asyncio.Event) -> None:
    """Show messages that come on their own, like the daily message at its hour.

    At the prompt they go on a line of their own, and the prompt (with what was typed so far,
    where readline keeps it) is drawn again under them.
    """
    while True:
        await asyncio.sleep(WATCH_SECONDS)
        if not console.has_news():
            continue
        waiting = at_prompt.is_set()
        if waiting:
            print(file=console.out)
        console.flush()
        if waiting:
            _redraw_prompt(console.out)


def _redraw_prompt(out: TextIO) -> None:
    try:
        import readline  # only where it exists (not on Windows)
    except ImportError:
        print(PROMPT, end="", file=out, flush=True)
        return
    out.flush()
    readline.redisplay()
