"""The actions table: campaign actions operators add and retire."""

from __future__ import annotations

from datetime import datetime

from bot.domain.actions import ActionKind, CampaignAction
from storage.sql import Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp


def _action(row: Row) -> CampaignAction:
    return CampaignAction(
        id=row["id"],
        kind=ActionKind(row["kind"]),
        text=row["text"],
        url=row["url"],
        prisoner_id=row["prisoner_id"],
        language=row["language"],
        created_at=decode_timestamp(row["created_at"]),
        retired_at=decode_timestamp(row["retired_at"]) if row["retired_at"] else None,
    )


class ActionRepository:
    """Store campaign actions."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def add(
        self,
        kind: ActionKind,
        text: str,
        *,
        url: str | None,
        prisoner_id: str | None,
        language: str | None,
        now: datetime,
    ) -> CampaignAction:
        """Store a new live action and return it."""
        async with self._db.transaction() as conn:
            row = await conn.fetchone(
                "INSERT INTO actions (kind, text, url, prisoner_id, language, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
                (kind.value, text.strip(), url, prisoner_id, language, encode_timestamp(now)),
            )
        if row is None:
            raise LookupError("the new action was not returned")
        return _action(row)

    async def live(self) -> list[CampaignAction]:
        """Return the actions not retired, oldest first."""
        rows = await self._db.fetchall("SELECT * FROM actions WHERE retired_at IS NULL ORDER BY id")
        return [_action(row) for row in rows]

    async def all(self) -> list[CampaignAction]:
        """Return every action, retired ones included, oldest first."""
        rows = await self._db.fetchall("SELECT * FROM actions ORDER BY id")
        return [_action(row) for row in rows]

    async def retire(self, action_id: int, *, now: datetime) -> bool:
        """Stop showing an action; return False if there is no live action with this id."""
        async with self._db.transaction() as conn:
            retired = await conn.execute(
                "UPDATE actions SET retired_at = ? WHERE id = ? AND retired_at IS NULL",
                (encode_timestamp(now), action_id),
            )
            return retired > 0
