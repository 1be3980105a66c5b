"""The chats table: where the bot may send, and with which settings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from typing import NamedTuple, TypedDict

from bot.domain.chat import AlertKind, Chat, ChatType
from storage.audit import forget_admin_in
from storage.campaigns import forget_chat_in
from storage.chat_states import forget_chat_states_in
from storage.sql import Connection, Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp

_INSERT_IF_MISSING = """
INSERT INTO chats (chat_id, type, language, timezone, alert_time, active, created_at)
VALUES (?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (chat_id) DO NOTHING
RETURNING *
"""

_UPDATE_SETTINGS = """
UPDATE chats SET
    language = coalesce(:language, language),
    timezone = coalesce(:timezone, timezone),
    alert_time = coalesce(:alert_time, alert_time),
    kinds = coalesce(:kinds, kinds),
    paused = coalesce(:paused, paused),
    follow_all = coalesce(:follow_all, follow_all),
    write_again_weeks = CASE WHEN :write_again_set THEN :write_again_weeks
                        ELSE write_again_weeks END,
    -- What today's message holds may have changed: the planner looks at the chat again (a
    -- message already made for today is never made twice).
    planned_on = CASE WHEN :replan THEN NULL ELSE planned_on END,
    updated_at = :updated_at
WHERE chat_id = :chat_id
"""


async def unplan_in(conn: Connection, chat_id: int) -> None:
    """Let the chat's daily message be made again today, in the caller's transaction."""
    await conn.execute("UPDATE chats SET planned_on = NULL WHERE chat_id = ?", (chat_id,))


_MERGE_FOLLOWS = """
INSERT INTO follows (chat_id, prisoner_id, created_at)
SELECT :old, prisoner_id, created_at FROM follows WHERE chat_id = :new
ON CONFLICT DO NOTHING
"""


# Sums of CASEs, so that both backends count alike (an empty table: NULL, read as 0).
_COUNTS = """
SELECT
    sum(CASE WHEN active = 1 THEN 1 ELSE 0 END),
    sum(CASE WHEN active = 1 THEN 0 ELSE 1 END),
    sum(CASE WHEN type = ? THEN 1 ELSE 0 END),
    sum(CASE WHEN type IN (?, ?) THEN 1 ELSE 0 END),
    sum(CASE WHEN type = ? THEN 1 ELSE 0 END)
FROM chats
"""
_COUNTED_TYPES = (ChatType.PRIVATE, ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL)


class ChatCounts(NamedTuple):
    """How many chats there are: reachable or not, and private, groups and channels."""

    active: int
    inactive: int
    private: int
    groups: int
    channels: int


class Recipient(NamedTuple):
    """A chat as the planner makes its daily message: its settings and whom it follows."""

    chat_id: int
    language: str
    kinds: frozenset[AlertKind]
    follow_all: bool
    # The ids of the people the chat follows one by one.
    follows: tuple[str, ...]
    # The local date of the last daily message made. None for a new chat, or for one planned
    # again after a change: only such a chat may have today's message already.
    planned_on: date | None
    # Weeks after an "I wrote" before a nudge to write again; None: the bot's default, 0: off.
    write_again_weeks: int | None = None
    # A channel's readers cannot say "I wrote" for it: its messages carry no such button.
    is_channel: bool = False


# The planner reads every chat once a day: only the columns it uses, and the chat's follows in
# one column (prisoner ids hold only a-z, 0-9 and '-', so a comma separates them safely).
_RECIPIENTS = """
SELECT chat_id, language, kinds, follow_all,
       (SELECT group_concat(prisoner_id, ',') FROM follows AS f WHERE f.chat_id = chats.chat_id),
       planned_on, write_again_weeks, type
