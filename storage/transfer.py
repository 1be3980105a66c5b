"""Move a bot from its SQLite file to PostgreSQL (`solidarity-bot migrate-to-postgres`).

Everything moves: every table the migrations make, with every row. They are read from a
snapshot of the file brought to the current schema, so the file itself is never changed (going
back is unsetting DATABASE_URL) and a bot still writing cannot tear the copy. They are written
into the PostgreSQL database in one transaction, table after table in foreign-key order, a batch
at a time with COPY, and each table's count is checked before the commit: the target ends up
with all of it or none of it.

The target must not hold chats: a database that already serves supporters is refused, with
nothing changed. Whatever else it holds (the list a first start imported, heartbeats) is
replaced. Messages that were being sent when the snapshot was taken go back to the queue, as
after a crash. Identity columns continue after the copied ids.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path

import aiosqlite
import asyncpg

from storage.database import Database, snapshot
from storage.errors import StorageError
from storage.postgres import PostgresDatabase
from storage.sql import PostgresConnection

# Rows read from SQLite and sent with one COPY.
BATCH = 5000
# Kept by storage.postgres, never copied: the target's own schema version.
_POSTGRES_ONLY = frozenset({"schema_version"})

Convert = Callable[[object], object]


class TargetHasChatsError(StorageError):
    """Signal that the PostgreSQL database already serves chats, so nothing was copied."""

    def __init__(self, where: str, chats: int) -> None:
        super().__init__(
            f"The PostgreSQL database {where} already holds {chats} chats, so nothing was copied "
            "and nothing was changed; move into a new, empty database instead."
        )
        self.path = where
        self.chats = chats


class TransferError(StorageError):
    """Signal that the copy failed and was rolled back: PostgreSQL holds none of it."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"Copying into the PostgreSQL database {where} failed: {reason}. It was rolled back, "
            "so the database holds none of the copy; the SQLite file was not changed."
        )
        self.path = where


@dataclass(frozen=True, slots=True)
class Moved:
    """What a move copied."""

    schema: int
    # Rows copied, by table, in the order they were copied.
    tables: dict[str, int]
    # Rows the target held before (none of them chats), replaced by the copy.
    replaced: int


async def move_to_postgres(source: Path, target: PostgresDatabase, *, batch: int = BATCH) -> Moved:
    """Copy everything in the SQLite file at source into target, in one transaction."""
    if batch <= 0:
        raise ValueError(f"the batch must be positive, got {batch}")
    # Beside the file: on its disk, where the bot may write, and no copy of the data in /tmp.
    with tempfile.TemporaryDirectory(prefix=".migrate-", dir=source.parent) as folder:
        copy = Path(folder) / source.name
        await asyncio.to_thread(snapshot, source, copy)
        database = await Database.open(copy)  # the copy gets the migrations the file lacks
        schema = database.schema_version
        await database.close()
        reader = await aiosqlite.connect(copy)
        try:
            return await _copy(reader, target, schema, batch)
        finally:
            await reader.close()


async def _copy(
    reader: aiosqlite.Connection, target: PostgresDatabase, schema: int, batch: int
) -> Moved:
    if target.schema_version != schema:
        raise TransferError(
            target.location, f"its schema is {target.schema_version}, the file's {schema}"
        )
    tables = await _tables_in_order(reader)
    async with target.transaction() as conn:
        chats = await conn.fetchval("SELECT count(*) FROM chats")
        if chats:
            raise TargetHasChatsError(target.location, chats)
        types = await _column_types(conn)
        columns = {table: await _columns(reader, table) for table in tables}
        _check_same_schema(target.location, columns, types)
        replaced = 0
        for table in reversed(tables):
            replaced += await conn.execute(f"DELETE FROM {table}")  # noqa: S608 - our own tables
        copied: dict[str, int] = {}
        for table in tables:
            copied[table] = await _copy_table(
                reader, conn, table, columns[table], types[table], batch, target.location
            )
        await _continue_sequences(conn)
    return Moved(schema, copied, replaced)


