"""Small helpers every handler uses: the chat's language, a reply in it, an edit in place."""

from __future__ import annotations

from datetime import date

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, filters

from bot.context import BotContext
from bot.domain.chat import Chat, ChatType
from bot.domain.timezones import zone
from bot.l10n import Translator

# Edits of old messages are not new requests: answering them would repeat replies.
NEW_MESSAGE = filters.UpdateType.MESSAGE
# A new text that is not a command: a name to look up, or the answer to a question.
NEW_TEXT = NEW_MESSAGE & filters.TEXT & ~filters.COMMAND

Handlers = list[BaseHandler[Update, BotContext, object]]


async def stored_chat(update: Update, context: BotContext) -> Chat | None:
    """Return the update's chat as stored (None if new), read from the database once per update.

    A lookup asks for the chat's language and its time zone: one read serves both.
    """
    chat = update.effective_chat
    if chat is None:
        return None
    if chat.id not in context.stored_chats:
        context.stored_chats[chat.id] = await context.services.chats.get(chat.id)
    return context.stored_chats[chat.id]


async def chat_language(update: Update, context: BotContext) -> str:
    """Return the chat's chosen language, or a guess from the user's Telegram language."""
    services = context.services
    stored = await stored_chat(update, context)
    if stored is not None and services.l10n.supports(stored.language):
        return stored.language
    user = update.effective_user
    return services.l10n.guess(
        user.language_code if user else None, services.settings.default_language
    )


async def translator(update: Update, context: BotContext) -> Translator:
    """Return the translator for the chat this update belongs to."""
    return context.services.l10n(await chat_language(update, context))


async def ensure_chat(update: Update, context: BotContext) -> Chat | None:
    """Return the stored chat of this update, storing it with defaults on first contact."""
    chat = update.effective_chat
    if chat is None:
        return None
    known = await stored_chat(update, context)
    if known is not None:
        # Most updates come from chats the bot knows: no write on their way.
        return known
    services = context.services
    settings = services.settings
    stored = await services.chats.ensure(
        chat.id,
        ChatType(chat.type),
        language=await chat_language(update, context),
        timezone=settings.default_timezone,
        alert_time=settings.default_alert_time,
        now=services.clock(),
    )
    context.stored_chats[chat.id] = stored
    return stored


async def local_today(update: Update, context: BotContext) -> date:
    """Return today's date in the chat's time zone."""
    services = context.services
    stored = await stored_chat(update, context)
    name = stored.timezone if stored else services.settings.default_timezone
    return services.clock().astimezone(zone(name)).date()


async def edit_in_place(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None, *, plain: bool = False
) -> None:
    """Show new text and buttons on the pressed message; a repeated press changes nothing.

    The text is Telegram HTML, or with `plain` shown exactly as it is written.
    """
    try:
        if plain:
            await query.edit_message_text(text, parse_mode=None, reply_markup=markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        # A double press asks for the text already shown; Telegram refuses, nothing is lost.
        if "not modified" not in error.message.lower():
            raise
