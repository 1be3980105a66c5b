"""Every update handler, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.context import BotApplication
from handlers import errors, inline, lookup, privacy, start
from handlers.cards import CARD_PREFIX, WRITE_PREFIX
from handlers.keyboards import FORGET_NO, FORGET_YES

# Command name -> the Fluent id of its menu description, in menu order.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "command-start"),
    ("find", "command-find"),
    ("help", "command-help"),
    ("about", "command-about"),
    ("forget", "command-forget"),
)


# Edits of old messages are not new requests: answering them would repeat replies.
NEW_MESSAGE = filters.UpdateType.MESSAGE
PRIVATE_MESSAGE = filters.ChatType.PRIVATE & NEW_MESSAGE


def register(application: BotApplication) -> None:
    """Attach all handlers to the application."""
    handlers: list[Any] = [
        CommandHandler("start", start.start, filters=NEW_MESSAGE),
        CommandHandler("help", start.help_command, filters=NEW_MESSAGE),
        CommandHandler("about", start.about, filters=NEW_MESSAGE),
        CommandHandler("forget", privacy.forget, filters=NEW_MESSAGE),
        CommandHandler("find", lookup.find_command, filters=NEW_MESSAGE),
        CallbackQueryHandler(privacy.forget_answer, pattern=f"^({FORGET_YES}|{FORGET_NO})$"),
        CallbackQueryHandler(lookup.show_card, pattern=f"^{CARD_PREFIX}"),
        CallbackQueryHandler(lookup.more_results, pattern=f"^{lookup.MORE_PREFIX}"),
        CallbackQueryHandler(lookup.write_guide, pattern=f"^{WRITE_PREFIX}"),
        InlineQueryHandler(inline.inline_lookup),
        # After the commands: any other new text in a private chat is a name to look up.
        MessageHandler(PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND, lookup.find_text),
        MessageHandler(
            PRIVATE_MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, lookup.not_text
        ),
    ]
    application.add_handlers(handlers)
    application.add_error_handler(errors.on_error)
