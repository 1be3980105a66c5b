"""The right to be the only bot process on a database, for what one process alone may do.

Long polling is one process: Telegram hands each update to one getUpdates caller, and two
pollers take turns failing with "Conflict". A bot on SQLite is one process whatever its mode:
it plans and sends as the sole worker (storage.leadership.SoleWorker). Such a process takes
this lock on start, and a second one is refused with a clear message instead of fighting the
first.

The lock is one the operating system or the server frees when its process ends, however it
ends (kill -9 included), so a dead bot never leaves a stale lock behind:

- SQLite: an exclusive `flock` on a file beside the database (`bot.sqlite3.lock`); the kernel
  releases it with the process's open files.
- PostgreSQL: a session-level advisory lock on a connection of its own; the server releases it
  when the connection closes (TCP keepalives notice a vanished machine within half a minute).
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from storage.leadership import CONNECT_TIMEOUT, KEEPALIVE

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger(__name__)

# Spelled to be unlikely to clash with another program's advisory lock (see storage.leadership).
RUN_LOCK = int.from_bytes(b"sbsolely", "big")


class RunLock(Protocol):
    """The lock of the one process that may run the bot on a database in this mode."""

    async def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        ...

    async def release(self) -> None:
        """Give the lock up, if held."""
        ...


class FileRunLock:
    """An exclusive lock on a file beside an SQLite database, freed when the process ends."""

    def __init__(self, database: Path) -> None:
        """Lock the file named after the database, with `.lock` added."""
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    async def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        # Who holds it, for an operator who looks: the lock is the flock, not the text.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    async def release(self) -> None:
        """Give the lock up; the file stays, empty of meaning until the next process locks it."""
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class AdvisoryRunLock:
    """A session-level advisory lock of a PostgreSQL database, on a connection of its own."""

    def __init__(self, url: str, key: int = RUN_LOCK) -> None:
        """Lock `key` on the database at url."""
        self._url = url
        self._key = key
        self._conn: asyncpg.Connection[Any] | None = None

    async def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        import asyncpg  # loaded only where PostgreSQL is in use

        conn = await asyncpg.connect(self._url, timeout=CONNECT_TIMEOUT, server_settings=KEEPALIVE)
        held = await conn.fetchval("SELECT pg_try_advisory_lock($1)", self._key)
        if not held:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def release(self) -> None:
        """Close the lock's connection: the server releases the lock with it."""
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            await conn.close(timeout=CONNECT_TIMEOUT)
