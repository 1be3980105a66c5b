"""Each chat's pace, as the outbox keeps it: to the second, never faster, gone with the chat."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.chat import ChatType
from bot.services import Services
from storage.outbox import DeliveryKind, NewDelivery, digest_key
from tests.delivery.conftest import Clock, add_chat

LEASE = timedelta(minutes=2)


async def _queue_two(services: Services, chat_id: int) -> None:
    now = services.clock()
    await services.outbox.enqueue(
        [
            NewDelivery(
                chat_id=chat_id,
                key=digest_key(chat_id, date(2026, 3, 25), part),
                kind=DeliveryKind.DIGEST,
                local_date=date(2026, 3, 25),
                text=f"Part {part}",
                part=part,
                not_before=now,
            )
            for part in range(2)
        ],
        now=now,
    )


async def _send_first(services: Services, chat_id: int, waits: timedelta) -> None:
    now = services.clock()
    [row] = await services.outbox.claim(now=now, lease=LEASE, limit=10)
    assert row.chat_id == chat_id
    await services.outbox.mark_sent(row.id, message_id=1, now=now, chat_waits_until=now + waits)


async def _paced_chats(services: Services) -> list[int]:
    return [row[0] for row in await services.db.fetchall("SELECT chat_id FROM outbox_pacing")]


async def test_a_pace_ends_on_the_whole_second_after_it(services: Services, clock: Clock) -> None:
    clock.set(clock.now + timedelta(milliseconds=300))
    await add_chat(services, 1)
    await _queue_two(services, 1)

    await _send_first(services, 1, timedelta(seconds=1))

    # Sent at 06:00:00.3, one a second: not at 06:00:01.0, which is 0.7 s later.
    paced_until = clock.now.replace(microsecond=0) + timedelta(seconds=2)
    assert await services.outbox.next_due(clock.now) == paced_until
    early = paced_until - timedelta(seconds=1)
    assert await services.outbox.claim(now=early, lease=LEASE, limit=10) == []
    [row] = await services.outbox.claim(now=paced_until, lease=LEASE, limit=10)
    assert row.text == "Part 1"


async def test_a_chat_s_pace_moves_with_it_and_goes_with_it(
    services: Services, clock: Clock
) -> None:
    await add_chat(services, -4001, chat_type=ChatType.GROUP)
    await _queue_two(services, -4001)
    await _send_first(services, -4001, timedelta(seconds=3))

    await services.chats.move(-4001, -1001234, type=ChatType.SUPERGROUP, now=clock.now)
    assert await services.outbox.next_due(clock.now) == clock.now + timedelta(seconds=3)
    assert await _paced_chats(services) == [-1001234]

    await services.chats.delete(-1001234)
    assert await _paced_chats(services) == []
