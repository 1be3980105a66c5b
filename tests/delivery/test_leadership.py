"""Several workers on one PostgreSQL database: one plans and sends, another takes over."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import time, timedelta

import asyncpg
import pytest
from pydantic import SecretStr

from bot import data_watch
from bot.app import build_application, delivery_of
from bot.config import Settings
from bot.context import BotApplication, BotContext
from bot.delivery import Delivery
from bot.sandbox.request import FakeRequest, Latency, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.waiting import wait_for
from bot.services import Services
from handlers.campaign_sending import progress_job_name
from storage.campaigns import AudienceKind, NewCampaign, ProgressMessage
from storage.outbox import DeliveryState
from tests.chat.helpers import bundled_with, run_job
from tests.delivery.conftest import Clock, add_chat
from tests.fakes.source_server import SourceResponse, SourceServer

pytest_plugins = ["tests.fakes.source_server"]

POCZOBUT = "andrzej-poczobut"  # detained on 25 March 2021: the clock's day is an anniversary
EARLY = time(8, 0)  # the clock says 09:00 in Minsk: this alert time has passed
ADMIN = 42  # ADMIN_IDS in the tests' settings


class Worker:
    """One bot process of several: its own services, Telegram connection and delivery."""

    def __init__(
        self, application: BotApplication, delivery: Delivery, telegram: TelegramState
    ) -> None:
        self.application = application
        self.delivery = delivery
        self.telegram = telegram

    @property
    def services(self) -> Services:
        return self.delivery.planner.services

    async def tick(self) -> None:
        """Run the planner's job, as the job queue does every PLANNER_INTERVAL_SECONDS."""
        await self.delivery.plan_job(None)

    def chats_sent_to(self) -> set[int]:
        """Return the chats this worker has sent a message to."""
        return {message.chat_id for message in self.telegram.sent_messages()}

    async def run(self, job: Callable[[BotContext], Awaitable[None]]) -> None:
        """Run one of the bot's jobs now, as its job queue would."""
        await run_job(self.application, job)

    def follows_progress(self, campaign_id: int) -> bool:
        """Tell whether this worker keeps the campaign's progress message up to date."""
        jobs = self.application.job_queue
        assert jobs is not None
        return bool(jobs.get_jobs_by_name(progress_job_name(campaign_id)))

    async def show_progress(self, campaign_id: int) -> None:
        """Run the campaign's progress job now, as the job queue would every few seconds."""
        jobs = self.application.job_queue
        assert jobs is not None
        [job] = jobs.get_jobs_by_name(progress_job_name(campaign_id))
        await job.run(self.application)

    def edits(self) -> int:
        """Return how many messages this worker has edited."""
        return len(self.telegram.calls_to("editMessageText"))

    async def receives(self, chat_id: int) -> None:
        """Wait until this worker has sent the chat a message."""
        sent = await wait_for(self.telegram, lambda: self.telegram.sent_messages(chat_id), 10)
        assert sent, f"worker sent nothing to chat {chat_id}"


@asynccontextmanager
async def worker(
    settings: Settings, clock: Clock, latency: Latency | None = None
) -> AsyncIterator[Worker]:
    telegram = TelegramState(clock=clock.timestamp)
    application = build_application(
        settings, request=FakeRequest(telegram, latency=latency), clock=clock, deliver=False
    )
    async with running_application(application):
        delivery = delivery_of(application)
        # Sending as from the start of the job queue, which the tests stand in for.
        delivery.sends = True
        application.bot_data.delivery = delivery
        try:
            yield Worker(application, delivery, telegram)
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


