"""The dispatcher: each queued message is sent once; each refusal is handled as Telegram means."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta

import pytest

from bot.context import BotApplication
from bot.dispatcher import IN_FLIGHT, MAX_ATTEMPTS, Dispatcher
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.waiting import wait_for
from bot.services import Services
from storage.outbox import DeliveryKind, DeliveryState, NewDelivery, OutboxRow, digest_key
from tests.delivery.conftest import Clock, add_chat, drain


async def _queue(
    services: Services, chat_id: int, text: str = "<b>Today</b>", parts: int = 1
) -> None:
    now = services.clock()
    await services.outbox.enqueue(
        [
            NewDelivery(
                chat_id=chat_id,
                key=digest_key(chat_id, date(2026, 7, 14), part),
                kind=DeliveryKind.DIGEST,
                local_date=date(2026, 7, 14),
                text=f"{text} {part}",
                buttons=((("📇 Card", "https://t.me/solidarity_test_bot?start=p_x"),),),
                part=part,
                not_before=now,
            )
            for part in range(parts)
        ],
        now=now,
    )


async def _rows(services: Services, chat_id: int) -> list[OutboxRow]:
    return await services.outbox.rows_for(chat_id)


async def test_a_queued_message_is_sent_once_with_its_buttons(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1)

    await drain(dispatcher, clock)

    [message] = telegram_state.sent_messages(1)
    assert message.text == "Today 0"
    assert message.parse_mode == "HTML"
    assert message.button_texts == ["📇 Card"]
    [row] = await _rows(services, 1)
    assert row.state is DeliveryState.SENT
    assert row.message_id == message.message_id
    assert row.sent_at == clock.now
    assert await dispatcher.drain_once() == 0


async def test_parts_go_in_order(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1, parts=3)

    await drain(dispatcher, clock)

    assert [m.text for m in telegram_state.sent_messages(1)] == ["Today 0", "Today 1", "Today 2"]


async def test_a_blocked_chat_is_made_inactive_after_the_first_refusal(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await add_chat(services, 2)
    await _queue(services, 1, parts=3)
    await _queue(services, 2)
    telegram_state.block(1)

    await drain(dispatcher, clock)

    attempts = [
        c for c in telegram_state.calls_to("sendMessage") if c.params.get("chat_id") in (1, "1")
    ]
    assert len(attempts) == 1
    chat = await services.chats.get(1)
    assert chat is not None
    assert not chat.active
    states = [row.state for row in await _rows(services, 1)]
    assert states == [DeliveryState.FAILED, DeliveryState.CANCELLED, DeliveryState.CANCELLED]
    [first] = [r for r in await _rows(services, 1) if r.state is DeliveryState.FAILED]
    assert first.last_error is not None
    assert "Forbidden" in first.last_error
    assert len(telegram_state.sent_messages(2)) == 1


async def test_a_chat_that_no_longer_exists_is_made_inactive(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, -4005)
    await _queue(services, -4005)
    telegram_state.chat_not_found(-4005)

    await drain(dispatcher, clock)

    chat = await services.chats.get(-4005)
    assert chat is not None
    assert not chat.active


async def test_retry_after_pauses_every_send_then_delivers(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1)
    telegram_state.fail_next("sendMessage", 429, retry_after=7)
    start = clock.now

    await drain(dispatcher, clock)

    assert clock.now - start >= timedelta(seconds=7)
    calls = telegram_state.calls_to("sendMessage")
    assert [c.ok for c in calls] == [False, True]
    [row] = await _rows(services, 1)
    assert row.state is DeliveryState.SENT
    assert row.sent_at is not None
    assert row.sent_at >= start + timedelta(seconds=7)


async def test_a_migrated_group_gets_the_message_under_its_new_id(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, -4001, follows=("marfa-rabkova",))
    await _queue(services, -4001)
    telegram_state.migrate(-4001, -1001234)

    await drain(dispatcher, clock)

    assert await services.chats.get(-4001) is None
    moved = await services.chats.get(-1001234)
    assert moved is not None
    assert await services.follows.followed_by(-1001234) == ["marfa-rabkova"]
    assert [m.text for m in telegram_state.sent_messages(-1001234)] == ["Today 0"]


async def test_server_errors_are_retried_with_growing_pauses(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1)
    telegram_state.fail_next("sendMessage", 502, count=2)

    await drain(dispatcher, clock)

    [row] = await _rows(services, 1)
    assert row.state is DeliveryState.SENT
    assert row.attempts == 3
    assert len(telegram_state.sent_messages(1)) == 1


async def test_endless_server_errors_end_in_failure_with_the_error_recorded(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1)
    telegram_state.fail_next("sendMessage", 500, count=100)

    await drain(dispatcher, clock, rounds=50)

    [row] = await _rows(services, 1)
    assert row.state is DeliveryState.FAILED
    assert row.attempts == MAX_ATTEMPTS
    assert row.last_error is not None
    assert len(telegram_state.calls_to("sendMessage")) == MAX_ATTEMPTS


async def test_a_message_telegram_refuses_fails_without_retries(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1, text="<b>unclosed")

    await drain(dispatcher, clock)

    [row] = await _rows(services, 1)
    assert row.state is DeliveryState.FAILED
    assert len(telegram_state.calls_to("sendMessage")) == 1


async def test_rows_left_sending_by_a_crash_are_sent_after_a_restart(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _queue(services, 1)
    # A previous process claimed the row and died before marking it.
    await services.outbox.claim(now=clock.now, lease=timedelta(hours=1), limit=10)
    assert await dispatcher.drain_once() == 0

    assert await services.outbox.release_leases() == 1
    await drain(dispatcher, clock)

    assert len(telegram_state.sent_messages(1)) == 1


@pytest.mark.parametrize(("chat_id", "pace"), [(1, 1), (-4001, 3)])
async def test_one_chat_is_sent_to_at_its_own_pace(
    services: Services,
    dispatcher: Dispatcher,
    telegram_state: TelegramState,
    clock: Clock,
    chat_id: int,
    pace: int,
) -> None:
    await add_chat(services, chat_id)
    await add_chat(services, 2)
    await _queue(services, chat_id, parts=3)
    await _queue(services, 2)
    start = clock.now

    await drain(dispatcher, clock)

    # Private chats get at most one message a second, groups one every three seconds; another
    # chat does not wait for them.
    sends = [c for c in telegram_state.calls_to("sendMessage") if c.ok]
    to_chat = [c.at - start.timestamp() for c in sends if c.params["chat_id"] == chat_id]
    assert to_chat == [0, pace, 2 * pace]
    assert [c.at - start.timestamp() for c in sends if c.params["chat_id"] == 2] == [0]
    assert not clock.sleeps


async def test_a_chat_s_pace_survives_a_restart_of_the_dispatcher(
    services: Services,
    dispatcher: Dispatcher,
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    clock: Clock,
) -> None:
    await add_chat(services, -4001)
    await _queue(services, -4001, parts=2)
    assert await dispatcher.drain_once() == 1

    again = Dispatcher(services, delivery_app.bot, sleep=clock.sleep)
    clock.set(clock.now + timedelta(seconds=2))
    assert await again.drain_once() == 0
    assert await services.outbox.next_due(clock.now) == clock.now + timedelta(seconds=1)
    clock.set(clock.now + timedelta(seconds=1))
    assert await again.drain_once() == 1

    assert len(telegram_state.sent_messages(-4001)) == 2


async def test_the_outbox_changed_signal_wakes_an_idle_dispatcher(
    services: Services, delivery_app: BotApplication, telegram_state: TelegramState
) -> None:
    idle = asyncio.Event()

    async def sleep_until_woken(seconds: float) -> None:
        """Nothing is due: without the signal, the dispatcher would wait here for ever."""
        idle.set()
        await asyncio.Event().wait()

    dispatcher = Dispatcher(services, delivery_app.bot, sleep=sleep_until_woken)
    await add_chat(services, 1)
    task = asyncio.create_task(dispatcher.run_forever())
    try:
        await idle.wait()
        await _queue(services, 1)
        dispatcher.outbox_changed.set()
        sent = await wait_for(telegram_state, lambda: telegram_state.sent_messages(1), 30)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    assert sent is not None
    assert [m.text for m in sent] == ["Today 0"]


async def test_a_stop_during_telegram_s_pause_gives_back_what_was_not_sent(
    services: Services, delivery_app: BotApplication, telegram_state: TelegramState
) -> None:
    """Telegram asks for a long pause mid-batch, and the bot is stopped meanwhile: the sends
    waiting out the pause end at once, and their rows go back to the queue untried."""
    paused = asyncio.Event()

    async def sleep_for_ever(seconds: float) -> None:
        """The pause would outlast the stop: only the stop can end this wait."""
        paused.set()
        await asyncio.Event().wait()

    dispatcher = Dispatcher(services, delivery_app.bot, sleep=sleep_for_ever)
    chats = range(1, 11)
    for chat_id in chats:
        await add_chat(services, chat_id)
        await _queue(services, chat_id)
    telegram_state.fail_next("sendMessage", 429, retry_after=30)
    task = asyncio.create_task(dispatcher.run_forever(release_leases=False))
    await asyncio.wait_for(paused.wait(), 30)

    dispatcher.stop_sending()
    await asyncio.wait_for(task, 30)

    rows = [row for chat_id in chats for row in await _rows(services, chat_id)]
    states = {state: [r for r in rows if r.state is state] for state in DeliveryState}
    assert not states[DeliveryState.SENDING]
    assert len(states[DeliveryState.SENT]) == len(telegram_state.sent_messages())
    [refused] = [r for r in rows if r.last_error == "RetryAfter"]
    assert refused.state is DeliveryState.PENDING
    untried = [r for r in states[DeliveryState.PENDING] if r is not refused]
    # IN_FLIGHT sends at most were on their way when the pause began; the rest waited.
    assert len(untried) >= len(chats) - IN_FLIGHT
    assert {(r.attempts, r.lease_until) for r in untried} == {(0, None)}


async def test_a_clock_that_went_back_holds_no_chat_back(
    services: Services, dispatcher: Dispatcher, telegram_state: TelegramState, clock: Clock
) -> None:
    # The console moves its clock to any day; an operator's clock may be set back too.
    await add_chat(services, -4001)
    await _queue(services, -4001)
    await drain(dispatcher, clock)
    clock.set(clock.now - timedelta(days=1))
    now = clock.now
    await services.outbox.enqueue(
        [
            NewDelivery(
                chat_id=-4001,
                key="news:-4001:1",
                kind=DeliveryKind.NEWS,
                text="News",
                not_before=now,
            )
        ],
        now=now,
    )

    assert await services.outbox.next_due(now) == now
    assert await dispatcher.drain_once() == 1
    assert [m.text for m in telegram_state.sent_messages(-4001)] == ["Today 0", "News"]
