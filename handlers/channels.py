"""Channels: an admin connects one from a private chat (/connect or a forwarded post)."""

from __future__ import annotations

from telegram import Message, MessageOriginChannel, Update
from telegram.constants import ChatType as TelegramChatType

from bot.context import BotContext
from bot.domain.chat import ChatType
from handlers.common import translator
from handlers.lookup import find_text, not_text
from handlers.permissions import check_channel
from handlers.settings import send_menu
from handlers.settings_menu import zone_city


async def connect_command(update: Update, context: BotContext) -> None:
    """Connect the channel named after /connect, so that it gets the daily message."""
    asked = await _channel_named(update, context, "connect-usage")
    if asked is not None:
        await _connect(update, context, *asked)


async def _channel_named(
    update: Update, context: BotContext, usage: str
) -> tuple[Message, str] | None:
    """Return the message and the channel named after a command in a private chat.

    In a group, or without a name, explain instead and return None.
    """
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    t = await translator(update, context)
    if chat.type != TelegramChatType.PRIVATE:
        await message.reply_text(t("channel-private-only"))
        return None
    if not context.args:
        await message.reply_text(t(usage))
        return None
    return message, context.args[0]


async def connect_forwarded(update: Update, context: BotContext) -> None:
    """Connect the channel a post was forwarded from; other forwards are read as usual."""
    message = update.effective_message
    if message is None:
        return
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        await _connect(update, context, message, origin.chat.id)
    elif message.text:
        await find_text(update, context)
    else:
        await not_text(update, context)


async def _connect(
    update: Update, context: BotContext, message: Message, reference: str | int
) -> None:
    user = update.effective_user
    if user is None:
        return
    t = await translator(update, context)
    check = await check_channel(context, reference, user.id)
    if check.problem is not None or check.chat_id is None:
        await message.reply_text(t(check.problem or "channel-not-found", channel=check.label))
        return
    services = context.services
    now = services.clock()
    # The channel starts with the settings of the admin's own chat, and follows everyone.
    own = await services.chats.get(message.chat_id)
    settings = services.settings
    existing = await services.chats.get(check.chat_id)
    channel = await services.chats.ensure(
        check.chat_id,
        ChatType.CHANNEL,
        language=own.language if own else t.language,
        timezone=own.timezone if own else settings.default_timezone,
        alert_time=own.alert_time if own else settings.default_alert_time,
        now=now,
    )
    if existing is None:
        channel = (
            await services.chats.update_settings(channel.chat_id, follow_all=True, now=now)
            or channel
        )
        key = "channel-connected"
    else:
        await services.chats.set_active(channel.chat_id, True, now=now)
        key = "channel-already-connected"
    await message.reply_text(
        t(
            key,
            channel=check.label,
            time=channel.alert_time.strftime("%H:%M"),
            zone=zone_city(channel.timezone, t.language),
        ),
    )
    await send_menu(context, message, channel, check.label)


async def disconnect_command(update: Update, context: BotContext) -> None:
    """Stop sending to a channel and erase what the bot stores about it."""
    asked = await _channel_named(update, context, "disconnect-usage")
    user = update.effective_user
    if asked is None or user is None:
        return
    message, reference = asked
    t = await translator(update, context)
    check = await check_channel(context, reference, user.id)
    # An admin may disconnect a channel even after taking the bot's admin rights away.
    if check.chat_id is None or check.problem not in (None, "channel-bot-not-admin"):
        await message.reply_text(t(check.problem or "channel-not-found", channel=check.label))
        return
    stored = await context.services.chats.get(check.chat_id)
    if stored is None or stored.type is not ChatType.CHANNEL:
        await message.reply_text(t("channel-not-connected", channel=check.label))
        return
    await context.services.chats.delete(check.chat_id)
    await message.reply_text(t("channel-disconnected", channel=check.label))
