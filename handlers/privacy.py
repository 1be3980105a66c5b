"""/forget: erase everything stored about a chat, after one confirmation."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from handlers.common import translator
from handlers.keyboards import FORGET_YES, forget_confirmation
from handlers.permissions import may_manage


async def forget(update: Update, context: BotContext) -> None:
    """Ask whether to erase the chat's data."""
    if update.effective_message is None:
        return
    t = await translator(update, context)
    if not await may_manage(update, context):
        await update.effective_message.reply_text(t("admins-only"))
        return
    await update.effective_message.reply_text(
        t("forget-confirm"), reply_markup=forget_confirmation(t)
    )


async def forget_answer(update: Update, context: BotContext) -> None:
    """Erase the chat's data on "yes"; keep it on "no"; either way say what happened."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    # Read the language before erasing: afterwards the chat's choice is gone.
    t = await translator(update, context)
    if chat is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    if not await may_manage(update, context):
        await query.answer(t("admins-only"), show_alert=True)
        return
    if query.data == FORGET_YES:
        # Follows, result lists, pending questions: everything about the chat goes with it.
        await context.services.chats.delete(chat.id)
        text = t("forget-done")
    else:
        text = t("forget-kept")
    await query.answer()
    await query.edit_message_text(text)
