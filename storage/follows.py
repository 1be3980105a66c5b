"""The follows table: which chats follow which people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.chats import unplan_in
from storage.sql import SQLDatabase
from storage.timestamps import encode_timestamp


class FollowOutcome(StrEnum):
    """What happened when a chat asked to follow someone."""

    FOLLOWED = "followed"
    ALREADY = "already"
    LIMIT = "limit"
    UNKNOWN_PERSON = "unknown-person"
    UNKNOWN_CHAT = "unknown-chat"


@dataclass(frozen=True, slots=True)
class FollowResult:
    """The outcome of a follow and how many people the chat follows afterwards."""

    outcome: FollowOutcome
    count: int


class FollowRepository:
    """Store who each chat follows."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def follow(
        self, chat_id: int, prisoner_id: str, *, limit: int, now: datetime
    ) -> FollowResult:
        """Follow a person unless the chat already does or follows `limit` people already."""
        async with self._db.transaction() as conn:
            row = await conn.fetchone(
                "SELECT (SELECT count(*) FROM chats WHERE chat_id = :chat),"
                " (SELECT count(*) FROM prisoners WHERE id = :person),"
                " (SELECT count(*) FROM follows WHERE chat_id = :chat AND prisoner_id = :person),"
                " (SELECT count(*) FROM follows WHERE chat_id = :chat)",
                {"chat": chat_id, "person": prisoner_id},
            )
            chat_known, person_known, already, count = row or (0, 0, 0, 0)
            if not chat_known:
                return FollowResult(FollowOutcome.UNKNOWN_CHAT, 0)
            if not person_known:
                return FollowResult(FollowOutcome.UNKNOWN_PERSON, count)
            if already:
                return FollowResult(FollowOutcome.ALREADY, count)
            if count >= limit:
                return FollowResult(FollowOutcome.LIMIT, count)
            await conn.execute(
                "INSERT INTO follows (chat_id, prisoner_id, created_at) VALUES (?, ?, ?)",
                (chat_id, prisoner_id, encode_timestamp(now)),
            )
            # Today may be a day that matters for the person just followed: plan the chat again.
            await unplan_in(conn, chat_id)
        return FollowResult(FollowOutcome.FOLLOWED, count + 1)

    async def unfollow(self, chat_id: int, prisoner_id: str) -> bool:
        """Stop following a person; return False if the chat did not follow them."""
        async with self._db.transaction() as conn:
            deleted = await conn.execute(
                "DELETE FROM follows WHERE chat_id = ? AND prisoner_id = ?", (chat_id, prisoner_id)
            )
            return deleted > 0

    async def is_following(self, chat_id: int, prisoner_id: str) -> bool:
        """Tell whether the chat follows this person one by one."""
        row = await self._db.fetch_keyed(
            "SELECT 1 FROM follows WHERE chat_id = ? AND prisoner_id = ?", (chat_id, prisoner_id)
        )
        return row is not None

    async def followed_by(self, chat_id: int) -> list[str]:
        """Return the ids of the people a chat follows, the earliest follow first."""
        rows = await self._db.fetchall(
            "SELECT prisoner_id FROM follows WHERE chat_id = ? ORDER BY created_at, prisoner_id",
            (chat_id,),
        )
        return [row[0] for row in rows]

    async def count(self, chat_id: int) -> int:
        """Return how many people a chat follows one by one."""
        return await self._count("SELECT count(*) FROM follows WHERE chat_id = ?", (chat_id,))

    async def followers(self, prisoner_id: str) -> list[int]:
        """Return the chats that follow this person one by one, active or not."""
        rows = await self._db.fetchall(
            "SELECT chat_id FROM follows WHERE prisoner_id = ? ORDER BY chat_id", (prisoner_id,)
        )
        return [row[0] for row in rows]

    async def total(self) -> int:
        """Return the number of follows across all chats."""
        return await self._count("SELECT count(*) FROM follows", ())

    async def _count(self, sql: str, params: tuple[object, ...]) -> int:
        value = await self._db.fetchval(sql, params)
        if not isinstance(value, int):
            raise TypeError(f"a count returned {value!r}")
        return value
