"""Open the database the settings name: PostgreSQL at DATABASE_URL, or SQLite at DATABASE_PATH."""

from __future__ import annotations

from pathlib import Path

from storage.database import Database
from storage.sql import SQLDatabase


async def open_database(path: Path, url: str | None = None) -> SQLDatabase:
    """Open and migrate PostgreSQL when url is given, else the SQLite file at path."""
    if url is None:
        return await Database.open(path)
    from storage.postgres import PostgresDatabase  # asyncpg loads only for PostgreSQL

    return await PostgresDatabase.open(url)
