"""The bot's SQLite connections: opening them safely, migrating, and serialising the writes.

One connection writes, one transaction at a time; another only reads. In WAL mode a reader sees
the last committed state and never waits for a writer, so a lookup is not held up by a planner
batch (datasette's `database.py` does the same). Reads inside a transaction use the writer's
connection, so that they see the transaction's own rows.

Those two run on threads of their own (aiosqlite), and a trip there and back costs about 80 µs of
CPU, where reading one row by its key costs 6. So the reads every update makes (the chat, the
person, whether the chat follows them) go to a third, read-only connection on the event loop's
own thread (`fetch_keyed`); it never waits for a lock, and leaves to the reader any read that
would.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, closing
from pathlib import Path

import aiosqlite

from storage.errors import (
    CannotOpenDatabaseError,
    ForeignDatabaseError,
    MigrationError,
    NotADatabaseError,
    SchemaTooNewError,
)
from storage.leadership import SoleWorker
from storage.migrations import MIGRATIONS, Migration, check_sequence, latest_version
from storage.run_lock import FileRunLock
from storage.sql import ClosedOnExit, Dialect, Params, Row, SQLiteConnection

# An SQLite file starts with this, and its 100-byte header holds the application id at 68.
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class Database(ClosedOnExit):
    """The connections the whole bot shares: one writer at a time, and a reader.

    The SQLite backend of `storage.sql.SQLDatabase`, and the default one.
    """

    dialect = Dialect.SQLITE

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        """Wrap an open connection; use `Database.open` to get a configured, migrated one."""
        self._conn = connection
        # What transactions hand out: the writer, speaking storage.sql's protocol.
        self._writing = SQLiteConnection(connection)
        # Reads outside transactions; until it is open (migrations), the writer reads too.
        self._reader: aiosqlite.Connection | None = None
        # Keyed reads outside transactions, on the event loop's thread (see fetch_keyed).
        self._keyed: sqlite3.Connection | None = None
        self._path = path
        self._schema_version = 0
        self._lock = asyncio.Lock()
        self._writer: asyncio.Task[object] | None = None

    @classmethod
    async def open(cls, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> Database:
        """Open or create the database at path, refuse unusable files, and apply migrations."""
        check_sequence(migrations)
        _prepare_file(path)
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise CannotOpenDatabaseError(path, str(exc)) from exc
        conn.row_factory = sqlite3.Row
        db = cls(conn, path)
        try:
            await db._configure(latest_version(migrations))
            await db._migrate(migrations)
            db._keyed = _open_keyed(path)
            db._reader = await _open_reader(path)
        except BaseException:
            if db._keyed is not None:
                db._keyed.close()
            await conn.close()
            raise
        return db

    @property
    def path(self) -> Path:
        """Return the database file's path."""
        return self._path

    @property
    def location(self) -> str:
        """Return the database file's path, as operators are shown it."""
        return str(self._path)

    @property
    def schema_version(self) -> int:
        """Return the number of the last migration applied to the file."""
        return self._schema_version

    def leadership(self) -> SoleWorker:
        """Return the right to plan and send: one process serves the file, and always leads."""
        return SoleWorker()

    def run_lock(self) -> FileRunLock:
        """Return the lock of the one process that serves the file: a lock on a file beside it."""
        return FileRunLock(self._path)

    async def close(self) -> None:
        """Close the connections; SQLite checkpoints the write-ahead log into the file."""
        if self._keyed is not None:
            self._keyed.close()
            self._keyed = None
        if self._reader is not None:
            await self._reader.close()
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self, *, serialised: bool = True) -> AsyncIterator[SQLiteConnection]:
        """Run the block as one write transaction: commit on success, roll back on any error.

        Other tasks' reads and writes wait until the block ends, so keep network calls out of it.
        SQLite has one writer, so every transaction is serialised, whatever `serialised` says.
        """
        if self._holds_transaction():
            raise RuntimeError("transactions do not nest: use the connection you already have")
        async with self._lock:
            self._writer = asyncio.current_task()
            try:
                # IMMEDIATE takes the write lock now, so another process (the CLI importing
                # while the bot runs) waits for busy_timeout instead of failing halfway.
                await self._conn.execute("BEGIN IMMEDIATE")
                yield self._writing
                await self._conn.execute("COMMIT")
            except BaseException:
                await self._rollback()
                raise
            finally:
                self._writer = None

    async def _rollback(self) -> None:
        """Undo the transaction, if it began; keep the error that ended it in view."""
        # Queued unconditionally: statements run in order on the connection's thread, so this
        # also undoes a BEGIN that was still queued when the task was cancelled.
        try:
            await self._conn.execute("ROLLBACK")
        except sqlite3.OperationalError:
            if self._conn.in_transaction:
                log.exception("Rolling back a transaction on %s failed", self._path.name)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return every row."""
        async with self._reading() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None (see SQLiteConnection.fetchone)."""
        async with self._reading() as conn:
            rows = await conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchval(self, sql: str, params: Params = ()) -> object:
        """Run a query and return the first column of its first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def write_one(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one statement that writes as a transaction of its own; return what it returns.

        SQLite makes a lone statement a transaction by itself: one trip to the writer's thread,
        where a `transaction` block takes three. It waits its turn like any transaction.
        """
        if self._holds_transaction():
            raise RuntimeError("transactions do not nest: use the connection you already have")
        async with self._lock:
            return list(await self._conn.execute_fetchall(sql, params))

    async def fetch_keyed(self, sql: str, params: Params = ()) -> Row | None:
        """Return the one row a query finds by a key, or None, read on the spot.

        Inside a transaction the writer reads, as for any read. Where the file is locked (no WAL,
        or SQLite recovering its log) the keyed connection does not wait: the reader's thread
        does.
        """
        keyed = self._keyed
        if keyed is None or self._holds_transaction():
            return await self.fetchone(sql, params)
        try:
            # Every row, so the statement ends here and holds no snapshot open.
            rows = keyed.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise
            return await self.fetchone(sql, params)
        return rows[0] if rows else None

    async def mark(self, application_id: int) -> None:
        """Write an application id into the file's header, saying which program made it."""
        async with self.transaction() as conn:
            await conn.execute(f"PRAGMA application_id = {application_id:d}")

    def _holds_transaction(self) -> bool:
        """Tell whether the current task is inside this database's transaction."""
        return self._writer is not None and self._writer is asyncio.current_task()

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """Give the connection to read on: the reader, or the writer inside its transaction."""
        if self._holds_transaction():
            yield self._conn
            return
        if self._reader is not None:
            yield self._reader
            return
        # Before the reader opens, reads share the writer's connection: without the lock, a read
        # slipped between the statements of another task's transaction would see rows that may
        # yet be rolled back.
        async with self._lock:
            yield self._conn

    async def _configure(self, supported: int) -> None:
        """Set the connection pragmas and refuse files this version must not touch."""
        await self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        try:
            # The first statement that reads the file: a text file fails here, unchanged.
            version = await self._pragma("user_version")
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
                raise NotADatabaseError(self._path) from exc
            raise
        if not isinstance(version, int):
            raise TypeError(f"PRAGMA user_version returned {version!r}")
        if version > supported:
            raise SchemaTooNewError(self._path, version, supported)
        if version == 0 and await self.fetchone("SELECT 1 FROM sqlite_master LIMIT 1"):
            raise ForeignDatabaseError(self._path)
        self._schema_version = version
        journal_mode = await self._pragma("journal_mode = WAL")
        if journal_mode != "wal":
            log.warning(
                "SQLite kept journal mode %s for %s; the file system may not support WAL",
                journal_mode,
                self._path.name,
            )
        await self._conn.execute("PRAGMA synchronous = NORMAL")

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        """Apply the pending migrations, one transaction each, then enforce foreign keys."""
        # foreign_keys cannot change inside a transaction, so it is switched off around them all.
        await self._conn.execute("PRAGMA foreign_keys = OFF")
        try:
            for migration in migrations:
                if migration.version > self._schema_version:
                    await self._apply(migration)
        finally:
            await self._conn.execute("PRAGMA foreign_keys = ON")
        version = await self._pragma("user_version")
        if isinstance(version, int) and version > latest_version(migrations):
            # Another process running a newer release upgraded the file meanwhile.
            raise SchemaTooNewError(self._path, version, latest_version(migrations))

    async def _apply(self, migration: Migration) -> None:
        """Apply one migration and record its version, or roll both back."""
        previous = self._schema_version
        try:
            async with self.transaction() as conn:
                row = await conn.fetchone("PRAGMA user_version")
                current = int(row[0]) if row is not None else 0
                if current >= migration.version:
                    # Another process applied it while this one waited for the write lock.
                    self._schema_version = current
                    return
                await migration.apply(conn)
                broken = await conn.fetchone("PRAGMA foreign_key_check")
                if broken is not None:
                    raise sqlite3.IntegrityError(
                        f"it leaves a row in {broken[0]} whose reference into {broken[2]} "
                        "points nowhere"
                    )
                await conn.execute(f"PRAGMA user_version = {migration.version:d}")
        except Exception as exc:
            raise MigrationError(
                self._path, migration.version, migration.name, previous, str(exc)
            ) from exc
        self._schema_version = migration.version
        log.info(
            "Upgraded %s to schema %d (%s)", self._path.name, migration.version, migration.name
        )

    async def _pragma(self, pragma: str) -> object:
        """Run a pragma and return the first column of its result."""
        async with self._conn.execute(f"PRAGMA {pragma}") as cursor:
            row = await cursor.fetchone()
        return None if row is None else row[0]


