"""/campaign: an operator writes one message and sends it to many chats, now or later.

A conversation in the operator's private chat, one step a question: the text (Telegram HTML,
checked before anything else happens), an optional link button, the audience, the time; then
the message itself, exactly as recipients will get it, and a summary with [Send] [Cancel].
Nothing but the draft is stored before Send: it is kept in the database (handlers.chat_state),
so that whichever worker gets the operator's next update takes the next step. Every button
carries the draft's token, so a button of an older draft finds nothing, and Send takes the
draft, so a double press stores one campaign. A typed answer is plain text or a reply to the
latest question; a reply to an older message belongs to an older step, and is told so. A
draft left unanswered for an hour is closed, and the operator is told.

On Send the campaign and one outbox row per chat are stored in one transaction, and the summary
becomes the progress message (handlers.campaign_sending).

Everything here is for operators only: every handler goes through `admin_only`, so the
conversation starts for nobody else, and its buttons pressed by anyone else have expired.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from contextlib import suppress

from telegram import Bot, ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import BotApplication, BotContext
from bot.domain.search.decision import person_to_open
from bot.domain.telegram_html import check_telegram_html
from bot.domain.timezones import zone
from bot.l10n import Translator
from handlers.admin import admin_only
from handlers.callbacks import DraftPress, decode, number
from handlers.campaign_draft import (
    DRAFTS,
    Draft,
    Step,
    answer_expired,
    audience_keyboard,
    audience_label,
    button_keyboard,
    campaign_markup,
    confirm_keyboard,
    example_time,
    html_source,
    language_keyboard,
    parse_link_button,
    parse_send_time,
    people_keyboard,
    person_reply,
    problem_text,
    text_reply,
    time_keyboard,
    when_label,
)
from handlers.campaign_sending import send
from handlers.common import edit_in_place, translator
from handlers.lookup import MAX_QUERY_LENGTH
from storage.campaigns import AudienceKind
from storage.chat_states import ExpiredState

logger = logging.getLogger(__name__)

PERSON_CHOICES = 8
# Steps answered with buttons: a reply to their question is told to use them, other text is
# what it would be without a draft (a name to look up).
BUTTON_STEPS = frozenset({Step.AUDIENCE, Step.LANGUAGE, Step.CONFIRM})

Typed = Callable[[BotContext, Message, Draft, Translator], Awaitable[None]]
Pressed = Callable[[Update, BotContext, Draft, DraftPress, Translator], Awaitable[None]]


@admin_only
async def start(update: Update, context: BotContext) -> None:
    """Start a new draft (dropping an open one) and ask for its text."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    t = await translator(update, context)
    if await DRAFTS.get(context, message.chat_id, user.id) is not None:
        await message.reply_text(t("campaign-draft-restarted"))
    draft = Draft(secrets.token_hex(4), message.chat_id, user.id, t.language)
    await _ask(context, draft, Step.TEXT, t("campaign-ask-text"), text_reply(t))


@admin_only
async def answered(update: Update, context: BotContext) -> None:
    """Take a typed answer to the open draft's latest question; without a draft, pass on.

    A reply to another message belongs to an older step or draft, and is told so.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    draft = await DRAFTS.get(context, message.chat_id, user.id)
    reply = message.reply_to_message
    if draft is None or (draft.step in BUTTON_STEPS and reply is None):
        return
    t = await translator(update, context)
    if reply is not None and reply.message_id != draft.prompt_id:
        await message.reply_text(t("campaign-expired"))
    elif draft.step in BUTTON_STEPS:
        await message.reply_text(t("campaign-use-buttons"))
    else:
        await TYPED[draft.step](context, message, draft, t)
    raise ApplicationHandlerStop


@admin_only
async def pressed(update: Update, context: BotContext) -> None:
    """Take a press of one of the open draft's buttons; any other draft's or step's expired."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    press = decode(query.data, DraftPress) if query is not None else None
    if query is None or chat is None or user is None or press is None:
        await answer_expired(update, context)
        return
    draft = await DRAFTS.get(context, chat.id, user.id)
    step = _pressed_step(draft, press, context.services.l10n.languages)
    if draft is None or step is None:
        await answer_expired(update, context)
        return
    if press.choice in ("send", "cancel"):
        # Both end the draft: of two presses at once, on any workers, one takes it.
        taken = await DRAFTS.take(context, chat.id, user.id)
        if taken is None or taken.token != draft.token:
            if taken is not None:
                await DRAFTS.put(context, chat.id, taken, user.id)
            await answer_expired(update, context)
            return
    await step(update, context, draft, press, await translator(update, context))


