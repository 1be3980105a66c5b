"""The letter_marks table: "I wrote", once per chat, person and month.

The marks weigh /write's suggestions (the people with the fewest letters this month come first)
and tell operators who gets the fewest letters; they are never shown per chat. A chat's marks go
with the chat (/forget): the foreign key cascades.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from cachetools import TTLCache

from bot.domain.letters.follow_up import Arrival, ArrivalCounts, FollowUps, Mark
from storage.sql import Connection, SQLDatabase
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


# How long a facility's answers are kept in memory for its cards.
ARRIVALS_KEPT_SECONDS = 600

_ARRIVALS_BY_FACILITY = """
SELECT facility,
       sum(CASE WHEN answer = 'reply' THEN 1 ELSE 0 END),
       sum(CASE WHEN answer = 'returned' THEN 1 ELSE 0 END),
       sum(CASE WHEN answer = 'no-news' THEN 1 ELSE 0 END)
FROM letter_marks
WHERE answer IS NOT NULL AND facility IS NOT NULL AND written_on >= ?
GROUP BY facility
ORDER BY count(*) DESC, facility
LIMIT ?
"""


def _counts(by_answer: dict[str, int]) -> ArrivalCounts:
    return ArrivalCounts(
        by_answer.get(Arrival.REPLY, 0),
        by_answer.get(Arrival.RETURNED, 0),
        by_answer.get(Arrival.NO_NEWS, 0),
    )


class LetterRepository:
    """Store which chats wrote to whom, month by month."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db
        # Every card of a person in prison shows its facility's answers: they change seldom, so
        # each facility's are read at most once in ARRIVALS_KEPT_SECONDS (and again after an
        # answer given here).
        self._arrivals: TTLCache[tuple[str, date], ArrivalCounts] = TTLCache(
            1024, ttl=ARRIVALS_KEPT_SECONDS
        )

    async def mark(
        self, chat_id: int, prisoner_id: str, *, today: date, now: datetime
    ) -> MarkOutcome:
        """Record that the chat wrote to the person this month (`today`: the chat's local day)."""
        async with self._db.transaction() as conn:
            row = await conn.fetchone(
                "SELECT (SELECT count(*) FROM chats WHERE chat_id = ?),"
                " (SELECT count(*) FROM prisoners WHERE id = ?),"
                " (SELECT facility FROM prisoners WHERE id = ?)",
                (chat_id, prisoner_id, prisoner_id),
            )
            chat_known, person_known, facility = row or (0, 0, None)
            if not chat_known:
                return MarkOutcome.UNKNOWN_CHAT
            if not person_known:
                return MarkOutcome.UNKNOWN_PERSON
            # The facility of the day: answers about arrival count for where the letter went.
            inserted = await conn.execute(
                "INSERT INTO letter_marks"
                " (chat_id, prisoner_id, month, written_on, created_at, facility)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id, prisoner_id, month) DO NOTHING",
                (
                    chat_id,
                    prisoner_id,
                    month_of(today),
                    today.isoformat(),
                    encode_timestamp(now),
                    facility,
                ),
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

    async def follow_up_marks(self, chat_ids: Iterable[int], since: date) -> dict[int, list[Mark]]:
        """Return, per chat of `chat_ids` that has any, its marks written on `since` or later."""
        rows = await self._db.fetchall(
            "SELECT chat_id, prisoner_id, month, written_on, reminded_on, asked_on, answer"
            " FROM letter_marks WHERE written_on >= ?"
            " AND chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))",
            (since.isoformat(), json.dumps(list(chat_ids))),
        )
        found: dict[int, list[Mark]] = {}
        for chat_id, prisoner_id, month, written_on, reminded_on, asked_on, answer in rows:
            found.setdefault(chat_id, []).append(
                Mark(
                    prisoner_id,
                    month,
                    date.fromisoformat(written_on),
                    None if reminded_on is None else date.fromisoformat(reminded_on),
                    None if asked_on is None else date.fromisoformat(asked_on),
                    None if answer is None else Arrival(answer),
                )
            )
        return found

    async def note_follow_ups_in(
        self, conn: Connection, told: Iterable[tuple[int, FollowUps]], today: date
    ) -> None:
        """Record, in the caller's transaction, what the chats' messages of `today` said."""
        day = today.isoformat()
        reminded: list[tuple[str, int, str, str]] = []
        asked: list[tuple[str, int, str, str]] = []
        for chat_id, said in told:
            reminded += [(day, chat_id, w.prisoner_id, w.month) for w in said.write_again]
            if said.question is not None:
                asked.append((day, chat_id, said.question.prisoner_id, said.question.month))
        if reminded:
            await conn.run_many(
                "UPDATE letter_marks SET reminded_on = ?"
                " WHERE chat_id = ? AND prisoner_id = ? AND month = ?",
                reminded,
            )
        if asked:
            await conn.run_many(
                "UPDATE letter_marks SET asked_on = ?"
                " WHERE chat_id = ? AND prisoner_id = ? AND month = ?",
                asked,
            )

    async def answer(
        self, chat_id: int, prisoner_id: str, month: str, answer: Arrival, today: date
    ) -> bool:
        """Record what became of a letter (a later answer replaces one given before).

        Return False when the chat has no such mark (taken back, or the chat forgotten).
        """
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE letter_marks SET answer = ?, answered_on = ?"
                " WHERE chat_id = ? AND prisoner_id = ? AND month = ?",
                (answer.value, today.isoformat(), chat_id, prisoner_id, month),
            )
        self._arrivals.clear()
        return changed > 0

    async def arrivals(self, facility: str, since: date) -> ArrivalCounts:
        """Return the answers about letters written to `facility` on `since` or later."""
        kept = self._arrivals.get((facility, since))
        if kept is not None:
            return kept
        rows = await self._db.fetchall(
            "SELECT answer, count(*) FROM letter_marks"
            " WHERE facility = ? AND written_on >= ? AND answer IS NOT NULL GROUP BY answer",
            (facility, since.isoformat()),
        )
        counts = self._arrivals[facility, since] = _counts({row[0]: int(row[1]) for row in rows})
        return counts

    async def arrivals_by_facility(
        self, since: date, limit: int
    ) -> list[tuple[str, ArrivalCounts]]:
        """Return the facilities with the most answers since `since`, with their answers."""
        rows = await self._db.fetchall(_ARRIVALS_BY_FACILITY, (since.isoformat(), limit))
        return [(row[0], ArrivalCounts(int(row[1]), int(row[2]), int(row[3]))) for row in rows]

    async def forget_chat(self, chat_id: int) -> int:
        """Erase a chat's marks; return how many there were."""
        async with self._db.transaction() as conn:
            return await conn.execute("DELETE FROM letter_marks WHERE chat_id = ?", (chat_id,))
