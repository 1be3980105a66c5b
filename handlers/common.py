"""Small helpers every handler uses: the chat's language and a reply in it."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import BotContext
from bot.l10n import Translator


async def chat_language(update: Update, context: BotContext) -> str:
    """Return the chat's chosen language, or a guess from the user's Telegram language."""
    services = context.services
    chat = update.effective_chat
    if chat is not None:
        stored = await services.chats.get(chat.id)
        if stored is not None and services.l10n.supports(stored.language):
            return stored.language
    user = update.effective_user
    return services.l10n.guess(
        user.language_code if user else None, services.settings.default_language
    )


async def translator(update: Update, context: BotContext) -> Translator:
    """Return the translator for the chat this update belongs to."""
    return context.services.l10n(await chat_language(update, context))


async def local_today(update: Update, context: BotContext) -> date:
    """Return today's date in the chat's time zone."""
    services = context.services
    chat = update.effective_chat
    stored = await services.chats.get(chat.id) if chat else None
    zone = stored.timezone if stored else services.settings.default_timezone
    return services.clock().astimezone(ZoneInfo(zone)).date()
