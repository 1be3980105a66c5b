"""What repositories speak: one small connection protocol over SQLite and PostgreSQL.

Repositories write each statement once, with `?` or `:name` placeholders, in SQL both backends
accept. SQLite runs it as written, so the default backend pays nothing for the second one. The
PostgreSQL adapter rewrites it once per statement (`postgres_sql`, cached): placeholders become
`$1, $2, ...`, and the few SQLite functions listed in `POSTGRES_FUNCTIONS` get their PostgreSQL
names. That table is the one place where the dialects differ in queries; everything else is
written so that both read it the same way (`ON CONFLICT DO NOTHING`, `RETURNING id`, `CAST`).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from enum import StrEnum
from functools import lru_cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, overload
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import aiosqlite

if TYPE_CHECKING:
    import asyncpg
    import asyncpg.pool

    from storage.leadership import Leadership
    from storage.run_lock import RunLock

    # A connection of its own, or one lent by a pool.
    AsyncpgConnection = asyncpg.Connection[Any] | asyncpg.pool.PoolConnectionProxy[Any]

Params = Sequence[object] | Mapping[str, object]


class Dialect(StrEnum):
    """Which database a connection talks to."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


class Row(Protocol):
    """A result row: by position (`row[0]`), by column name (`row["id"]`), or unpacked."""

    @overload
    def __getitem__(self, key: int, /) -> Any: ...
    @overload
    def __getitem__(self, key: str, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...
    def keys(self) -> Iterable[str]: ...


class Connection(Protocol):
    """A connection inside a write transaction (`SQLDatabase.transaction`)."""

    @property
    def dialect(self) -> Dialect: ...

    @property
    def in_transaction(self) -> bool: ...

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; return how many rows it changed."""
        ...

    async def executemany(self, sql: str, params: Iterable[Params]) -> int:
        """Run a statement once per set of parameters; return how many rows they changed."""
        ...

    async def run_many(self, sql: str, params: Iterable[Params]) -> None:
        """Run a statement once per set of parameters, all in one go; count nothing."""
        ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None."""
        ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row, or None."""
        ...


class SQLDatabase(Protocol):
    """The database every repository and the bot use: SQLite (`Database`) or PostgreSQL."""

    @property
    def dialect(self) -> Dialect: ...

    @property
    def location(self) -> str:
        """Say where the data is, for operators: a file's path or an address without password."""
        ...

    @property
    def schema_version(self) -> int: ...

    def transaction(self, *, serialised: bool = True) -> AbstractAsyncContextManager[Connection]:
        """Run a block as one write transaction: commit on success, roll back on any error.

        Writers go one at a time, across processes too. A block that guards what it reads with
        row locks of its own (`SELECT ... FOR UPDATE SKIP LOCKED`) may pass `serialised=False`:
        on PostgreSQL it then runs beside other processes' writers; SQLite has one writer anyway.
        """
        ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any: ...

    async def write_one(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one statement that writes as a transaction of its own; return what it returns.

        The rows of its `RETURNING`, if any. On SQLite one trip to the writer's thread, where a
        `transaction` block takes three (its BEGIN, the statement, its COMMIT).
        """
        ...

    async def fetch_keyed(self, sql: str, params: Params = ()) -> Row | None:
        """Return the one row a query finds by a key (`WHERE id = ?`), or None.

        For the reads of every update (the chat, the person): SQLite answers them at once, on
        the event loop's own thread, as a keyed read takes microseconds and a trip to the
        reader's thread many times that. Never for a scan or an aggregate over many rows.
        """
        ...

    def leadership(self) -> Leadership:
        """Return this worker's claim to run the planner and the sender (storage.leadership)."""
        ...

    def run_lock(self) -> RunLock:
        """Return the lock of the one process that may serve the database (storage.run_lock)."""
        ...

    async def close(self) -> None: ...


class ClosedOnExit:
    """A database used as an async context manager: the block's end closes it."""

    async def close(self) -> None:
        """Close the database's connections."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        """Use the open database as an async context manager that closes it."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the database."""
        await self.close()


class SQLiteConnection:
    """A `Connection` over an aiosqlite connection: statements run exactly as written."""

    __slots__ = ("_conn",)
    dialect = Dialect.SQLITE

    def __init__(self, conn: aiosqlite.Connection) -> None:
        """Wrap an open connection."""
        self._conn = conn

    @property
    def in_transaction(self) -> bool:
        """Tell whether a transaction is open on the connection."""
        return self._conn.in_transaction

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; return how many rows it changed."""
        cursor = await self._conn.execute(sql, params)
        return max(cursor.rowcount, 0)

    async def executemany(self, sql: str, params: Iterable[Params]) -> int:
        """Run a statement once per set of parameters; return how many rows they changed."""
        cursor = await self._conn.executemany(sql, params)
        return max(cursor.rowcount, 0)

    async def run_many(self, sql: str, params: Iterable[Params]) -> None:
        """Run a statement once per set of parameters, all in one go; count nothing."""
        await self._conn.executemany(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        return list(await self._conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None.

        The rows come back in one trip to the connection's thread, where a cursor would take
        three (execute, fetch, close): the queries asked for one row return one row at most.
        """
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class PostgresConnection:
    """A `Connection` over an asyncpg connection, translating each statement once."""

    __slots__ = ("_conn", "_released")
    dialect = Dialect.POSTGRESQL

    def __init__(self, conn: AsyncpgConnection) -> None:
        """Wrap a connection, usually one taken from the pool."""
        self._conn = conn
        self._released = False

    def release(self) -> None:
        """Mark the connection as given back to its pool: it is in no transaction of ours."""
        self._released = True

    @property
    def in_transaction(self) -> bool:
        """Tell whether a transaction is open on the connection."""
        return not self._released and self._conn.is_in_transaction()

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; return how many rows it changed."""
        text, names = postgres_sql(sql)
        return _status_count(await self._conn.execute(text, *_arguments(names, params)))

    async def executemany(self, sql: str, params: Iterable[Params]) -> int:
        """Run a statement once per set of parameters; return how many rows they changed."""
        # asyncpg's own executemany reports no counts, and callers need them (new outbox rows).
        # Statements are prepared once per connection, so each round costs one round trip.
        text, names = postgres_sql(sql)
        changed = 0
        for one in params:
            changed += _status_count(await self._conn.execute(text, *_arguments(names, one)))
        return changed

    async def run_many(self, sql: str, params: Iterable[Params]) -> None:
        """Run a statement once per set of parameters, all in one go; count nothing.

        asyncpg sends every set in one pipeline: one round trip for all, not one each.
        """
        text, names = postgres_sql(sql)
        await self._conn.executemany(text, [_arguments(names, one) for one in params])

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        text, names = postgres_sql(sql)
        return list(await self._conn.fetch(text, *_arguments(names, params)))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None."""
        text, names = postgres_sql(sql)
        row: Row | None = await self._conn.fetchrow(text, *_arguments(names, params))
        return row

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row, or None."""
        text, names = postgres_sql(sql)
        return await self._conn.fetchval(text, *_arguments(names, params))

    async def copy_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
    ) -> None:
        """Add rows to a table with PostgreSQL's COPY: many rows a round trip, for bulk loads."""
        await self._conn.copy_records_to_table(table, records=rows, columns=list(columns))


# SQLite functions that PostgreSQL spells differently, taking the same arguments:
# - json_each(json): the elements of a JSON array, in a column `value` (PostgreSQL's table
#   function of that name reads objects instead). Text: compare with CAST(value AS BIGINT) for
#   numbers.
# - json_group_array(x): an aggregate, as a JSON array.
# - group_concat(x, sep): an aggregate, as text; always give the separator.
POSTGRES_FUNCTIONS = {
    "json_each": "json_array_elements_text",
    "json_group_array": "json_agg",
    "group_concat": "string_agg",
}


@lru_cache(maxsize=1024)
def postgres_sql(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """Return a statement in PostgreSQL's form, and the names of its `:name` parameters in order.

    `?` placeholders become `$1, $2, ...` in order (the names are then None); each distinct
    `:name` gets one `$n`. Functions in POSTGRES_FUNCTIONS are renamed. String literals, quoted
    names, comments and `::` casts are left as they are.
    """
    out: list[str] = []
    names: list[str] = []
    positional = 0
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = sql.find(ch, i + 1)
            while end != -1 and end + 1 < n and sql[end + 1] == ch:  # a doubled quote
                end = sql.find(ch, end + 2)
            if end == -1:
                raise ValueError(f"unterminated quote in {sql!r}")
            out.append(sql[i : end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end == -1 else end
            out.append(sql[i:end])
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end == -1:
                raise ValueError(f"unterminated comment in {sql!r}")
            out.append(sql[i : end + 2])
            i = end + 2
        elif ch == "?":
            positional += 1
            out.append(f"${positional}")
            i += 1
        elif sql.startswith("::", i):
            out.append("::")
            i += 2
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            end = i + 1
            while end < n and (sql[end].isalnum() or sql[end] == "_"):
                end += 1
            name = sql[i + 1 : end]
            if name not in names:
                names.append(name)
            out.append(f"${names.index(name) + 1}")
            i = end
        elif ch.isalpha() or ch == "_":
            end = i + 1
            while end < n and (sql[end].isalnum() or sql[end] in "_$"):
                end += 1
            word = sql[i:end]
            after = sql[end:].lstrip()
            renamed = POSTGRES_FUNCTIONS.get(word.lower()) if after.startswith("(") else None
            out.append(renamed or word)
            i = end
        else:
            out.append(ch)
            i += 1
    if positional and names:
        raise ValueError(f"a statement takes ? or :name placeholders, not both: {sql!r}")
    return "".join(out), (tuple(names) if names else None)


def _arguments(names: tuple[str, ...] | None, params: Params) -> Sequence[object]:
    """Return the parameters in `$n` order."""
    if names is None:
        # As in SQLite, names a statement does not use are ignored.
        return () if isinstance(params, Mapping) else params
    if not isinstance(params, Mapping):
        raise TypeError(f"the statement takes named parameters {names}, not a sequence")
    return [params[name] for name in names]


def _status_count(status: str) -> int:
    """Return the row count in a command tag such as `UPDATE 3` or `INSERT 0 5`."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def database_errors() -> tuple[type[Exception], ...]:
    """Return what the drivers raise when a database fails: SQLite's, and asyncpg's once loaded."""
    # ValueError: aiosqlite's answer on a closed connection.
    errors: tuple[type[Exception], ...] = (sqlite3.Error, ValueError)
    asyncpg = sys.modules.get("asyncpg")  # loaded only where PostgreSQL is in use
    if asyncpg is not None:
        errors += (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)
    return errors


def database_url_password(url: str) -> str | None:
    """Return the password a database address carries (after `user:` or as `?password=`)."""
    parts = urlsplit(url)
    if parts.password:
        return parts.password
    passwords = [v for k, v in parse_qsl(parts.query) if k.lower() == "password"]
    return passwords[0] if passwords else None


def redact_database_url(url: str) -> str:
    """Return a database address without its password, to show or log."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{host}" if user else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
