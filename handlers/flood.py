"""Stop a flooding sender before any other handler runs (registered in group -1)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from handlers.common import translator


async def guard(update: Update, context: BotContext) -> None:
    """Let the update through, or stop it (once with a notice) if its sender floods."""
    user = update.effective_user
    if user is None:
        return
    verdict = await context.bot_data.flood.admit(user.id)
    if verdict:
        return
    if verdict is None:
        t = await translator(update, context)
        if update.callback_query is not None:
            await update.callback_query.answer(t("flood-slow-down"), show_alert=True)
        elif update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE:
            await context.bot.send_message(update.effective_chat.id, t("flood-slow-down"))
    raise ApplicationHandlerStop
