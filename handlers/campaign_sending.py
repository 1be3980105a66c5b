"""Sending a /campaign, and following it until nothing of it waits.

On Send the campaign and one outbox row per chat are stored in one transaction, and the draft's
summary becomes the progress message: a job edits it every few seconds, and its button cancels
what is not sent yet. The messages themselves wait in the outbox until their time, so a
scheduled campaign survives restarts. The buttons are an operator's: each callback goes through
`admin_only`.

One worker edits the progress messages: the one that leads (bot.delivery), which sends the
campaign too. `resume_progress` runs on it at each planner run (at once after a start or a
takeover) and follows every unfinished campaign; a campaign stored through another worker is
followed from the leader's next run on, and a worker that lost the lead stops following.
"""

from __future__ import annotations

import logging
import math
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from babel.dates import format_timedelta
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import JobQueue

from bot.context import BotApplication, BotContext, BotData
from bot.l10n import Translator
from bot.services import Services
from handlers.admin import admin_only, audit
from handlers.callbacks import DraftPress, StopCampaign, decode, encode
from handlers.campaign_draft import Draft, audience_label, when_label
from handlers.common import edit_in_place, translator
from storage.campaigns import Campaign, CampaignState, NewCampaign, ProgressMessage
from storage.outbox import DeliveryState

logger = logging.getLogger(__name__)

# How often the progress message is brought up to date (seconds).
PROGRESS_EVERY = 3.0


@dataclass(slots=True)
class ProgressWatch:
    """What the progress job follows, and the text it last showed (to skip needless edits)."""

    campaign_id: int
    shown: str | None = None


async def send(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Store the campaign and its deliveries, and turn the summary into its progress message.

    Called for an operator's Send (handlers.campaigns), with the draft already taken: a second
    press finds none.
    """
    query, user = update.callback_query, update.effective_user
    if query is None:
        return
    message = query.message
    if not isinstance(message, Message) or user is None:
        await query.answer(t("campaign-expired"), show_alert=True)
        return
    services = context.services
    chats = await services.campaigns.audience(draft.audience, draft.audience_value)
    if not chats:
        await query.answer()
        await edit_in_place(query, t("campaign-nobody-now"), None)
        return
    now = services.clock()
    send_at = draft.send_at if draft.send_at is not None and draft.send_at > now else now
    campaign = await services.campaigns.create(
        NewCampaign(
            text=draft.text,
            button=draft.button,
            audience=draft.audience,
            audience_value=draft.audience_value,
            send_at=send_at,
            created_by=user.id,
        ),
        chats,
        progress=ProgressMessage(message.chat_id, message.message_id, t.language),
        now=now,
    )
    audience = " ".join(filter(None, (draft.audience.value, draft.audience_value)))
    detail = f"{campaign.id}: {audience}, {len(chats)} chats, {send_at.isoformat()}"
    await audit(update, context, "campaign", detail)
    delivery = context.bot_data.delivery
    if delivery is not None:
        delivery.outbox_changed.set()
    await query.answer(t("campaign-stored"))
    await update_progress(context.bot, services, ProgressWatch(campaign.id))
    if _leads(context.bot_data):
        watch_progress(context.job_queue, campaign.id)


@admin_only
async def stop(update: Update, context: BotContext) -> None:
    """Cancel a campaign's messages not sent yet, from its progress message."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    services = context.services
    press = decode(query.data, StopCampaign)
    campaign = await services.campaigns.get(press.campaign_id) if press is not None else None
    if campaign is None:
        await query.answer(t("campaign-expired"), show_alert=True)
        return
    cancelled = await services.campaigns.cancel(campaign.id, now=services.clock())
    if cancelled is None:
        await query.answer(t("campaign-stop-too-late"))
    else:
        await audit(update, context, "campaign-cancelled", f"{campaign.id}: {cancelled} not sent")
        await query.answer(t("campaign-stop-done"))
    await update_progress(context.bot, services, ProgressWatch(campaign.id))
    stop_watching(context.job_queue, campaign.id)


def progress_keyboard(t: Translator, campaign_id: int) -> InlineKeyboardMarkup:
    """[Cancel campaign] under the progress message."""
    data = encode(StopCampaign(campaign_id))
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("campaign-button-stop"), callback_data=data)]]
    )


def progress_job_name(campaign_id: int) -> str:
    """Return the name of the job that keeps a campaign's progress message up to date."""
    return f"campaign-progress-{campaign_id}"


