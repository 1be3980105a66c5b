"""Inline mode: `@bot name` in any chat offers matching cards to post there."""

from __future__ import annotations

import html
import re
from datetime import date

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.domain.prisoner import Prisoner, Status
from bot.l10n import Translator
from handlers.cards import card_keyboard, display_name, render_card, status_line
from handlers.common import local_today, translator
from handlers.lookup import MAX_QUERY_LENGTH

MAX_RESULTS = 20
# Results change only with imports; a short cache keeps answers fresh and Telegram's load low.
CACHE_SECONDS = 300
TAG = re.compile(r"<[^>]+>")


async def inline_lookup(update: Update, context: BotContext) -> None:
    """Answer an inline query with up to 20 cards; an empty query offers people in prison now."""
    query = update.inline_query
    if query is None:
        return
    services = context.services
    t = await translator(update, context)
    text = query.query.strip()
    if text:
        result = services.search.search(text[: MAX_QUERY_LENGTH + 1], limit=MAX_RESULTS)
        people = await services.prisoners.by_ids(result.prisoner_ids[:MAX_RESULTS])
    else:
        everyone = await services.prisoners.all()
        people = [p for p in everyone if p.status is Status.IMPRISONED][:MAX_RESULTS]
    today = await local_today(update, context)
    articles = [card_article(person, t, today, context.bot.username) for person in people]
    await query.answer(articles, cache_time=CACHE_SECONDS, is_personal=False)


def card_article(
    person: Prisoner, t: Translator, today: date, bot_username: str
) -> InlineQueryResultArticle:
    """Offer one person's card as an inline result, titled by name and described by status."""
    return InlineQueryResultArticle(
        id=person.id,
        title=display_name(person, t.language),
        description=html.unescape(TAG.sub("", status_line(t, person))),
        input_message_content=InputTextMessageContent(
            render_card(person, t, today), parse_mode=ParseMode.HTML
        ),
        reply_markup=card_keyboard(person, t, bot_username),
    )
