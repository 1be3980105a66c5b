"""The published list the bot follows: what the last syncs found, and a sync held for operators.

One row in `data_source` keeps the source's validators (ETag, Last-Modified, a hash of the last
applied content), how many records that content held, and the run of failures. `held_syncs` keeps
at most one file that waits for an operator's Apply or Discard, with its summary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from storage.sql import Connection, Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp

_ENSURE_ROW = "INSERT INTO data_source (id) VALUES (1) ON CONFLICT (id) DO NOTHING"


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the bot knows of its source; empty before the first sync."""

    source_key: str | None = None
    source: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    records: int | None = None
    discarded_hash: str | None = None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    failures: int = 0
    last_problem: str | None = None
    failure_notified: bool = False
    # The "as of" day (ISO, or "never") of the data operators were last told is stale.
    stale_notified_for: str | None = None


@dataclass(frozen=True, slots=True)
class Applied:
    """A file that was applied (or found unchanged): the validators to keep for the next sync."""

    source_key: str
    source: str
    etag: str | None
    last_modified: str | None
    content_hash: str
    records: int


@dataclass(frozen=True, slots=True, kw_only=True)
class NewHeld:
    """A file to hold for an operator."""

    source: str
    source_key: str
    format: str
    data: bytes
    content_hash: str
    etag: str | None
    last_modified: str | None
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HeldSync:
    """A held file as stored."""

    id: int
    token: str
    source: str
    source_key: str
    format: str
    data: bytes
    content_hash: str
    etag: str | None
    last_modified: str | None
    summary: dict[str, Any]
    held_at: datetime
    notified_at: datetime | None