def _pressed_step(
    draft: Draft | None, press: DraftPress, languages: tuple[str, ...]
) -> Pressed | None:
    """Return what a press does to the draft, or None if it is not one of its current buttons."""
    if draft is None or draft.token != press.token:
        return None
    if press.choice == "cancel":
        return cancel
    step = PRESSED.get((draft.step, press.choice))
    if step is pick_person and _candidate(draft, press.value) is None:
        return None
    if step is pick_language and press.value not in languages:
        return None
    return step


async def take_text(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    """Check the message's text; ask for a link button, or for the text again."""
    source = html_source(message)
    check = check_telegram_html(source)
    if check.problem is not None:
        text = f"{problem_text(t, check.problem)}\n\n{t('campaign-text-again')}"
        await _ask(context, draft, Step.TEXT, text, text_reply(t))
        return
    draft.text = source.strip()
    markup = button_keyboard(t, draft.token)
    await _ask(context, draft, Step.BUTTON, t("campaign-ask-button"), markup)


async def take_button(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    """Take the link button typed as "https://link Words", or ask for it again."""
    draft.button = parse_link_button(message.text or "")
    if draft.button is None:
        markup = button_keyboard(t, draft.token)
        await _ask(context, draft, Step.BUTTON, t("campaign-button-invalid"), markup)
        return
    await _ask_audience(context, draft, t)


async def no_button(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Leave the message without a link button and ask who gets it."""
    await _answer_press(update)
    draft.button = None
    await _ask_audience(context, draft, t)


async def choose_audience(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Send to every chat, or ask whose followers or which language."""
    await _answer_press(update)
    if press.choice == "followers":
        await _ask(context, draft, Step.PERSON, t("campaign-ask-person"), person_reply(t))
        return
    if press.choice == "language":
        languages = context.services.l10n.languages
        markup = language_keyboard(t, draft.token, languages)
        await _ask(context, draft, Step.LANGUAGE, t("campaign-ask-language"), markup)
        return
    draft.audience, draft.audience_value = AudienceKind.ALL, None
    await _ask_time(context, draft, t)


async def take_person(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    """Find the person whose followers get the message; offer several, or ask again."""
    services = context.services
    query = " ".join((message.text or "").split())[:MAX_QUERY_LENGTH]
    result = services.search.search(query, limit=PERSON_CHOICES)
    chosen = person_to_open(result)
    if chosen is not None:
        draft.audience, draft.audience_value = AudienceKind.FOLLOWERS, chosen
        await _ask_time(context, draft, t)
        return
    if not result.prisoner_ids:
        text = t("campaign-person-none", query=query[:64])
        await _ask(context, draft, Step.PERSON, text, person_reply(t))
        return
    found = {person.id: person for person in await services.prisoners.by_ids(result.prisoner_ids)}
    people = [found[key] for key in result.prisoner_ids if key in found]
    draft.candidates = tuple(person.id for person in people)
    markup = people_keyboard(t, draft.token, people)
    await _ask(context, draft, Step.PERSON, t("campaign-person-pick"), markup)


async def pick_person(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Take the person picked from the candidates."""
    await _answer_press(update)
    draft.audience, draft.audience_value = AudienceKind.FOLLOWERS, _candidate(draft, press.value)
    await _ask_time(context, draft, t)


async def pick_language(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Take the language whose chats get the message."""
    await _answer_press(update)
    draft.audience, draft.audience_value = AudienceKind.LANGUAGE, press.value
    await _ask_time(context, draft, t)


async def take_time(context: BotContext, message: Message, draft: Draft, t: Translator) -> None:
    """Take the time to send at, typed in the bot's time zone; it must be in the future."""
    services = context.services
    zone_name = services.settings.default_timezone
    value = " ".join((message.text or "").split())[:64]
    moment = parse_send_time(value, zone(zone_name))
    if moment is None:
        text = t("campaign-time-invalid", value=value, example=example_time(services))
    elif moment <= services.clock():
        text = t("campaign-time-past", value=value, zone=zone_name)
    else:
        draft.send_at = moment
        await _preview(context, draft, t)
        return
    await _ask(context, draft, Step.TIME, text, time_keyboard(t, draft.token))


async def send_now(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Send as soon as the operator says Send."""
    await _answer_press(update)
    draft.send_at = None
    await _preview(context, draft, t)


async def cancel(
    update: Update, context: BotContext, draft: Draft, press: DraftPress, t: Translator
) -> None:
    """Drop the draft (taken already): nothing is sent."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await edit_in_place(query, t("campaign-draft-cancelled"), None)


async def timed_out(application: BotApplication, state: ExpiredState) -> None:
    """Close a draft left unanswered for too long, and say so; a hook of the state sweep."""
    draft = DRAFTS.read(state.data)
    if draft is None:
        return
    bot = application.bot
    await _drop_buttons(bot, draft)
    t = application.bot_data.services.l10n(draft.language)
    try:
        await bot.send_message(draft.chat_id, t("campaign-timed-out"))
    except TelegramError as error:
        # The operator blocked the bot, say: the draft is closed all the same.
        logger.warning("Could not say that a campaign draft was closed: %s", error)


TYPED: dict[Step, Typed] = {
    Step.TEXT: take_text,
    Step.BUTTON: take_button,
    Step.PERSON: take_person,
    Step.TIME: take_time,
}
# (the step a draft is at, the button's choice) -> what the press does; Cancel works at any step.
PRESSED: dict[tuple[Step, str], Pressed] = {
    (Step.BUTTON, "nobutton"): no_button,
    (Step.AUDIENCE, "all"): choose_audience,
    (Step.AUDIENCE, "followers"): choose_audience,
    (Step.AUDIENCE, "language"): choose_audience,
    (Step.PERSON, "person"): pick_person,
    (Step.LANGUAGE, "lang"): pick_language,
    (Step.TIME, "now"): send_now,
    (Step.CONFIRM, "send"): send,
}


# -- helpers ---------------------------------------------------------------------------------


async def _answer_press(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


def _candidate(draft: Draft, value: str) -> str | None:
    """Return the person a button of the candidates names by position, or None."""
    index = number(value)
    return draft.candidates[index] if index is not None and index < len(draft.candidates) else None


async def _ask(
    context: BotContext,
    draft: Draft,
    step: Step,
    text: str,
    markup: InlineKeyboardMarkup | ForceReply,
) -> None:
    """Ask the draft's next question and keep the draft; a reply to this message answers."""
    await _drop_buttons(context.bot, draft)
    sent = await context.bot.send_message(draft.chat_id, text, reply_markup=markup)
    draft.step = step
    draft.prompt_id = sent.message_id
    draft.prompt_has_buttons = isinstance(markup, InlineKeyboardMarkup)
    await DRAFTS.put(context, draft.chat_id, draft, draft.user_id)


async def _drop_buttons(bot: Bot, draft: Draft) -> None:
    """Take the buttons off the latest question: its step is over."""
    if draft.prompt_id is not None and draft.prompt_has_buttons:
        with suppress(BadRequest):
            await bot.edit_message_reply_markup(draft.chat_id, draft.prompt_id, reply_markup=None)


async def _ask_audience(context: BotContext, draft: Draft, t: Translator) -> None:
    markup = audience_keyboard(t, draft.token)
    await _ask(context, draft, Step.AUDIENCE, t("campaign-ask-audience"), markup)


async def _ask_time(context: BotContext, draft: Draft, t: Translator) -> None:
    services = context.services
    zone_name = services.settings.default_timezone
    text = t("campaign-ask-time", example=example_time(services), zone=zone_name)
    await _ask(context, draft, Step.TIME, text, time_keyboard(t, draft.token))


async def _preview(context: BotContext, draft: Draft, t: Translator) -> None:
    """Send the message as recipients will get it, then the summary with Send and Cancel."""
    services = context.services
    chats = await services.campaigns.audience(draft.audience, draft.audience_value)
    try:
        await context.bot.send_message(
            draft.chat_id, draft.text, reply_markup=campaign_markup(draft.button)
        )
    except BadRequest as error:
        # The checks passed but Telegram knows better (a link button it refuses, say).
        await DRAFTS.drop(context, draft.chat_id, draft.user_id)
        await context.bot.send_message(
            draft.chat_id, t("campaign-preview-refused", error=error.message)
        )
        return
    audience = await audience_label(services, t, draft.audience, draft.audience_value)
    if chats:
        when = when_label(services, t, draft.send_at)
        summary = t("campaign-summary", audience=audience, count=len(chats), when=when)
    else:
        summary = t("campaign-summary-nobody", audience=audience)
    markup = confirm_keyboard(t, draft.token, can_send=bool(chats))
    await _ask(context, draft, Step.CONFIRM, summary, markup)
