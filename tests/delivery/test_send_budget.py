"""One budget for everything the bot sends: replies and queued messages together stay within
Telegram's limits, and a RetryAfter reaches the outbox.

The fake Telegram enforces the limits here as Telegram does, on the real clock (30 messages a
second in all, one a second per private chat), and answers 429 beyond them; so the bot runs with
its rate limiter as `solidarity-bot run` builds it, and the dispatcher on the real clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.dispatcher import Dispatcher
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from storage.outbox import DeliveryKind, DeliveryState, NewDelivery, digest_key
from tests.delivery.conftest import add_chat

QUEUED_CHATS = range(5001, 5041)
PEOPLE_WRITING = range(6001, 6021)


@pytest.fixture
def limited_state() -> TelegramState:
    state = TelegramState()
    state.enforce_flood_limits(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    return state


@pytest.fixture
async def limited_bot(
    settings: Settings, limited_state: TelegramState
) -> AsyncIterator[BotApplication]:
    # Below Telegram's 30 by more than a busy machine's hiccups: the limiter paces the calls,
    # but a call may reach the fake a little later than its turn.
    budget = settings.model_copy(update={"send_rate_per_second": 25.0})
    application = build_application(budget, request=FakeRequest(limited_state), deliver=False)
    async with running_application(application):
        yield application


async def _queue_for(application: BotApplication, chats: range) -> Dispatcher:
    """Queue one message for each of the chats; return the dispatcher that sends them."""
    services = application.bot_data.services
    now = services.clock()
    for chat_id in chats:
        await add_chat(services, chat_id)
    await services.outbox.enqueue(
        [
            NewDelivery(
                chat_id=chat_id,
                key=digest_key(chat_id, date(2026, 3, 25)),
                kind=DeliveryKind.DIGEST,
                local_date=date(2026, 3, 25),
                text="Today",
                not_before=now,
            )
            for chat_id in chats
        ],
        now=now,
    )
    return Dispatcher(services, application.bot)


async def _send_all(dispatcher: Dispatcher) -> None:
    while await dispatcher.drain_once():
        pass


async def test_replies_and_queued_messages_share_one_budget(
    limited_bot: BotApplication, limited_state: TelegramState
) -> None:
    """Forty queued messages go out while twenty people write to the bot at once: every one of
    them gets the message or the answer, and Telegram refuses none."""
    services = limited_bot.bot_data.services
    dispatcher = await _queue_for(limited_bot, QUEUED_CHATS)
    people = [SimulatedUser(limited_bot, limited_state, user_id) for user_id in PEOPLE_WRITING]

    replies = await asyncio.gather(
        _send_all(dispatcher), *(person.send("/help") for person in people)
    )

    assert limited_state.flood is not None
    assert limited_state.flood.throttled_total == 0, limited_state.flood.throttled
    assert all(len(answers) == 1 for answers in replies[1:])
    assert (await services.outbox.counts())[DeliveryState.SENT] == len(QUEUED_CHATS)


async def test_a_retry_after_passes_the_budget_and_pauses_the_outbox(
    limited_bot: BotApplication, limited_state: TelegramState
) -> None:
    """Telegram refuses the first send with "retry after 1": the rate limiter does not retry it
    by itself but hands it to the outbox, which puts the message back for after the pause."""
    services = limited_bot.bot_data.services
    now = services.clock()
    await add_chat(services, 5001)
    await services.outbox.enqueue(
        [
            NewDelivery(
                chat_id=5001,
                key=digest_key(5001, date(2026, 3, 25)),
                kind=DeliveryKind.DIGEST,
                local_date=date(2026, 3, 25),
                text="Today",
                not_before=now,
            )
        ],
        now=now,
    )
    limited_state.fail_next("sendMessage", 429, retry_after=1)

    assert await Dispatcher(services, limited_bot.bot).drain_once() == 1

    [row] = await services.outbox.rows_for(5001)
    assert (row.state, row.last_error) == (DeliveryState.PENDING, "RetryAfter")
    assert len(limited_state.calls_to("sendMessage")) == 1


def test_without_paid_broadcasts_the_outbox_keeps_to_telegram_s_free_rate(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """An operator who raised SEND_RATE_PER_SECOND without PAID_BROADCAST is told once, at
    start, that queued messages go out at most at Telegram's free rate; with paid broadcasts
    the setting applies to them."""
    fast = settings.model_copy(update={"send_rate_per_second": 200.0})
    paid = fast.model_copy(update={"paid_broadcast": True})

    with caplog.at_level(logging.WARNING, logger="bot.app"):
        build_application(fast, request=FakeRequest(TelegramState()), deliver=False)
        build_application(paid, request=FakeRequest(TelegramState()), deliver=False)

    [warning] = [r.getMessage() for r in caplog.records if "SEND_RATE_PER_SECOND" in r.getMessage()]
    assert "PAID_BROADCAST=true" in warning
    assert (fast.outbox_rate, paid.outbox_rate) == (30.0, 200.0)
    assert (settings.outbox_rate, settings.paid_broadcast) == (29.5, False)


async def test_queued_messages_are_paid_broadcasts_only_when_turned_on(
    settings: Settings, limited_state: TelegramState
) -> None:
    for paid, chats in ((False, range(7001, 7004)), (True, range(7101, 7104))):
        turned = settings.model_copy(update={"paid_broadcast": paid})
        application = build_application(turned, request=FakeRequest(limited_state), deliver=False)
        writer = chats[-1] + 1
        async with running_application(application):
            await _send_all(await _queue_for(application, chats))
            # A reply is never paid for.
            [answer] = await SimulatedUser(application, limited_state, writer).send("/help")
        flags = [
            call.params.get("allow_paid_broadcast")
            for call in limited_state.calls_to("sendMessage")
            if call.params["chat_id"] in (*chats, writer)
        ]
        assert flags == ([True] * len(chats) if paid else [None] * len(chats)) + [None]
        assert answer.chat_id == writer


async def test_paid_broadcasts_go_past_the_free_rate_at_send_rate_and_no_faster(
    settings: Settings,
) -> None:
    """With PAID_BROADCAST and SEND_RATE_PER_SECOND=100, two hundred queued messages go out as
    paid broadcasts to a Telegram that takes 30 free messages a second and, for this test, 130
    paid ones: none is refused. Bursts (python-telegram-bot lets paid broadcasts through at up
    to 1000 a second) would break the 130; free sends would be too slow to be paid ones."""
    state = TelegramState()
    flood = state.enforce_flood_limits(per_second=30, paid_per_second=130)
    paid = settings.model_copy(update={"paid_broadcast": True, "send_rate_per_second": 100.0})
    application = build_application(paid, request=FakeRequest(state), deliver=False)
    async with running_application(application):
        await _send_all(await _queue_for(application, range(8001, 8201)))

    assert flood.throttled_total == 0, flood.throttled
    assert (flood.accepted, flood.accepted_paid) == (200, 200)


async def test_without_paid_broadcasts_queued_messages_keep_to_the_free_rate(
    settings: Settings,
) -> None:
    """SEND_RATE_PER_SECOND=200 without PAID_BROADCAST: sixty queued messages go to a Telegram
    that takes 30 free messages a second, and none is refused, for they keep to its rate."""
    state = TelegramState()
    # A little over 30, for a busy machine's hiccups: a send may reach it after its turn.
    flood = state.enforce_flood_limits(per_second=34)
    fast = settings.model_copy(update={"send_rate_per_second": 200.0})
    application = build_application(fast, request=FakeRequest(state), deliver=False)
    async with running_application(application):
        await _send_all(await _queue_for(application, range(9001, 9061)))

    assert flood.throttled_total == 0, flood.throttled
    assert (flood.accepted, flood.accepted_paid) == (60, 0)
