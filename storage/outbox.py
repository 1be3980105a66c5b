"""The outbox: every message the bot plans to send, until it is sent, fails or is cancelled.

A row's life::

    pending --claim--> sending --mark_sent--> sent
       ^                  |----mark_failed--> failed
       |---retry_later----|
       |---lease expired--|      (the process died mid-send; the next claim takes it back)
    pending/sending --cancel_chat, or claim finding the chat inactive--> cancelled

Each row has a unique `key`, so planning the same message twice inserts it once. Build keys with
`delivery_key` (or `digest_key` / `news_key`): part 0 of a message is `<kind>:<chat>:<subject>`,
and part n > 0 of a long one appends `#n`, because every part is a row and the key is unique
across all rows. A key keeps the chat id it was planned for even after the chat moves to a new
id, so "does this chat already have today's digest" is asked by chat id and local date
(`has_digest`, `chats_with_digest`), never by rebuilding a key.

Parts go in order and each chat has at most one message in flight: `claim` takes, per chat, only
the chat's lowest pending row (by not_before, part, id), and nothing from a chat that has a row
being sent. Each chat also has its own pace: `mark_sent` may say when the chat may next be sent
to (table `outbox_pacing`, a row per chat while that moment is ahead), and until then `claim`
takes nothing of the chat and `next_due` counts with it. All of it is on the caller's clock; a
pace set at what is now the future (the clock went back) holds nothing back.

On PostgreSQL a claim does not wait for other writers (storage.postgres): claimers in several
workers may run at once, each locking the rows it takes (`FOR UPDATE SKIP LOCKED`) and passing
over the rows another holds, so no row is taken twice; a lease that runs out (its worker died)
puts the row back for whichever claims next.

Once finished (sent, failed or cancelled) a row is kept OUTBOX_KEEP_DAYS, then `purge_finished`
deletes it; the planner runs that once a day.

`last_error` holds an error class or a short description, never message text. Delivery errors
(`retry_later`, `mark_failed`, an expired lease) also stamp `error_at`; a cancellation stores its
reason in `last_error` without a time, since it is no delivery error itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from itertools import chain
from typing import Protocol

from bot.domain.buttons import Button, Buttons, CallbackButton
from storage.sql import Connection, Dialect, Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp

# Why claim cancels a row whose chat can no longer be reached.
INACTIVE_REASON = "chat inactive"
# What claim records when a row's lease ran out before it was marked.
LEASE_EXPIRED = "lease expired"


class DeliveryKind(StrEnum):
    """What a delivery is."""

    DIGEST = "digest"
    NEWS = "news"
    CAMPAIGN = "campaign"


class DeliveryState(StrEnum):
    """Where a delivery stands."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


def delivery_key(kind: DeliveryKind, chat_id: int, subject: str, part: int = 0) -> str:
    """Return the idempotency key of one part of a message: `<kind>:<chat>:<subject>[#<part>]`."""
    if part < 0:
        raise ValueError(f"part must not be negative, got {part}")
    base = f"{kind.value}:{chat_id}:{subject}"
    return base if part == 0 else f"{base}#{part}"


def digest_key(chat_id: int, local_date: date, part: int = 0) -> str:
    """Return the key of a chat's digest for a local day: `digest:<chat>:<YYYY-MM-DD>[#<part>]`."""
    return delivery_key(DeliveryKind.DIGEST, chat_id, local_date.isoformat(), part)


def news_key(chat_id: int, news_id: int, part: int = 0) -> str:
    """Return the key of one news item sent to one chat: `news:<chat>:<news id>[#<part>]`."""
    return delivery_key(DeliveryKind.NEWS, chat_id, str(news_id), part)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewDelivery:
    """A message to queue for one chat; `not_before` is when it may go out, at the earliest."""

    chat_id: int
    key: str
    kind: DeliveryKind
    text: str
    not_before: datetime
    local_date: date | None = None
    buttons: Buttons = ()
    part: int = 0


class DigestPart(Protocol):
    """One message of a digest, as handlers render it: HTML text and rows of buttons."""

    @property
    def text(self) -> str: ...

    @property
    def buttons(self) -> Buttons: ...


