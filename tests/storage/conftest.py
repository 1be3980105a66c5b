"""Fixtures for storage tests: a real database file in a temporary folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.database import Database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return where the database file goes; its folder does not exist yet."""
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[Database]:
    """Open a fresh, fully migrated database and close it afterwards."""
    database = await Database.open(db_path)
    yield database
    await database.close()


@pytest.fixture
def now() -> datetime:
    """Return a fixed moment to stamp writes with."""
    return datetime(2025, 12, 15, 9, 30, tzinfo=UTC)
