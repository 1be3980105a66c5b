"""One budget for everything the bot sends: replies and queued messages together stay within
Telegram's limits, and a RetryAfter reaches the outbox.

The fake Telegram enforces the limits here as Telegram does, on the real clock (30 messages a
second in all, one a second per private chat), and answers 429 beyond them; so the bot runs with
its rate limiter as `solidarity-bot run` builds it, and the dispatcher on the real clock.
"""

from __future__ import annotations

import asyncio
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


async def test_replies_and_queued_messages_share_one_budget(
    limited_bot: BotApplication, limited_state: TelegramState
) -> None:
    """Forty queued messages go out while twenty people write to the bot at once: every one of
    them gets the message or the answer, and Telegram refuses none."""
    services = limited_bot.bot_data.services
    now = services.clock()
    for chat_id in QUEUED_CHATS:
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
            for chat_id in QUEUED_CHATS
        ],
        now=now,
    )
    dispatcher = Dispatcher(services, limited_bot.bot)
    people = [SimulatedUser(limited_bot, limited_state, user_id) for user_id in PEOPLE_WRITING]

    async def send_the_queue() -> None:
        while await dispatcher.drain_once():
            pass

    replies = await asyncio.gather(send_the_queue(), *(person.send("/help") for person in people))

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
