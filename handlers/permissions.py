"""Who may change a chat's follows and settings: anyone in private, admins elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import ChatMemberAdministrator, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden

from bot.context import BotContext

_ADMIN_STATUSES = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def is_chat_admin(context: BotContext, chat_id: int, user_id: int) -> bool:
    """Tell whether the user administers the chat, asking Telegram at most once a minute."""
    checks = context.bot_data.admin_checks
    cached = checks.get((chat_id, user_id))
    if cached is not None:
        return cached
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except (BadRequest, Forbidden):
        # The chat is gone, or the bot is no longer in it: nobody manages it through the bot.
        admin = False
    else:
        admin = member.status in _ADMIN_STATUSES
    checks[(chat_id, user_id)] = admin
    return admin


async def may_manage(update: Update, context: BotContext) -> bool:
    """Tell whether the sender may change this chat's data: anyone in private, admins in groups."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None and update.callback_query is None:
        # An anonymous admin writes as the group itself.
        return message.sender_chat.id == chat.id
    return await is_chat_admin(context, chat.id, user.id)


@dataclass(frozen=True, slots=True)
class ChannelCheck:
    """Whether a channel can be managed by a user, and if not, the Fluent id of the reason."""

    chat_id: int | None
    # @username, the title, or what the user typed: how to name the channel in replies.
    label: str
    problem: str | None = None


_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


def channel_reference(text: str) -> str | None:
    """Return `@username` from what a user typed (@name, name, t.me/name), or None."""
    name = text.strip()
    for prefix in ("https://", "http://", "t.me/", "telegram.me/", "@"):
        name = name.removeprefix(prefix)
    name = name.removeprefix("t.me/").removeprefix("telegram.me/").strip("/")
    return f"@{name}" if _USERNAME.fullmatch(name) else None


async def check_channel(context: BotContext, reference: str | int, user_id: int) -> ChannelCheck:
    """Check that the chat is a channel where both the user and the bot are admins.

    Telegram is asked every time: connecting a channel is rare and must reflect rights as
    they are now.
    """
    if isinstance(reference, str):
        username = channel_reference(reference)
        if username is None:
            return ChannelCheck(None, reference.strip()[:64], "channel-bad-name")
        target: str | int = username
        label = username
    else:
        target, label = reference, ""
    bot = context.bot
    try:
        info = await bot.get_chat(target)
        if info.type != ChatType.CHANNEL:
            return ChannelCheck(None, label, "channel-not-a-channel")
        label = f"@{info.username}" if info.username else info.title or label
        member = await bot.get_chat_member(info.id, user_id)
        if member.status not in _ADMIN_STATUSES:
            return ChannelCheck(info.id, label, "channel-not-admin")
        own = await bot.get_chat_member(info.id, bot.id)
    except (BadRequest, Forbidden):
        return ChannelCheck(None, label, "channel-not-found")
    if not (isinstance(own, ChatMemberAdministrator) and own.can_post_messages):
        return ChannelCheck(info.id, label, "channel-bot-not-admin")
    return ChannelCheck(info.id, label)