async def _open_reader(path: Path) -> aiosqlite.Connection:
    """Open the connection that only reads: it sees committed rows and never takes a lock."""
    reader = await aiosqlite.connect(path, isolation_level=None)
    try:
        reader.row_factory = sqlite3.Row
        # The writer's settings, so the two agree whichever answers; then refuse any write.
        for pragma in (
            f"busy_timeout = {BUSY_TIMEOUT_MS:d}",
            "foreign_keys = ON",
            "synchronous = NORMAL",
            "query_only = ON",
        ):
            await reader.execute(f"PRAGMA {pragma}")
    except BaseException:
        await reader.close()
        raise
    return reader


def _open_keyed(path: Path) -> sqlite3.Connection:
    """Open the read-only connection of the event loop's thread: it never waits for a lock."""
    keyed = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, cached_statements=256
    )
    try:
        keyed.row_factory = sqlite3.Row
        for pragma in ("busy_timeout = 0", "foreign_keys = ON", "query_only = ON"):
            keyed.execute(f"PRAGMA {pragma}")
    except BaseException:
        keyed.close()
        raise
    return keyed


def _prepare_file(path: Path) -> None:
    """Create the folder (0o700) and an empty file (0o600) if missing; check both can be written."""
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
            folder.chmod(0o700)  # mkdir's mode is narrowed by the umask; state it exactly.
        # Opening the file here, not only in SQLite, turns a folder in its place or a missing
        # permission into one clear error before any connection exists.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
    except OSError as exc:
        raise CannotOpenDatabaseError(path, exc.strerror or str(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite keeps its write-ahead log next to the file.
        raise CannotOpenDatabaseError(path, f"the folder {folder} is not writable")


def application_id(path: Path) -> int | None:
    """Return the application id of an SQLite file; None if it is no SQLite file.

    Read from the header itself, without opening the file as a database, unless a write-ahead
    log lies beside it: an id written lately (and not yet checkpointed, as after a kill -9) may
    be there only, so SQLite reads it, read-only. Nothing in the database is changed.
    """
    with path.open("rb") as file:
        header = file.read(SQLITE_HEADER_SIZE)
    if len(header) < SQLITE_HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        return None
    written = int.from_bytes(header[68:72], "big")
    if written or not Path(f"{path}-wal").exists():
        return written
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("PRAGMA application_id").fetchone()
    except sqlite3.Error:
        return written
    return int(row[0]) if row else written


def create_marked(path: Path, application: int) -> None:
    """Create an empty database at path whose header carries `application`, in one step.

    The file is made beside its place and renamed into it, so that a process killed at any
    moment leaves either no database or a marked one, never an unmarked one it cannot claim.
    """
    _prepare_file(path)
    if path.stat().st_size:
        raise FileExistsError(path)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)  # mkstemp made it 0600; SQLite opens it by name
    try:
        with closing(sqlite3.connect(partial)) as conn:
            conn.execute(f"PRAGMA application_id = {application:d}")
            conn.commit()
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def snapshot(source: Path, target: Path) -> int:
    """Copy the database at source to target consistently; return the copy's schema version.

    An existing target is replaced. The copy is made beside the target and renamed into place,
    so a failure leaves no half file; the bot may keep writing meanwhile (WAL readers never
    block it). The copy is one self-contained file, readable by its owner only.
    """
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)  # mkstemp made it 0600; SQLite opens it by name
    try:
        # mode=rw: read and write, never create; nothing is written, but unlike mode=ro it
        # leaves no -wal/-shm files behind when the bot is stopped.
        with (
            closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True)) as live,
            closing(sqlite3.connect(partial)) as copy,
        ):
            live.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            live.backup(copy)  # all pages in one step: one consistent snapshot
            # One self-contained file: no write-ahead log to carry around with it.
            copy.execute("PRAGMA journal_mode = DELETE")
            schema = int(copy.execute("PRAGMA user_version").fetchone()[0])
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return schema
