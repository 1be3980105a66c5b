"""Delivery wiring: the planner as a repeating job, the dispatcher as a long-running task.

Both run only on the worker that leads (storage.leadership): always, on SQLite; on PostgreSQL,
the one worker of the database that holds the leader's lock. Every planner interval each worker
tries to lead: one that takes the lead starts sending, one that lost it stops. One sender keeps
Telegram's budget, which is per bot, whole in one rate limiter.

Other work that must be done once per bot, not once per worker (the scheduled sync, operators'
notices, following campaigns' progress), asks `lead` too, and the leader runs `while_leading`
at each of its planner runs: at once on a worker that takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import JobQueue

from bot.dispatcher import Dispatcher, OutboxChanged
from bot.planner import Planner
from storage.leadership import Leadership

logger = logging.getLogger(__name__)

# How long a stop waits for the sends on their way to be answered and marked (seconds).
STOP_WAIT = 10.0


@dataclass(slots=True)
class Delivery:
    """The planner and the dispatcher of one running bot."""

    planner: Planner
    dispatcher: Dispatcher
    leadership: Leadership
    task: asyncio.Task[None] | None = field(default=None)
    # Whether this worker led at its last try; the only worker of a database always leads.
    leading: bool = False
    # Whether the leader sends: from the start of the job queue (`schedule`) on.
    sends: bool = False
    # Whether `stop` ran: a stopped worker does not lead again.
    stopped: bool = False
    # What else the leader does at each planner run (bot.app runs the features' hooks).
    while_leading: Callable[[], Awaitable[None]] | None = None
    # Jobs ask for the lead at the same time; its connection answers one question at a time.
    _asking: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.leading = self.leadership.sole_worker

    @property
    def outbox_changed(self) -> OutboxChanged:
        """Return the signal to set after queueing messages, so that they go out at once."""
        return self.dispatcher.outbox_changed

    def schedule(self, jobs: JobQueue[Any] | None, interval: float) -> None:
        """Plan every `interval` seconds and start sending once the application runs."""
        if jobs is None:
            raise RuntimeError("the job queue is missing; install python-telegram-bot[job-queue]")
        # The job queue starts only once Telegram has answered setWebhook or deleteWebhook; a slow
        # answer must not make APScheduler drop this run as missed.
        late_is_fine = {"misfire_grace_time": None}

        async def start(context: object) -> None:
            # Planning is scheduled once the job queue runs: a repeating job added before
            # APScheduler starts would skip its first run whenever the start came late.
            jobs.run_repeating(
                self.plan_job, interval=interval, first=0.5, name="planner", job_kwargs=late_is_fine
            )
            self.sends = True
            await self.lead()

        jobs.run_once(start, when=0, name="dispatcher", job_kwargs=late_is_fine)

    async def lead(self) -> bool:
        """Try to lead; start sending on taking the lead, stop on losing it. Tell whether led."""
        async with self._asking:
            return False if self.stopped else await self._lead()

    async def _lead(self) -> bool:
        leading = await self.leadership.try_lead()
        sole = self.leadership.sole_worker
        if leading and self.task is None and self.sends:
            if not sole:
                logger.info("This worker leads: it plans and sends")
            self.dispatcher.resume_sending()
            self.task = asyncio.create_task(
                self.dispatcher.run_forever(release_leases=sole), name="dispatcher"
            )
        elif not leading and self.task is not None:
            logger.warning("This worker lost the lead: another one plans and sends")
            await self._stop_sending()
        self.leading = leading
        return leading

    async def stop(self) -> None:
        """Stop sending, then give up the lead so that another worker takes it at once."""
        self.sends, self.stopped = False, True
        async with self._asking:
            await self._stop_sending()
            await self.leadership.close()
            self.leading = False

    async def _stop_sending(self) -> None:
        """Stop sending: the sends on their way finish and are marked, within STOP_WAIT.

        Past that (Telegram not answering), the task is cancelled: a message being sent then is
        either marked or sent again after a restart.
        """
        if self.task is not None:
            self.dispatcher.stop_sending()
            try:
                await asyncio.wait_for(asyncio.shield(self.task), STOP_WAIT)
            except TimeoutError:
                self.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.task
            self.task = None

    async def plan_job(self, context: object) -> None:
        """On the leader, queue what is due and signal the dispatcher; once a day, purge."""
        if not await self.lead():
            return
        if self.while_leading is not None:
            try:
                await self.while_leading()
            except Exception:
                # The features' own work must not keep anyone's digest from being planned.
                logger.exception("The leader's other work failed; planning goes on")
        services = self.planner.services
        plan = await self.planner.run(services.clock())
        await services.heartbeats.beat("planner", now=services.clock())
        if plan.digests or plan.news:
            logger.info(
                "Queued %d messages for %d chats and %d news",
                plan.digests,
                plan.chats_planned,
                plan.news,
            )
            self.outbox_changed.set()
        # After the signal: what was just queued goes out while the purge runs, batch by batch.
        purged = await self.planner.purge_outbox(services.clock())
        if purged:
            logger.info(
                "Deleted %d finished messages older than %d days from the outbox",
                purged,
                services.settings.outbox_keep_days,
            )
