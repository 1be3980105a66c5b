"""/settings: language, time zone, alert time, kinds of messages, pause; all edited in place.

Typing a time zone ("⌨️ Type another…") is a conversation of its own: handlers.zone_question.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from datetime import time
from typing import TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType as TelegramChatType
from telegram.error import BadRequest, Forbidden

from bot.context import BotContext
from bot.domain.chat import AlertKind, Chat, ChatType
from bot.domain.timezones import COMMON_ZONES
from handlers.callbacks import SWITCH, SettingsPress, decode, number
from handlers.common import edit_in_place, ensure_chat, translator
from handlers.permissions import check_channel, is_chat_admin, may_manage
from handlers.settings_menu import (
    WRITE_AGAIN_CHOICES,
    MenuState,
    Screen,
    settings_keyboard,
    settings_text,
)
from storage.chats import SettingsChange

T = TypeVar("T")
HOURS = tuple(time(hour) for hour in range(24))
_KINDS = {kind.value: kind for kind in AlertKind}


async def settings_command(update: Update, context: BotContext) -> None:
    """Open the settings menu of this chat (or of a channel named after the command)."""
    message = update.effective_message
    if message is None:
        return
    t = await translator(update, context)
    if context.args:
        # /settings @channel from a private chat manages a connected channel.
        await open_channel_settings(update, context, context.args[0])
        return
    if not await may_manage(update, context):
        await message.reply_text(t("admins-only"))
        return
    chat = await ensure_chat(update, context)
    if chat is not None:
        await send_menu(context, message, chat)


async def send_menu(
    context: BotContext, message: Message, chat: Chat, channel: str | None = None
) -> None:
    """Reply with the settings menu of `chat`, in that chat's language."""
    t = context.services.l10n(chat.language)
    await message.reply_text(
        settings_text(chat, t, await _state(context, chat, channel)),
        reply_markup=_keyboard(context, chat, Screen.HOME),
    )


async def _state(context: BotContext, chat: Chat, channel: str | None) -> MenuState:
    services = context.services
    return MenuState(
        await services.follows.count(chat.chat_id),
        services.settings.write_again_weeks,
        channel,
    )


def _keyboard(context: BotContext, chat: Chat, screen: Screen) -> InlineKeyboardMarkup:
    services = context.services
    t = services.l10n(chat.language)
    return settings_keyboard(
        chat, t, screen, services.l10n.languages, services.settings.write_again_weeks
    )


