"""The outbox: idempotent queueing, claiming in order under leases, and how each row ends."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest

from bot.domain.chat import ChatType
from storage.chats import ChatRepository
from storage.database import Database
from storage.outbox import (
    INACTIVE_REASON,
    LEASE_EXPIRED,
    Buttons,
    DeliveryKind,
    DeliveryState,
    NewDelivery,
    Outbox,
    digest_key,
    news_key,
)
from tests.postgres import FOREIGN_KEY_FAILED, INTEGRITY_ERRORS

DAY = date(2025, 12, 15)
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Part:
    """One message of a digest, as the handlers render it."""

    text: str
    buttons: Buttons = ()


async def _chat(db: Database, chat_id: int, now: datetime) -> None:
    await ChatRepository(db).ensure(
        chat_id, ChatType.PRIVATE, "en", "Europe/Minsk", time(9, 0), now
    )


def _digest(
    chat_id: int, not_before: datetime, part: int = 0, local_date: date = DAY
) -> NewDelivery:
    return NewDelivery(
        chat_id=chat_id,
        key=digest_key(chat_id, local_date, part),
        kind=DeliveryKind.DIGEST,
        local_date=local_date,
        text=f"<b>Digest</b> part {part}",
        part=part,
        not_before=not_before,
    )


def _news(chat_id: int, news_id: int, not_before: datetime) -> NewDelivery:
    return NewDelivery(
        chat_id=chat_id,
        key=news_key(chat_id, news_id),
        kind=DeliveryKind.NEWS,
        text=f"News {news_id}",
        not_before=not_before,
    )


def test_keys_name_the_chat_the_subject_and_later_parts() -> None:
    assert digest_key(-100, DAY) == "digest:-100:2025-12-15"
    assert digest_key(-100, DAY, 2) == "digest:-100:2025-12-15#2"
    assert news_key(7, 31) == "news:7:31"
    with pytest.raises(ValueError, match="negative"):
        digest_key(7, DAY, -1)


async def test_a_delivery_survives_a_round_trip(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    delivery = NewDelivery(
        chat_id=7,
        key=digest_key(7, DAY),
        kind=DeliveryKind.DIGEST,
        local_date=DAY,
        text="<b>Сёння</b> & today",
        buttons=((("Write a letter", "https://example.org/a"),), (("Ўсё", "https://x.by/b"),)),
        not_before=now,
    )

    assert await Outbox(db).enqueue([delivery], now=now) == 1

    [row] = await Outbox(db).rows_for(7)
    assert (row.chat_id, row.key, row.kind, row.local_date) == (7, delivery.key, "digest", DAY)
    assert (row.text, row.buttons, row.part) == (delivery.text, delivery.buttons, 0)
    assert (row.state, row.not_before, row.created_at) == (DeliveryState.PENDING, now, now)
    assert (row.lease_until, row.attempts, row.last_error, row.error_at) == (None, 0, None, None)
    assert (row.sent_at, row.message_id) == (None, None)
    assert await Outbox(db).get(row.id) == row


async def test_the_same_key_is_queued_once(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)

    first = await outbox.enqueue([_digest(7, now), _news(7, 1, now)], now=now)
    again = await outbox.enqueue([_digest(7, now), _news(7, 1, now), _news(7, 2, now)], now=now)
    doubled = await outbox.enqueue([_news(7, 3, now), _news(7, 3, now)], now=now)

    assert (first, again, doubled) == (2, 1, 1)
    assert [row.key for row in await outbox.rows_for(7)] == [
        "digest:7:2025-12-15",
        "news:7:1",
        "news:7:2",
        "news:7:3",
    ]
    assert await outbox.enqueue([], now=now) == 0


async def test_a_day_s_digests_for_many_chats_are_queued_whole_and_once(
    db: Database, now: datetime
) -> None:
    chats = range(1, 251)
    for chat_id in chats:
        await _chat(db, chat_id, now)
    outbox = Outbox(db)
    # Chat 1 got its day's digest already; chat 2's comes in two parts.
    await outbox.enqueue([_digest(1, now)], now=now)
    buttons = ((("📇 Card", "https://t.me/bot?start=p_x"),),)
    parts = {chat_id: [Part(f"<b>Today</b> {chat_id}", buttons)] for chat_id in chats}
    parts[2].append(Part("<b>More</b>"))

    async with db.transaction() as conn:
        queued = await outbox.enqueue_digests_in(conn, DAY, parts.items(), now)
    async with db.transaction() as conn:
        again = await outbox.enqueue_digests_in(conn, DAY, parts.items(), now)

    assert (queued, again) == (250, 0)
    assert [(row.key, row.text) for row in await outbox.rows_for(1)] == [
        (digest_key(1, DAY), "<b>Digest</b> part 0")
    ]
    assert [(row.key, row.part, row.buttons) for row in await outbox.rows_for(2)] == [
        (digest_key(2, DAY), 0, buttons),
        (digest_key(2, DAY, 1), 1, ()),
    ]
    [last] = await outbox.rows_for(250)
    assert (last.kind, last.local_date, last.text, last.not_before) == (
        DeliveryKind.DIGEST,
        DAY,
        "<b>Today</b> 250",
        now,
    )
    assert await outbox.chats_with_digest((chat_id, DAY) for chat_id in chats) == set(chats)


async def test_racing_enqueues_insert_once(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)

    results = await asyncio.gather(*(outbox.enqueue([_digest(7, now)], now=now) for _ in range(5)))

    assert sorted(results) == [0, 0, 0, 0, 1]
    assert len(await outbox.rows_for(7)) == 1


async def test_enqueue_in_writes_with_the_callers_transaction(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)

    async def queue_then_fail() -> None:
        async with db.transaction() as conn:
            assert await outbox.enqueue_in(conn, [_digest(7, now)], now) == 1
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        await queue_then_fail()
    async with db.transaction() as conn:
        pass
    with pytest.raises(RuntimeError, match="open one first"):
        await outbox.enqueue_in(conn, [_digest(7, now)], now)

    assert await outbox.rows_for(7) == []


async def test_claim_waits_for_not_before(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)
    later = now + timedelta(minutes=5)
    await outbox.enqueue([_digest(7, later)], now=now)

    early = await outbox.claim(now=now, lease=LEASE, limit=10)
    just_before = await outbox.claim(now=later - timedelta(seconds=1), lease=LEASE, limit=10)
    on_time = await outbox.claim(now=later, lease=LEASE, limit=10)

    assert (early, just_before) == ([], [])
    assert [row.key for row in on_time] == [digest_key(7, DAY)]
    assert on_time[0].state is DeliveryState.SENDING
    assert (on_time[0].attempts, on_time[0].lease_until) == (1, later + LEASE)


async def test_claim_takes_the_earliest_up_to_the_limit(db: Database, now: datetime) -> None:
    outbox = Outbox(db)
    for chat_id in range(1, 6):
        await _chat(db, chat_id, now)
    # Queued in reverse, so the order comes from not_before, not from the ids.
    for chat_id in range(5, 0, -1):
        await outbox.enqueue([_digest(chat_id, now + timedelta(seconds=chat_id))], now=now)

    first = await outbox.claim(now=now + timedelta(minutes=1), lease=LEASE, limit=3)
    rest = await outbox.claim(now=now + timedelta(minutes=1), lease=LEASE, limit=3)

    assert [row.chat_id for row in first] == [1, 2, 3]
    assert [row.chat_id for row in rest] == [4, 5]
    assert await outbox.claim(now=now, lease=LEASE, limit=0) == []


async def test_a_chat_gets_one_row_at_a_time_in_part_order(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    await _chat(db, 8, now)
    outbox = Outbox(db)
    # Later parts first, so that the order comes from the part number.
    await outbox.enqueue([_digest(7, now, part) for part in (2, 1, 0)], now=now)
    await outbox.enqueue([_news(8, 1, now)], now=now)
    await outbox.enqueue([_news(7, 1, now + timedelta(seconds=1))], now=now)
    moment = now + timedelta(seconds=5)

    sent: list[str] = []
    for _ in range(6):
        claimed = await outbox.claim(now=moment, lease=LEASE, limit=10)
        assert len({row.chat_id for row in claimed}) == len(claimed)
        # Nothing more from a chat while its row is in flight.
        assert await outbox.claim(now=moment, lease=LEASE, limit=10) == []
        for row in claimed:
            await outbox.mark_sent(row.id, message_id=row.id, now=moment)
            sent.append(row.key)

    assert sent == [
        "digest:7:2025-12-15",
        "news:8:1",
        "digest:7:2025-12-15#1",
        "digest:7:2025-12-15#2",
        "news:7:1",
    ]


async def test_a_lease_keeps_a_row_until_it_expires(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)
    await outbox.enqueue([_digest(7, now), _digest(7, now, 1)], now=now)

    [first] = await outbox.claim(now=now, lease=LEASE, limit=10)
    during = await outbox.claim(now=now + LEASE - timedelta(seconds=1), lease=LEASE, limit=10)
    at_the_end = await outbox.claim(now=now + LEASE, lease=LEASE, limit=10)
    after = now + LEASE + timedelta(seconds=1)
    [again] = await outbox.claim(now=after, lease=LEASE, limit=10)

    assert (during, at_the_end) == ([], [])
    assert (first.part, first.attempts) == (0, 1)
    assert (again.id, again.part, again.attempts) == (first.id, 0, 2)
    assert again.lease_until == after + LEASE
    assert again.last_error == LEASE_EXPIRED
    assert await outbox.last_error() == (after, LEASE_EXPIRED)


async def test_claim_cancels_rows_of_inactive_chats(db: Database, now: datetime) -> None:
    chats = ChatRepository(db)
    outbox = Outbox(db)
    for chat_id in (1, 2, 3):
        await _chat(db, chat_id, now)
    await outbox.enqueue([_digest(1, now), _digest(1, now, 1)], now=now)
    await outbox.enqueue([_news(1, 5, now + timedelta(days=1))], now=now)
    await outbox.enqueue([_digest(2, now + timedelta(seconds=1))], now=now)
    await outbox.enqueue([_digest(3, now + timedelta(seconds=2))], now=now)
    await chats.set_active(1, False, now=now)

    claimed = await outbox.claim(now=now + timedelta(minutes=1), lease=LEASE, limit=2)

    assert [row.chat_id for row in claimed] == [2, 3]
    cancelled = await outbox.rows_for(1)
    assert {row.state for row in cancelled} == {DeliveryState.CANCELLED}
    assert {row.last_error for row in cancelled} == {INACTIVE_REASON}
    assert {row.attempts for row in cancelled} == {0}
    assert await outbox.last_error() is None


async def test_sent_rows_record_the_message(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)
    await outbox.enqueue([_digest(7, now)], now=now)
    [row] = await outbox.claim(now=now, lease=LEASE, limit=1)

    assert await outbox.mark_sent(row.id, message_id=991, now=now + timedelta(seconds=2))

    stored = await outbox.get(row.id)
    assert stored is not None
    assert (stored.state, stored.message_id) == (DeliveryState.SENT, 991)
    assert (stored.sent_at, stored.lease_until) == (now + timedelta(seconds=2), None)
    assert await outbox.claim(now=now + timedelta(hours=1), lease=LEASE, limit=1) == []
    assert not await outbox.mark_sent(12345, message_id=1, now=now)


async def test_retry_later_requeues_and_keeps_attempts(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)
    await outbox.enqueue([_digest(7, now)], now=now)
    [row] = await outbox.claim(now=now, lease=LEASE, limit=1)
    retry_at = now + timedelta(seconds=30)

    assert await outbox.retry_later(row.id, not_before=retry_at, error="RetryAfter", now=now)

    stored = await outbox.get(row.id)
    assert stored is not None
    assert (stored.state, stored.attempts, stored.not_before) == ("pending", 1, retry_at)
    assert (stored.last_error, stored.error_at, stored.lease_until) == ("RetryAfter", now, None)
    assert await outbox.claim(now=retry_at - timedelta(seconds=1), lease=LEASE, limit=1) == []
    [again] = await outbox.claim(now=retry_at, lease=LEASE, limit=1)
    assert (again.id, again.attempts) == (row.id, 2)
    assert await outbox.last_error() == (now, "RetryAfter")


async def test_mark_failed_ends_a_row(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)
    await outbox.enqueue([_digest(7, now), _digest(7, now, 1)], now=now)
    [row] = await outbox.claim(now=now, lease=LEASE, limit=1)
    failed_at = now + timedelta(seconds=3)

    assert await outbox.mark_failed(row.id, error="BadRequest", now=failed_at)

    stored = await outbox.get(row.id)
    assert stored is not None
    assert (stored.state, stored.last_error, stored.error_at) == ("failed", "BadRequest", failed_at)
    assert not await outbox.retry_later(row.id, not_before=now, error="late", now=now)
    assert not await outbox.mark_failed(row.id, error="again", now=now)
    # A failed part does not hold back the rest.
    [next_part] = await outbox.claim(now=failed_at, lease=LEASE, limit=1)
    assert next_part.part == 1
    assert await outbox.last_error() == (failed_at, "BadRequest")


async def test_cancel_chat_stops_what_was_not_sent(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    await _chat(db, 8, now)
    outbox = Outbox(db)
    await outbox.enqueue([_news(7, n, now + timedelta(seconds=n)) for n in (1, 2, 3)], now=now)
    await outbox.enqueue([_news(8, 1, now)], now=now)
    [other, first] = await outbox.claim(now=now + timedelta(seconds=1), lease=LEASE, limit=5)
    await outbox.mark_sent(first.id, message_id=1, now=now)
    [second] = await outbox.claim(now=now + timedelta(seconds=2), lease=LEASE, limit=5)

    cancelled = await outbox.cancel_chat(7, reason="Forbidden")

    assert (other.chat_id, first.chat_id, second.chat_id) == (8, 7, 7)
    assert cancelled == 2
    assert [(row.state, row.last_error) for row in await outbox.rows_for(7)] == [
        ("sent", None),
        ("cancelled", "Forbidden"),
        ("cancelled", "Forbidden"),
    ]
    assert not await outbox.retry_later(second.id, not_before=now, error="x", now=now)
    assert [row.state for row in await outbox.rows_for(8)] == ["sending"]
    assert await outbox.cancel_chat(404, reason="Forbidden") == 0


async def test_forgetting_a_chat_erases_its_rows(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    await _chat(db, 8, now)
    outbox = Outbox(db)
    await outbox.enqueue([_digest(7, now), _news(7, 1, now), _digest(8, now)], now=now)

    await ChatRepository(db).delete(7)

    assert await outbox.rows_for(7) == []
    assert len(await outbox.rows_for(8)) == 1
    assert await db.fetchval("SELECT count(*) FROM outbox") == 1


async def test_a_moved_chat_takes_its_rows(db: Database, now: datetime) -> None:
    await _chat(db, -5, now)
    outbox = Outbox(db)
    await outbox.enqueue([_digest(-5, now), _news(-5, 1, now)], now=now)

    await ChatRepository(db).move(-5, -1005, type=ChatType.SUPERGROUP, now=now)

    assert await outbox.rows_for(-5) == []
    moved = await outbox.rows_for(-1005)
    assert [row.key for row in moved] == [digest_key(-5, DAY), news_key(-5, 1)]
    assert await outbox.has_digest(-1005, DAY)
    assert not await outbox.has_digest(-5, DAY)
    [claimed] = await outbox.claim(now=now, lease=LEASE, limit=5)
    assert claimed.chat_id == -1005


async def test_a_foreign_key_error_writes_nothing(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    outbox = Outbox(db)

    with pytest.raises(INTEGRITY_ERRORS, match=FOREIGN_KEY_FAILED):
        await outbox.enqueue([_digest(7, now), _digest(404, now)], now=now)

    assert await outbox.rows_for(7) == []


async def test_digest_lookups_for_a_thousand_chats(db: Database, now: datetime) -> None:
    yesterday = DAY - timedelta(days=1)
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, language, timezone, alert_time, created_at) "
            "VALUES (?, 'private', 'en', 'Europe/Minsk', '09:00', ?)",
            [(chat_id, now.isoformat()) for chat_id in range(1, 1001)],
        )
    outbox = Outbox(db)
    evens = {chat_id for chat_id in range(1, 1001) if chat_id % 2 == 0}
    odds = set(range(1, 1001)) - evens
    threes = {chat_id for chat_id in range(1, 1001) if chat_id % 3 == 0}
    await outbox.enqueue([_digest(chat_id, now) for chat_id in sorted(evens)], now=now)
    await outbox.enqueue([_digest(c, now, 1) for c in sorted(evens) if c % 4 == 0], now=now)
    await outbox.enqueue([_digest(c, now, local_date=yesterday) for c in sorted(odds)], now=now)
    await outbox.enqueue([_news(chat_id, 1, now) for chat_id in sorted(threes)], now=now)
    await outbox.cancel_chat(2, reason="Forbidden")

    today = await outbox.chats_with_digest((chat_id, DAY) for chat_id in range(1, 1001))
    mixed = await outbox.chats_with_digest(
        (chat_id, DAY if chat_id <= 500 else yesterday) for chat_id in range(1, 1001)
    )

    assert today == evens
    assert mixed == {c for c in evens if c <= 500} | {c for c in odds if c > 500}
    assert await outbox.chats_with_digest_on(DAY) == evens
    assert await outbox.chats_with_digest_on(yesterday) == odds
    assert await outbox.chats_with_digest_on(DAY + timedelta(days=1)) == set()
    assert await outbox.chats_with_digest([]) == set()
    assert await outbox.has_digest(2, DAY)
    assert await outbox.has_digest(3, yesterday)
    assert not await outbox.has_digest(3, DAY)
    assert not await outbox.has_digest(1001, DAY)


async def test_counts_describe_the_queue(db: Database, now: datetime) -> None:
    for chat_id in (1, 2, 3):
        await _chat(db, chat_id, now)
    outbox = Outbox(db)
    empty = await outbox.counts()
    await outbox.enqueue([_digest(c, now) for c in (1, 2, 3)], now=now)
    await outbox.enqueue([_digest(1, now, local_date=DAY - timedelta(days=1))], now=now)
    await outbox.enqueue([_news(2, 1, now)], now=now)
    claimed = await outbox.claim(now=now, lease=LEASE, limit=2)
    await outbox.mark_sent(claimed[0].id, message_id=1, now=now)

    assert empty == dict.fromkeys(DeliveryState, 0)
    assert await outbox.counts() == {
        DeliveryState.PENDING: 3,
        DeliveryState.SENDING: 1,
        DeliveryState.SENT: 1,
        DeliveryState.FAILED: 0,
        DeliveryState.CANCELLED: 0,
    }
    # Claimed were the digests of chats 1 and 2 for DAY (the earliest ids); chat 1's was sent.
    assert await outbox.counts_for_day(DeliveryKind.DIGEST, DAY) == {
        DeliveryState.PENDING: 1,
        DeliveryState.SENDING: 1,
        DeliveryState.SENT: 1,
        DeliveryState.FAILED: 0,
        DeliveryState.CANCELLED: 0,
    }
    assert sum((await outbox.counts_for_day(DeliveryKind.NEWS, DAY)).values()) == 0
    assert await outbox.pending_count() == 3


async def test_next_due_tells_the_dispatcher_how_long_to_sleep(db: Database, now: datetime) -> None:
    await _chat(db, 7, now)
    await _chat(db, 8, now)
    outbox = Outbox(db)
    later = now + timedelta(minutes=10)

    assert await outbox.next_due(now) is None
    await outbox.enqueue([_news(8, 1, later)], now=now)
    assert await outbox.next_due(now) == later
    await outbox.enqueue([_digest(7, now - timedelta(minutes=1))], now=now)
    assert await outbox.next_due(now) == now
    await outbox.enqueue([_digest(7, now, 1)], now=now)
    await outbox.claim(now=now, lease=LEASE, limit=1)
    # Part 1 waits for part 0, in flight until its lease runs out at the latest.
    assert await outbox.next_due(now) == now + LEASE + timedelta(seconds=1)
    assert await outbox.next_due(now + timedelta(hours=1)) == now + timedelta(hours=1)
