"""The bot's PostgreSQL database (DATABASE_URL): a pool, migrations, and serialised writes.

Reads take any pooled connection and see committed rows, as SQLite's reader does. A write
transaction takes a pooled connection and, first of all, a transaction-level advisory lock that
every writer takes: writers go one at a time, across processes too, as SQLite's single writer
does, so that a repository that reads then writes in one transaction (a follow within the
chat's limit) behaves the same on both backends. The one exception is the outbox's claim, which
locks the rows it takes (`FOR UPDATE SKIP LOCKED`) and so runs beside other processes' writers
(`transaction(serialised=False)`). Reads inside a transaction use its connection, so that they
see its own rows.

The schema version is kept in the one-row table `schema_version`. Migrations are the numbered
ones of storage.migrations, each applied in its own transaction together with the new version;
a worker starting while another migrates waits for it on an advisory lock, then finds the work
done.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import asyncpg

from storage.errors import (
    CannotConnectError,
    EmptyDatabaseError,
    ForeignDatabaseError,
    MigrationError,
    SchemaTooNewError,
)
from storage.leadership import AdvisoryLeadership
from storage.migrations import MIGRATIONS, Migration, check_sequence, latest_version
from storage.run_lock import AdvisoryRunLock
from storage.sql import ClosedOnExit, Dialect, Params, PostgresConnection, Row, redact_database_url

if TYPE_CHECKING:
    from storage.sql import AsyncpgConnection

log = logging.getLogger(__name__)

# Advisory lock keys (64-bit, shared by every database of the server: spelled to be unlikely
# to clash with another program's).
WRITE_LOCK = int.from_bytes(b"sbwrites", "big")
MIGRATION_LOCK = int.from_bytes(b"sbmigrat", "big")
POOL_SIZE = 10
# What asyncpg raises when the server cannot be reached or refuses the connection.
CONNECT_ERRORS = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError)

_VERSION_TABLE = """
CREATE TABLE schema_version (
    -- The number of the last migration applied (storage.migrations), in the table's one row.
    version INTEGER NOT NULL CHECK (version >= 0)
);
INSERT INTO schema_version (version) VALUES (0);
"""


class PostgresDatabase(ClosedOnExit):
    """A pool of connections to one PostgreSQL database, used as `storage.sql.SQLDatabase`."""

    dialect = Dialect.POSTGRESQL

    def __init__(self, pool: asyncpg.Pool[Any], location: str, url: str) -> None:
        """Wrap an open pool to url; use `PostgresDatabase.open` to get a migrated one."""
        self._pool = pool
        self._location = location
        self._url = url
        self._schema_version = 0
        self._lock = asyncio.Lock()
        self._writer: asyncio.Task[object] | None = None
        self._writing: PostgresConnection | None = None

    @classmethod
    async def open(
        cls,
        url: str,
        migrations: Sequence[Migration] = MIGRATIONS,
        *,
        pool_size: int = POOL_SIZE,
        create: bool = True,
    ) -> PostgresDatabase:
        """Connect to the database at url, refuse one this version must not touch, and migrate.

        An empty database gets the schema, unless `create` is false (a health check): then
        EmptyDatabaseError.
        """
        check_sequence(migrations)
        location = redact_database_url(url)
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=pool_size,
                server_settings={"application_name": "solidarity-bot"},
            )
        except CONNECT_ERRORS as exc:
            raise CannotConnectError(location, str(exc)) from exc
        db = cls(pool, location, url)
        try:
            await db._migrate(migrations, create=create)
        except BaseException:
            await pool.close()
            raise
        return db

    @property
    def location(self) -> str:
        """Return the database's address without its password, as operators are shown it."""
        return self._location

    @property
    def schema_version(self) -> int:
        """Return the number of the last migration applied to the database."""
        return self._schema_version

    def leadership(self) -> AdvisoryLeadership:
        """Return this worker's claim to plan and send, contended for with the other workers."""
        return AdvisoryLeadership(self._url, self._location)

    def run_lock(self) -> AdvisoryRunLock:
        """Return the lock of the one process that may poll: an advisory lock of its own."""
        return AdvisoryRunLock(self._url)

    async def close(self) -> None:
        """Close every connection of the pool."""
        await self._pool.close()

    @asynccontextmanager
    async def transaction(self, *, serialised: bool = True) -> AsyncIterator[PostgresConnection]:
        """Run the block as one write transaction: commit on success, roll back on any error.

        Other writers, in this process or another, wait until the block ends; reads do not.
        Unless `serialised` is false: then only this process's writers wait, and the block
        runs beside other processes' writers, guarding what it reads with row locks.
        """
        if self._holds_transaction():
            raise RuntimeError("transactions do not nest: use the connection you already have")
        # The process's writers queue here rather than each holding a pooled connection while
        # it waits for the advisory lock.
        async with self._lock, self._pool.acquire() as raw, raw.transaction():
            if serialised:
                await raw.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
            self._writer = asyncio.current_task()
            self._writing = PostgresConnection(raw)
            try:
                yield self._writing
            finally:
                self._writing.release()
                self._writer, self._writing = None, None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        async with self._reading() as conn:
            return await conn.fetchall(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None."""
        async with self._reading() as conn:
            return await conn.fetchone(sql, params)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row, or None."""
        async with self._reading() as conn:
            return await conn.fetchval(sql, params)

    async def write_one(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one statement that writes as a transaction of its own; return what it returns."""
        async with self.transaction() as conn:
            return await conn.fetchall(sql, params)

    async def fetch_keyed(self, sql: str, params: Params = ()) -> Row | None:
        """Return the one row a query finds by a key, or None: a read like any other here."""
        return await self.fetchone(sql, params)

    def _holds_transaction(self) -> bool:
        """Tell whether the current task is inside this database's transaction."""
        return self._writer is not None and self._writer is asyncio.current_task()

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[PostgresConnection]:
        """Give the connection to read on: a pooled one, or the transaction's own."""
        if self._writing is not None and self._holds_transaction():
            yield self._writing
            return
        async with self._pool.acquire() as raw:
            yield PostgresConnection(raw)

    async def _migrate(self, migrations: Sequence[Migration], *, create: bool) -> None:
        """Apply the pending migrations, one transaction each, one worker at a time."""
        supported = latest_version(migrations)
        async with self._pool.acquire() as raw:
            # Workers starting together: one migrates, the others wait here and find it done.
            await raw.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
            try:
                version = await self._stored_version(raw, create=create)
                if version > supported:
                    raise SchemaTooNewError(self._location, version, supported)
                self._schema_version = version
                for migration in migrations:
                    if migration.version > self._schema_version:
                        await self._apply(raw, migration)
            finally:
                await raw.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)

    async def _stored_version(self, raw: AsyncpgConnection, *, create: bool) -> int:
        """Return the schema version, creating its table in an empty database."""
        if await raw.fetchval("SELECT to_regclass('schema_version')") is None:
            tables = await raw.fetchval(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            )
            if tables:
                raise ForeignDatabaseError(self._location)
            if not create:
                raise EmptyDatabaseError(self._location)
            async with raw.transaction():
                await raw.execute(_VERSION_TABLE)
        version = await raw.fetchval("SELECT version FROM schema_version")
        return int(version)

    async def _apply(self, raw: AsyncpgConnection, migration: Migration) -> None:
        """Apply one migration and record its version, or roll both back."""
        previous = self._schema_version
        try:
            async with raw.transaction():
                await migration.apply(PostgresConnection(raw))
                await raw.execute("UPDATE schema_version SET version = $1", migration.version)
        except Exception as exc:
            raise MigrationError(
                self._location, migration.version, migration.name, previous, str(exc)
            ) from exc
        self._schema_version = migration.version
        log.info("Upgraded %s to schema %d (%s)", self._location, migration.version, migration.name)
