"""The console killed at any moment, even during its first start, reopens or resets its database."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console.main import CONSOLE_MARK, ProductionDatabaseError, check_console_database
from storage.database import Database, application_id, create_marked
from tests.console.test_console_process import bot_command, environment


def start_console(tmp_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=environment(tmp_path),
    )


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """Kill the console with SIGKILL as soon as `ready()` is true (or it ended by itself)."""
    deadline = time.monotonic() + 60
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


@pytest.mark.parametrize("moment", ["as soon as its file appears", "once the data is in"])
def test_a_console_killed_during_its_first_start_opens_again(tmp_path: Path, moment: str) -> None:
    database = tmp_path / "data" / "console.sqlite3"
    wal = Path(f"{database}-wal")

    def ready() -> bool:
        if moment == "as soon as its file appears":
            return database.exists()
        return wal.exists() and wal.stat().st_size > 100_000

    kill_when(start_console(tmp_path), ready)
    assert database.exists()

    again = bot_command(tmp_path, "console", typed="/start\nBialiatski\n")

    assert again.returncode == 0, again.stderr
    assert "Алесь Бяляцкі" in again.stdout
    fresh = bot_command(tmp_path, "console", "--fresh", typed="/start\n")
    assert fresh.returncode == 0, fresh.stderr
    assert "send me a name" in fresh.stdout


def test_a_mark_still_in_the_write_ahead_log_is_found(tmp_path: Path) -> None:
    live, crashed = tmp_path / "live", tmp_path / "crashed"
    live.mkdir()
    crashed.mkdir()

    async def mark_and_leave_open() -> Database:
        db = await Database.open(live / "console.sqlite3")
        await db.mark(CONSOLE_MARK)
        return db

    async def scenario() -> None:
        db = await mark_and_leave_open()
        # What a kill -9 leaves: the files as they are while the database is open.
        for name in ("console.sqlite3", "console.sqlite3-wal"):
            shutil.copy(live / name, crashed / name)
        await db.close()

    asyncio.run(scenario())

    assert int.from_bytes((crashed / "console.sqlite3").read_bytes()[68:72], "big") == 0
    assert application_id(crashed / "console.sqlite3") == CONSOLE_MARK


def test_a_new_console_database_is_marked_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "data" / "console.sqlite3"

    create_marked(path, CONSOLE_MARK)

    assert path.read_bytes()[68:72] == CONSOLE_MARK.to_bytes(4, "big")
    assert sorted(p.name for p in path.parent.iterdir()) == ["console.sqlite3"]
    with pytest.raises(FileExistsError):
        create_marked(path, CONSOLE_MARK)


def test_the_bots_real_database_is_still_refused_with_a_log_beside_it(
    tmp_path: Path, settings: Settings
) -> None:
    real = tmp_path / "elsewhere" / "bot.sqlite3"

    async def write() -> None:
        async with await Database.open(real) as db, db.transaction() as conn:
            await conn.execute("CREATE TABLE IF NOT EXISTS x (y INTEGER)")

    asyncio.run(write())
    Path(f"{real}-wal").write_bytes(b"")

    with pytest.raises(ProductionDatabaseError):
        check_console_database(settings, real)
