"""/campaign: an operator writes one message and sends it to many chats, now or later.

The steps, each a message in the operator's private chat: the text (Telegram HTML, checked
before anything else happens), an optional link button, the audience, the time; then the
message itself, exactly as recipients will get it, and a summary with [Send] [Cancel].
Nothing is stored before Send. The draft lives in chat_data; every button carries the draft's
token, so a button of an older draft finds nothing, and Send pops the draft, so a double press
stores one campaign. A typed answer is a reply to the latest question, or plain text while a
step waits for one.

On Send the campaign and one outbox row per chat are stored in one transaction, and the
summary becomes the progress message: a job edits it every few seconds until nothing waits.
After a restart, `resume_progress` (called from post_init) starts those jobs again; the rows
themselves wait in the outbox until their time, so a scheduled campaign survives restarts.

Everything here is for operators only: commands and buttons go through `admin_only`, and a
typed answer from anyone else is not taken as one.
"""

from __future__ import annotations

import logging
import math
import secrets
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_timedelta
from telegram import (
    Bot,
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import JobQueue

from bot.context import BotApplication, BotContext
from bot.domain.prisoner import Prisoner
from bot.domain.search.decision import person_to_open
from bot.domain.telegram_html import HtmlIssue, HtmlProblem, check_telegram_html, is_link_allowed
from bot.domain.timezones import zone
from bot.l10n import Translator
from bot.rendering.cards import display_name
from bot.services import Services
from handlers.admin import ADMIN_PREFIX, admin_only, audit, is_admin
from handlers.common import edit_in_place, translator
from handlers.lookup import MAX_QUERY_LENGTH, person_button
from handlers.settings_menu import language_name
from storage.campaigns import AudienceKind, Campaign, CampaignState, NewCampaign, ProgressMessage
from storage.outbox import DeliveryState

logger = logging.getLogger(__name__)

CAMPAIGN_PREFIX = f"{ADMIN_PREFIX}camp:"
# The progress message's button: `adm:camp:stop:<campaign id>` (not a draft token: tokens are hex).
STOP_ACTION = "stop"
# chat_data keys: the open draft, and the ids of questions asked before (to tell stale replies).
DRAFT_KEY = "campaign_draft"
ASKED_KEY = "campaign_prompts"
KEPT_PROMPTS = 20
# How often the progress message is brought up to date.
PROGRESS_EVERY = 3.0
# Telegram's limit for a button's text.
MAX_BUTTON_LABEL = 64
PERSON_CHOICES = 8
TIME_FORMAT = "%Y-%m-%d %H:%M"
# Entities that mean the operator formatted the text in their app rather than writing HTML.
FORMATTING_ENTITIES = frozenset(
    {
        MessageEntity.BOLD,
        MessageEntity.ITALIC,
        MessageEntity.UNDERLINE,
        MessageEntity.STRIKETHROUGH,
        MessageEntity.SPOILER,
        MessageEntity.CODE,
        MessageEntity.PRE,
        MessageEntity.TEXT_LINK,
        MessageEntity.TEXT_MENTION,
        MessageEntity.BLOCKQUOTE,
        MessageEntity.EXPANDABLE_BLOCKQUOTE,
        MessageEntity.CUSTOM_EMOJI,
    }
)
_ESCAPES = {"<": "&lt;", "&": "&amp;"}


class Stage(StrEnum):
    """The step a draft is at: what the operator is asked for."""

    TEXT = "text"
    BUTTON = "button"
    AUDIENCE = "audience"
    PERSON = "person"
    LANGUAGE = "language"
    TIME = "time"
    CONFIRM = "confirm"


# Steps answered by typing (the others only by buttons).
TYPED_STAGES = frozenset({Stage.TEXT, Stage.BUTTON, Stage.PERSON, Stage.TIME})


@dataclass(slots=True)
class Draft:
    """A campaign being written; stored nowhere but in the operator's chat_data."""

    token: str
    stage: Stage = Stage.TEXT
    # The latest question; a reply to it is the answer. Its buttons go when the next comes.
    prompt_id: int | None = None
    prompt_has_buttons: bool = False
    text: str = ""
    button: tuple[str, str] | None = None
    audience: AudienceKind = AudienceKind.ALL
    audience_value: str | None = None
    # People offered as buttons when a name matched several.
    candidates: tuple[str, ...] = ()
    # None: at once.
    send_at: datetime | None = None


@dataclass(slots=True)
class ProgressWatch:
    """What the progress job follows, and the text it last showed (to skip needless edits)."""

    campaign_id: int
    shown: str | None = None


# -- pure helpers ----------------------------------------------------------------------------


def parse_link_button(text: str) -> tuple[str, str] | None:
    """Read "https://link Button words" as (words, link), or None if it is not shaped so."""
    parts = text.split(maxsplit=1)
    if len(parts) != 2:
        return None
    url, label = parts[0], " ".join(parts[1].split())
    if not 0 < len(label) <= MAX_BUTTON_LABEL:
        return None
    if urlsplit(url).scheme.lower() not in ("http", "https") or not is_link_allowed(url):
        return None
    return label, url


def parse_send_time(text: str, where: tzinfo) -> datetime | None:
    """Read "YYYY-MM-DD HH:MM" as a moment in the given time zone, or None if it is not one."""
    try:
        return datetime.strptime(" ".join(text.split()), TIME_FORMAT).replace(tzinfo=where)
    except ValueError:
        return None


def campaign_markup(button: tuple[str, str] | None) -> InlineKeyboardMarkup | None:
    """Return the link button under a campaign message, as the dispatcher will send it."""
    if button is None:
        return None
    label, url = button
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


def _data(token: str, *parts: str | int) -> str:
    return ":".join((CAMPAIGN_PREFIX.rstrip(":"), token, *map(str, parts)))


def _button(text: str, token: str, *parts: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=_data(token, *parts))


def _cancel(t: Translator, token: str) -> InlineKeyboardButton:
    return _button(t("campaign-button-cancel"), token, "cancel")


def button_keyboard(t: Translator, token: str) -> InlineKeyboardMarkup:
    """[No button] [Cancel] under the question about a link button."""
    return InlineKeyboardMarkup(
        [[_button(t("campaign-button-none"), token, "nobutton"), _cancel(t, token)]]
    )


def audience_keyboard(t: Translator, token: str) -> InlineKeyboardMarkup:
    """One button per kind of audience, and Cancel."""
    return InlineKeyboardMarkup(
        [
            [_button(t("campaign-audience-all"), token, "all")],
            [_button(t("campaign-audience-followers"), token, "followers")],
            [_button(t("campaign-audience-language"), token, "language")],
            [_cancel(t, token)],
        ]
    )


def language_keyboard(
    t: Translator, token: str, languages: tuple[str, ...]
) -> InlineKeyboardMarkup:
    """One button per language the bot speaks, and Cancel."""
    return InlineKeyboardMarkup(
        [
            [_button(language_name(code), token, "lang", code) for code in languages],
            [_cancel(t, token)],
        ]
    )


def people_keyboard(t: Translator, token: str, people: list[Prisoner]) -> InlineKeyboardMarkup:
    """One button per candidate (by position in the draft's list), and Cancel."""
    rows = [
        [person_button(person, t, _data(token, "person", index))]
        for index, person in enumerate(people)
    ]
    return InlineKeyboardMarkup([*rows, [_cancel(t, token)]])


def time_keyboard(t: Translator, token: str) -> InlineKeyboardMarkup:
    """[Now] [Cancel] under the question about the time."""
    return InlineKeyboardMarkup(
        [[_button(t("campaign-time-now"), token, "now"), _cancel(t, token)]]
    )


def confirm_keyboard(t: Translator, token: str, *, can_send: bool) -> InlineKeyboardMarkup:
    """[Send] [Cancel] under the summary; only Cancel when nobody would get the message."""
    send = [_button(t("campaign-button-send"), token, "send")] if can_send else []
    return InlineKeyboardMarkup([[*send, _cancel(t, token)]])


def progress_keyboard(t: Translator, campaign_id: int) -> InlineKeyboardMarkup:
    """[Cancel campaign] under the progress message."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("campaign-button-stop"),
                    callback_data=f"{CAMPAIGN_PREFIX}{STOP_ACTION}:{campaign_id}",
                )
            ]
        ]
    )


def problem_text(t: Translator, problem: HtmlProblem) -> str:
    """Say what is wrong with a campaign text, naming the tag, link or entity."""
    args = {"detail": problem.detail}
    if problem.issue is HtmlIssue.UNESCAPED:
        args["escaped"] = _ESCAPES.get(problem.detail, problem.detail)
    return t.format(f"campaign-html-{problem.issue.value}", args)


def progress_job_name(campaign_id: int) -> str:
    """Return the name of the job that keeps a campaign's progress message up to date."""
    return f"campaign-progress-{campaign_id}"


# -- starting and answering ------------------------------------------------------------------


@admin_only
async def campaign_command(update: Update, context: BotContext) -> None:
    """Start a new campaign draft (dropping an open one) and ask for the text."""
    message = update.effective_message
    if message is None or context.chat_data is None:
        return
    t = await translator(update, context)
    if isinstance(context.chat_data.get(DRAFT_KEY), Draft):
        await message.reply_text(t("campaign-draft-restarted"))
    draft = Draft(secrets.token_hex(4))
    context.chat_data[DRAFT_KEY] = draft
    await _ask(context, message.chat_id, draft, t("campaign-ask-text"), _text_reply(t))


async def campaign_typed(update: Update, context: BotContext) -> bool:
    """Take an operator's typed answer to the step waiting for one; False if it is not one.

    Text from anyone but an operator is never an answer: it goes on to the name lookup, as
    every text does, so nothing here shows.
    """
    message = update.effective_message
    chat_data = context.chat_data
    if message is None or message.text is None or chat_data is None:
        return False
    if not is_admin(update, context):
        return False
    stored = chat_data.get(DRAFT_KEY)
    draft = stored if isinstance(stored, Draft) else None
    reply = message.reply_to_message
    if reply is not None and (draft is None or reply.message_id != draft.prompt_id):
        if reply.message_id not in chat_data.get(ASKED_KEY, []):
            return False
        t = await translator(update, context)
        await message.reply_text(t("campaign-expired"))
        return True
    if draft is None or (reply is None and draft.stage not in TYPED_STAGES):
        return False
    t = await translator(update, context)
    match draft.stage:
        case Stage.TEXT:
            await _take_text(context, message, draft, t)
        case Stage.BUTTON:
            await _take_button(context, message, draft, t)
        case Stage.PERSON:
            await _take_person(context, message, draft, t)
        case Stage.TIME:
            await _take_time(context, message, draft, t)
        case _:
            await message.reply_text(t("campaign-use-buttons"))
    return True


async def _take_text(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    source = _html_source(message)
    check = check_telegram_html(source)
    if check.problem is not None:
        text = f"{problem_text(t, check.problem)}\n\n{t('campaign-text-again')}"
        await _ask(context, message.chat_id, draft, text, _text_reply(t))
        return
    draft.text = source.strip()
    draft.stage = Stage.BUTTON
    await _ask(
        context, message.chat_id, draft, t("campaign-ask-button"), button_keyboard(t, draft.token)
    )


async def _take_button(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    button = parse_link_button(message.text or "")
    if button is None:
        await _ask(
            context,
            message.chat_id,
            draft,
            t("campaign-button-invalid"),
            button_keyboard(t, draft.token),
        )
        return
    draft.button = button
    await _ask_audience(context, message.chat_id, draft, t)


async def _take_person(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    services = context.services
    query = " ".join((message.text or "").split())[:MAX_QUERY_LENGTH]
    result = services.search.search(query, limit=PERSON_CHOICES)
    chosen = person_to_open(result)
    if chosen is not None:
        draft.audience, draft.audience_value = AudienceKind.FOLLOWERS, chosen
        await _ask_time(context, message.chat_id, draft, t)
        return
    if not result.prisoner_ids:
        await _ask(
            context,
            message.chat_id,
            draft,
            t("campaign-person-none", query=query[:64]),
            _person_reply(t),
        )
        return
    found = {person.id: person for person in await services.prisoners.by_ids(result.prisoner_ids)}
    people = [found[key] for key in result.prisoner_ids if key in found]
    draft.candidates = tuple(person.id for person in people)
    await _ask(
        context,
        message.chat_id,
        draft,
        t("campaign-person-pick"),
        people_keyboard(t, draft.token, people),
    )


async def _take_time(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    services = context.services
    zone_name = services.settings.default_timezone
    value = " ".join((message.text or "").split())[:64]
    moment = parse_send_time(value, zone(zone_name))
    if moment is None:
        text = t("campaign-time-invalid", value=value, example=_example_time(services))
    elif moment <= services.clock():
        text = t("campaign-time-past", value=value, zone=zone_name)
    else:
        draft.send_at = moment
        await _preview(context, message.chat_id, draft, t)
        return
    await _ask(context, message.chat_id, draft, text, time_keyboard(t, draft.token))


@admin_only
async def pressed(update: Update, context: BotContext) -> None:
    """Act on a button of a campaign draft or of a campaign's progress message."""
    query = update.callback_query
    chat_data = context.chat_data
    if query is None or query.data is None or chat_data is None:
        return
    parts = query.data.removeprefix(CAMPAIGN_PREFIX).split(":")
    if parts[0] == STOP_ACTION:
        await _stop(update, context, query, parts[1:])
        return
    stored = chat_data.get(DRAFT_KEY)
    if not isinstance(stored, Draft) or stored.token != parts[0]:
        await query.answer(await _t(update, context, "campaign-expired"), show_alert=True)
        return
    draft, action = stored, parts[1:]
    if action == ["send"] and draft.stage is Stage.CONFIRM:
        # Popped before anything else is awaited: a second press finds no draft.
        chat_data.pop(DRAFT_KEY, None)
        await _send(update, context, query, draft)
        return
    t = await translator(update, context)
    chat_id = query.message.chat.id if query.message is not None else None
    if chat_id is None:
        await query.answer(t("campaign-expired"), show_alert=True)
        return
    if action == ["cancel"]:
        chat_data.pop(DRAFT_KEY, None)
        await query.answer()
        await edit_in_place(query, t("campaign-draft-cancelled"), None)
        return
    step = await _apply_press(context, chat_id, draft, action, t)
    if not step:
        await query.answer(t("campaign-expired"), show_alert=True)
        return
    await query.answer()


async def _apply_press(
    context: BotContext, chat_id: int, draft: Draft, action: list[str], t: Translator
) -> bool:
    """Move the draft on by a pressed button; False if the button is not one of this step."""
    languages = context.services.l10n.languages
    match draft.stage, action:
        case Stage.BUTTON, ["nobutton"]:
            draft.button = None
            await _ask_audience(context, chat_id, draft, t)
        case Stage.AUDIENCE, ["all"]:
            draft.audience, draft.audience_value = AudienceKind.ALL, None
            await _ask_time(context, chat_id, draft, t)
        case Stage.AUDIENCE, ["followers"]:
            draft.stage = Stage.PERSON
            await _ask(context, chat_id, draft, t("campaign-ask-person"), _person_reply(t))
        case Stage.AUDIENCE, ["language"]:
            draft.stage = Stage.LANGUAGE
            markup = language_keyboard(t, draft.token, languages)
            await _ask(context, chat_id, draft, t("campaign-ask-language"), markup)
        case Stage.PERSON, ["person", index] if (
            index.isascii() and index.isdecimal() and int(index) < len(draft.candidates)
        ):
            draft.audience = AudienceKind.FOLLOWERS
            draft.audience_value = draft.candidates[int(index)]
            await _ask_time(context, chat_id, draft, t)
        case Stage.LANGUAGE, ["lang", code] if code in languages:
            draft.audience, draft.audience_value = AudienceKind.LANGUAGE, code
            await _ask_time(context, chat_id, draft, t)
        case Stage.TIME, ["now"]:
            draft.send_at = None
            await _preview(context, chat_id, draft, t)
        case _:
            return False
    return True


# -- asking ----------------------------------------------------------------------------------


def _text_reply(t: Translator) -> ForceReply:
    return ForceReply(selective=True, input_field_placeholder=t("campaign-text-placeholder"))


def _person_reply(t: Translator) -> ForceReply:
    return ForceReply(selective=True, input_field_placeholder=t("campaign-person-placeholder"))


async def _ask(
    context: BotContext,
    chat_id: int,
    draft: Draft,
    text: str,
    markup: InlineKeyboardMarkup | ForceReply,
) -> None:
    """Ask the draft's next question; a reply to this message is its answer."""
    # The previous question's buttons belong to a step that is over.
    if draft.prompt_id is not None and draft.prompt_has_buttons:
        with suppress(BadRequest):
            await context.bot.edit_message_reply_markup(chat_id, draft.prompt_id, reply_markup=None)
    sent = await context.bot.send_message(
        chat_id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    draft.prompt_id = sent.message_id
    draft.prompt_has_buttons = isinstance(markup, InlineKeyboardMarkup)
    if context.chat_data is not None:
        asked: list[int] = context.chat_data.setdefault(ASKED_KEY, [])
        asked.append(sent.message_id)
        del asked[:-KEPT_PROMPTS]


async def _ask_audience(context: BotContext, chat_id: int, draft: Draft, t: Translator) -> None:
    draft.stage = Stage.AUDIENCE
    await _ask(
        context, chat_id, draft, t("campaign-ask-audience"), audience_keyboard(t, draft.token)
    )


async def _ask_time(context: BotContext, chat_id: int, draft: Draft, t: Translator) -> None:
    services = context.services
    draft.stage = Stage.TIME
    text = t(
        "campaign-ask-time",
        example=_example_time(services),
        zone=services.settings.default_timezone,
    )
    await _ask(context, chat_id, draft, text, time_keyboard(t, draft.token))


async def _preview(context: BotContext, chat_id: int, draft: Draft, t: Translator) -> None:
    """Send the message as recipients will get it, then the summary with Send and Cancel."""
    services = context.services
    chats = await services.campaigns.audience(draft.audience, draft.audience_value)
    try:
        await context.bot.send_message(
            chat_id,
            draft.text,
            parse_mode=ParseMode.HTML,
            reply_markup=campaign_markup(draft.button),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )
    except BadRequest as error:
        # The checks passed but Telegram knows better (a link button it refuses, say).
        if context.chat_data is not None:
            context.chat_data.pop(DRAFT_KEY, None)
        await context.bot.send_message(
            chat_id,
            t("campaign-preview-refused", error=error.message),
            parse_mode=ParseMode.HTML,
        )
        return
    audience = await audience_label(services, t, draft.audience, draft.audience_value)
    if chats:
        when = _when_label(services, t, draft.send_at)
        summary = t("campaign-summary", audience=audience, count=len(chats), when=when)
    else:
        summary = t("campaign-summary-nobody", audience=audience)
    draft.stage = Stage.CONFIRM
    await _ask(
        context, chat_id, draft, summary, confirm_keyboard(t, draft.token, can_send=bool(chats))
    )


# -- sending and following ------------------------------------------------------------------


async def _send(update: Update, context: BotContext, query: CallbackQuery, draft: Draft) -> None:
    """Store the campaign and its deliveries, and turn the summary into the progress message."""
    services = context.services
    t = await translator(update, context)
    message, user = query.message, update.effective_user
    if not isinstance(message, Message) or user is None:
        await query.answer(t("campaign-expired"), show_alert=True)
        return
    now = services.clock()
    send_at = draft.send_at if draft.send_at is not None and draft.send_at > now else now
    chats = await services.campaigns.audience(draft.audience, draft.audience_value)
    if not chats:
        await query.answer()
        await edit_in_place(query, t("campaign-nobody-now"), None)
        return
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
        delivery.dispatcher.wake()
    await query.answer(t("campaign-stored"))
    await update_progress(context.bot, services, ProgressWatch(campaign.id))
    watch_progress(context.job_queue, campaign.id)


async def _stop(
    update: Update, context: BotContext, query: CallbackQuery, parts: list[str]
) -> None:
    """Cancel a campaign's messages not sent yet, from its progress message."""
    services = context.services
    t = await translator(update, context)
    number = parts[0] if len(parts) == 1 else ""
    campaign = (
        await services.campaigns.get(int(number))
        if number.isascii() and number.isdecimal() and len(number) < 10
        else None
    )
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
    if context.job_queue is not None:
        for job in context.job_queue.get_jobs_by_name(progress_job_name(campaign.id)):
            job.schedule_removal()


def watch_progress(jobs: JobQueue[Any] | None, campaign_id: int) -> None:
    """Keep a campaign's progress message up to date every few seconds until it ends."""
    if jobs is None:
        logger.warning("No job queue: campaign %d shows no progress", campaign_id)
        return
    name = progress_job_name(campaign_id)
    if not jobs.get_jobs_by_name(name):
        jobs.run_repeating(
            progress_job,
            interval=PROGRESS_EVERY,
            first=PROGRESS_EVERY,
            name=name,
            data=ProgressWatch(campaign_id),
        )


async def progress_job(context: BotContext) -> None:
    """Show a campaign's progress; stop once nothing of it waits any more."""
    job = context.job
    if job is None or not isinstance(job.data, ProgressWatch):
        return
    if await update_progress(context.bot, context.services, job.data):
        job.schedule_removal()


async def resume_progress(application: BotApplication) -> None:
    """Follow every unfinished campaign's progress again; call it from post_init."""
    unfinished = await application.bot_data.services.campaigns.unfinished()
    for campaign in unfinished:
        watch_progress(application.job_queue, campaign.id)
    if unfinished:
        logger.info("Following the progress of %d unfinished campaigns", len(unfinished))


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
                parse_mode=ParseMode.HTML,
                reply_markup=None if finished else progress_keyboard(t, campaign.id),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
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
            when=_when_label(services, t, campaign.send_at),
            count=waiting,
        )
    seconds = max(1, math.ceil(waiting / services.settings.send_rate_per_second))
    return t(
        "campaign-progress-sending",
        id=campaign.id,
        audience=audience,
        sent=sent,
        failed=undelivered,
        remaining=waiting,
        left=format_timedelta(timedelta(seconds=seconds), locale=t.language),
    )


async def audience_label(
    services: Services, t: Translator, kind: AudienceKind, value: str | None
) -> str:
    """Name an audience in plain text ("the chats that follow Maria Kalesnikava")."""
    match kind:
        case AudienceKind.FOLLOWERS:
            person = await services.prisoners.get(value or "")
            name = display_name(person, t.language) if person is not None else value
            return t.format("campaign-audience-followers-label", {"name": name}, escape=False)
        case AudienceKind.LANGUAGE:
            language = language_name(value or "")
            return t.format(
                "campaign-audience-language-label", {"language": language}, escape=False
            )
    return t.format("campaign-audience-all-label", escape=False)


# -- small helpers ---------------------------------------------------------------------------


def _html_source(message: Message) -> str:
    """Return the text as HTML: formatting done in the app becomes tags, typed tags stay."""
    entities = message.entities or ()
    if any(entity.type in FORMATTING_ENTITIES for entity in entities):
        return message.text_html
    return message.text or ""


def _when_label(services: Services, t: Translator, moment: datetime | None) -> str:
    if moment is None:
        return t.format("campaign-when-now", escape=False)
    zone_name = services.settings.default_timezone
    local = moment.astimezone(zone(zone_name))
    return t.format(
        "campaign-when-at", {"time": local.strftime(TIME_FORMAT), "zone": zone_name}, escape=False
    )


def _example_time(services: Services) -> str:
    """Return a time an hour or two ahead, on the hour, as the operator would write it."""
    local = services.clock().astimezone(zone(services.settings.default_timezone))
    return (local + timedelta(hours=2)).strftime("%Y-%m-%d %H:00")


async def _t(update: Update, context: BotContext, message_id: str) -> str:
    return (await translator(update, context))(message_id)
