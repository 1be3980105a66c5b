"""Write transactions: all or nothing, one writer at a time, reads never see half a write."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage.database import Database


async def _create_counter(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE counter (value INTEGER NOT NULL)")
        await conn.execute("INSERT INTO counter VALUES (0)")


async def _increment(db: Database) -> None:
    async with db.transaction() as conn:
        row = await conn.fetchone("SELECT value FROM counter")
        assert row is not None
        await asyncio.sleep(0)  # let every other writer try to get in between
        await conn.execute("UPDATE counter SET value = ?", (row[0] + 1,))


async def test_commit_keeps_the_rows(db_path: Path) -> None:
    db = await Database.open(db_path)
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE notes (text TEXT)")
        await conn.execute("INSERT INTO notes VALUES ('kept')")
    await db.close()

    db = await Database.open(db_path)
    assert await db.fetchval("SELECT text FROM notes") == "kept"
    await db.close()


async def test_exception_rolls_back_every_statement(db: Database) -> None:
    await _create_counter(db)

    async def write_then_fail() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 41")
            await conn.execute("INSERT INTO counter VALUES (42)")
            raise RuntimeError("import broke")

    with pytest.raises(RuntimeError, match="import broke"):
        await write_then_fail()

    assert [tuple(row) for row in await db.fetchall("SELECT value FROM counter")] == [(0,)]


async def test_database_stays_usable_after_a_rollback(db: Database) -> None:
    await _create_counter(db)
    with pytest.raises(RuntimeError):
        async with db.transaction():
            raise RuntimeError

    await _increment(db)

    assert await db.fetchval("SELECT value FROM counter") == 1


async def test_concurrent_writers_are_serialised(db: Database) -> None:
    await _create_counter(db)

    await asyncio.gather(*(_increment(db) for _ in range(25)))

    assert await db.fetchval("SELECT value FROM counter") == 25


async def test_two_connections_to_one_file_wait_for_each_other(db_path: Path) -> None:
    # The bot and `solidarity-bot import` may run at the same time on the same file.
    bot = await Database.open(db_path)
    cli = await Database.open(db_path)
    await _create_counter(bot)

    await asyncio.gather(*(_increment(db) for _ in range(10) for db in (bot, cli)))

    assert await bot.fetchval("SELECT value FROM counter") == 20
    await cli.close()
    await bot.close()


async def _value(db: Database, read: str) -> object:
    """Read the counter as a lookup does: by a plain read, or by a keyed one."""
    if read == "keyed":
        row = await db.fetch_keyed("SELECT value FROM counter")
        return None if row is None else row[0]
    return await db.fetchval("SELECT value FROM counter")


@pytest.mark.parametrize("read", ["plain", "keyed"])
async def test_a_reader_neither_waits_for_nor_sees_another_tasks_transaction(
    db: Database, read: str
) -> None:
    await _create_counter(db)
    written = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 1")
            written.set()
            await release.wait()
            await conn.execute("UPDATE counter SET value = 2")

    writing = asyncio.create_task(writer())
    await written.wait()

    # A lookup while the planner writes a batch: answered at once, from the committed rows.
    during = await asyncio.wait_for(_value(db, read), timeout=5)
    release.set()
    await writing
    after = await _value(db, read)

    assert (during, after) == (0, 2)


@pytest.mark.parametrize("read", ["plain", "keyed"])
async def test_the_sqlite_readers_cannot_write(sqlite_db: Database, read: str) -> None:
    await _create_counter(sqlite_db)
    run = sqlite_db.fetch_keyed if read == "keyed" else sqlite_db.fetchall

    with pytest.raises(sqlite3.OperationalError):
        await run("UPDATE counter SET value = 9 RETURNING value")

    assert await sqlite_db.fetchval("SELECT value FROM counter") == 0


@pytest.mark.parametrize("read", ["plain", "keyed"])
async def test_reads_inside_a_transaction_see_its_own_writes(db: Database, read: str) -> None:
    await _create_counter(db)

    async with db.transaction() as conn:
        await conn.execute("UPDATE counter SET value = 5")
        seen = await _value(db, read)

    assert seen == 5


async def test_nested_transaction_is_refused(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(RuntimeError, match="do not nest"):
            async with db.transaction():
                pass


async def test_cancelled_transaction_rolls_back_and_frees_the_database(db: Database) -> None:
    await _create_counter(db)
    written = asyncio.Event()

    async def stuck_writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 99")
            written.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(stuck_writer())
    await written.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    await _increment(db)
    assert await db.fetchval("SELECT value FROM counter") == 1


async def test_cancelling_right_after_begin_leaves_no_open_transaction(db: Database) -> None:
    await _create_counter(db)

    async def writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 99")

    for _ in range(20):
        task = asyncio.create_task(writer())
        await asyncio.sleep(0)  # cancelled while BEGIN is queued on the connection's thread
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    await _increment(db)
    assert await db.fetchval("SELECT value FROM counter") == 1


class _LockedFile(sqlite3.Connection):
    """A connection to a file another process holds: SQLite answers "database is locked"."""

    def execute(self, *args: object, **kwargs: object) -> sqlite3.Cursor:
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise error


async def test_a_keyed_read_of_a_locked_file_is_left_to_the_reader(
    sqlite_db: Database, db_path: Path
) -> None:
    await _create_counter(sqlite_db)
    keyed = sqlite_db._keyed
    assert keyed is not None
    sqlite_db._keyed = sqlite3.connect(db_path, factory=_LockedFile)
    try:
        row = await sqlite_db.fetch_keyed("SELECT value FROM counter")
    finally:
        sqlite_db._keyed.close()
        sqlite_db._keyed = keyed

    # The keyed connection does not wait for the lock: the reader's thread does, and answers.
    assert row is not None
    assert row[0] == 0


async def test_one_write_is_a_transaction_of_its_own(db: Database) -> None:
    await _create_counter(db)

    returned = await db.write_one("UPDATE counter SET value = value + 4 RETURNING value")

    assert [row[0] for row in returned] == [4]
    assert await db.fetchval("SELECT value FROM counter") == 4
    async with db.transaction():
        with pytest.raises(RuntimeError, match="do not nest"):
            await db.write_one("UPDATE counter SET value = 0")
    assert await db.fetchval("SELECT value FROM counter") == 4