def watch_progress(jobs: JobQueue[Any] | None, campaign_id: int) -> bool:
    """Keep a campaign's progress message up to date every few seconds until it ends.

    Return whether this started following it (False: it was followed already, or no job queue).
    """
    if jobs is None:
        logger.warning("No job queue: campaign %d shows no progress", campaign_id)
        return False
    name = progress_job_name(campaign_id)
    if jobs.get_jobs_by_name(name):
        return False
    jobs.run_repeating(
        progress_job,
        interval=PROGRESS_EVERY,
        first=PROGRESS_EVERY,
        name=name,
        data=ProgressWatch(campaign_id),
    )
    return True


def stop_watching(jobs: JobQueue[Any] | None, campaign_id: int) -> None:
    """Stop keeping a campaign's progress message up to date."""
    if jobs is not None:
        for job in jobs.get_jobs_by_name(progress_job_name(campaign_id)):
            job.schedule_removal()


async def progress_job(context: BotContext) -> None:
    """Show a campaign's progress; stop once nothing of it waits any more."""
    job = context.job
    if job is None or not isinstance(job.data, ProgressWatch):
        return
    if not _leads(context.bot_data):
        # Another worker took the lead, and follows the campaign from its next planner run.
        job.schedule_removal()
        return
    if await update_progress(context.bot, context.services, job.data):
        job.schedule_removal()


async def resume_progress(application: BotApplication) -> None:
    """Follow every unfinished campaign's progress not followed yet; the leader's hook."""
    unfinished = await application.bot_data.services.campaigns.unfinished()
    started = sum(watch_progress(application.job_queue, campaign.id) for campaign in unfinished)
    if started:
        logger.info("Following the progress of %d unfinished campaigns", started)


def _leads(bot_data: BotData) -> bool:
    """Tell whether this worker led at its last try (it does where nothing is delivered)."""
    return bot_data.delivery is None or bot_data.delivery.leading


async def update_progress(bot: Bot, services: Services, watch: ProgressWatch) -> bool:
    """Edit a campaign's progress message to show how it goes; True once it has ended.

    A campaign with nothing left waiting is recorded as sent here.
    """
    campaign = await services.campaigns.get(watch.campaign_id)
    if campaign is None:
        return True
    counts = await services.campaigns.delivery_counts(campaign.id)
    now = services.clock()
    waiting = counts[DeliveryState.PENDING] + counts[DeliveryState.SENDING]
    if campaign.state is CampaignState.SCHEDULED and waiting == 0:
        if await services.campaigns.finish(campaign.id, now=now):
            logger.info("Campaign %d is done", campaign.id)
        campaign = replace(campaign, state=CampaignState.SENT)
    finished = campaign.state is not CampaignState.SCHEDULED
    progress = campaign.progress
    if progress is None:
        return finished
    t = services.l10n(progress.language or services.settings.default_language)
    text = await progress_text(services, t, campaign, counts, now)
    if text != watch.shown:
        # The operator may have deleted the message or blocked the bot; sending goes on.
        with suppress(BadRequest, Forbidden):
            await bot.edit_message_text(
                text,
                chat_id=progress.chat_id,
                message_id=progress.message_id,
                reply_markup=None if finished else progress_keyboard(t, campaign.id),
            )
        watch.shown = text
    return finished


async def progress_text(
    services: Services,
    t: Translator,
    campaign: Campaign,
    counts: dict[DeliveryState, int],
    now: datetime,
) -> str:
    """Say how far a campaign has gone: scheduled, sending (with the time left), or ended."""
    sent, failed = counts[DeliveryState.SENT], counts[DeliveryState.FAILED]
    cancelled = counts[DeliveryState.CANCELLED]
    waiting = counts[DeliveryState.PENDING] + counts[DeliveryState.SENDING]
    if campaign.state is CampaignState.CANCELLED:
        return t(
            "campaign-progress-cancelled",
            id=campaign.id,
            sent=sent,
            failed=failed,
            cancelled=cancelled,
        )
    # Rows of chats found unreachable are cancelled by the outbox: they were not delivered.
    undelivered = failed + cancelled
    if campaign.state is CampaignState.SENT:
        return t("campaign-progress-done", id=campaign.id, sent=sent, failed=undelivered)
    audience = await audience_label(services, t, campaign.audience, campaign.audience_value)
    if campaign.send_at > now:
        return t(
            "campaign-progress-scheduled",
            id=campaign.id,
            audience=audience,
            when=when_label(services, t, campaign.send_at),
            count=waiting,
        )
    seconds = max(1, math.ceil(waiting / services.settings.outbox_rate))
    return t(
        "campaign-progress-sending",
        id=campaign.id,
        audience=audience,
        sent=sent,
        failed=undelivered,
        remaining=waiting,
        left=format_timedelta(timedelta(seconds=seconds), locale=t.locale),
    )
