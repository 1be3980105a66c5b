"""/settings: language, time zone, alert time, kinds of messages, pause; all edited in place."""

from __future__ import annotations

from contextlib import suppress
from datetime import time

from telegram import CallbackQuery, ForceReply, Message, Update
from telegram.constants import ChatType as TelegramChatType
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.context import BotContext
from bot.domain.chat import AlertKind, Chat, ChatType
from bot.domain.timezones import COMMON_ZONES, parse_timezone
from bot.l10n import Translator
from handlers.common import edit_in_place, ensure_chat, translator
from handlers.permissions import check_channel, is_chat_admin, may_manage
from handlers.settings_menu import (
    SETTINGS_PREFIX,
    MenuState,
    Screen,
    settings_keyboard,
    settings_text,
    zone_label,
)
from storage.chats import SettingsChange

# chat_data key: prompt message id -> (the chat whose zone is asked for, the menu's message id).
ZONE_PROMPTS_KEY = "zone_prompts"
KEPT_PROMPTS = 5
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
    state = MenuState(await context.services.follows.count(chat.chat_id), channel)
    await message.reply_text(
        settings_text(chat, t, state),
        parse_mode=ParseMode.HTML,
        reply_markup=settings_keyboard(chat, t, Screen.HOME, context.services.l10n.languages),
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
        await message.reply_text(t(problem, channel=check.label), parse_mode=ParseMode.HTML)
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


def _parse(data: str | None) -> tuple[int, list[str]] | None:
    """Return (chat id, action parts) of settings callback data, or None if it is not one."""
    if data is None or not data.startswith(SETTINGS_PREFIX):
        return None
    chat_text, _, rest = data.removeprefix(SETTINGS_PREFIX).partition(":")
    digits = chat_text.removeprefix("-")
    if not (digits.isascii() and digits.isdecimal() and len(digits) <= 20) or not rest:
        return None
    return int(chat_text), rest.split(":")


async def settings_pressed(update: Update, context: BotContext) -> None:
    """Apply a press in the settings menu and show the menu as it is now."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    parsed = _parse(query.data)
    if parsed is None:
        await query.answer(t("settings-expired"), show_alert=True)
        return
    chat_id, action = parsed
    if not await may_manage_chat(update, context, chat_id):
        here = update.effective_chat
        # In a group it is the admins' menu; anywhere else the button is not this chat's own.
        key = "admins-only" if here is not None and chat_id == here.id else "settings-expired"
        await query.answer(t(key), show_alert=True)
        return
    services = context.services
    chat = await services.chats.get(chat_id)
    if chat is None:
        await query.answer(t("settings-expired"), show_alert=True)
        return
    screen, changes = _interpret(action, chat)
    if screen is None or not services.l10n.supports(str(changes.get("language", chat.language))):
        await query.answer(t("settings-expired"), show_alert=True)
        return
    if screen == "tzask":
        await query.answer()
        await _ask_for_zone(context, query.message, chat)
        return
    if screen == "done":
        await query.answer()
        await edit_in_place(query, await _text(context, chat), None)
        return
    if changes:
        updated = await services.chats.update_settings(chat_id, now=services.clock(), **changes)
        chat = updated or chat
    await query.answer(services.l10n(chat.language)("settings-saved") if changes else None)
    await _show(context, query, chat, Screen(screen))


def _interpret(action: list[str], chat: Chat) -> tuple[str | None, SettingsChange]:
    """Return the screen to show next and the settings to change, from a button's action."""
    match action:
        case [name] if name in Screen.__members__.values():
            return name, {}
        case ["tzask" | "done" as name]:
            return name, {}
        case ["lang", code] if len(code) <= 8:
            return Screen.HOME, {"language": code}
        case ["tz", index] if (
            index.isascii() and index.isdecimal() and int(index) < len(COMMON_ZONES)
        ):
            return Screen.HOME, {"timezone": COMMON_ZONES[int(index)]}
        case ["time", hour] if hour.isascii() and hour.isdecimal() and int(hour) < 24:
            return Screen.HOME, {"alert_time": time(int(hour))}
        case ["kind", name, "on"] if name in _KINDS:
            return Screen.KINDS, {"kinds": chat.kinds | {_KINDS[name]}}
        case ["kind", name, "off"] if name in _KINDS:
            return Screen.KINDS, {"kinds": chat.kinds - {_KINDS[name]}}
        case ["pause" | "resume" as name]:
            return Screen.HOME, {"paused": name == "pause"}
        case ["all", "on" | "off" as switch]:
            return Screen.HOME, {"follow_all": switch == "on"}
    return None, {}


async def _text(context: BotContext, chat: Chat) -> str:
    services = context.services
    t = services.l10n(chat.language)
    channel = await _channel_name(context, chat)
    return settings_text(chat, t, MenuState(await services.follows.count(chat.chat_id), channel))


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
    t = context.services.l10n(chat.language)
    markup = settings_keyboard(chat, t, screen, context.services.l10n.languages)
    await edit_in_place(query, await _text(context, chat), markup)


# -- typing a time zone --------------------------------------------------------------------


async def _ask_for_zone(context: BotContext, menu: object, chat: Chat) -> None:
    if not isinstance(menu, Message):
        return
    t = context.services.l10n(chat.language)
    prompt = await menu.reply_text(
        t("settings-timezone-ask"),
        parse_mode=ParseMode.HTML,
        reply_markup=ForceReply(selective=True, input_field_placeholder="Europe/Warsaw"),
    )
    _remember_prompt(context, prompt.message_id, chat.chat_id, menu.message_id)


def _remember_prompt(context: BotContext, prompt_id: int, chat_id: int, menu_id: int) -> None:
    if context.chat_data is None:
        return
    prompts = context.chat_data.setdefault(ZONE_PROMPTS_KEY, {})
    prompts[prompt_id] = (chat_id, menu_id)
    for old in sorted(prompts)[:-KEPT_PROMPTS]:
        del prompts[old]


async def zone_typed(update: Update, context: BotContext) -> bool:
    """Take a reply to the time-zone prompt; return False when the message is not one."""
    message = update.effective_message
    if message is None or message.text is None or message.reply_to_message is None:
        return False
    prompts = (context.chat_data or {}).get(ZONE_PROMPTS_KEY, {})
    target = prompts.get(message.reply_to_message.message_id)
    if target is None:
        return False
    chat_id, menu_id = target
    t = await translator(update, context)
    if not await may_manage_chat(update, context, chat_id):
        await message.reply_text(t("admins-only"))
        return True
    services = context.services
    name = parse_timezone(message.text)
    if name is None:
        prompt = await message.reply_text(
            t("settings-timezone-unknown", value=" ".join(message.text.split())[:64]),
            parse_mode=ParseMode.HTML,
            reply_markup=ForceReply(selective=True, input_field_placeholder="Europe/Warsaw"),
        )
        _remember_prompt(context, prompt.message_id, chat_id, menu_id)
        return True
    chat = await services.chats.update_settings(chat_id, timezone=name, now=services.clock())
    if chat is None:
        await message.reply_text(t("settings-expired"))
        return True
    prompts.pop(message.reply_to_message.message_id, None)
    t = services.l10n(chat.language)
    await message.reply_text(t("settings-timezone-set", zone=zone_label(name, t.language)))
    await _refresh_menu(context, message.chat_id, menu_id, chat, t)
    return True


async def _refresh_menu(
    context: BotContext, where: int, menu_id: int, chat: Chat, t: Translator
) -> None:
    """Show the new settings on the menu the prompt came from, if it is still there."""
    markup = settings_keyboard(chat, t, Screen.HOME, context.services.l10n.languages)
    # The menu may be deleted or unchanged by now; the reply has confirmed the change anyway.
    with suppress(BadRequest):
        await context.bot.edit_message_text(
            await _text(context, chat),
            chat_id=where,
            message_id=menu_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