async def test_a_leader_that_stops_mid_send_gives_back_what_it_had_not_sent(
    on_postgres: Settings, clock: Clock
) -> None:
    """The leader is stopped while forty digests go out, Telegram taking up to 50 ms for each:
    what it had claimed but not sent goes back to the queue at once, so the next leader sends
    it without waiting for a lease to run out (the test's clock stands still: none ever does)."""
    chats = range(1, 41)
    slow = Latency(0.02, 0.05, seed=18)
    async with worker(on_postgres, clock, slow) as first, worker(on_postgres, clock) as second:
        for chat_id in chats:
            await add_chat(first.services, chat_id, follows=(POCZOBUT,), alert_time=EARLY)
        await first.tick()
        await wait_for(first.telegram, lambda: len(first.telegram.sent_messages()) >= 5, 10)

        await first.delivery.stop()

        sent_by_first = first.chats_sent_to()
        assert len(sent_by_first) < len(chats), "everything went out before the stop"
        counts = await first.services.outbox.counts()
        assert counts[DeliveryState.SENDING] == 0
        assert counts[DeliveryState.SENT] == len(sent_by_first)
        waiting = [row for c in chats for row in await first.services.outbox.rows_for(c)]
        waiting = [row for row in waiting if row.state is DeliveryState.PENDING]
        assert len(waiting) == len(chats) - len(sent_by_first)
        # Nothing was tried: a given-back row keeps all its attempts for real failures.
        assert {(row.attempts, row.lease_until) for row in waiting} == {(0, None)}

        await second.tick()
        rest = set(chats) - sent_by_first
        await wait_for(second.telegram, lambda: second.chats_sent_to() >= rest, 10)
        assert sorted(m.chat_id for m in second.telegram.sent_messages()) == sorted(rest)


async def test_on_sqlite_the_one_process_always_leads(settings: Settings, clock: Clock) -> None:
    async with worker(settings, clock) as only:
        await add_chat(only.services, 1, follows=(POCZOBUT,), alert_time=EARLY)

        await only.tick()

        assert only.delivery.leading
        assert only.delivery.leadership.sole_worker
        await only.receives(1)


async def test_only_the_leader_syncs_the_published_list_and_a_new_leader_syncs_at_once(
    on_postgres: Settings, clock: Clock, source_server: SourceServer
) -> None:
    source_server.script(SourceResponse(body=bundled_with()))
    following = on_postgres.model_copy(update={"data_source_url": SecretStr(source_server.url)})
    async with worker(following, clock) as first, worker(following, clock) as second:
        await first.run(data_watch.sync_job)
        await second.run(data_watch.sync_job)

        assert len(source_server.requests) == 1
        assert (first.delivery.leading, second.delivery.leading) == (True, False)

        await first.delivery.stop()
        await second.run(data_watch.sync_job)

        assert len(source_server.requests) == 2
        assert second.delivery.leading


async def test_operators_are_told_of_stale_data_by_the_leader_only(
    on_postgres: Settings, clock: Clock
) -> None:
    async with worker(on_postgres, clock) as first, worker(on_postgres, clock) as second:
        await first.tick()
        # A year on, nobody has confirmed the list: operators are due a word about it.
        clock.set(clock.now + timedelta(days=365))

        # The worker that does not lead watches first: were it to tell, it would tell first.
        await second.run(data_watch.watch_job)
        await first.run(data_watch.watch_job)

        assert second.telegram.sent_messages(ADMIN) == []
        [notice] = first.telegram.sent_messages(ADMIN)
        assert "days" in notice.text


async def test_the_leader_alone_follows_a_campaign_s_progress_until_it_hands_over(
    on_postgres: Settings, clock: Clock
) -> None:
    async with worker(on_postgres, clock) as first, worker(on_postgres, clock) as second:
        await add_chat(first.services, 1)
        campaign = await first.services.campaigns.create(
            NewCampaign(
                text="Write to Andrzej",
                button=None,
                audience=AudienceKind.ALL,
                audience_value=None,
                send_at=clock.now + timedelta(days=1),
                created_by=ADMIN,
            ),
            [1],
            progress=ProgressMessage(ADMIN, 1000, "en"),
            now=clock.now,
        )

        await first.tick()
        await second.tick()

        assert (first.follows_progress(campaign.id), second.follows_progress(campaign.id)) == (
            True,
            False,
        )
        await first.show_progress(campaign.id)
        assert first.edits() == 1

        # The leader stops; until it is told, its progress job would edit from a follower.
        await first.delivery.stop()
        await first.show_progress(campaign.id)
        await second.tick()

        assert first.edits() == 1
        assert not first.follows_progress(campaign.id)
        assert second.follows_progress(campaign.id)
