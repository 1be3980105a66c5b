"""Every update handler, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotApplication
from handlers import errors, privacy, start
from handlers.keyboards import FORGET_NO, FORGET_YES

# Command name -> the Fluent id of its menu description, in menu order.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "command-start"),
    ("help", "command-help"),
    ("about", "command-about"),
    ("forget", "command-forget"),
)


def register(application: BotApplication) -> None:
    """Attach all handlers to the application."""
    handlers: list[Any] = [
        CommandHandler("start", start.start),
        CommandHandler("help", start.help_command),
        CommandHandler("about", start.about),
        CommandHandler("forget", privacy.forget),
        CallbackQueryHandler(privacy.forget_answer, pattern=f"^({FORGET_YES}|{FORGET_NO})$"),
    ]
    application.add_handlers(handlers)
    application.add_error_handler(errors.on_error)
