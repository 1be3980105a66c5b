"""The last resort: log what failed (never what was written) and tell the user once."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from handlers.common import translator

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the exception with the update's id only, and apologise in the chat."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        t = await translator(update, context)
        await context.bot.send_message(update.effective_chat.id, t("error-generic"))
    except (TelegramError, OSError):
        logger.warning("Could not tell chat about the failed update %s", update_id)


async def unknown_button(update: Update, context: BotContext) -> None:
    """Answer a button this release does not know, so the user's app stops waiting."""
    query = update.callback_query
    if query is not None:
        t = await translator(update, context)
        await query.answer(t("button-expired"), show_alert=True)
