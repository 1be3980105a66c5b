"""The chat_state table: what a later update of a chat needs, kept where every worker sees it.

A question the bot waits to have answered, a campaign draft, an import waiting for its yes, a
result list to page: each is one row per (chat, user, kind), a JSON object that the feature
owning the kind reads and writes within the update. User 0 stands for the whole chat. A row
past its `expires_at` is no longer read, and goes at the next sweep (`take_expired`); /forget
and a group's move to a supergroup take a chat's rows with it.

Rows hold ids and choices, never what someone wrote to the bot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.sql import Connection, SQLDatabase
from storage.timestamps import encode_timestamp

WHOLE_CHAT = 0

JsonObject = dict[str, Any]


async def forget_chat_states_in(conn: Connection, chat_id: int) -> None:
    """Erase every state of a chat in the caller's transaction (/forget)."""
    await conn.execute("DELETE FROM chat_state WHERE chat_id = ?", (chat_id,))


@dataclass(frozen=True, slots=True)
class ExpiredState:
    """A state nobody used in time, taken by the sweep for its feature to close."""

    kind: str
    chat_id: int
    user_id: int
    data: JsonObject


class ChatStateRepository:
    """Read, write and expire the states of chats."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def get(
        self, chat_id: int, user_id: int, kind: str, *, now: datetime
    ) -> JsonObject | None:
        """Return a chat's state of this kind, or None when there is none or it has expired."""
        found = await self._db.fetchval(
            "SELECT data FROM chat_state"
            " WHERE chat_id = ? AND user_id = ? AND kind = ? AND expires_at > ?",
            (chat_id, user_id, kind, encode_timestamp(now)),
        )
        return _decoded(found)

    async def put(
        self, chat_id: int, user_id: int, kind: str, data: JsonObject, *, expires_at: datetime
    ) -> None:
        """Keep a chat's state of this kind until expires_at, in place of any earlier one."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO chat_state (chat_id, user_id, kind, data, expires_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id, user_id, kind)"
                " DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
                (chat_id, user_id, kind, _encoded(data), encode_timestamp(expires_at)),
            )

    async def take(
        self, chat_id: int, user_id: int, kind: str, *, now: datetime
    ) -> JsonObject | None:
        """Remove a chat's state of this kind and return it (None if there was none, or it had
        expired): of two updates that take the same state, on any workers, one gets it."""
        async with self._db.transaction() as conn:
            row = await conn.fetchone(
                "DELETE FROM chat_state WHERE chat_id = ? AND user_id = ? AND kind = ?"
                " RETURNING data, expires_at",
                (chat_id, user_id, kind),
            )
        if row is None or row[1] <= encode_timestamp(now):
            return None
        return _decoded(row[0])

    async def drop(self, chat_id: int, user_id: int, kind: str) -> None:
        """Remove a chat's state of this kind, if there is one."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM chat_state WHERE chat_id = ? AND user_id = ? AND kind = ?",
                (chat_id, user_id, kind),
            )

    async def take_expired(self, *, now: datetime) -> list[ExpiredState]:
        """Remove and return every state that expired by now: of several workers, one gets each."""
        async with self._db.transaction() as conn:
            rows = await conn.fetchall(
                "DELETE FROM chat_state WHERE expires_at <= ?"
                " RETURNING kind, chat_id, user_id, data",
                (encode_timestamp(now),),
            )
        found = [ExpiredState(row[0], row[1], row[2], _decoded(row[3]) or {}) for row in rows]
        return sorted(found, key=lambda state: (state.kind, state.chat_id, state.user_id))

    async def move(self, old_id: int, new_id: int) -> None:
        """Give a chat's states its new id (a group became a supergroup)."""
        if old_id == new_id:
            return
        async with self._db.transaction() as conn:
            # The old group's states win over any the new id has picked up in the meantime.
            await conn.execute(
                "DELETE FROM chat_state WHERE chat_id = ? AND (user_id, kind) IN"
                " (SELECT user_id, kind FROM chat_state WHERE chat_id = ?)",
                (new_id, old_id),
            )
            await conn.execute(
                "UPDATE chat_state SET chat_id = ? WHERE chat_id = ?", (new_id, old_id)
            )


def _encoded(data: JsonObject) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _decoded(found: object) -> JsonObject | None:
    if not isinstance(found, str):
        return None
    data = json.loads(found)
    return data if isinstance(data, dict) else None
