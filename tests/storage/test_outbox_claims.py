"""Claims on PostgreSQL from several workers at once: no row taken twice, none lost to a death."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta

import asyncpg
import pytest

from bot.domain.chat import ChatType
from storage.chats import ChatRepository
from storage.outbox import LEASE_EXPIRED, DeliveryKind, NewDelivery, Outbox, news_key
from storage.postgres import WRITE_LOCK, PostgresDatabase

LEASE = timedelta(minutes=2)
# A claim that waited for a lock would take this long at least: the lock is held longer.
PATIENCE = 5.0


@pytest.fixture
async def workers(postgres_url: str) -> AsyncIterator[tuple[Outbox, Outbox]]:
    """Return the outbox as two workers see it, each through a pool of its own."""
    first = await PostgresDatabase.open(postgres_url)
    second = await PostgresDatabase.open(postgres_url)
    yield Outbox(first), Outbox(second)
    await first.close()
    await second.close()


async def _queue(url: str, chats: int, now: datetime) -> None:
    async with await PostgresDatabase.open(url) as db:
        repository = ChatRepository(db)
        for chat_id in range(1, chats + 1):
            await repository.ensure(chat_id, ChatType.PRIVATE, "en", "UTC", time(9, 0), now)
        await Outbox(db).enqueue(
            [
                NewDelivery(
                    chat_id=chat_id,
                    key=news_key(chat_id, 1),
                    kind=DeliveryKind.NEWS,
                    text="Released",
                    not_before=now,
                )
                for chat_id in range(1, chats + 1)
            ],
            now=now,
        )


async def test_two_workers_claiming_at_once_take_disjoint_rows_beside_other_writers(
    workers: tuple[Outbox, Outbox], postgres_url: str, now: datetime
) -> None:
    await _queue(postgres_url, 60, now)
    first, second = workers
    writer = await asyncpg.connect(postgres_url)
    try:
        # Another worker's long write: claims do not wait for it.
        await writer.execute("SELECT pg_advisory_lock($1)", WRITE_LOCK)
        taken = await asyncio.wait_for(
            asyncio.gather(
                first.claim(now=now, lease=LEASE, limit=40),
                second.claim(now=now, lease=LEASE, limit=40),
            ),
            PATIENCE,
        )
    finally:
        await writer.close()

    ids = [{row.id for row in rows} for rows in taken]
    assert ids[0].isdisjoint(ids[1])
    assert sorted(len(one) for one in ids) == [20, 40]
    assert {row.chat_id for rows in taken for row in rows} == set(range(1, 61))


async def test_a_row_another_worker_is_taking_is_passed_over_not_waited_for(
    workers: tuple[Outbox, Outbox], postgres_url: str, now: datetime
) -> None:
    await _queue(postgres_url, 3, now)
    _, second = workers
    busy = await asyncpg.connect(postgres_url)
    try:
        # The first worker is in the middle of its claim of chat 1's row.
        async with busy.transaction():
            await busy.execute("SELECT id FROM outbox WHERE chat_id = 1 FOR UPDATE")
            passed = await asyncio.wait_for(second.claim(now=now, lease=LEASE, limit=10), PATIENCE)
        after = await second.claim(now=now, lease=LEASE, limit=10)
    finally:
        await busy.close()

    assert sorted(row.chat_id for row in passed) == [2, 3]
    assert [row.chat_id for row in after] == [1]


async def test_rows_a_dead_worker_held_come_back_when_the_lease_runs_out(
    workers: tuple[Outbox, Outbox], postgres_url: str, now: datetime
) -> None:
    await _queue(postgres_url, 2, now)
    first, second = workers
    held = await first.claim(now=now, lease=LEASE, limit=10)
    assert len(held) == 2

    assert await second.claim(now=now + LEASE - timedelta(seconds=1), lease=LEASE, limit=10) == []
    back = await second.claim(now=now + LEASE + timedelta(seconds=1), lease=LEASE, limit=10)

    assert {row.id for row in back} == {row.id for row in held}
    assert {(row.attempts, row.last_error) for row in back} == {(2, LEASE_EXPIRED)}
    assert await first.claim(now=now + LEASE + timedelta(seconds=2), lease=LEASE, limit=10) == []
