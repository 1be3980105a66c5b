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
    TypeHandler,
    filters,
)

from bot.context import BotApplication, BotContext
from bot.notices import SYNC_PREFIX
from bot.rendering.cards import CARD_PREFIX, FOLLOW_PREFIX, UNFOLLOW_PREFIX, WRITE_PREFIX
from handlers import (
    admin,
    calendar,
    campaigns,
    channels,
    data_source,
    errors,
    flood,
    follow,
    inline,
    lifecycle,
    lookup,
    privacy,
    settings,
    start,
    upload,
)
from handlers.calendar_views import UPCOMING_PREFIX
from handlers.common import translator
from handlers.keyboards import FORGET_NO, FORGET_YES
from handlers.settings_menu import SETTINGS_PREFIX

# Command name -> the Fluent id of its menu description, in menu order.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "command-start"),
    ("find", "command-find"),
    ("follow", "command-follow"),
    ("following", "command-following"),
    ("today", "command-today"),
    ("upcoming", "command-upcoming"),
    ("calendar", "command-calendar"),
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
    # An operator's answer to a /campaign step comes first (only operators have drafts).
    if await campaigns.campaign_typed(update, context):
        return
    if not await settings.zone_typed(update, context):
        await lookup.find_text(update, context)


async def group_reply(update: Update, context: BotContext) -> None:
    """Read a reply to the time-zone question in a group; the bot ignores other replies."""
    await settings.zone_typed(update, context)


def _pattern(*prefixes: str) -> str:
    return "^(" + "|".join(prefixes) + ")"


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command the bot does not know (admin commands look the same to others)."""
    if update.effective_message is not None:
        t = await translator(update, context)
        await update.effective_message.reply_text(t("unknown-command"))


# Commands that may take seconds (a year of dates for everyone, uploaded as a file): they run
# as tasks of their own, so that other chats' updates are not held up behind them.
SLOW_COMMANDS = frozenset({"calendar"})


def register(application: BotApplication, admin_ids: frozenset[int] = frozenset()) -> None:
    """Attach all handlers to the application; `admin_ids` may upload files to import."""
    commands = {
        "start": start.start,
        "help": start.help_command,
        "about": start.about,
        "forget": privacy.forget,
        "find": lookup.find_command,
        "follow": follow.follow_command,
        "unfollow": follow.unfollow_command,
        "following": follow.following_command,
        "today": calendar.today_command,
        "upcoming": calendar.upcoming_command,
        "calendar": calendar.calendar_command,
        "settings": settings.settings_command,
        "connect": channels.connect_command,
        "disconnect": channels.disconnect_command,
        # Operators only: each checks ADMIN_IDS itself (handlers.admin.admin_only).
        "stats": admin.stats,
        "actions": admin.list_actions,
        "addaction": admin.add_action,
        "campaign": campaigns.campaign_command,
    }
    handlers: list[Any] = [
        *(
            CommandHandler(name, callback, filters=NEW_MESSAGE, block=name not in SLOW_COMMANDS)
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
        CallbackQueryHandler(calendar.upcoming_page, pattern=_pattern(UPCOMING_PREFIX)),
        CallbackQueryHandler(
            calendar.calendar_everyone, pattern=_pattern(calendar.CALENDAR_PREFIX), block=False
        ),
        CallbackQueryHandler(settings.settings_pressed, pattern=_pattern(SETTINGS_PREFIX)),
        CallbackQueryHandler(upload.answered, pattern=_pattern(upload.IMPORT_PREFIX)),
        CallbackQueryHandler(data_source.held_answered, pattern=_pattern(SYNC_PREFIX)),
        CallbackQueryHandler(admin.retire_action, pattern=_pattern(admin.RETIRE_PREFIX)),
        CallbackQueryHandler(campaigns.pressed, pattern=_pattern(campaigns.CAMPAIGN_PREFIX)),
        # Anything else pressed: a button of an older release, or forged data.
        CallbackQueryHandler(errors.unknown_button),
        InlineQueryHandler(inline.inline_lookup),
        ChatMemberHandler(lifecycle.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, lifecycle.chat_migrated),
        # An operator's file is a data set to import; anyone else's is not a name (not_text).
        MessageHandler(
            PRIVATE_MESSAGE & filters.Document.ALL & admin.admin_filter(admin_ids), upload.received
        ),
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
        MessageHandler(PRIVATE_MESSAGE & filters.COMMAND, unknown_command),
    ]
    # Scheduled campaigns are in the outbox already; their progress messages resume at start.
    application.bot_data.on_start.append(campaigns.resume_progress)
    # Everyone's calendar is made ahead whenever the data (or the day) changes.
    application.bot_data.on_data_change.append(calendar.prepare_calendar_of)
    # Before everything else: a flooding sender's updates stop here.
    application.add_handler(TypeHandler(Update, flood.guard), group=-1)
    application.add_handlers(handlers)
    application.add_error_handler(errors.on_error)
