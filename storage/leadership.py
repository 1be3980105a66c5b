"""Which worker plans and sends: one at a time, elected by the database.

On SQLite the bot is one process, which always leads. On PostgreSQL several workers may serve
one database, and the planner and the outbox's sender must run on one of them only: the worker
that holds a session-level advisory lock. The lock lives on a connection of its own, kept out
of the pool so that no query ever returns it and no pool recycles it. When the leader dies its
connection closes, the server releases the lock, and the next worker to try takes it. A worker
tries again every planner interval, so leadership moves within one interval.

A machine that vanishes without closing its connection (power cut, lost network) is noticed by
the server through TCP keepalives, asked for on the lock's connection: within about half a
minute rather than the system's default of hours.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger(__name__)

# Advisory lock keys are 64-bit and shared by every program using the database: spelled to be
# unlikely to clash with another program's (as storage.postgres's are).
LEADER_LOCK = int.from_bytes(b"sbleader", "big")
# Idle seconds before the server probes the connection, seconds between probes, probes lost
# before it gives up: a vanished leader's lock is released after about 10 + 3 * 5 seconds.
KEEPALIVE = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}
CONNECT_TIMEOUT = 10.0


class Leadership(Protocol):
    """The right to plan and send, which one worker of a database holds at a time."""

    @property
    def sole_worker(self) -> bool:
        """Tell whether this is the database's only worker (no other can have been sending)."""
        ...

    async def try_lead(self) -> bool:
        """Take the lead if it is free, or check it is still held; tell whether it is held."""
        ...

    async def close(self) -> None:
        """Give up the lead, if held, so that another worker may take it at once."""
        ...


class SoleWorker:
    """The leadership of a database only one process serves (SQLite): always held."""

    sole_worker = True

    async def try_lead(self) -> bool:
        """Lead: nobody else can."""
        return True

    async def close(self) -> None:
        """Nothing to give up."""


class AdvisoryLeadership:
    """Leadership among the workers of one PostgreSQL database, held as an advisory lock."""

    sole_worker = False

    def __init__(self, url: str, location: str, key: int = LEADER_LOCK) -> None:
        """Contend for the lock `key` of the database at url (`location`: url sans password)."""
        self._url = url
        self._location = location
        self._key = key
        self._conn: asyncpg.Connection[Any] | None = None
        self._leading = False

    @property
    def leading(self) -> bool:
        """Tell whether this worker held the lead when last asked."""
        return self._leading

    async def try_lead(self) -> bool:
        """Take the lock if it is free, or check its connection still lives; tell whether held."""
        import asyncpg  # loaded only where PostgreSQL is in use

        errors = _errors()
        if self._leading and self._conn is not None:
            try:
                await self._conn.fetchval("SELECT 1", timeout=CONNECT_TIMEOUT)
                return True
            except errors as error:
                # The server has released the lock with the connection: another may hold it now.
                log.warning(
                    "Lost the connection that held the lead on %s: %s", self._location, error
                )
                await self._drop()
        try:
            if self._conn is None or self._conn.is_closed():
                self._conn = await asyncpg.connect(
                    self._url, timeout=CONNECT_TIMEOUT, server_settings=KEEPALIVE
                )
            self._leading = bool(
                await self._conn.fetchval(
                    "SELECT pg_try_advisory_lock($1)", self._key, timeout=CONNECT_TIMEOUT
                )
            )
        except errors as error:
            log.warning("Cannot contend for the lead on %s: %s", self._location, error)
            await self._drop()
        return self._leading

    async def close(self) -> None:
        """Close the lock's connection: the server releases the lock with it."""
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn, self._leading = self._conn, None, False
        if conn is not None and not conn.is_closed():
            try:
                await conn.close(timeout=CONNECT_TIMEOUT)
            except _errors():
                conn.terminate()  # one that will not close politely is cut


def _errors() -> tuple[type[Exception], ...]:
    """Return what a lost or refused connection raises."""
    import asyncpg

    return (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)
