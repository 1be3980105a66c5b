"""/campaign: an operator writes one message and sends it to many chats, now or later.

A conversation in the operator's private chat, one step a question: the text (Telegram HTML,
checked before anything else happens), an optional link button, the audience, the time; then
the message itself, exactly as recipients will get it, and a summary with [Send] [Cancel].
Nothing is stored before Send. The draft lives in chat_data (handlers.campaign_draft); every
button carries the draft's token, so a button of an older draft finds nothing, and Send pops
the draft, so a double press stores one campaign. A typed answer is plain text or a reply to
the latest question; a reply to an older message belongs to an older step, and is told so. A
draft left unanswered for an hour is closed, and the operator is told.

On Send the campaign and one outbox row per chat are stored in one transaction, and the summary
becomes the progress message (handlers.campaign_sending).

Everything here is for operators only: every callback goes through `admin_only`, so the
conversation starts for nobody else, and its buttons pressed by anyone else have expired.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta

from telegram import ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import BotContext
from bot.domain.search.decision import person_to_open
from bot.domain.telegram_html import check_telegram_html
from bot.domain.timezones import zone
from bot.l10n import Translator
from handlers.admin import admin_only
from handlers.callbacks import DraftPress, number
from handlers.campaign_draft import (
    DRAFT_KEY,
    Draft,
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
    pressed_draft,
    problem_text,
    text_reply,
    time_keyboard,
    when_label,
)
from handlers.campaign_sending import send
from handlers.common import NEW_MESSAGE, NEW_TEXT, conversation, edit_in_place, translator
from handlers.lookup import MAX_QUERY_LENGTH
from storage.campaigns import AudienceKind

# The steps: what the draft waits for.
TEXT, BUTTON, AUDIENCE, PERSON, LANGUAGE, TIME, CONFIRM = range(7)
END = ConversationHandler.END
WAIT = timedelta(hours=1)
PERSON_CHOICES = 8
AUDIENCES = ("all", "followers", "language")
# A reply to the latest question at a step answered with buttons.
NEW_REPLY = NEW_TEXT & filters.REPLY


@admin_only
async def start(update: Update, context: BotContext) -> int | None:
    """Start a new draft (dropping an open one) and ask for its text."""
    message = update.effective_message
    if message is None or context.chat_data is None:
        return END
    t = await translator(update, context)
    if isinstance(context.chat_data.get(DRAFT_KEY), Draft):
        await message.reply_text(t("campaign-draft-restarted"))
    draft = Draft(secrets.token_hex(4), message.chat_id)
    context.chat_data[DRAFT_KEY] = draft
    await _ask(context, draft, t("campaign-ask-text"), text_reply(t))
    return TEXT


@admin_only
async def take_text(update: Update, context: BotContext) -> int | None:
    """Check the message's text; ask for a link button, or for the text again."""
    answer = await _answer(update, context)
    if answer is None:
        return None
    message, draft, t = answer
    source = html_source(message)
    check = check_telegram_html(source)
    if check.problem is not None:
        text = f"{problem_text(t, check.problem)}\n\n{t('campaign-text-again')}"
        await _ask(context, draft, text, text_reply(t))
        return None
    draft.text = source.strip()
    await _ask(context, draft, t("campaign-ask-button"), button_keyboard(t, draft.token))
    return BUTTON


@admin_only
async def take_button(update: Update, context: BotContext) -> int | None:
    """Take the link button typed as "https://link Words", or ask for it again."""
    answer = await _answer(update, context)
    if answer is None:
        return None
    message, draft, t = answer
    draft.button = parse_link_button(message.text or "")
    if draft.button is None:
        await _ask(context, draft, t("campaign-button-invalid"), button_keyboard(t, draft.token))
        return None
    await _ask(context, draft, t("campaign-ask-audience"), audience_keyboard(t, draft.token))
    return AUDIENCE


@admin_only
async def no_button(update: Update, context: BotContext) -> int | None:
    """Leave the message without a link button and ask who gets it."""
    pressed = await _press(update, context)
    if pressed is None:
        return None
    draft, _, t = pressed
    draft.button = None
    await _ask(context, draft, t("campaign-ask-audience"), audience_keyboard(t, draft.token))
    return AUDIENCE


@admin_only
async def choose_audience(update: Update, context: BotContext) -> int | None:
    """Send to every chat, or ask whose followers or which language."""
    pressed = await _press(update, context)
    if pressed is None:
        return None
    draft, press, t = pressed
    if press.choice == "followers":
        await _ask(context, draft, t("campaign-ask-person"), person_reply(t))
        return PERSON
    if press.choice == "language":
        languages = context.services.l10n.languages
        markup = language_keyboard(t, draft.token, languages)
        await _ask(context, draft, t("campaign-ask-language"), markup)
        return LANGUAGE
    draft.audience, draft.audience_value = AudienceKind.ALL, None
    return await _ask_time(context, draft, t)


