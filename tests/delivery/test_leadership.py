"""Several workers on one PostgreSQL database: one plans and sends, another takes over."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import time

import asyncpg
import pytest
from pydantic import SecretStr

from bot.app import build_application
from bot.config import Settings
from bot.delivery import Delivery
from bot.dispatcher import Dispatcher
from bot.planner import Planner
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.waiting import wait_for
from bot.services import Services
from tests.delivery.conftest import Clock, add_chat

POCZOBUT = "andrzej-poczobut"  # detained on 25 March 2021: the clock's day is an anniversary
EARLY = time(8, 0)  # the clock says 09:00 in Minsk: this alert time has passed


class Worker:
    """One bot process of several: its own services, Telegram connection and delivery."""

    def __init__(self, delivery: Delivery, telegram: TelegramState) -> None:
        self.delivery = delivery
        self.telegram = telegram

    @property
    def services(self) -> Services:
        return self.delivery.planner.services

    async def tick(self) -> None:
        """Run the planner's job, as the job queue does every PLANNER_INTERVAL_SECONDS."""
        await self.delivery.plan_job(None)

    async def receives(self, chat_id: int) -> None:
        """Wait until this worker has sent the chat a message."""
        sent = await wait_for(self.telegram, lambda: self.telegram.sent_messages(chat_id), 10)
        assert sent, f"worker sent nothing to chat {chat_id}"


@asynccontextmanager
async def worker(settings: Settings, clock: Clock) -> AsyncIterator[Worker]:
    telegram = TelegramState(clock=clock.timestamp)
    application = build_application(
        settings, request=FakeRequest(telegram), clock=clock, deliver=False
    )
    async with running_application(application):
        services = application.bot_data.services
        delivery = Delivery(
            Planner(services, "solidarity_test_bot"),
            Dispatcher(services, application.bot),
            services.db.leadership(),
            sends=True,
        )
        try:
            yield Worker(delivery, telegram)
        finally:
            await delivery.stop()


@pytest.fixture
def on_postgres(settings: Settings, postgres_url: str) -> Settings:
    return settings.model_copy(update={"database_url": SecretStr(postgres_url)})


async def _digests_for(services: Services, chat_id: int) -> int:
    return len(await services.outbox.rows_for(chat_id))


async def _end_leader_connection(url: str) -> None:
    """Close, from the server's side, the connection that holds the leader's lock."""
    conn = await asyncpg.connect(url)
    try:
        ended = await conn.fetch(
            "SELECT pid, pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
            " AND granted AND database = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())"
        )
        assert [row[1] for row in ended] == [True]
        # The server ends the backend after it answers: the lock is free once it is gone.
        for _ in range(500):
            alive = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", ended[0][0]
            )
            if not alive:
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the leader's connection outlived its termination")
    finally:
        await conn.close()


async def test_one_worker_plans_and_sends_and_another_takes_over_when_it_dies(
    on_postgres: Settings, postgres_url: str, clock: Clock
) -> None:
    async with worker(on_postgres, clock) as first, worker(on_postgres, clock) as second:
        await add_chat(first.services, 1, follows=(POCZOBUT,), alert_time=EARLY)

        await first.tick()
        await second.tick()

        assert (first.delivery.leading, second.delivery.leading) == (True, False)
        assert second.delivery.task is None
        await first.receives(1)
        # The second worker neither plans nor sends: a chat due now waits for the leader.
        await add_chat(second.services, 2, follows=(POCZOBUT,), alert_time=EARLY)
        await second.tick()
        assert await _digests_for(second.services, 2) == 0
        assert second.telegram.sent_messages() == []

        # The leader's process dies: its connection closes and the server frees the lock.
        await _end_leader_connection(postgres_url)
        await second.tick()

        assert second.delivery.leading
        assert await _digests_for(second.services, 2) == 1
        await second.receives(2)
        await first.tick()
        assert (first.delivery.leading, first.delivery.task) == (False, None)
        assert [m.chat_id for m in first.telegram.sent_messages()] == [1]


async def test_a_leader_that_stops_hands_over_at_once(on_postgres: Settings, clock: Clock) -> None:
    async with worker(on_postgres, clock) as first, worker(on_postgres, clock) as second:
        await first.tick()
        await second.tick()
        assert not second.delivery.leading

        await first.delivery.stop()
        await second.tick()

        assert second.delivery.leading
        assert second.delivery.task is not None


async def test_on_sqlite_the_one_process_always_leads(settings: Settings, clock: Clock) -> None:
    async with worker(settings, clock) as only:
        await add_chat(only.services, 1, follows=(POCZOBUT,), alert_time=EARLY)

        await only.tick()

        assert only.delivery.leading
        assert only.delivery.leadership.sole_worker
        await only.receives(1)