@dataclass(frozen=True, slots=True)
class SentMark:
    """A row Telegram took: its message id, when, and when its chat may get the next one."""

    row_id: int
    message_id: int | None
    sent_at: datetime
    chat_waits_until: datetime


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One stored delivery, decoded."""

    id: int
    chat_id: int
    key: str
    kind: DeliveryKind
    local_date: date | None
    text: str
    buttons: Buttons
    part: int
    state: DeliveryState
    not_before: datetime
    lease_until: datetime | None
    attempts: int
    last_error: str | None
    error_at: datetime | None
    sent_at: datetime | None
    message_id: int | None
    created_at: datetime


# Rows are inserted a hundred to a statement (900 variables: under the 999 that any SQLite
# allows), each statement one step for SQLite: half the time of a statement a row, measured on the
# weekly prompt's hundred thousand rows.
_ROWS_PER_INSERT = 100
_INSERT_COLUMNS = """
INSERT INTO outbox (chat_id, key, kind, local_date, text, buttons, part, state, not_before,
                    created_at)
VALUES """
_INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"

# {lock}: see _CLAIM_LOCK; a row another claimer is requeueing or taking is left to it.
_REQUEUE_EXPIRED = """
UPDATE outbox SET state = 'pending', lease_until = NULL, last_error = :error, error_at = :now
WHERE id IN (
    SELECT o.id FROM outbox AS o WHERE o.state = 'sending' AND o.lease_until < :now{lock}
)
"""

# Per chat, only the first row still to send, none while another is in flight, and none before
# the chat's pace allows.
_CLAIMABLE = """
SELECT o.id, o.chat_id, c.active FROM outbox AS o JOIN chats AS c ON c.chat_id = o.chat_id
WHERE o.state = 'pending' AND o.not_before <= :now
  AND NOT EXISTS (
      SELECT 1 FROM outbox AS e
      WHERE e.chat_id = o.chat_id AND e.state IN ('pending', 'sending')
        AND (e.state = 'sending' OR (e.not_before, e.part, e.id) < (o.not_before, o.part, o.id))
  )
  AND NOT EXISTS (
      SELECT 1 FROM outbox_pacing AS p
      WHERE p.chat_id = o.chat_id AND p.sent_at <= :now AND p.not_before > :now
  )
ORDER BY o.not_before, o.id
LIMIT :limit{lock}
"""
# PostgreSQL: claimers in other processes run at the same time (see Outbox.claim). Each locks
# the rows it takes and passes over rows another has locked, instead of waiting for them.
_CLAIM_LOCK = {Dialect.SQLITE: "", Dialect.POSTGRESQL: "\nFOR UPDATE OF o SKIP LOCKED"}


@cache
def _claiming(dialect: Dialect) -> tuple[str, str]:
    """Return the statements that requeue expired leases and find claimable rows."""
    lock = _CLAIM_LOCK[dialect]
    return _REQUEUE_EXPIRED.replace("{lock}", lock), _CLAIMABLE.replace("{lock}", lock)


# A chat's pace only matters from its send until its moment: claim forgets the rest.
_FORGET_PACES = "DELETE FROM outbox_pacing WHERE not_before <= :now OR sent_at > :now"

# After a send: the chat's next message waits until then.
_MARK_SENT = (
    "UPDATE outbox SET state = 'sent', sent_at = ?, message_id = ?, lease_until = NULL WHERE id = ?"
)

_PACE_CHAT = """
INSERT INTO outbox_pacing (chat_id, sent_at, not_before)
SELECT chat_id, :now, :until FROM outbox WHERE id = :id
ON CONFLICT (chat_id) DO UPDATE SET sent_at = excluded.sent_at, not_before = excluded.not_before
"""

_CANCEL_CHATS = """
UPDATE outbox SET state = 'cancelled', lease_until = NULL, last_error = :reason, error_at = NULL
WHERE state IN ('pending', 'sending')
  AND chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each(:chats))
"""

_LINK_CAMPAIGN = """
INSERT INTO campaign_deliveries (campaign_id, outbox_id)
SELECT :campaign, id FROM outbox WHERE key IN (SELECT value FROM json_each(:keys))
ON CONFLICT DO NOTHING
"""

# A row being sent may still be marked sent by the dispatcher: that is what happened to it.
_CANCEL_CAMPAIGN = """
UPDATE outbox SET state = 'cancelled', lease_until = NULL, last_error = :reason, error_at = NULL
WHERE state IN ('pending', 'sending')
  AND id IN (SELECT outbox_id FROM campaign_deliveries WHERE campaign_id = :campaign)
