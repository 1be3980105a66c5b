"""The time-zone question of /settings: "⌨️ Type another…" asks, a reply to the question answers.

One conversation per chat, not per person: in a group the question is the admins', and a member
who answers it is told so rather than ignored. Only a reply to the latest question is an answer;
any other text is what it would be without the question (a name to look up in a private chat,
talk in a group). /cancel leaves the zone as it was; a question nobody answers is dropped after
a day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import ForceReply, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import BotContext
from bot.domain.timezones import parse_timezone
from handlers.callbacks import SettingsPress, decode
from handlers.common import NEW_MESSAGE, NEW_TEXT, conversation, translator
from handlers.settings import may_manage_chat, pressed_chat, refresh_menu
from handlers.settings_menu import zone_label

TYPING = "typing"
# chat_data key of the question the chat's conversation waits on.
QUESTION_KEY = "zone_question"
WAIT = timedelta(days=1)
PLACEHOLDER = "Europe/Warsaw"
END = ConversationHandler.END


@dataclass(slots=True)
class ZoneQuestion:
    """What a chat was asked: whose zone, from which menu, and the latest question's id."""

    chat_id: int
    menu_id: int
    prompt_id: int


class AnswersQuestion(filters.MessageFilter):
    """Let through a reply to the latest time-zone question of its chat."""

    def __init__(self, chat_data: Mapping[int, Mapping[Any, Any]]) -> None:
        super().__init__(name="AnswersQuestion")
        self._chat_data = chat_data

    def filter(self, message: Message) -> bool:
        reply = message.reply_to_message
        question = self._chat_data.get(message.chat_id, {}).get(QUESTION_KEY)
        return (
            reply is not None
            and isinstance(question, ZoneQuestion)
            and reply.message_id == question.prompt_id
        )


def asks_for_zone(data: object) -> bool:
    """Tell whether a button's data is a settings menu's "⌨️ Type another…"."""
    press = decode(data if isinstance(data, str) else None, SettingsPress)
    return press is not None and press.action == ("tzask",)


async def ask(update: Update, context: BotContext) -> str | None:
    """Ask for the chat's time zone, to be typed in reply to the question."""
    query = update.callback_query
    pressed = await pressed_chat(update, context, query) if query is not None else None
    if query is None or pressed is None or context.chat_data is None:
        return None
    _, chat = pressed
    menu = query.message
    t = context.services.l10n(chat.language)
    if not isinstance(menu, Message):
        await query.answer(t("settings-expired"), show_alert=True)
        return None
    await query.answer()
    prompt = await menu.reply_text(t("settings-timezone-ask"), reply_markup=_force_reply())
    context.chat_data[QUESTION_KEY] = ZoneQuestion(chat.chat_id, menu.message_id, prompt.message_id)
    return TYPING


async def typed(update: Update, context: BotContext) -> int | None:
    """Set the time zone typed in reply to the question, or ask again for one it knows."""
    message = update.effective_message
    question = (context.chat_data or {}).get(QUESTION_KEY)
    if message is None or message.text is None or not isinstance(question, ZoneQuestion):
        return END
    t = await translator(update, context)
    if not await may_manage_chat(update, context, question.chat_id):
        await message.reply_text(t("admins-only"))
        return None
    name = parse_timezone(message.text)
    if name is None:
        value = " ".join(message.text.split())[:64]
        prompt = await message.reply_text(
            t("settings-timezone-unknown", value=value), reply_markup=_force_reply()
        )
        question.prompt_id = prompt.message_id
        return None
    services = context.services
    chat = await services.chats.update_settings(
        question.chat_id, timezone=name, now=services.clock()
    )
    _forget(context)
    if chat is None:
        await message.reply_text(t("settings-expired"))
        return END
    t = services.l10n(chat.language)
    await message.reply_text(t("settings-timezone-set", zone=zone_label(name, t.language)))
    await refresh_menu(context, message.chat_id, question.menu_id, chat)
    return END


async def cancel(update: Update, context: BotContext) -> int | None:
    """Leave the time zone as it is and stop waiting for one."""
    message = update.effective_message
    question = (context.chat_data or {}).get(QUESTION_KEY)
    if message is None or not isinstance(question, ZoneQuestion):
        return END
    t = await translator(update, context)
    if not await may_manage_chat(update, context, question.chat_id):
        await message.reply_text(t("admins-only"))
        return None
    _forget(context)
    await message.reply_text(t("settings-timezone-kept"))
    return END


async def unanswered(update: Update, context: BotContext) -> None:
    """Drop a question nobody answered in time; the menu stays as it was."""
    _forget(context)


def zone_question(chat_data: Mapping[int, Mapping[Any, Any]]) -> ConversationHandler[BotContext]:
    """Return the conversation of the time-zone question (`chat_data`: the application's)."""
    return conversation(
        "timezone",
        entry_points=[CallbackQueryHandler(ask, pattern=asks_for_zone)],
        states={
            TYPING: [MessageHandler(NEW_TEXT & AnswersQuestion(chat_data), typed)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, unanswered)],
        },
        fallbacks=[CommandHandler("cancel", cancel, filters=NEW_MESSAGE)],
        per_user=False,
        timeout=WAIT,
    )


def _force_reply() -> ForceReply:
    return ForceReply(selective=True, input_field_placeholder=PLACEHOLDER)


def _forget(context: BotContext) -> None:
    if context.chat_data is not None:
        context.chat_data.pop(QUESTION_KEY, None)
