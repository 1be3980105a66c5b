"""The time-zone question of /settings: "⌨️ Type another…" asks, a reply to the question answers.

One question per chat, not per person: in a group the question is the admins', and a member
who answers it is told so rather than ignored. Only a reply to the latest question is an answer;
any other text is what it would be without the question (a name to look up in a private chat,
talk in a group). /cancel leaves the zone as it was; a question nobody answers is dropped after
a day. The question is kept in the database (handlers.chat_state): any worker takes the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from telegram import ForceReply, Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.domain.timezones import parse_timezone
from handlers.callbacks import SettingsPress, decode
from handlers.chat_state import Kept
from handlers.common import NEW_MESSAGE, NEW_TEXT, Handlers, translator
from handlers.settings import may_manage_chat, pressed_chat, refresh_menu
from handlers.settings_menu import zone_label

WAIT = timedelta(days=1)
PLACEHOLDER = "Europe/Warsaw"


@dataclass(slots=True)
class ZoneQuestion:
    """What a chat was asked: whose zone, from which menu, and the latest question's id."""

    chat_id: int
    menu_id: int
    prompt_id: int


# The question a chat waits on, kept for the chat where it was asked.
QUESTION = Kept("zone_question", ZoneQuestion, WAIT)


def asks_for_zone(data: object) -> bool:
    """Tell whether a button's data is a settings menu's "⌨️ Type another…"."""
    press = decode(data if isinstance(data, str) else None, SettingsPress)
    return press is not None and press.action == ("tzask",)


async def ask(update: Update, context: BotContext) -> None:
    """Ask for the chat's time zone, to be typed in reply to the question."""
    query = update.callback_query
    pressed = await pressed_chat(update, context, query) if query is not None else None
    if query is None or pressed is None:
        return
    _, chat = pressed
    menu = query.message
    t = context.services.l10n(chat.language)
    if not isinstance(menu, Message):
        await query.answer(t("settings-expired"), show_alert=True)
        return
    await query.answer()
    prompt = await menu.reply_text(t("settings-timezone-ask"), reply_markup=_force_reply())
    question = ZoneQuestion(chat.chat_id, menu.message_id, prompt.message_id)
    await QUESTION.put(context, menu.chat_id, question)


async def typed(update: Update, context: BotContext) -> None:
    """Set the time zone typed in reply to the question, or ask again for one it knows.

    A reply to anything but the chat's latest question passes on to the other handlers.
    """
    message = update.effective_message
    if message is None or message.text is None or message.reply_to_message is None:
        return
    question = await QUESTION.get(context, message.chat_id)
    if question is None or message.reply_to_message.message_id != question.prompt_id:
        return
    t = await translator(update, context)
    if not await may_manage_chat(update, context, question.chat_id):
        await message.reply_text(t("admins-only"))
        raise ApplicationHandlerStop
    name = parse_timezone(message.text)
    if name is None:
        value = " ".join(message.text.split())[:64]
        prompt = await message.reply_text(
            t("settings-timezone-unknown", value=value), reply_markup=_force_reply()
        )
        question.prompt_id = prompt.message_id
        await QUESTION.put(context, message.chat_id, question)
        raise ApplicationHandlerStop
    services = context.services
    chat = await services.chats.update_settings(
        question.chat_id, timezone=name, now=services.clock()
    )
    await QUESTION.drop(context, message.chat_id)
    if chat is None:
        await message.reply_text(t("settings-expired"))
        raise ApplicationHandlerStop
    t = services.l10n(chat.language)
    await message.reply_text(t("settings-timezone-set", zone=zone_label(name, t.language)))
    await refresh_menu(context, message.chat_id, question.menu_id, chat)
    raise ApplicationHandlerStop


async def cancel(update: Update, context: BotContext) -> None:
    """Leave the time zone as it is and stop waiting for one; without a question, pass on."""
    message = update.effective_message
    if message is None:
        return
    question = await QUESTION.get(context, message.chat_id)
    if question is None:
        return
    t = await translator(update, context)
    if not await may_manage_chat(update, context, question.chat_id):
        await message.reply_text(t("admins-only"))
        raise ApplicationHandlerStop
    await QUESTION.drop(context, message.chat_id)
    await message.reply_text(t("settings-timezone-kept"))
    raise ApplicationHandlerStop


def answers() -> Handlers:
    """Return the handlers of an answer to the question and of /cancel.

    Registered in a group of their own before the others: what they do not take (no question
    waits, or a reply to another message) goes on to the ordinary handlers.
    """
    return [
        MessageHandler(NEW_TEXT & filters.REPLY, typed),
        CommandHandler("cancel", cancel, filters=NEW_MESSAGE),
    ]


def asking() -> CallbackQueryHandler[BotContext, None]:
    """Return the handler of "⌨️ Type another…" (before the settings menu's own)."""
    return CallbackQueryHandler(ask, pattern=asks_for_zone)


def _force_reply() -> ForceReply:
    return ForceReply(selective=True, input_field_placeholder=PLACEHOLDER)
