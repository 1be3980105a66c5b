"""Jobs that keep the data current: the scheduled sync, and a watch over what others wrote.

The sync runs at start-up and then every DATA_SYNC_INTERVAL_MINUTES, sooner after a failure
(1, 2, 4 ... minutes, up to the interval). The watch runs every planner interval: it rebuilds the
name index when another process (`solidarity-bot sync` or `import`) changed the data, and tells
operators what they have not been told yet (`bot.notices`).

Syncing and telling operators are done once per bot: among several workers on PostgreSQL, by
the one that leads (bot.delivery). A worker that does not lead looks again every planner
interval, and one that takes over syncs at once, as a bot that starts does. Rebuilding the name
index and making the calendar ahead are each worker's own, in its memory: every worker does
them.
"""

from __future__ import annotations

import logging
from typing import cast

from telegram.ext import JobQueue

from bot.context import BotApplication, BotContext
from bot.notices import send_due_notices
from bot.syncing import SyncOutcome, next_sync_in, sync_once

logger = logging.getLogger(__name__)

SYNC_JOB, WATCH_JOB = "data-sync", "data-watch"
# The job queue starts once Telegram has answered; a late start must not drop these runs.
_LATE_IS_FINE = {"misfire_grace_time": None}


def schedule(application: BotApplication, *, sync: bool, watch_every: float) -> None:
    """Sync now (when a source is set) and watch every `watch_every` seconds from then on."""
    jobs = application.job_queue
    if jobs is None:
        raise RuntimeError("the job queue is missing; install python-telegram-bot[job-queue]")
    if sync:
        jobs.run_once(sync_job, when=0, name=SYNC_JOB, job_kwargs=_LATE_IS_FINE)
    jobs.run_repeating(
        watch_job, interval=watch_every, first=watch_every, name=WATCH_JOB, job_kwargs=_LATE_IS_FINE
    )


async def leads(context: BotContext) -> bool:
    """Tell whether this worker leads (always, on SQLite, and where nothing is delivered)."""
    delivery = context.bot_data.delivery
    return delivery is None or await delivery.lead()


async def sync_job(context: BotContext) -> None:
    """Sync once, pass on what changed, and schedule the next sync; on the leader only."""
    services = context.services
    settings = services.settings
    url = settings.source_url
    failures = 0
    # The context's job queue is typed for any context; this one runs BotContext jobs.
    jobs = cast("JobQueue[BotContext] | None", context.job_queue)
    if url is not None and not await leads(context):
        # Another worker syncs; this one looks again when it might have taken over.
        if jobs is not None:
            again = settings.planner_interval_seconds
            jobs.run_once(sync_job, when=again, name=SYNC_JOB, job_kwargs=_LATE_IS_FINE)
        return
    try:
        if url is None:
            return
        outcome = await sync_once(services, url, settings.data_source_format)
        failures = outcome.failures
        await after_sync(context, outcome)
    except Exception:
        # A fault of the bot's own (the database, a bug) must not end the syncing for good.
        logger.exception("The data sync failed unexpectedly")
        failures = (await services.sources.state()).failures + 1
    finally:
        if url is not None and jobs is not None:
            delay = next_sync_in(failures, settings.data_sync_interval_minutes)
            jobs.run_once(sync_job, when=delay, name=SYNC_JOB, job_kwargs=_LATE_IS_FINE)


async def after_sync(context: BotContext, outcome: SyncOutcome) -> None:
    """Rebuild the index after new data, queue its news at once, and tell operators."""
    services = context.services
    if outcome.changed_data:
        await services.refresh_search()
        delivery = context.bot_data.delivery
        # Followers hear of releases and transfers now, not at the planner's next run.
        if delivery is not None and await delivery.planner.plan_news(services.clock()):
            delivery.outbox_changed.set()
    await send_due_notices(context.bot, services)
    await context.bot_data.data_changed(context.application)


async def watch_job(context: BotContext) -> None:
    """Pick up data another process wrote, and send operators' notices that are due."""
    services = context.services
    if await services.refresh_search_if_changed():
        logger.info("The data changed; the name index was rebuilt")
    if await leads(context):
        await send_due_notices(context.bot, services)
    # Makes today's calendar ahead when another process changed the data, or the day turned.
    await context.bot_data.data_changed(context.application)