async def _copy_table(
    reader: aiosqlite.Connection,
    conn: PostgresConnection,
    table: str,
    columns: Sequence[str],
    types: dict[str, str],
    batch: int,
    where: str,
) -> int:
    """Copy one table's rows a batch at a time; return how many, once PostgreSQL agrees."""
    convert = [_converter(types[column]) for column in columns]
    adjust = _ADJUST.get(table)
    count = 0
    listed = ", ".join(columns)
    try:
        async with reader.execute(f"SELECT {listed} FROM {table}") as cursor:  # noqa: S608
            while rows := await cursor.fetchmany(batch):
                records = [
                    [change(value) for change, value in zip(convert, row, strict=True)]
                    for row in rows
                ]
                if adjust is not None:
                    adjust(columns, records)
                await conn.copy_rows(table, columns, records)
                count += len(records)
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise TransferError(where, f"table {table}: {error}") from error
    stored = await conn.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608
    if stored != count:
        raise TransferError(where, f"table {table} holds {stored} rows of the {count} copied")
    return count


def _release_leases(columns: Sequence[str], records: list[list[object]]) -> None:
    """Return messages being sent to the queue: nothing is in flight once the bot moved."""
    state, lease = columns.index("state"), columns.index("lease_until")
    for record in records:
        if record[state] == "sending":
            record[state], record[lease] = "pending", None


# What changes in a table's rows on the way.
_ADJUST: dict[str, Callable[[Sequence[str], list[list[object]]], None]] = {
    "outbox": _release_leases,
}


async def _tables_in_order(reader: aiosqlite.Connection) -> list[str]:
    """Return the file's tables, each after the tables its foreign keys point at."""
    rows = await reader.execute_fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    order: TopologicalSorter[str] = TopologicalSorter()
    for (table,) in rows:
        references = await reader.execute_fetchall(f"PRAGMA foreign_key_list({table})")
        # Column 2 of foreign_key_list: the table referred to.
        order.add(table, *sorted({str(row[2]) for row in references} - {table}))
    return list(order.static_order())


async def _columns(reader: aiosqlite.Connection, table: str) -> list[str]:
    """Return a table's columns in the file, in their order."""
    # Column 1 of table_info: the column's name.
    return [str(row[1]) for row in await reader.execute_fetchall(f"PRAGMA table_info({table})")]


async def _column_types(conn: PostgresConnection) -> dict[str, dict[str, str]]:
    """Return the type of every column of the target's tables, by table and column."""
    rows = await conn.fetchall(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
    )
    types: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        if table not in _POSTGRES_ONLY:
            types.setdefault(table, {})[column] = data_type
    return types


def _check_same_schema(
    where: str, columns: dict[str, list[str]], types: dict[str, dict[str, str]]
) -> None:
    """Refuse to copy unless both databases have the same tables with the same columns."""
    for table in sorted(set(columns) | set(types)):
        if set(columns.get(table, ())) != set(types.get(table, ())):
            raise TransferError(
                where,
                f"table {table} differs: {sorted(columns.get(table, ()))} in the file, "
                f"{sorted(types.get(table, ()))} in PostgreSQL",
            )


def _converter(data_type: str) -> Convert:
    """Return what turns an SQLite value into one of the PostgreSQL column's type."""
    if data_type in {"integer", "bigint", "smallint"}:
        return _to_int
    if data_type == "bytea":
        return _to_bytes
    if data_type == "text":
        return _to_text
    return _unchanged


def _to_int(value: object) -> object:
    # SQLite keeps whatever a column was given; PostgreSQL's binary COPY takes the exact type.
    return value if value is None or isinstance(value, int) else int(str(value))


def _to_text(value: object) -> object:
    if value is None or isinstance(value, str):
        return value
    return value.decode() if isinstance(value, bytes) else str(value)


def _to_bytes(value: object) -> object:
    return value.encode() if isinstance(value, str) else value


def _unchanged(value: object) -> object:
    return value


async def _continue_sequences(conn: PostgresConnection) -> None:
    """Make every identity (or serial) column give ids after the largest one copied."""
    rows = await conn.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
        " AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"
    )
    for table, column in rows:
        # is_called false: the next id is the value given, 1 in an empty table.
        await conn.fetchval(
            f"SELECT setval(pg_get_serial_sequence(:table, :column),"  # noqa: S608
            f" coalesce(max({column}), 0) + 1, false) FROM {table}",
            {"table": table, "column": column},
        )
