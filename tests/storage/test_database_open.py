"""Opening a database file: permissions, pragmas, and refusal of files the bot must not touch."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from storage.database import Database
from storage.errors import (
    CannotOpenDatabaseError,
    ForeignDatabaseError,
    NotADatabaseError,
    SchemaTooNewError,
    StorageError,
)
from storage.migrations import MIGRATIONS, latest_version


@pytest.fixture
def db(sqlite_db: Database) -> Database:
    """Return the SQLite database: this module checks its file."""
    return sqlite_db


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


async def test_new_file_is_private_to_the_bot_user(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()

    assert _mode(db_path.parent) == 0o700
    assert _mode(db_path) == 0o600


async def test_write_ahead_log_is_as_private_as_the_file(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO imports (imported_at, source, added, changed, "
            "status_changes, total) VALUES ('x', 'a.csv', 0, 0, 0, 0)"
        )

    wal = db.path.with_name(db.path.name + "-wal")
    assert wal.exists()
    assert _mode(wal) == 0o600


@pytest.fixture
def shared_folder(tmp_path: Path) -> Path:
    """Return an existing folder that the operator opened to their group."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o750)
    return folder


async def test_existing_folder_keeps_its_mode(shared_folder: Path) -> None:
    before = _mode(shared_folder)

    db = await Database.open(shared_folder / "bot.sqlite3")
    await db.close()

    assert _mode(shared_folder) == before
    assert _mode(shared_folder / "bot.sqlite3") == 0o600


async def test_connection_pragmas_are_set(db: Database) -> None:
    assert await db.fetchval("PRAGMA journal_mode") == "wal"
    assert await db.fetchval("PRAGMA foreign_keys") == 1
    assert await db.fetchval("PRAGMA synchronous") == 1  # NORMAL
    assert await db.fetchval("PRAGMA busy_timeout") == 5000


async def test_rows_can_be_read_by_column_name(db: Database) -> None:
    row = await db.fetchone("SELECT 7 AS answer")

    assert row is not None
    assert row["answer"] == 7


async def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("prisoners to write to this week\n", encoding="utf-8")
    path.chmod(0o644)
    before = path.read_bytes()

    with pytest.raises(NotADatabaseError) as caught:
        await Database.open(path)

    message = str(caught.value)
    assert str(path) in message
    assert "is not an SQLite database" in message
    assert "DATABASE_PATH" in message
    assert isinstance(caught.value, StorageError)
    assert path.read_bytes() == before
    assert _mode(path) == 0o644
    assert _siblings(path) == ["notes.txt"]


async def test_newer_schema_is_refused_with_versions_named(db_path: Path) -> None:
    db = await Database.open(db_path)
    await db.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA user_version = 999")
    raw.close()

    with pytest.raises(SchemaTooNewError) as caught:
        await Database.open(db_path)

    known = latest_version(MIGRATIONS)
    assert str(caught.value) == (
        f"{db_path} was written by a newer version of solidarity-bot (schema 999, this version "
        f"knows up to {known}); upgrade the bot or point DATABASE_PATH at another file."
    )
    assert isinstance(caught.value, StorageError)
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone() == (999,)
    raw.close()


async def test_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE bookmarks (url TEXT)")
    raw.close()

    with pytest.raises(ForeignDatabaseError, match="another program"):
        await Database.open(path)

    with sqlite3.connect(path) as raw:
        tables = raw.execute("SELECT name FROM sqlite_master").fetchall()
    raw.close()
    assert tables == [("bookmarks",)]


async def test_folder_in_place_of_the_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.mkdir()

    with pytest.raises(CannotOpenDatabaseError, match="DATABASE_PATH"):
        await Database.open(path)


async def test_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.touch()

    db = await Database.open(path)
    await db.close()

    assert db.schema_version == latest_version(MIGRATIONS)


async def test_database_works_as_an_async_context_manager(db_path: Path) -> None:
    async with await Database.open(db_path) as db:
        assert await db.fetchval("SELECT count(*) FROM chats") == 0

    with pytest.raises(ValueError, match="closed"):
        await db.fetchall("SELECT 1")
