"""Delivery wiring: the planner as a repeating job, the dispatcher as a long-running task."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from bot.context import BotApplication, BotContext
from bot.dispatcher import Dispatcher
from bot.planner import Planner

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Delivery:
    """The planner and the dispatcher of one running bot."""

    planner: Planner
    dispatcher: Dispatcher
    task: asyncio.Task[None] | None = field(default=None)

    def schedule(self, application: BotApplication, interval: float) -> None:
        """Plan every `interval` seconds and start sending once the application runs."""
        jobs = application.job_queue
        if jobs is None:
            raise RuntimeError("the job queue is missing; install python-telegram-bot[job-queue]")
        # The job queue starts only once Telegram has answered setWebhook or deleteWebhook; a slow
        # answer must not make APScheduler drop these runs as missed.
        late_is_fine = {"misfire_grace_time": None}
        jobs.run_repeating(
            plan_job, interval=interval, first=0.5, name="planner", job_kwargs=late_is_fine
        )
        jobs.run_once(self._start_sending, when=0, name="dispatcher", job_kwargs=late_is_fine)

    async def _start_sending(self, context: BotContext) -> None:
        if self.task is None:
            self.task = asyncio.create_task(self.dispatcher.run_forever(), name="dispatcher")

    async def stop(self) -> None:
        """Stop sending; a message being sent now is either marked or sent again after a restart."""
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None


async def plan_job(context: BotContext) -> None:
    """Queue what is due and wake the dispatcher; once a day, purge old finished messages."""
    delivery = context.bot_data.delivery
    if delivery is None:
        return
    services = context.services
    plan = await delivery.planner.run(services.clock())
    await services.heartbeats.beat("planner", now=services.clock())
    if plan.digests or plan.news:
        logger.info(
            "Queued %d messages for %d chats and %d news",
            plan.digests,
            plan.chats_planned,
            plan.news,
        )
        delivery.dispatcher.wake()
    # After the wake-up: what was just queued goes out while the purge runs, batch by batch.
    purged = await delivery.planner.purge_outbox(services.clock())
    if purged:
        logger.info(
            "Deleted %d finished messages older than %d days from the outbox",
            purged,
            services.settings.outbox_keep_days,
        )