"""

_MARK_SENDING = """
UPDATE outbox SET state = 'sending', attempts = attempts + 1, lease_until = :lease_until
WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(:ids))
"""

_RELEASE = """
UPDATE outbox SET state = 'pending', lease_until = NULL,
                  attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
WHERE state = 'sending' AND id IN (SELECT CAST(value AS BIGINT) FROM json_each(:ids))
"""

_SELECT_IDS = """
SELECT * FROM outbox WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))
ORDER BY not_before, id
"""

# Asked once per local day among the pairs: the planner's chats share a day or two.
_DIGESTED_ON = """
SELECT DISTINCT chat_id FROM outbox
WHERE kind = 'digest' AND local_date = ?
  AND chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?))
"""

# How many finished rows one transaction of `purge_finished` deletes.
PURGE_BATCH = 2000

# A finished row's last change: when it was sent, when it last failed, or when it was queued (a
# cancellation is not dated). Rows of a campaign still scheduled stay: its progress counts them.
_PURGEABLE = """
  AND coalesce(sent_at, '') < :before AND coalesce(error_at, '') < :before
  AND created_at < :before
  AND (kind <> 'digest' OR local_date < :keep_digests_from)
  AND NOT EXISTS (
      SELECT 1 FROM campaign_deliveries AS d JOIN campaigns AS c ON c.id = d.campaign_id
      WHERE d.outbox_id = outbox.id AND c.state = 'scheduled'
  )
"""
# Sent and failed rows went out after their not_before, so it bounds the search in outbox_due;
# cancelled rows may have been due later than they changed, and are few.
_PURGE = tuple(
    f"DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE {where} {_PURGEABLE}"  # noqa: S608
    " LIMIT :batch)"
    for where in (
        "state = 'sent' AND not_before < :before",
        "state = 'failed' AND not_before < :before",
        "state = 'cancelled'",
    )
)

# The soonest moment claim could return a row: a due row of a chat with nothing in flight, when
# the chat's pace allows it, or the second after a lease runs out. The first query walks the
# rows of chats not held back by their pace (nearly all of them) in order; the second looks at
# the few chats being paced.
_NEXT_PENDING = """
SELECT o.not_before FROM outbox AS o
WHERE o.state = 'pending'
  AND NOT EXISTS (SELECT 1 FROM outbox AS s WHERE s.chat_id = o.chat_id AND s.state = 'sending')
  AND NOT EXISTS (
      SELECT 1 FROM outbox_pacing AS p
      WHERE p.chat_id = o.chat_id AND p.sent_at <= :now AND p.not_before > o.not_before
  )
ORDER BY o.not_before
LIMIT 1
"""
# The later of the two moments, as a CASE: SQLite's two-argument max() is PostgreSQL's greatest().
_NEXT_PACED = """
SELECT min(CASE WHEN o.not_before > p.not_before THEN o.not_before ELSE p.not_before END)
FROM outbox_pacing AS p
JOIN outbox AS o ON o.chat_id = p.chat_id AND o.state = 'pending'
WHERE p.sent_at <= :now
  AND NOT EXISTS (SELECT 1 FROM outbox AS s WHERE s.chat_id = p.chat_id AND s.state = 'sending')
