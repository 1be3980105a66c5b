"""/forget: erase everything stored about a chat, after one confirmation."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType

from bot.context import BotContext
from handlers.common import translator
from handlers.keyboards import FORGET_YES, forget_confirmation


async def may_manage(update: Update, context: BotContext) -> bool:
    """Tell whether the user may change this chat's data: anyone in private, admins in groups."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


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
    if query is None or chat is None:
        return
    # Read the language before erasing: afterwards the chat's choice is gone.
    t = await translator(update, context)
    if not await may_manage(update, context):
        await query.answer(t("admins-only"), show_alert=True)
        return
    if query.data == FORGET_YES:
        await context.services.chats.delete(chat.id)
        text = t("forget-done")
    else:
        text = t("forget-kept")
    await query.answer()
    await query.edit_message_text(text)
