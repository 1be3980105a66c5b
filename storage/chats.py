"""The chats table: where the bot may send, and with which settings."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time
from itertools import product

from bot.domain.chat import Chat, ChatType
from storage.database import Database
from storage.timestamps import decode_timestamp, encode_timestamp

_INSERT_IF_MISSING = """
INSERT INTO chats (chat_id, type, language, timezone, alert_time, active, created_at)
VALUES (?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (chat_id) DO NOTHING
"""

_UPDATE_SETTINGS = """
UPDATE chats SET
    language = coalesce(:language, language),
    timezone = coalesce(:timezone, timezone),
    alert_time = coalesce(:alert_time, alert_time)
WHERE chat_id = :chat_id
"""


def chat_from_row(row: sqlite3.Row) -> Chat:
    """Return the chat a row of the chats table stores."""
    return Chat(
        chat_id=row["chat_id"],
        type=ChatType(row["type"]),
        language=row["language"],
        timezone=row["timezone"],
        alert_time=time.fromisoformat(row["alert_time"]),
        active=bool(row["active"]),
        created_at=decode_timestamp(row["created_at"]),
    )


def _encode_alert_time(alert_time: time) -> str:
    """Return a time of day as HH:MM; seconds are not kept."""
    return alert_time.strftime("%H:%M")


class ChatRepository:
    """Store the chats the bot serves and their settings."""

    def __init__(self, db: Database) -> None:
        """Use the given database."""
        self._db = db

    async def get(self, chat_id: int) -> Chat | None:
        """Return the chat with this id, or None."""
        row = await self._db.fetchone("SELECT * FROM chats WHERE chat_id = ?", (chat_id,))
        return None if row is None else chat_from_row(row)

    async def ensure(
        self,
        chat_id: int,
        type: ChatType,
        language: str,
        timezone: str,
        alert_time: time,
        now: datetime,
    ) -> Chat:
        """Return the stored chat, creating it with these settings if it is new."""
        # An existing chat keeps its settings: the values given are only defaults for a new one.
        async with self._db.transaction() as conn:
            await conn.execute(
                _INSERT_IF_MISSING,
                (
                    chat_id,
                    type.value,
                    language,
                    timezone,
                    _encode_alert_time(alert_time),
                    encode_timestamp(now),
                ),
            )
            async with conn.execute("SELECT * FROM chats WHERE chat_id = ?", (chat_id,)) as cursor:
                row = await cursor.fetchone()
        if row is None:
            raise LookupError(f"chat {chat_id} vanished right after it was stored")
        return chat_from_row(row)

    async def set_active(self, chat_id: int, active: bool) -> bool:
        """Mark a chat as reachable or not; return False if the chat is unknown."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE chats SET active = ? WHERE chat_id = ?", (int(active), chat_id)
            )
            return cursor.rowcount > 0

    async def update_settings(
        self,
        chat_id: int,
        *,
        language: str | None = None,
        timezone: str | None = None,
        alert_time: time | None = None,
    ) -> Chat | None:
        """Change the settings given (None keeps one); return the chat, or None if unknown."""
        params = {
            "chat_id": chat_id,
            "language": language,
            "timezone": timezone,
            "alert_time": None if alert_time is None else _encode_alert_time(alert_time),
        }
        async with self._db.transaction() as conn:
            await conn.execute(_UPDATE_SETTINGS, params)
            async with conn.execute("SELECT * FROM chats WHERE chat_id = ?", (chat_id,)) as cursor:
                row = await cursor.fetchone()
        return None if row is None else chat_from_row(row)

    async def delete(self, chat_id: int) -> bool:
        """Forget a chat entirely; return False if it was not stored."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM chats WHERE chat_id = ?", (chat_id,))
            return cursor.rowcount > 0

    async def active(self) -> list[Chat]:
        """Return every chat the bot can still deliver to, by id."""
        rows = await self._db.fetchall("SELECT * FROM chats WHERE active = 1 ORDER BY chat_id")
        return [chat_from_row(row) for row in rows]

    async def count_by_type(self) -> dict[tuple[ChatType, bool], int]:
        """Return how many chats there are per (type, active), zero included."""
        counts = dict.fromkeys(product(ChatType, (True, False)), 0)
        rows = await self._db.fetchall(
            "SELECT type, active, count(*) FROM chats GROUP BY type, active"
        )
        for chat_type, active, count in rows:
            counts[ChatType(chat_type), bool(active)] = count
        return counts