async def open_channel_settings(update: Update, context: BotContext, reference: str) -> None:
    """Open the menu of a connected channel for one of its admins, in a private chat."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    t = await translator(update, context)
    check = await check_channel(context, reference, user.id)
    if check.problem is not None or check.chat_id is None:
        problem = check.problem or "channel-not-found"
        await message.reply_text(t(problem, channel=check.label))
        return
    chat = await context.services.chats.get(check.chat_id)
    if chat is None or chat.type is not ChatType.CHANNEL:
        await message.reply_text(t("channel-not-connected", channel=check.label))
        return
    await send_menu(context, message, chat, check.label)


async def may_manage_chat(update: Update, context: BotContext, chat_id: int) -> bool:
    """Tell whether the sender may change chat `chat_id` from the chat they are writing in."""
    here, user = update.effective_chat, update.effective_user
    if here is None or user is None:
        return False
    if chat_id == here.id:
        return await may_manage(update, context)
    # Another chat can only be a channel, managed by one of its admins from a private chat.
    if here.type != TelegramChatType.PRIVATE:
        return False
    stored = await context.services.chats.get(chat_id)
    if stored is None or stored.type is not ChatType.CHANNEL:
        return False
    return await is_chat_admin(context, chat_id, user.id)


async def pressed_chat(
    update: Update, context: BotContext, query: CallbackQuery
) -> tuple[tuple[str, ...], Chat] | None:
    """Return the action and the chat of a press in a settings menu, if the presser may make it.

    Otherwise the press is answered (expired, or for admins only) and None is returned.
    """
    t = await translator(update, context)
    press = decode(query.data, SettingsPress)
    if press is None:
        await query.answer(t("settings-expired"), show_alert=True)
        return None
    if not await may_manage_chat(update, context, press.chat_id):
        here = update.effective_chat
        # In a group it is the admins' menu; anywhere else the button is not this chat's own.
        key = "admins-only" if here is not None and press.chat_id == here.id else "settings-expired"
        await query.answer(t(key), show_alert=True)
        return None
    chat = await context.services.chats.get(press.chat_id)
    if chat is None:
        await query.answer(t("settings-expired"), show_alert=True)
        return None
    return press.action, chat


async def settings_pressed(update: Update, context: BotContext) -> None:
    """Apply a press in the settings menu and show the menu as it is now."""
    query = update.callback_query
    if query is None:
        return
    pressed = await pressed_chat(update, context, query)
    if pressed is None:
        return
    action, chat = pressed
    services = context.services
    screen, changes = _interpret(action, chat)
    if screen is None or not services.l10n.supports(str(changes.get("language", chat.language))):
        t = await translator(update, context)
        await query.answer(t("settings-expired"), show_alert=True)
        return
    if screen == "done":
        await query.answer()
        await edit_in_place(query, await menu_text(context, chat), None)
        return
    if changes:
        updated = await services.chats.update_settings(
            chat.chat_id, now=services.clock(), **changes
        )
        chat = updated or chat
    await query.answer(services.l10n(chat.language)("settings-saved") if changes else None)
    await _show(context, query, chat, Screen(screen))


def _interpret(action: tuple[str, ...], chat: Chat) -> tuple[str | None, SettingsChange]:
    """Return the screen to show next and the settings to change, from a button's action."""
    match action:
        case (name,) if name in Screen.__members__.values():
            return name, {}
        case ("done",):
            return "done", {}
        case ("lang", code) if len(code) <= 8:
            return Screen.HOME, {"language": code}
        case ("tz", index) if (zone := _item(COMMON_ZONES, index)) is not None:
            return Screen.HOME, {"timezone": zone}
        case ("time", hour) if (at := _item(HOURS, hour)) is not None:
            return Screen.HOME, {"alert_time": at}
        case ("kind", name, "on") if name in _KINDS:
            return Screen.KINDS, {"kinds": chat.kinds | {_KINDS[name]}}
        case ("kind", name, "off") if name in _KINDS:
            return Screen.KINDS, {"kinds": chat.kinds - {_KINDS[name]}}
        case ("pause" | "resume" as name,):
            return Screen.HOME, {"paused": name == "pause"}
        case ("all", "on" | "off" as switch):
            return Screen.HOME, {"follow_all": SWITCH[switch]}
        case ("again", text) if (weeks := _weeks(text)) is not None:
            return Screen.HOME, {"write_again_weeks": weeks}
    return None, {}


def _item(choices: Sequence[T], text: str) -> T | None:
    """Return the choice a button names by its position, or None if there is none such."""
    index = number(text)
    return choices[index] if index is not None and index < len(choices) else None


def _weeks(text: str) -> int | None:
    """Return the write-again interval a button names, if the menu offers it."""
    weeks = number(text, digits=2)
    return weeks if weeks in WRITE_AGAIN_CHOICES else None


async def menu_text(context: BotContext, chat: Chat) -> str:
    """Describe the chat's settings as the menu shows them, a channel named by Telegram."""
    services = context.services
    t = services.l10n(chat.language)
    channel = await _channel_name(context, chat)
    return settings_text(chat, t, await _state(context, chat, channel))


async def _channel_name(context: BotContext, chat: Chat) -> str | None:
    """Name a channel by its title or @username, asked from Telegram (the bot never stores it)."""
    if chat.type is not ChatType.CHANNEL:
        return None
    try:
        info = await context.bot.get_chat(chat.chat_id)
    except (BadRequest, Forbidden):
        return "…"
    return f"@{info.username}" if info.username else info.title or "…"


async def _show(context: BotContext, query: CallbackQuery, chat: Chat, screen: Screen) -> None:
    await edit_in_place(query, await menu_text(context, chat), _keyboard(context, chat, screen))


async def refresh_menu(context: BotContext, where: int, menu_id: int, chat: Chat) -> None:
    """Show the chat's settings as they are now on a menu sent before, if it is still there."""
    markup = _keyboard(context, chat, Screen.HOME)
    # The menu may be deleted or unchanged by now; whoever changed a setting was told anyway.
    with suppress(BadRequest):
        await context.bot.edit_message_text(
            await menu_text(context, chat), chat_id=where, message_id=menu_id, reply_markup=markup
        )
