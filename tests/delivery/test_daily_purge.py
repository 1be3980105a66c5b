"""Old finished messages leave the outbox once a UTC day; no chat gets a day's message twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from telegram.ext import Job

from bot.config import ConfigError, load_settings
from bot.context import BotApplication
from bot.delivery import Delivery
from bot.dispatcher import Dispatcher
from bot.domain.prisoner import Prisoner
from bot.planner import PURGE_HEARTBEAT, Planner
from bot.sandbox.telegram_state import TelegramState
from bot.services import Services
from storage.outbox import DeliveryKind, DeliveryState, NewDelivery, digest_key, news_key
from tests.delivery.conftest import Clock, add_chat

POCZOBUT = "andrzej-poczobut"  # detained on 25 March 2021
LEASE = timedelta(seconds=60)


async def _sent_news(services: Services, chat_id: int, news_id: int, at: datetime) -> None:
    """Queue a piece of news and record it as sent at `at`."""
    await services.outbox.enqueue(
        [
            NewDelivery(
                chat_id=chat_id,
                key=news_key(chat_id, news_id),
                kind=DeliveryKind.NEWS,
                text=f"News {news_id}",
                not_before=at,
            )
        ],
        now=at,
    )
    [row] = await services.outbox.claim(now=at, lease=LEASE, limit=1)
    await services.outbox.mark_sent(row.id, message_id=news_id, now=at)


async def _news_left(services: Services, chat_id: int) -> list[str]:
    return [row.text for row in await services.outbox.rows_for(chat_id)]


async def _send_everything(dispatcher: Dispatcher) -> None:
    while await dispatcher.drain_once():
        pass


async def test_finished_messages_older_than_the_limit_go_once_a_utc_day(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1)
    await _sent_news(services, 1, 1, clock.now - timedelta(days=31))
    await _sent_news(services, 1, 2, clock.now - timedelta(days=29))

    assert await planner.purge_outbox(clock.now) == 1
    assert await _news_left(services, 1) == ["News 2"]

    # Older rows appear (another process's import, say): they wait for the next UTC day, even
    # across a restart.
    await _sent_news(services, 1, 3, clock.now - timedelta(days=40))
    assert await planner.purge_outbox(clock.now + timedelta(hours=12)) is None
    restarted = Planner(services, "solidarity_test_bot")
    assert await restarted.purge_outbox(datetime(2026, 3, 25, 23, 59, tzinfo=UTC)) is None
    assert await _news_left(services, 1) == ["News 2", "News 3"]

    assert await restarted.purge_outbox(datetime(2026, 3, 26, 0, 1, tzinfo=UTC)) == 1
    assert await _news_left(services, 1) == ["News 2"]


async def test_the_planner_job_purges_after_planning(
    delivery_app: BotApplication,
    services: Services,
    planner: Planner,
    dispatcher: Dispatcher,
    clock: Clock,
) -> None:
    delivery = Delivery(planner, dispatcher, services.db.leadership())
    await add_chat(services, 1, follows=(POCZOBUT,))
    await _sent_news(services, 1, 1, clock.now - timedelta(days=31))
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))

    await Job(delivery.plan_job).run(delivery_app)
    await _sent_news(services, 1, 2, clock.now - timedelta(days=31))
    clock.set(clock.now + timedelta(minutes=1))
    await Job(delivery.plan_job).run(delivery_app)

    # The day's digest was queued; the old news went at the first run, not the one after.
    assert [row.key for row in await services.outbox.rows_for(1)] == [
        digest_key(1, date(2026, 3, 25)),
        news_key(1, 2),
    ]
    assert await services.heartbeats.last(PURGE_HEARTBEAT) == datetime(
        2026, 3, 25, 8, 0, tzinfo=UTC
    )
    assert await services.heartbeats.last("planner") == clock.now


async def test_a_purged_digest_does_not_bring_the_day_s_message_again(
    services: Services,
    planner: Planner,
    dispatcher: Dispatcher,
    telegram_state: TelegramState,
    clock: Clock,
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))
    assert (await planner.run(clock.now)).digests == 1
    await _send_everything(dispatcher)

    # Even with today's digest gone, the chat's planned_on says today's message was made.
    purged = await services.outbox.purge_finished(
        older_than=clock.now + timedelta(days=1), keep_digests_from=date(2026, 3, 26)
    )
    again = await planner.run(clock.now + timedelta(hours=1))

    assert purged == 1
    assert again.digests == 0
    assert await services.outbox.rows_for(1) == []
    assert len(telegram_state.sent_messages(1)) == 1


async def test_a_digest_stays_while_its_day_lasts_where_the_chat_is(
    services: Services,
    planner: Planner,
    dispatcher: Dispatcher,
    telegram_state: TelegramState,
    clock: Clock,
) -> None:
    # New York's 1 November 2026 lasts 25 hours (clocks go back): with a day's keep, the day's
    # digest is more than a day old before the day ends there.
    services.settings = services.settings.model_copy(update={"outbox_keep_days": 1})
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many(
            [Prisoner("test-person", "Test Person", detained_on=date(2021, 11, 1))],
            conn,
            now=clock.now,
        )
    await add_chat(services, 1, timezone="America/New_York", alert_time=time(0, 0))
    await services.follows.follow(1, "test-person", limit=100, now=clock.now)
    clock.set(datetime(2026, 11, 1, 4, 5, tzinfo=UTC))  # 00:05 in New York
    assert (await planner.run(clock.now)).digests == 1
    await _send_everything(dispatcher)

    clock.set(datetime(2026, 11, 2, 4, 45, tzinfo=UTC))  # 23:45 on 1 November in New York
    assert await planner.purge_outbox(clock.now) == 0
    # A change lets the planner look at the chat again: the day's digest is still there to say
    # the message was made.
    await services.chats.update_settings(1, alert_time=time(9, 0), now=clock.now)
    again = await planner.run(clock.now)

    assert again.digests == 0
    assert [row.state for row in await services.outbox.rows_for(1)] == [DeliveryState.SENT]
    assert len(telegram_state.sent_messages(1)) == 1


def test_the_outbox_keeps_a_month_by_default_and_at_least_a_day() -> None:
    assert load_settings(None).outbox_keep_days == 30
    assert load_settings(None, outbox_keep_days="1").outbox_keep_days == 1
    with pytest.raises(ConfigError) as refused:
        load_settings(None, outbox_keep_days="0")
    assert [problem.variable for problem in refused.value.problems] == ["OUTBOX_KEEP_DAYS"]