FROM chats WHERE chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) ORDER BY chat_id
"""


class Default(Enum):
    """A setting left as it is, where None means something (the bot's default)."""

    KEEP = "keep"


KEEP = Default.KEEP


class SettingsChange(TypedDict, total=False):
    """Settings to change in one go; those not given stay as they are."""

    language: str
    timezone: str
    alert_time: time
    kinds: frozenset[AlertKind]
    paused: bool
    follow_all: bool
    write_again_weeks: int


def chat_from_row(row: Row) -> Chat:
    """Return the chat a row of the chats table stores."""
    return Chat(
        chat_id=row["chat_id"],
        type=ChatType(row["type"]),
        language=row["language"],
        timezone=row["timezone"],
        alert_time=_alert_time(row["alert_time"]),
        active=bool(row["active"]),
        created_at=decode_timestamp(row["created_at"]),
        kinds=_decode_kinds(row["kinds"]),
        paused=bool(row["paused"]),
        follow_all=bool(row["follow_all"]),
        updated_at=decode_timestamp(row["updated_at"]) if row["updated_at"] else None,
        write_again_weeks=row["write_again_weeks"],
    )


# Kinds a later release no longer knows are ignored rather than refused.
_KIND_NAMES = frozenset(kind.value for kind in AlertKind)


# The planner reads many chats at once; they share a handful of settings, decoded once each.
@cache
def _decode_kinds(text: str) -> frozenset[AlertKind]:
    return frozenset(AlertKind(k) for k in json.loads(text) if k in _KIND_NAMES)


@cache
def _alert_time(text: str) -> time:
    return time.fromisoformat(text)


@cache
def _planned_on(text: str) -> date:
    return date.fromisoformat(text)


def _encode_kinds(kinds: Iterable[AlertKind]) -> str:
    return json.dumps(sorted(kind.value for kind in kinds))


def _encode_alert_time(alert_time: time) -> str:
    """Return a time of day as HH:MM; seconds are not kept."""
    return alert_time.strftime("%H:%M")


class ChatRepository:
    """Store the chats the bot serves and their settings."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def get(self, chat_id: int) -> Chat | None:
        """Return the chat with this id, or None."""
        row = await self._db.fetch_keyed("SELECT * FROM chats WHERE chat_id = ?", (chat_id,))
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
        added = await self._db.write_one(
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
        # Nothing returned: the chat was there already (stored meanwhile by another update).
        row = (
            added[0]
            if added
            else await self._db.fetch_keyed("SELECT * FROM chats WHERE chat_id = ?", (chat_id,))
        )
        if row is None:
            raise LookupError(f"chat {chat_id} vanished right after it was stored")
        return chat_from_row(row)

    async def set_active(self, chat_id: int, active: bool, *, now: datetime) -> bool:
        """Mark a chat as reachable or not; return False if the chat is unknown."""
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE chats SET active = ?, updated_at = ? WHERE chat_id = ?",
                (int(active), encode_timestamp(now), chat_id),
            )
            return changed > 0

    async def update_settings(
        self,
        chat_id: int,
        *,
        now: datetime,
        language: str | None = None,
        timezone: str | None = None,
        alert_time: time | None = None,
        kinds: Iterable[AlertKind] | None = None,
        paused: bool | None = None,
        follow_all: bool | None = None,
        write_again_weeks: int | Default | None = KEEP,
    ) -> Chat | None:
        """Change the settings given (None keeps one); return the chat, or None if unknown.

        `write_again_weeks` is kept unless given; None gives the chat the bot's default back.
        """
        params = {
            "chat_id": chat_id,
            "language": language,
            "timezone": timezone,
            "alert_time": None if alert_time is None else _encode_alert_time(alert_time),
            "kinds": None if kinds is None else _encode_kinds(kinds),
            "paused": None if paused is None else int(paused),
            "follow_all": None if follow_all is None else int(follow_all),
            "write_again_set": write_again_weeks is not KEEP,
            "write_again_weeks": None if write_again_weeks is KEEP else write_again_weeks,
            "updated_at": encode_timestamp(now),
            "replan": any(value is not None for value in (timezone, alert_time, kinds, follow_all)),
        }
        async with self._db.transaction() as conn:
            await conn.execute(_UPDATE_SETTINGS, params)
            row = await conn.fetchone("SELECT * FROM chats WHERE chat_id = ?", (chat_id,))
        return None if row is None else chat_from_row(row)

    async def move(self, old_id: int, new_id: int, *, type: ChatType, now: datetime) -> bool:
        """Give a chat a new id (a group became a supergroup); return False if old_id is unknown."""
        async with self._db.transaction() as conn:
            if await conn.fetchone("SELECT 1 FROM chats WHERE chat_id = ?", (old_id,)) is None:
                return False
            # A group that became a supergroup: its old row takes the new id and keeps everything
            # else. If the new id already has a row (a member wrote in the supergroup first), that
            # fresh row gives way after its follows are merged in: the chat moves with its follows,
            # the children of its row.
            if new_id != old_id:
                # Without this guard the chat would delete itself, follows and all.
                await conn.execute(_MERGE_FOLLOWS, {"old": old_id, "new": new_id})
                await conn.execute("DELETE FROM chats WHERE chat_id = ?", (new_id,))
            # Follows move with the chat: their foreign key cascades on update.
            await conn.execute(
                "UPDATE chats SET chat_id = ?, type = ?, updated_at = ? WHERE chat_id = ?",
                (new_id, type.value, encode_timestamp(now), old_id),
            )
        return True

    async def planning_zones(self) -> list[str]:
        """Return the time zones of the chats that may get a daily message."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT timezone FROM chats WHERE active = 1 AND paused = 0"
        )
        return [row[0] for row in rows]

    async def due_in_zone(self, timezone: str, local_date: date, local_time: time) -> list[int]:
        """Return the ids of a time zone's chats whose alert time has come on an unplanned day.

        The ids come in order, as one JSON array rather than a row per chat: at a day's first run
        that is every chat.
        """
        found = await self._db.fetchval(
            "SELECT json_group_array(chat_id) FROM chats"
            " WHERE timezone = ? AND active = 1 AND paused = 0"
            " AND alert_time <= ? AND (planned_on IS NULL OR planned_on < ?)",
            (timezone, _encode_alert_time(local_time), local_date.isoformat()),
        )
        return sorted(json.loads(found)) if isinstance(found, str) else []

    async def recipients(self, chat_ids: Iterable[int]) -> list[Recipient]:
        """Return the chats with these ids as the planner makes their messages, by id."""
        rows = await self._db.fetchall(_RECIPIENTS, (json.dumps(list(chat_ids)),))
        return [
            Recipient(
                chat_id,
                language,
                _decode_kinds(kinds),
                bool(follow_all),
                () if follows is None else tuple(follows.split(",")),
                None if planned_on is None else _planned_on(planned_on),
                write_again_weeks,
                chat_type == ChatType.CHANNEL,
            )
            for (
                chat_id,
                language,
                kinds,
                follow_all,
                follows,
                planned_on,
                write_again_weeks,
                chat_type,
            ) in rows
        ]

    async def mark_planned_in(self, conn: Connection, planned: Iterable[tuple[int, date]]) -> None:
        """Record, in the caller's transaction, the local date each chat's message was made for."""
        by_date: dict[date, list[int]] = {}
        for chat_id, local_date in planned:
            by_date.setdefault(local_date, []).append(chat_id)
        # One statement per date: the planner marks a thousand chats at a time.
        for local_date, chat_ids in by_date.items():
            await conn.execute(
                "UPDATE chats SET planned_on = ?"
                " WHERE chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))",
                (local_date.isoformat(), json.dumps(chat_ids)),
            )

    async def plan_again(self) -> int:
        """Let every chat's daily message be made again, as when the clock was moved back.

        The outbox's keys still let each chat have one message per local day; return how many
        chats were marked as planned.
        """
        async with self._db.transaction() as conn:
            return await conn.execute(
                "UPDATE chats SET planned_on = NULL WHERE planned_on IS NOT NULL"
            )

    async def following_everyone(self) -> list[Chat]:
        """Return the active chats that follow everyone in prison."""
        rows = await self._db.fetchall(
            "SELECT * FROM chats WHERE follow_all = 1 AND active = 1 ORDER BY chat_id"
        )
        return [chat_from_row(row) for row in rows]

    async def by_ids(self, chat_ids: Iterable[int]) -> list[Chat]:
        """Return the stored chats with these ids, by id."""
        rows = await self._db.fetchall(
            "SELECT * FROM chats WHERE chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))"
            " ORDER BY chat_id",
            (json.dumps(list(chat_ids)),),
        )
        return [chat_from_row(row) for row in rows]

    async def delete(self, chat_id: int) -> bool:
        """Forget a chat entirely; return False if it was not stored.

        Follows and queued messages go with it (foreign keys cascade). A private chat's id is its
        person's user id: an operator who asks to be forgotten leaves no audit entries either, and
        the campaigns they sent stay, no longer naming them or their chat (0 is nobody).
        """
        async with self._db.transaction() as conn:
            deleted = await conn.execute("DELETE FROM chats WHERE chat_id = ?", (chat_id,))
            await forget_admin_in(conn, chat_id)
            await forget_chat_in(conn, chat_id)
            # Not tied to the chats row: a chat may page a list without storing its settings.
            await forget_chat_states_in(conn, chat_id)
            return deleted > 0

    async def active(self) -> list[Chat]:
        """Return every chat the bot can still deliver to, by id."""
        rows = await self._db.fetchall("SELECT * FROM chats WHERE active = 1 ORDER BY chat_id")
        return [chat_from_row(row) for row in rows]

    async def counts(self) -> ChatCounts:
        """Return how many chats there are, active or not and of each kind, in one reading."""
        row = await self._db.fetchone(_COUNTS, tuple(kind.value for kind in _COUNTED_TYPES))
        return ChatCounts(*(int(value or 0) for value in row or (0,) * 5))
