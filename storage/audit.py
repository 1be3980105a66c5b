"""The audit log of admin actions, and the heartbeats of background jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.sql import Connection, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp


async def forget_admin_in(conn: Connection, admin_id: int) -> None:
    """Erase an operator's audit entries in the caller's transaction: they asked to be forgotten."""
    await conn.execute("DELETE FROM audit WHERE admin_id = ?", (admin_id,))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One thing an operator did."""

    id: int
    admin_id: int
    action: str
    detail: str
    at: datetime


class AuditLog:
    """Record and read what operators did."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def record(self, admin_id: int, action: str, detail: str, *, now: datetime) -> None:
        """Write one entry."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO audit (admin_id, action, detail, at) VALUES (?, ?, ?, ?)",
                (admin_id, action, detail, encode_timestamp(now)),
            )

    async def latest(self, limit: int = 20) -> list[AuditEntry]:
        """Return the newest entries, newest first."""
        rows = await self._db.fetchall(
            "SELECT id, admin_id, action, detail, at FROM audit ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            AuditEntry(
                row["id"],
                row["admin_id"],
                row["action"],
                row["detail"],
                decode_timestamp(row["at"]),
            )
            for row in rows
        ]


class Heartbeats:
    """When each background job last completed a run."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def beat(self, name: str, *, now: datetime) -> None:
        """Record that the job `name` finished a run now."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO heartbeats (name, at) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET at = excluded.at",
                (name, encode_timestamp(now)),
            )

    async def last(self, name: str) -> datetime | None:
        """Return when the job last finished a run, or None if it never did."""
        row = await self._db.fetchone("SELECT at FROM heartbeats WHERE name = ?", (name,))
        return None if row is None else decode_timestamp(row["at"])
