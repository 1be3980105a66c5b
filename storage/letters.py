"""The letter_marks table: "I wrote", once per chat, person and month.

The marks weigh /write's suggestions (the people with the fewest letters this month come first)
and tell operators who gets the fewest letters; they are never shown per chat. A chat's marks go
with the chat (/forget): the foreign key cascades.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from storage.sql import SQLDatabase
from storage.timestamps import encode_timestamp


def month_of(day: date) -> str:
    """Return the month a mark made on `day` counts for, as stored: YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"


class MarkOutcome(StrEnum):
    """What happened when a chat said it wrote to someone."""

    MARKED = "marked"
    ALREADY = "already"
    UNKNOWN_PERSON = "unknown-person"
    UNKNOWN_CHAT = "unknown-chat"


@dataclass(frozen=True, slots=True)
class Written:
    """How many chats said they wrote to a person in a month."""

    prisoner_id: str
    marks: int


_FEWEST = """
SELECT p.id, count(m.chat_id) AS marks
FROM prisoners p
LEFT JOIN letter_marks m ON m.prisoner_id = p.id AND m.month = ?
WHERE p.status = 'imprisoned' AND p.letters <> 'no'
GROUP BY p.id
ORDER BY marks, p.id
LIMIT ?
"""


class LetterRepository:
    """Store which chats wrote to whom, month by month."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def mark(
        self, chat_id: int, prisoner_id: str, *, today: date, now: datetime
    ) -> MarkOutcome:
        """Record that the chat wrote to the person this month (`today`: the chat's local day)."""
        async with self._db.transaction() as conn:
            row = await conn.fetchone(
                "SELECT (SELECT count(*) FROM chats WHERE chat_id = ?),"
                " (SELECT count(*) FROM prisoners WHERE id = ?)",
                (chat_id, prisoner_id),
            )
            chat_known, person_known = row or (0, 0)
            if not chat_known:
                return MarkOutcome.UNKNOWN_CHAT
            if not person_known:
                return MarkOutcome.UNKNOWN_PERSON
            inserted = await conn.execute(
                "INSERT INTO letter_marks (chat_id, prisoner_id, month, written_on, created_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id, prisoner_id, month) DO NOTHING",
                (chat_id, prisoner_id, month_of(today), today.isoformat(), encode_timestamp(now)),
            )
            return MarkOutcome.MARKED if inserted > 0 else MarkOutcome.ALREADY

    async def unmark(self, chat_id: int, prisoner_id: str, month: str) -> bool:
        """Take back a mark of this month ("Undo"); return False if there was none."""
        async with self._db.transaction() as conn:
            deleted = await conn.execute(
                "DELETE FROM letter_marks WHERE chat_id = ? AND prisoner_id = ? AND month = ?",
                (chat_id, prisoner_id, month),
            )
            return deleted > 0

    async def has_mark(self, chat_id: int, prisoner_id: str, month: str) -> bool:
        """Tell whether the chat said it wrote to the person in this month."""
        value = await self._db.fetchval(
            "SELECT count(*) FROM letter_marks WHERE chat_id = ? AND prisoner_id = ? AND month = ?",
            (chat_id, prisoner_id, month),
        )
        return isinstance(value, int) and value > 0

    async def counts(self, month: str) -> dict[str, int]:
        """Return, per person with any, how many chats wrote to them in the month."""
        rows = await self._db.fetchall(
            "SELECT prisoner_id, count(*) FROM letter_marks WHERE month = ? GROUP BY prisoner_id",
            (month,),
        )
        return {row[0]: int(row[1]) for row in rows}

    async def written_since(self, chat_id: int, since: date) -> set[str]:
        """Return the people the chat marked on `since` or later."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT prisoner_id FROM letter_marks WHERE chat_id = ? AND written_on >= ?",
            (chat_id, since.isoformat()),
        )
        return {row[0] for row in rows}

    async def fewest(self, month: str, limit: int) -> list[Written]:
        """Return the people in prison whose letters may reach them with the fewest marks.

        Counts across all chats, for operators: the fewest first, then by id.
        """
        rows = await self._db.fetchall(_FEWEST, (month, limit))
        return [Written(row[0], int(row[1])) for row in rows]

    async def forget_chat(self, chat_id: int) -> int:
        """Erase a chat's marks; return how many there were."""
        async with self._db.transaction() as conn:
            return await conn.execute("DELETE FROM letter_marks WHERE chat_id = ?", (chat_id,))