@admin_only
async def take_person(update: Update, context: BotContext) -> int | None:
    """Find the person whose followers get the message; offer several, or ask again."""
    answer = await _answer(update, context)
    if answer is None:
        return None
    message, draft, t = answer
    services = context.services
    query = " ".join((message.text or "").split())[:MAX_QUERY_LENGTH]
    result = services.search.search(query, limit=PERSON_CHOICES)
    chosen = person_to_open(result)
    if chosen is not None:
        draft.audience, draft.audience_value = AudienceKind.FOLLOWERS, chosen
        return await _ask_time(context, draft, t)
    if not result.prisoner_ids:
        text = t("campaign-person-none", query=query[:64])
        await _ask(context, draft, text, person_reply(t))
        return None
    found = {person.id: person for person in await services.prisoners.by_ids(result.prisoner_ids)}
    people = [found[key] for key in result.prisoner_ids if key in found]
    draft.candidates = tuple(person.id for person in people)
    markup = people_keyboard(t, draft.token, people)
    await _ask(context, draft, t("campaign-person-pick"), markup)
    return None


@admin_only
async def pick_person(update: Update, context: BotContext) -> int | None:
    """Take the person picked from the candidates."""
    pressed = await _press(update, context, lambda draft, value: bool(_candidate(draft, value)))
    if pressed is None:
        return None
    draft, press, t = pressed
    draft.audience, draft.audience_value = AudienceKind.FOLLOWERS, _candidate(draft, press.value)
    return await _ask_time(context, draft, t)


@admin_only
async def pick_language(update: Update, context: BotContext) -> int | None:
    """Take the language whose chats get the message."""
    languages = context.services.l10n.languages
    pressed = await _press(update, context, lambda _, value: value in languages)
    if pressed is None:
        return None
    draft, press, t = pressed
    draft.audience, draft.audience_value = AudienceKind.LANGUAGE, press.value
    return await _ask_time(context, draft, t)


@admin_only
async def take_time(update: Update, context: BotContext) -> int | None:
    """Take the time to send at, typed in the bot's time zone; it must be in the future."""
    answer = await _answer(update, context)
    if answer is None:
        return None
    message, draft, t = answer
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
        return await _preview(context, draft, t)
    await _ask(context, draft, text, time_keyboard(t, draft.token))
    return None


@admin_only
async def send_now(update: Update, context: BotContext) -> int | None:
    """Send as soon as the operator says Send."""
    pressed = await _press(update, context)
    if pressed is None:
        return None
    draft, _, t = pressed
    draft.send_at = None
    return await _preview(context, draft, t)


@admin_only
async def use_buttons(update: Update, context: BotContext) -> int | None:
    """Answer a reply at a step that takes buttons only."""
    answer = await _answer(update, context)
    if answer is not None:
        message, _, t = answer
        await message.reply_text(t("campaign-use-buttons"))
    return None


@admin_only
async def cancel(update: Update, context: BotContext) -> int | None:
    """Drop the draft: nothing is sent."""
    query = update.callback_query
    if query is None or pressed_draft(update, context) is None or context.chat_data is None:
        await answer_expired(update, context)
        return None
    context.chat_data.pop(DRAFT_KEY, None)
    t = await translator(update, context)
    await query.answer()
    await edit_in_place(query, t("campaign-draft-cancelled"), None)
    return END


@admin_only
async def timed_out(update: Update, context: BotContext) -> None:
    """Close a draft left unanswered for too long, and say so."""
    draft = (context.chat_data or {}).pop(DRAFT_KEY, None)
    if isinstance(draft, Draft):
        await _drop_buttons(context, draft)
        t = await translator(update, context)
        await context.bot.send_message(draft.chat_id, t("campaign-timed-out"))


