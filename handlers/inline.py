"""Inline mode: `@bot name` in any chat offers matching cards to post there."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update

from bot.context import BotContext
from bot.domain.calendar import dates_of
from bot.domain.events import Event, events_between
from bot.domain.prisoner import Prisoner, Status
from bot.domain.telegram_html import plain_text
from bot.l10n import Translator
from bot.rendering.cards import card_keyboard, display_name, render_card, status_line
from bot.rendering.digests import event_line
from handlers.common import local_today, translator
from handlers.lookup import MAX_QUERY_LENGTH

MAX_RESULTS = 20
# Results change only with imports; a short cache keeps answers fresh and Telegram's load low.
CACHE_SECONDS = 300


async def inline_lookup(update: Update, context: BotContext) -> None:
    """Answer an inline query with up to 20 cards.

    An empty query offers the people in prison now, those with a date today first.
    """
    query = update.inline_query
    if query is None:
        return
    services = context.services
    t = await translator(update, context)
    text = query.query.strip()
    today = await local_today(update, context)
    dated: dict[str, list[Event]] = {}
    if text:
        result = services.search.search(text[: MAX_QUERY_LENGTH + 1], limit=MAX_RESULTS)
        people = await services.prisoners.by_ids(result.prisoner_ids[:MAX_RESULTS])
    else:
        # Today's dates first, so that a community can post "today we remember" in two taps.
        inside = [p for p in await services.prisoners.all() if p.status is Status.IMPRISONED]
        for event in dates_of(events_between(inside, today, today)):
            dated.setdefault(event.prisoner_id, []).append(event)
        # The people with dates in the order of their dates (anniversaries before birthdays).
        rank = {pid: index for index, pid in enumerate(dated)}
        people = sorted(inside, key=lambda p: rank.get(p.id, len(rank)))[:MAX_RESULTS]
    max_age = services.settings.address_max_age_days
    articles = [
        card_article(
            person,
            t,
            today,
            context.bot.username,
            dated.get(person.id, ()),
            address_max_age_days=max_age,
        )
        for person in people
    ]
    # Personal: the cards are in the user's language, and "today" is the user's own day.
    await query.answer(articles, cache_time=CACHE_SECONDS, is_personal=True)


def card_article(
    person: Prisoner,
    t: Translator,
    today: date,
    bot_username: str,
    events: Sequence[Event] = (),
    *,
    address_max_age_days: int,
) -> InlineQueryResultArticle:
    """Offer one person's card as an inline result, described by status.

    It is titled by name, or by what today is for the person when `events` holds today's dates.
    """
    title = display_name(person, t.language)
    if events:
        title = " ".join(plain_text(event_line(t, event, person)) for event in events)
    return InlineQueryResultArticle(
        id=person.id,
        title=title,
        description=plain_text(status_line(t, person)),
        input_message_content=InputTextMessageContent(
            render_card(person, t, today, address_max_age_days=address_max_age_days),
        ),
        reply_markup=card_keyboard(
            person, t, bot_username, today=today, address_max_age_days=address_max_age_days
        ),
    )
