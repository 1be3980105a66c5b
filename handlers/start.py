"""/start, /help and /about: the first things a new supporter sees."""

from __future__ import annotations

from babel.dates import format_date
from telegram import Update

from bot.context import BotContext
from bot.domain.prisoner import Status
from handlers.common import ensure_chat, translator
from handlers.lookup import open_deep_link


async def start(update: Update, context: BotContext) -> None:
    """Remember the chat with its language and defaults, and welcome the user."""
    message, user = update.effective_message, update.effective_user
    chat = await ensure_chat(update, context)
    if message is None or chat is None:
        return
    # A deep link (t.me/<bot>?start=p_<id>) opens that person's card instead of the welcome.
    if await open_deep_link(update, context):
        return
    l10n = context.services.l10n
    t = l10n(chat.language)
    text = t("start-welcome")
    code = user.language_code if user else None
    if code and not l10n.supports(code.split("-")[0].lower()):
        # Said once, on the first screen: the bot guessed English for an app in another language.
        text += "\n\n" + t("language-hint")
    await message.reply_text(text)


async def help_command(update: Update, context: BotContext) -> None:
    """List what the bot can do."""
    if update.effective_message is None:
        return
    t = await translator(update, context)
    await update.effective_message.reply_text(t("help-text"))


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
        as_of=format_date(as_of, "long", locale=t.locale) if as_of else t("about-as-of-unknown"),
    )
    await update.effective_message.reply_text(text)