def campaign_conversation() -> ConversationHandler[BotContext]:
    """Return the conversation of /campaign, from the command to Send or Cancel."""
    return conversation(
        "campaign",
        entry_points=[CommandHandler("campaign", start, filters=NEW_MESSAGE)],
        states={
            TEXT: [MessageHandler(NEW_TEXT, take_text)],
            BUTTON: [
                MessageHandler(NEW_TEXT, take_button),
                CallbackQueryHandler(no_button, pattern=_choices("nobutton")),
            ],
            AUDIENCE: [
                CallbackQueryHandler(choose_audience, pattern=_choices(*AUDIENCES)),
                MessageHandler(NEW_REPLY, use_buttons),
            ],
            PERSON: [
                MessageHandler(NEW_TEXT, take_person),
                CallbackQueryHandler(pick_person, pattern=_choices("person")),
            ],
            LANGUAGE: [
                CallbackQueryHandler(pick_language, pattern=_choices("lang")),
                MessageHandler(NEW_REPLY, use_buttons),
            ],
            TIME: [
                MessageHandler(NEW_TEXT, take_time),
                CallbackQueryHandler(send_now, pattern=_choices("now")),
            ],
            CONFIRM: [
                CallbackQueryHandler(send, pattern=_choices("send")),
                MessageHandler(NEW_REPLY, use_buttons),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[CallbackQueryHandler(cancel, pattern=_choices("cancel"))],
        timeout=WAIT,
    )


# -- helpers ---------------------------------------------------------------------------------


def _choices(*choices: str) -> str:
    """Return the pattern of a draft's buttons with these choices (their data starts so)."""
    return "^(" + "|".join(f"{DraftPress.prefix}:{choice}:" for choice in choices) + ")"


async def _answer(update: Update, context: BotContext) -> tuple[Message, Draft, Translator] | None:
    """Return a typed answer to the draft's latest question, the draft and the translator.

    A reply to another message belongs to an older step or draft: it is told so, and None
    is returned.
    """
    message = update.effective_message
    draft = (context.chat_data or {}).get(DRAFT_KEY)
    if message is None or not isinstance(draft, Draft):
        return None
    t = await translator(update, context)
    reply = message.reply_to_message
    if reply is not None and reply.message_id != draft.prompt_id:
        await message.reply_text(t("campaign-expired"))
        return None
    return message, draft, t


async def _press(
    update: Update, context: BotContext, accepts: Callable[[Draft, str], bool] = lambda *_: True
) -> tuple[Draft, DraftPress, Translator] | None:
    """Answer a press of one of the draft's buttons; return the draft, the press, the translator.

    A button of another draft, or with a value the draft does not offer, is answered as
    expired, and None is returned.
    """
    pressed = pressed_draft(update, context)
    query = update.callback_query
    if query is None or pressed is None or not accepts(pressed[0], pressed[1].value):
        await answer_expired(update, context)
        return None
    await query.answer()
    return *pressed, await translator(update, context)


def _candidate(draft: Draft, value: str) -> str | None:
    """Return the person a button of the candidates names by position, or None."""
    index = number(value)
    return draft.candidates[index] if index is not None and index < len(draft.candidates) else None


async def _ask(
    context: BotContext, draft: Draft, text: str, markup: InlineKeyboardMarkup | ForceReply
) -> None:
    """Ask the draft's next question; a reply to this message is its answer."""
    await _drop_buttons(context, draft)
    sent = await context.bot.send_message(draft.chat_id, text, reply_markup=markup)
    draft.prompt_id = sent.message_id
    draft.prompt_has_buttons = isinstance(markup, InlineKeyboardMarkup)


async def _drop_buttons(context: BotContext, draft: Draft) -> None:
    """Take the buttons off the latest question: its step is over."""
    if draft.prompt_id is not None and draft.prompt_has_buttons:
        with suppress(BadRequest):
            await context.bot.edit_message_reply_markup(
                draft.chat_id, draft.prompt_id, reply_markup=None
            )


async def _ask_time(context: BotContext, draft: Draft, t: Translator) -> int:
    services = context.services
    zone_name = services.settings.default_timezone
    text = t("campaign-ask-time", example=example_time(services), zone=zone_name)
    await _ask(context, draft, text, time_keyboard(t, draft.token))
    return TIME


async def _preview(context: BotContext, draft: Draft, t: Translator) -> int:
    """Send the message as recipients will get it, then the summary with Send and Cancel."""
    services = context.services
    chats = await services.campaigns.audience(draft.audience, draft.audience_value)
    try:
        await context.bot.send_message(
            draft.chat_id, draft.text, reply_markup=campaign_markup(draft.button)
        )
    except BadRequest as error:
        # The checks passed but Telegram knows better (a link button it refuses, say).
        if context.chat_data is not None:
            context.chat_data.pop(DRAFT_KEY, None)
        await context.bot.send_message(
            draft.chat_id, t("campaign-preview-refused", error=error.message)
        )
        return END
    audience = await audience_label(services, t, draft.audience, draft.audience_value)
    if chats:
        when = when_label(services, t, draft.send_at)
        summary = t("campaign-summary", audience=audience, count=len(chats), when=when)
    else:
        summary = t("campaign-summary-nobody", audience=audience)
    markup = confirm_keyboard(t, draft.token, can_send=bool(chats))
    await _ask(context, draft, summary, markup)
    return CONFIRM