"""


class Outbox:
    """Queue deliveries, hand them out to the dispatcher, and record how each ended."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def enqueue(self, deliveries: Iterable[NewDelivery], *, now: datetime) -> int:
        """Queue deliveries in one transaction, skipping stored keys; return how many are new."""
        batch = list(deliveries)
        if not batch:
            return 0
        async with self._db.transaction() as conn:
            return await self.enqueue_in(conn, batch, now)

    async def enqueue_in(
        self, conn: Connection, deliveries: Iterable[NewDelivery], now: datetime
    ) -> int:
        """Queue deliveries in the caller's open transaction; return how many were new."""
        if not conn.in_transaction:
            raise RuntimeError("enqueue_in writes inside Database.transaction(); open one first")
        created_at = encode_timestamp(now)
        rows = [(*_delivery_to_row(delivery), created_at) for delivery in deliveries]
        return await self._insert(conn, rows)

    async def enqueue_digests_in(
        self,
        conn: Connection,
        local_date: date,
        digests: Iterable[tuple[int, Sequence[DigestPart]]],
        now: datetime,
    ) -> int:
        """Queue each chat's digest for `local_date`, due now, in the caller's open transaction.

        `digests` holds (chat id, parts); every part is a row, keyed with `digest_key`. Return
        how many rows were new.
        """
        if not conn.in_transaction:
            raise RuntimeError("enqueue_digests_in writes inside Database.transaction()")
        # The weekly prompt makes a row for every chat: no NewDelivery is built for each.
        stamp, day = encode_timestamp(now), local_date.isoformat()
        rows = [
            (
                chat_id,
                digest_key(chat_id, local_date, part),
                DeliveryKind.DIGEST.value,
                day,
                message.text,
                _encode_buttons(message.buttons),
                part,
                stamp,
                stamp,
            )
            for chat_id, parts in digests
            for part, message in enumerate(parts)
        ]
        return await self._insert(conn, rows)

    async def _insert(self, conn: Connection, rows: Sequence[tuple[object, ...]]) -> int:
        """Insert rows (in _INSERT_ROW's order) skipping stored keys; return how many were new."""
        full = len(rows) - len(rows) % _ROWS_PER_INSERT
        inserted = 0
        if full:
            inserted += await conn.executemany(
                _insert_sql(_ROWS_PER_INSERT),
                [
                    _flat(rows[start : start + _ROWS_PER_INSERT])
                    for start in range(0, full, _ROWS_PER_INSERT)
                ],
            )
        if full < len(rows):
            inserted += await conn.execute(_insert_sql(len(rows) - full), _flat(rows[full:]))
        return inserted

    async def purge_finished(
        self, *, older_than: datetime, keep_digests_from: date, batch: int = PURGE_BATCH
    ) -> int:
        """Delete sent, failed and cancelled rows last changed before `older_than`; return how many.

        Pending and sending rows always stay, and so do digests for `keep_digests_from` or later
        (a chat may still be on that day: its digest keeps it from getting a second one) and the
        rows of campaigns still scheduled (their progress counts them). Each batch of `batch`
        rows is deleted in its own short transaction.
        """
        if batch <= 0:
            raise ValueError(f"the batch must be positive, got {batch}")
        params = {
            "before": encode_timestamp(older_than),
            "keep_digests_from": keep_digests_from.isoformat(),
            "batch": batch,
        }
        purged = 0
        for sql in _PURGE:
            while True:
                async with self._db.transaction() as conn:
                    deleted = await conn.execute(sql, params)
                purged += deleted
                if deleted < batch:
                    break
        return purged

    async def claim(self, *, now: datetime, lease: timedelta, limit: int) -> list[OutboxRow]:
        """Take up to `limit` due rows, at most one per chat, and lease them until now + lease.

        Rows whose lease ran out go back to pending first (and may be taken again at once);
        pending rows of inactive chats are cancelled instead of taken.
        """
        if limit <= 0:
            return []
        if lease <= timedelta(0):
            raise ValueError(f"the lease must be positive, got {lease}")
        stamp = encode_timestamp(now)
        claimed: list[int] = []
        # Not serialised with other writers: the rows taken are locked, and a claimer in another
        # process passes over them. A row of a chat with a row in flight is never claimable, so
        # two claimers never take two parts of one chat's message either.
        async with self._db.transaction(serialised=False) as conn:
            requeue, claimable = _claiming(conn.dialect)
            await conn.execute(requeue, {"now": stamp, "error": LEASE_EXPIRED})
            await conn.execute(_FORGET_PACES, {"now": stamp})
            while len(claimed) < limit:
                found = await conn.fetchall(
                    claimable, {"now": stamp, "limit": limit - len(claimed)}
                )
                if not found:
                    break
                inactive = sorted({row["chat_id"] for row in found if not row["active"]})
                ids = [row["id"] for row in found if row["active"]]
                if ids:
                    await conn.execute(
                        _MARK_SENDING,
                        {
                            "ids": json.dumps(ids),
                            "lease_until": encode_timestamp(now + lease),
                        },
                    )
                    claimed.extend(ids)
                if not inactive:
                    break
                # Their rows are gone from the queue now; look again to fill the places.
                await conn.execute(
                    _CANCEL_CHATS, {"chats": json.dumps(inactive), "reason": INACTIVE_REASON}
                )
            rows = await conn.fetchall(_SELECT_IDS, (json.dumps(claimed),))
        return [_row_from_db(row) for row in rows]

    async def release(self, row_ids: Sequence[int]) -> int:
        """Give back rows claimed but not sent (the sender stops): pending again, due as before.

        The claim's attempt is undone, since nothing was tried. Rows no longer being sent (a
        cancellation came first) are left as they are. Return how many went back.
        """
        if not row_ids:
            return 0
        async with self._db.transaction() as conn:
            return await conn.execute(_RELEASE, {"ids": json.dumps(list(row_ids))})

    async def release_leases(self) -> int:
        """Return every row being sent to pending: at start-up, no send can still be in flight."""
        async with self._db.transaction() as conn:
            return await conn.execute(
                "UPDATE outbox SET state = 'pending', lease_until = NULL WHERE state = 'sending'"
            )

    async def mark_sent(
        self,
        row_id: int,
        *,
        message_id: int | None,
        now: datetime,
        chat_waits_until: datetime | None = None,
    ) -> bool:
        """Record that the row was delivered; return False if the row is gone.

        With `chat_waits_until`, nothing more goes to the row's chat before that moment (stored
        to the second, rounded up, so the pace is never faster than asked).
        """
        async with self._db.transaction() as conn:
            changed = await conn.execute(_MARK_SENT, (encode_timestamp(now), message_id, row_id))
            if changed > 0 and chat_waits_until is not None:
                await conn.execute(_PACE_CHAT, _pace(row_id, now, chat_waits_until))
            return changed > 0

    async def mark_sent_many(self, marks: Sequence[SentMark]) -> None:
        """Record, in one transaction, that these rows were delivered (see `mark_sent`).

        Rows gone meanwhile (their chat forgotten) are passed over.
        """
        if not marks:
            return
        async with self._db.transaction() as conn:
            await conn.run_many(
                _MARK_SENT,
                [(encode_timestamp(m.sent_at), m.message_id, m.row_id) for m in marks],
            )
            await conn.run_many(
                _PACE_CHAT, [_pace(m.row_id, m.sent_at, m.chat_waits_until) for m in marks]
            )

    async def retry_later(
        self, row_id: int, *, not_before: datetime, error: str, now: datetime
    ) -> bool:
        """Put a row being sent back in the queue until not_before; attempts are kept.

        Return False if the row is gone or no longer pending or sending (say, cancelled meanwhile).
        """
        return await self._update(
            "UPDATE outbox SET state = 'pending', not_before = ?, lease_until = NULL, "
            "last_error = ?, error_at = ? WHERE id = ? AND state IN ('pending', 'sending')",
            (encode_timestamp(not_before), error, encode_timestamp(now), row_id),
        )

    async def mark_failed(self, row_id: int, *, error: str, now: datetime) -> bool:
        """Give up on a row; return False if it is gone or no longer pending or sending."""
        return await self._update(
            "UPDATE outbox SET state = 'failed', lease_until = NULL, last_error = ?, error_at = ? "
            "WHERE id = ? AND state IN ('pending', 'sending')",
            (error, encode_timestamp(now), row_id),
        )

    async def cancel_chat(self, chat_id: int, *, reason: str) -> int:
        """Cancel every pending or in-flight row of a chat; return how many were cancelled."""
        async with self._db.transaction() as conn:
            return await conn.execute(
                _CANCEL_CHATS, {"chats": json.dumps([chat_id]), "reason": reason}
            )

    # -- campaigns (rows linked to a campaign in campaign_deliveries) ----------------------

    async def enqueue_campaign_in(
        self,
        conn: Connection,
        campaign_id: int,
        deliveries: Iterable[NewDelivery],
        now: datetime,
    ) -> int:
        """Queue a campaign's deliveries in the caller's transaction, linked to the campaign."""
        batch = list(deliveries)
        queued = await self.enqueue_in(conn, batch, now)
        await conn.execute(
            _LINK_CAMPAIGN,
            {"campaign": campaign_id, "keys": json.dumps([delivery.key for delivery in batch])},
        )
        return queued

    async def cancel_campaign_in(self, conn: Connection, campaign_id: int, *, reason: str) -> int:
        """Cancel a campaign's rows not sent yet, in the caller's transaction; return how many."""
        if not conn.in_transaction:
            raise RuntimeError("cancel_campaign_in writes inside Database.transaction()")
        return await conn.execute(_CANCEL_CAMPAIGN, {"campaign": campaign_id, "reason": reason})

    async def counts_for_campaign(self, campaign_id: int) -> dict[DeliveryState, int]:
        """Return how many of a campaign's rows are in each state, zero included."""
        return await self._counts(
            "SELECT o.state, count(*) FROM campaign_deliveries AS d"
            " JOIN outbox AS o ON o.id = d.outbox_id WHERE d.campaign_id = ? GROUP BY o.state",
            (campaign_id,),
        )

    async def has_digest(self, chat_id: int, local_date: date) -> bool:
        """Tell whether a digest for this chat and local day was ever queued, in any state."""
        found = await self._db.fetchone(
            "SELECT 1 FROM outbox WHERE kind = 'digest' AND local_date = ? AND chat_id = ? LIMIT 1",
            (local_date.isoformat(), chat_id),
        )
        return found is not None

    async def chats_with_digest(self, pairs: Iterable[tuple[int, date]]) -> set[int]:
        """Return the chat ids, among (chat id, local day) pairs, that have that day's digest."""
        by_day: dict[str, list[int]] = {}
        for chat_id, local_date in pairs:
            by_day.setdefault(local_date.isoformat(), []).append(chat_id)
        found: set[int] = set()
        for day, chat_ids in by_day.items():
            rows = await self._db.fetchall(_DIGESTED_ON, (day, json.dumps(chat_ids)))
            found.update(row[0] for row in rows)
        return found

    async def chats_with_digest_on(self, local_date: date) -> set[int]:
        """Return the ids of the chats that have a digest for this local day, in any state."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT chat_id FROM outbox WHERE kind = 'digest' AND local_date = ?",
            (local_date.isoformat(),),
        )
        return {row[0] for row in rows}

    async def counts(self) -> dict[DeliveryState, int]:
        """Return how many rows are in each state, zero included."""
        return await self._counts("SELECT state, count(*) FROM outbox GROUP BY state", ())

    async def counts_for_day(
        self, kind: DeliveryKind, local_date: date
    ) -> dict[DeliveryState, int]:
        """Return how many rows of a kind for one local day are in each state, zero included."""
        return await self._counts(
            "SELECT state, count(*) FROM outbox WHERE kind = ? AND local_date = ? GROUP BY state",
            (kind.value, local_date.isoformat()),
        )

    async def pending_count(self) -> int:
        """Return how many rows wait to be sent (not counting those being sent)."""
        value = await self._db.fetchval("SELECT count(*) FROM outbox WHERE state = 'pending'")
        return value if isinstance(value, int) else 0

    async def last_error(self) -> tuple[datetime, str] | None:
        """Return the latest delivery error and when it happened, or None if there was none."""
        row = await self._db.fetchone(
            "SELECT error_at, last_error FROM outbox WHERE error_at IS NOT NULL "
            "ORDER BY error_at DESC, id DESC LIMIT 1"
        )
        if row is None:
            return None
        return decode_timestamp(row[0]), str(row[1])

    async def rows_for(self, chat_id: int) -> list[OutboxRow]:
        """Return every row of a chat, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return [_row_from_db(row) for row in rows]

    async def get(self, row_id: int) -> OutboxRow | None:
        """Return one row, or None."""
        row = await self._db.fetchone("SELECT * FROM outbox WHERE id = ?", (row_id,))
        return None if row is None else _row_from_db(row)

    async def next_due(self, now: datetime) -> datetime | None:
        """Return when `claim` may next find work (`now` if it may now), or None if never.

        That is the earliest not_before of a pending row whose chat has nothing in flight (or,
        if later, the moment the chat's pace allows), or the moment a lease runs out; the
        dispatcher may sleep until then unless it is woken earlier.
        """
        stamp = {"now": encode_timestamp(now)}
        pending = await self._db.fetchval(_NEXT_PENDING, stamp)
        paced = await self._db.fetchval(_NEXT_PACED, stamp)
        lease = await self._db.fetchval(
            "SELECT min(lease_until) FROM outbox WHERE state = 'sending'"
        )
        moments: list[datetime] = []
        for moment in (pending, paced):
            if isinstance(moment, str):
                moments.append(decode_timestamp(moment))
        if isinstance(lease, str):
            # claim takes a lease back once it is strictly in the past, to the second.
            moments.append(decode_timestamp(lease) + timedelta(seconds=1))
        if not moments:
            return None
        return max(min(moments), now)

    async def _update(self, sql: str, params: tuple[object, ...]) -> bool:
        async with self._db.transaction() as conn:
            return await conn.execute(sql, params) > 0

    async def _counts(self, sql: str, params: tuple[object, ...]) -> dict[DeliveryState, int]:
        counts = dict.fromkeys(DeliveryState, 0)
        for state, count in await self._db.fetchall(sql, params):
            counts[DeliveryState(state)] = count
        return counts


