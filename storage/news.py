"""The news table: status changes and transfers an import applied, kept until they are queued.

An import records one item per status change in its own transaction (`record_in`), so a change
is news exactly when it is stored. The planner later reads `unfanned` items and, for each, queues
a delivery per follower and marks the item fanned out in one transaction (`fan_out`): a crash at
any moment leaves the item either untouched or fully queued, never lost and never queued twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from bot.domain.news import NewsItem, NewsKind, StatusNews
from bot.domain.prisoner import Status
from storage.outbox import NewDelivery, Outbox
from storage.sql import Connection, Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp

_INSERT = """
INSERT INTO news (prisoner_id, kind, old_status, new_status, changed_on, old_facility, facility,
                  address, recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_MARK_FANNED_OUT = """
UPDATE news SET fanned_out_at = ?
WHERE fanned_out_at IS NULL AND id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))
"""


class NewsRepository:
    """Record status changes and hand them to the planner exactly once."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db
        self._outbox = Outbox(db)

    async def record_in(self, conn: Connection, items: Iterable[StatusNews], now: datetime) -> int:
        """Record status changes in the caller's open transaction; return how many."""
        if not conn.in_transaction:
            raise RuntimeError("record_in writes inside Database.transaction(); open one first")
        recorded_at = encode_timestamp(now)
        rows = [
            (
                item.prisoner_id,
                item.kind.value,
                item.old_status.value,
                item.new_status.value,
                None if item.changed_on is None else item.changed_on.isoformat(),
                item.old_facility,
                item.facility,
                item.address,
                recorded_at,
            )
            for item in items
        ]
        if not rows:
            return 0
        await conn.executemany(_INSERT, rows)
        return len(rows)

    async def get(self, news_id: int) -> NewsItem | None:
        """Return one news item, or None."""
        row = await self._db.fetchone("SELECT * FROM news WHERE id = ?", (news_id,))
        return None if row is None else _item_from_row(row)

    async def unfanned(self) -> list[NewsItem]:
        """Return the items not yet queued to followers, oldest first."""
        rows = await self._db.fetchall("SELECT * FROM news WHERE fanned_out_at IS NULL ORDER BY id")
        return [_item_from_row(row) for row in rows]

    async def mark_fanned_out(self, ids: Iterable[int], now: datetime) -> int:
        """Mark items as queued (say, ones nobody follows); return how many were still unfanned."""
        wanted = list(ids)
        if not wanted:
            return 0
        async with self._db.transaction() as conn:
            return await conn.execute(_MARK_FANNED_OUT, (encode_timestamp(now), json.dumps(wanted)))

    async def fan_out(
        self, news_id: int, deliveries: Iterable[NewDelivery], now: datetime
    ) -> int | None:
        """Queue an item's deliveries and mark it fanned out, both or neither.

        Return how many deliveries were new, or None, writing nothing, if the item is unknown
        (its person was removed) or was fanned out already.
        """
        batch = list(deliveries)
        async with self._db.transaction() as conn:
            marked = await conn.execute(
                _MARK_FANNED_OUT, (encode_timestamp(now), json.dumps([news_id]))
            )
            if marked == 0:
                return None
            return await self._outbox.enqueue_in(conn, batch, now)


def _item_from_row(row: Row) -> NewsItem:
    """Return the news item a row of the news table stores."""
    return NewsItem(
        id=row["id"],
        prisoner_id=row["prisoner_id"],
        old_status=Status(row["old_status"]),
        new_status=Status(row["new_status"]),
        changed_on=None if row["changed_on"] is None else date.fromisoformat(row["changed_on"]),
        recorded_at=decode_timestamp(row["recorded_at"]),
        fanned_out_at=(
            None if row["fanned_out_at"] is None else decode_timestamp(row["fanned_out_at"])
        ),
        kind=NewsKind(row["kind"]),
        old_facility=row["old_facility"],
        facility=row["facility"],
        address=row["address"],
    )
