"""PostgreSQL's own side: its schema version, migrations, start-ups together, and refusals."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.database import Database
from storage.errors import (
    CannotConnectError,
    EmptyDatabaseError,
    ForeignDatabaseError,
    MigrationError,
    SchemaTooNewError,
)
from storage.migrations import MIGRATIONS, Migration
from storage.postgres import PostgresDatabase
from tests.postgres import PostgresServer

_NICKNAME = Migration(
    len(MIGRATIONS) + 1, "prisoner nickname", "ALTER TABLE prisoners ADD COLUMN nickname TEXT"
)


@pytest.fixture
async def empty_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """Return the address of a new, empty database."""
    url = await postgres_server.create(migrated=False)
    yield url
    await postgres_server.drop(url)


def _sqlite_schema(path: Path) -> dict[str, set[str]]:
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        ]
        schema = {t: {row[1] for row in conn.execute(f"PRAGMA table_info({t})")} for t in tables}
    conn.close()
    return schema


async def _postgres_schema(db: PostgresDatabase) -> dict[str, set[str]]:
    rows = await db.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name <> 'schema_version'"
    )
    schema: dict[str, set[str]] = {}
    for table, column in rows:
        schema.setdefault(table, set()).add(column)
    return schema


async def test_both_backends_get_the_same_tables_and_columns(
    empty_url: str, tmp_path: Path
) -> None:
    sqlite = await Database.open(tmp_path / "bot.sqlite3")
    await sqlite.close()

    async with await PostgresDatabase.open(empty_url) as db:
        assert db.schema_version == MIGRATIONS[-1].version
        assert await db.fetchval("SELECT version FROM schema_version") == db.schema_version
        assert await _postgres_schema(db) == _sqlite_schema(tmp_path / "bot.sqlite3")


async def test_reopening_runs_nothing_again_and_keeps_data(empty_url: str) -> None:
    async with await PostgresDatabase.open(empty_url) as db, db.transaction() as conn:
        await conn.execute(
            "INSERT INTO heartbeats (name, at) VALUES ('planner', '2025-12-15T09:30:00+00:00')"
        )

    async with await PostgresDatabase.open(empty_url, [*MIGRATIONS, _NICKNAME]) as db:
        assert db.schema_version == _NICKNAME.version
        assert await db.fetchval("SELECT count(*) FROM heartbeats") == 1
        assert await db.fetchval("SELECT count(nickname) FROM prisoners") == 0


async def test_workers_starting_together_migrate_once(empty_url: str) -> None:
    opened = await asyncio.gather(*(PostgresDatabase.open(empty_url) for _ in range(4)))
    try:
        assert {db.schema_version for db in opened} == {MIGRATIONS[-1].version}
        assert await opened[0].fetchval("SELECT count(*) FROM schema_version") == 1
    finally:
        await asyncio.gather(*(db.close() for db in opened))


async def test_newer_schema_is_refused_with_versions_named(postgres_url: str) -> None:
    async with await PostgresDatabase.open(postgres_url) as db, db.transaction() as conn:
        await conn.execute("UPDATE schema_version SET version = 999")

    with pytest.raises(SchemaTooNewError) as refused:
        await PostgresDatabase.open(postgres_url)

    assert "schema 999" in str(refused.value)
    assert "point DATABASE_URL at another database" in str(refused.value)


async def test_failing_migration_is_rolled_back_alone(postgres_url: str) -> None:
    broken = Migration(
        _NICKNAME.version + 1,
        "broken",
        "CREATE TABLE half_done (id INTEGER); SELECT no_such_column FROM prisoners",
    )

    with pytest.raises(MigrationError, match="still at schema") as failed:
        await PostgresDatabase.open(postgres_url, [*MIGRATIONS, _NICKNAME, broken])

    assert failed.value.previous == _NICKNAME.version
    async with await PostgresDatabase.open(postgres_url, [*MIGRATIONS, _NICKNAME]) as db:
        assert db.schema_version == _NICKNAME.version
        assert await db.fetchval("SELECT to_regclass('half_done')") is None


async def test_database_of_another_program_is_refused(empty_url: str) -> None:
    async with await PostgresDatabase.open(empty_url, []) as db, db.transaction() as conn:
        await conn.execute("DROP TABLE schema_version")
        await conn.execute("CREATE TABLE invoices (id INTEGER)")

    with pytest.raises(ForeignDatabaseError, match="another program"):
        await PostgresDatabase.open(empty_url)


async def test_an_empty_database_is_left_empty_when_asked(empty_url: str) -> None:
    with pytest.raises(EmptyDatabaseError):
        await PostgresDatabase.open(empty_url, create=False)

    async with await PostgresDatabase.open(empty_url, []) as db:
        assert db.schema_version == 0


async def test_a_wrong_password_is_not_repeated(postgres_server: PostgresServer) -> None:
    url = postgres_server.url("no_such_database").replace("postgres@", "postgres:s3cret@")

    with pytest.raises(CannotConnectError) as refused:
        await PostgresDatabase.open(url)

    assert "no_such_database" in str(refused.value)
    assert "s3cret" not in str(refused.value)


async def test_two_processes_writing_wait_for_each_other(postgres_url: str) -> None:
    # The bot and `solidarity-bot import` may write at the same time, as on SQLite.
    bot = await PostgresDatabase.open(postgres_url)
    cli = await PostgresDatabase.open(postgres_url)
    async with bot.transaction() as conn:
        await conn.execute("CREATE TABLE counter (value INTEGER NOT NULL)")
        await conn.execute("INSERT INTO counter VALUES (0)")

    async def increment(db: PostgresDatabase) -> None:
        async with db.transaction() as conn:
            value = await conn.fetchval("SELECT value FROM counter")
            await asyncio.sleep(0)
            await conn.execute("UPDATE counter SET value = ?", (value + 1,))

    await asyncio.gather(*(increment(db) for _ in range(10) for db in (bot, cli)))

    assert await bot.fetchval("SELECT value FROM counter") == 20
    await cli.close()
    await bot.close()