@cache
def _insert_sql(rows: int) -> str:
    """Return the statement that inserts `rows` rows, skipping keys already stored."""
    return _INSERT_COLUMNS + ", ".join([_INSERT_ROW] * rows) + " ON CONFLICT (key) DO NOTHING"


def _flat(rows: Sequence[tuple[object, ...]]) -> tuple[object, ...]:
    return tuple(chain.from_iterable(rows))


def _delivery_to_row(delivery: NewDelivery) -> tuple[object, ...]:
    """Return the column values that queue a delivery, in _INSERT_ROW's order."""
    if delivery.part < 0:
        raise ValueError(f"{delivery.key}: part must not be negative")
    return (
        delivery.chat_id,
        delivery.key,
        delivery.kind.value,
        None if delivery.local_date is None else delivery.local_date.isoformat(),
        delivery.text,
        _encode_buttons(delivery.buttons),
        delivery.part,
        encode_timestamp(delivery.not_before),
    )


def _row_from_db(row: Row) -> OutboxRow:
    """Return the delivery a row of the outbox table stores."""
    return OutboxRow(
        id=row["id"],
        chat_id=row["chat_id"],
        key=row["key"],
        kind=DeliveryKind(row["kind"]),
        local_date=None if row["local_date"] is None else date.fromisoformat(row["local_date"]),
        text=row["text"],
        buttons=_decode_buttons(row["buttons"]),
        part=row["part"],
        state=DeliveryState(row["state"]),
        not_before=decode_timestamp(row["not_before"]),
        lease_until=_decode_optional(row["lease_until"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        error_at=_decode_optional(row["error_at"]),
        sent_at=_decode_optional(row["sent_at"]),
        message_id=row["message_id"],
        created_at=decode_timestamp(row["created_at"]),
    )


# Chat after chat, the weekly prompt's rows share their buttons: each set is encoded once.
@lru_cache(maxsize=4096)
def _encode_buttons(buttons: Buttons) -> str:
    """Return button rows as JSON: rows of {"text", "url"} or {"text", "callback_data"}."""
    return json.dumps(
        [[_encode_button(button) for button in row] for row in buttons], ensure_ascii=False
    )


def _encode_button(button: Button) -> dict[str, str]:
    if isinstance(button, CallbackButton):
        return {"text": button.text, "callback_data": button.data}
    text, url = button
    return {"text": text, "url": url}


def _decode_buttons(text: str) -> Buttons:
    """Return the button rows _encode_buttons wrote."""
    return tuple(tuple(_decode_button(button) for button in row) for row in json.loads(text))


def _decode_button(button: dict[str, str]) -> Button:
    if "callback_data" in button:
        return CallbackButton(str(button["text"]), str(button["callback_data"]))
    return str(button["text"]), str(button["url"])


def _decode_optional(text: str | None) -> datetime | None:
    return None if text is None else decode_timestamp(text)


def _pace(row_id: int, sent_at: datetime, chat_waits_until: datetime) -> dict[str, object]:
    """Return _PACE_CHAT's values: the row's chat gets nothing more before the moment given.

    The moment is stored to the second, rounded up, so the pace is never faster than asked.
    """
    until = _whole_second_after(max(chat_waits_until, sent_at))
    return {"id": row_id, "now": encode_timestamp(sent_at), "until": encode_timestamp(until)}


def _whole_second_after(moment: datetime) -> datetime:
    """Return the moment itself if it falls on a whole second, else the next whole second."""
    if moment.microsecond == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=1)