class SourceRepository:
    """Read and write the source's state and the held sync."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def state(self) -> SourceState:
        """Return what the last syncs found."""
        row = await self._db.fetchone("SELECT * FROM data_source WHERE id = 1")
        if row is None:
            return SourceState()
        return SourceState(
            source_key=row["source_key"],
            source=row["source"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            content_hash=row["content_hash"],
            records=row["records"],
            discarded_hash=row["discarded_hash"],
            last_attempt_at=_moment(row["last_attempt_at"]),
            last_success_at=_moment(row["last_success_at"]),
            failures=row["failures"],
            last_problem=row["last_problem"],
            failure_notified=bool(row["failure_notified"]),
            stale_notified_for=row["stale_notified_for"],
        )

    async def record_success_in(self, conn: Connection, applied: Applied, *, now: datetime) -> None:
        """Record, in the caller's transaction, a sync that confirmed the data."""
        await _update(
            conn,
            "source_key = ?, source = ?, etag = ?, last_modified = ?, content_hash = ?, "
            "records = ?, last_attempt_at = ?, last_success_at = ?, failures = 0, "
            "last_problem = NULL, failure_notified = 0",
            (
                applied.source_key,
                applied.source,
                applied.etag,
                applied.last_modified,
                applied.content_hash,
                applied.records,
                encode_timestamp(now),
                encode_timestamp(now),
            ),
        )

    async def record_not_modified_in(self, conn: Connection, *, now: datetime) -> None:
        """Record, in the caller's transaction, a source that answered "not modified"."""
        stamp = encode_timestamp(now)
        await _update(
            conn,
            "last_attempt_at = ?, last_success_at = ?, failures = 0, last_problem = NULL, "
            "failure_notified = 0",
            (stamp, stamp),
        )

    async def record_answer(self, source: str, *, now: datetime) -> None:
        """Record a source that answered with a file that was not applied (held or discarded).

        The validators stay those of the last applied file, so the next sync fetches again.
        """
        async with self._db.transaction() as conn:
            await _update(
                conn,
                "last_attempt_at = ?, failures = 0, last_problem = NULL, failure_notified = 0, "
                "source = ?",
                (encode_timestamp(now), source),
            )

    async def record_failure(self, problem: str, source: str, *, now: datetime) -> int:
        """Record a failed sync from `source`; return how many have failed in a row now."""
        async with self._db.transaction() as conn:
            await _update(
                conn,
                "last_attempt_at = ?, failures = failures + 1, last_problem = ?, source = ?",
                (encode_timestamp(now), problem, source),
            )
            row = await conn.fetchone("SELECT failures FROM data_source WHERE id = 1")
        return int(row[0]) if row is not None else 0

    async def mark_failure_notified(self) -> None:
        """Remember that operators were told of the current run of failures."""
        async with self._db.transaction() as conn:
            await _update(conn, "failure_notified = 1", ())

    async def mark_stale_notified(self, as_of: date | None) -> None:
        """Remember the "as of" day of the data operators were told is stale."""
        async with self._db.transaction() as conn:
            await _update(conn, "stale_notified_for = ?", (stale_mark(as_of),))

    async def hold(self, held: NewHeld, token: str, *, now: datetime) -> HeldSync:
        """Keep a file for an operator, replacing any file held before."""
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM held_syncs")
            await conn.execute(
                "INSERT INTO held_syncs (token, source, source_key, format, data, content_hash, "
                "etag, last_modified, summary, held_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token,
                    held.source,
                    held.source_key,
                    held.format,
                    held.data,
                    held.content_hash,
                    held.etag,
                    held.last_modified,
                    json.dumps(held.summary, ensure_ascii=False),
                    encode_timestamp(now),
                ),
            )
        found = await self.held()
        if found is None:  # pragma: no cover - written just above
            raise RuntimeError("the held sync was not stored")
        return found

    async def held(self, token: str | None = None) -> HeldSync | None:
        """Return the held file (the one with this token, when given), or None."""
        if token is None:
            row = await self._db.fetchone("SELECT * FROM held_syncs ORDER BY id DESC LIMIT 1")
        else:
            row = await self._db.fetchone("SELECT * FROM held_syncs WHERE token = ?", (token,))
        return None if row is None else _held_from_row(row)

    async def drop_held_in(self, conn: Connection) -> None:
        """Forget any held file, in the caller's transaction (a newer file was applied)."""
        await conn.execute("DELETE FROM held_syncs")

    async def discard(self, token: str) -> HeldSync | None:
        """Drop the held file with this token and never hold the same content again.

        Return the file dropped, or None when no file has this token (any more).
        """
        async with self._db.transaction() as conn:
            row = await conn.fetchone("SELECT * FROM held_syncs WHERE token = ?", (token,))
            if row is None:
                return None
            await conn.execute("DELETE FROM held_syncs WHERE id = ?", (row["id"],))
            await _update(conn, "discarded_hash = ?", (row["content_hash"],))
        return _held_from_row(row)

    async def mark_held_notified(self, held_id: int, *, now: datetime) -> None:
        """Remember that operators were asked about this held file."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE held_syncs SET notified_at = ? WHERE id = ?",
                (encode_timestamp(now), held_id),
            )


def stale_mark(as_of: date | None) -> str:
    """Return how the state row names the "as of" day of stale data."""
    return "never" if as_of is None else as_of.isoformat()


async def _update(conn: Connection, assignments: str, params: tuple[object, ...]) -> None:
    """Set columns of the one state row, creating it first when needed."""
    await conn.execute(_ENSURE_ROW)
    await conn.execute(f"UPDATE data_source SET {assignments} WHERE id = 1", params)  # noqa: S608


def _moment(text: str | None) -> datetime | None:
    return None if text is None else decode_timestamp(text)


def _held_from_row(row: Row) -> HeldSync:
    return HeldSync(
        id=row["id"],
        token=row["token"],
        source=row["source"],
        source_key=row["source_key"],
        format=row["format"],
        data=bytes(row["data"]),
        content_hash=row["content_hash"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        summary=json.loads(row["summary"]),
        held_at=decode_timestamp(row["held_at"]),
        notified_at=_moment(row["notified_at"]),
    )
