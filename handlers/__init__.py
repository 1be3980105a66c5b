"""Every update handler, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.context import BotApplication, BotContext
from handlers import (
    channels,
    errors,
    follow,
    inline,
    lifecycle,
    lookup,
    privacy,
    settings,
    start,
)
from handlers.cards import CARD_PREFIX, FOLLOW_PREFIX, UNFOLLOW_PREFIX, WRITE_PREFIX
from handlers.keyboards import FORGET_NO, FORGET_YES
from handlers.settings_menu import SETTINGS_PREFIX

# Command name -> the Fluent id of its menu description, in menu order.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "command-start"),
    ("find", "command-find"),
    ("follow", "command-follow"),
    ("following", "command-following"),
    ("settings", "command-settings"),
    ("help", "command-help"),
    ("about", "command-about"),
    ("forget", "command-forget"),
)


# Edits of old messages are not new requests: answering them would repeat replies.
NEW_MESSAGE = filters.UpdateType.MESSAGE
PRIVATE_MESSAGE = filters.ChatType.PRIVATE & NEW_MESSAGE
GROUP_MESSAGE = filters.ChatType.GROUPS & NEW_MESSAGE


async def private_text(update: Update, context: BotContext) -> None:
    """Read an answer to the time-zone question as a zone; any other text as a name."""
    if not await settings.zone_typed(update, context):
        await lookup.find_text(update, context)


async def group_reply(update: Update, context: BotContext) -> None:
    """Read a reply to the time-zone question in a group; the bot ignores other replies."""
    await settings.zone_typed(update, context)


def _pattern(*prefixes: str) -> str:
    return "^(" + "|".join(prefixes) + ")"


def register(application: BotApplication) -> None:
    """Attach all handlers to the application."""
    commands = {
        "start": start.start,
        "help": start.help_command,
        "about": start.about,
        "forget": privacy.forget,
        "find": lookup.find_command,
        "follow": follow.follow_command,
        "unfollow": follow.unfollow_command,
        "following": follow.following_command,
        "settings": settings.settings_command,
        "connect": channels.connect_command,
        "disconnect": channels.disconnect_command,
    }
    handlers: list[Any] = [
        *(
            CommandHandler(name, callback, filters=NEW_MESSAGE)
            for name, callback in commands.items()
        ),
        CallbackQueryHandler(privacy.forget_answer, pattern=f"^({FORGET_YES}|{FORGET_NO})$"),
        CallbackQueryHandler(lookup.show_card, pattern=_pattern(CARD_PREFIX)),
        CallbackQueryHandler(lookup.more_results, pattern=_pattern(lookup.MORE_PREFIX)),
        CallbackQueryHandler(lookup.write_guide, pattern=_pattern(WRITE_PREFIX)),
        CallbackQueryHandler(
            follow.flip_from_card, pattern=_pattern(FOLLOW_PREFIX, UNFOLLOW_PREFIX)
        ),
        CallbackQueryHandler(follow.follow_picked, pattern=_pattern(follow.PICK_PREFIX)),
        CallbackQueryHandler(
            follow.following_page,
            pattern=_pattern(
                follow.LIST_PREFIX, follow.LIST_UNFOLLOW_PREFIX, follow.FOLLOW_ALL_PREFIX
            ),
        ),
        CallbackQueryHandler(settings.settings_pressed, pattern=_pattern(SETTINGS_PREFIX)),
        # Anything else pressed: a button of an older release, or forged data.
        CallbackQueryHandler(errors.unknown_button),
        InlineQueryHandler(inline.inline_lookup),
        ChatMemberHandler(lifecycle.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, lifecycle.chat_migrated),
        # A post forwarded from a channel connects that channel.
        MessageHandler(PRIVATE_MESSAGE & filters.FORWARDED, channels.connect_forwarded),
        # After the commands: any other new text in a private chat is a name to look up.
        MessageHandler(PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND, private_text),
        MessageHandler(
            PRIVATE_MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, lookup.not_text
        ),
        MessageHandler(
            GROUP_MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND, group_reply
        ),
    ]
    application.add_handlers(handlers)
    application.add_error_handler(errors.on_error)
