"""A minimal PTB bot for the harness's process test: greets on /start, echoes text back.

Run as a child process with BOT_TOKEN, BOT_API_BASE_URL and BOT_API_FILE_URL in the environment.
"""

from __future__ import annotations

import html
import logging
import os

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters


async def greet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user by name."""
    assert update.effective_user is not None
    assert update.message is not None
    name = html.escape(update.effective_user.first_name)
    await update.message.reply_html(f"<b>Hello</b>, {name}!")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    assert update.message is not None
    assert update.message.text is not None
    await update.message.reply_text(update.message.text)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(name)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    application = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_BASE_URL"])
        .base_file_url(os.environ["BOT_API_FILE_URL"])
        .build()
    )
    application.add_handler(CommandHandler("start", greet))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
