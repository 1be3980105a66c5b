"""A chat's life: blocked and unblocked, added and removed, a group upgraded to a supergroup."""

from __future__ import annotations

from telegram import ChatMemberRestricted, Update
from telegram.constants import ChatMemberStatus
from telegram.constants import ChatType as TelegramChatType

from bot.context import BotContext
from bot.domain.chat import ChatType
from handlers.common import ensure_chat

_PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def membership_changed(update: Update, context: BotContext) -> None:
    """Stop sending where the bot was blocked or removed; start again where it is back."""
    change = update.my_chat_member
    if change is None:
        return
    member = change.new_chat_member
    present = member.status in _PRESENT or (
        isinstance(member, ChatMemberRestricted) and member.is_member
    )
    services = context.services
    chat = change.chat
    now = services.clock()
    if not present:
        # Follows and settings stay: if the bot is let back in, everything works as before.
        await services.chats.set_active(chat.id, False, now=now)
        return
    if await services.chats.set_active(chat.id, True, now=now):
        return
    if chat.type in (TelegramChatType.GROUP, TelegramChatType.SUPERGROUP):
        stored = await ensure_chat(update, context)
        was_there = change.old_chat_member.status in _PRESENT
        if stored is not None and not was_there:
            t = services.l10n(stored.language)
            await context.bot.send_message(chat.id, t("group-welcome"))


async def chat_migrated(update: Update, context: BotContext) -> None:
    """Keep a group's follows and settings when Telegram turns it into a supergroup."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    services = context.services
    # Telegram sends the news twice (in the old group and in the new one); the second is a no-op.
    await services.chats.move(old, new, type=ChatType.SUPERGROUP, now=services.clock())
    # A question waiting in the group is waiting in the supergroup.
    await services.chat_states.move(old, new)
