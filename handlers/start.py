"""/start, /help and /about: the first things a new supporter sees."""

from __future__ import annotations

from babel.dates import format_date
from telegram import Update
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.domain.chat import ChatType
from bot.domain.prisoner import Status
from handlers import lookup
from handlers.common import chat_language, translator


async def start(update: Update, context: BotContext) -> None:
    """Remember the chat with its language and defaults, and welcome the user."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    services = context.services
    settings = services.settings
    language = await chat_language(update, context)
    await services.chats.ensure(
        chat.id,
        ChatType(chat.type),
        language=language,
        timezone=settings.default_timezone,
        alert_time=settings.default_alert_time,
        now=services.clock(),
    )
    # A deep link (t.me/<bot>?start=p_<id>) opens that person's card instead of the welcome.
    if await lookup.open_deep_link(update, context):
        return
    t = services.l10n(language)
    await message.reply_text(t("start-welcome"), parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: BotContext) -> None:
    """List what the bot can do."""
    if update.effective_message is None:
        return
    t = await translator(update, context)
    await update.effective_message.reply_text(t("help-text"), parse_mode=ParseMode.HTML)


async def about(update: Update, context: BotContext) -> None:
    """Say where the data comes from, how fresh it is, and what the bot stores."""
    if update.effective_message is None:
        return
    t = await translator(update, context)
    prisoners = context.services.prisoners
    by_status = await prisoners.count_by_status()
    as_of = await prisoners.newest_verified_on()
    text = t(
        "about-text",
        total=sum(by_status.values()),
        imprisoned=by_status.get(Status.IMPRISONED, 0),
        as_of=format_date(as_of, "long", locale=t.language) if as_of else t("about-as-of-unknown"),
    )
    await update.effective_message.reply_text(
        text, parse_mode=ParseMode.HTML, disable_web_page_preview=True
    )
