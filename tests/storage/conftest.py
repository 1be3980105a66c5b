"""Fixtures for storage tests: a real database, on each backend.

`db` is an SQLite file in a temporary folder and, in a second run of each test, a PostgreSQL
database of its own (see tests/postgres.py); tests of the SQLite file itself ask for `sqlite_db`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.database import Database
from storage.postgres import PostgresDatabase
from storage.sql import SQLDatabase
from tests.postgres import PostgresServer


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return where the database file goes; its folder does not exist yet."""
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
async def sqlite_db(db_path: Path) -> AsyncIterator[Database]:
    """Open a fresh, fully migrated SQLite database and close it afterwards."""
    database = await Database.open(db_path)
    yield database
    await database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest) -> AsyncIterator[SQLDatabase]:
    """Open a fresh, fully migrated database of each backend and close it afterwards."""
    if request.param == "sqlite":
        database: SQLDatabase = await Database.open(request.getfixturevalue("db_path"))
        yield database
        await database.close()
        return
    # Asked for here, not as a parameter, so that SQLite's runs never start PostgreSQL.
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = await server.create()
    database = await PostgresDatabase.open(url)
    yield database
    await database.close()
    await server.drop(url)


@pytest.fixture
def now() -> datetime:
    """Return a fixed moment to stamp writes with."""
    return datetime(2025, 12, 15, 9, 30, tzinfo=UTC)
