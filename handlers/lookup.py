"""Looking people up: plain text in private chats, /find anywhere, deep links, result lists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)

from bot.context import BotContext
from bot.domain.letters.follow_up import counted_since
from bot.domain.prisoner import Prisoner, Status
from bot.domain.search.decision import person_to_open
from bot.l10n import Translator
from bot.rendering.cards import (
    CARD_PREFIX,
    DEEP_LINK_PREFIX,
    card_keyboard,
    display_name,
    render_card,
)
from handlers.callbacks import MorePage, decode, encode
from handlers.chat_state import Kept
from handlers.common import local_today, translator

PAGE_SIZE = 8
KEPT_LISTS = 5
# Longer texts are not names; the search refuses them anyway, this answers them kindly.
MAX_QUERY_LENGTH = 200


async def find_text(update: Update, context: BotContext) -> None:
    """Treat a private chat's plain text as a name to look up."""
    message = update.effective_message
    if message is not None and message.text is not None:
        await _lookup(update, context, message, message.text)


async def find_command(update: Update, context: BotContext) -> None:
    """Look up the name written after /find."""
    message = update.effective_message
    if message is None:
        return
    query = " ".join(context.args or [])
    if not query.strip():
        t = await translator(update, context)
        await message.reply_text(t("lookup-find-usage"))
        return
    await _lookup(update, context, message, query)


async def not_text(update: Update, context: BotContext) -> None:
    """Answer a sticker, photo or other non-text message in a private chat."""
    if update.effective_message is not None:
        t = await translator(update, context)
        await update.effective_message.reply_text(t("lookup-not-a-name"))


@dataclass(slots=True)
class ResultList:
    """A list of results longer than a page: its message, its buttons' prefix, everyone in it."""

    message_id: int
    prefix: str
    ids: tuple[str, ...]


@dataclass(slots=True)
class ResultLists:
    """A chat's latest lists to page through: prisoner ids only, never the query."""

    lists: list[ResultList] = field(default_factory=list)


RESULTS = Kept("lookup_results", ResultLists, timedelta(days=1))

OpenOne = Callable[[Prisoner, Translator], Awaitable[None]]


async def _lookup(update: Update, context: BotContext, message: Message, query: str) -> None:
    async def open_card(prisoner: Prisoner, t: Translator) -> None:
        await send_card(update, context, message, prisoner, t)

    await search_and(update, context, message, query, open_card)


async def search_and(
    update: Update,
    context: BotContext,
    message: Message,
    query: str,
    open_one: OpenOne,
    *,
    prefix: str = CARD_PREFIX,
    several_key: str = "lookup-several",
) -> None:
    """Search for a name; act on the one person meant, or list the candidates as buttons.

    Each button's callback data is `prefix` followed by the person's id.
    """
    t = await translator(update, context)
    services = context.services
    result = services.search.search(query[: MAX_QUERY_LENGTH + 1], limit=PAGE_SIZE * 5)
    if not result.matches:
        if not 0 < len(query.strip()) <= MAX_QUERY_LENGTH:
            await message.reply_text(t("lookup-not-a-name"))
            return
        close = services.search.suggest(query)
        people = await services.prisoners.by_ids(match.prisoner_id for match in close)
        key = "lookup-none-suggest" if people else "lookup-none"
        await message.reply_text(
            t(key, query=" ".join(query.split())),
            reply_markup=(
                results_keyboard(people, t, page=0, total=len(people), prefix=prefix)
                if people
                else None
            ),
        )
        return
    ids = result.prisoner_ids
    chosen = person_to_open(result)
    if chosen is not None:
        prisoner = await services.prisoners.get(chosen)
        if prisoner is not None:
            await open_one(prisoner, t)
            return
    people = await services.prisoners.by_ids(ids[:PAGE_SIZE])
    sent = await message.reply_text(
        t(several_key, count=len(ids)),
        reply_markup=results_keyboard(people, t, page=0, total=len(ids), prefix=prefix),
    )
    if len(ids) > PAGE_SIZE:
        # Each list pages through its own results; only the latest few lists are kept.
        kept = await RESULTS.get(context, message.chat_id) or ResultLists()
        kept.lists = [*kept.lists, ResultList(sent.message_id, prefix, tuple(ids))][-KEPT_LISTS:]
        await RESULTS.put(context, message.chat_id, kept)


async def send_card(
    update: Update, context: BotContext, message: Message, prisoner: Prisoner, t: Translator
) -> None:
    """Reply with the person's card and its buttons."""
    today = await local_today(update, context)
    max_age = context.services.settings.address_max_age_days
    following = await context.services.follows.is_following(message.chat.id, prisoner.id)
    arrivals = None
    if prisoner.facility and prisoner.status is Status.IMPRISONED:
        arrivals = await context.services.letters.arrivals(prisoner.facility, counted_since(today))
    await message.reply_text(
        render_card(prisoner, t, today, address_max_age_days=max_age, arrivals=arrivals),
        reply_markup=card_keyboard(
            prisoner,
            t,
            context.bot.username,
            today=today,
            address_max_age_days=max_age,
            following=following,
        ),
    )


def person_button(person: Prisoner, t: Translator, callback_data: str) -> InlineKeyboardButton:
    """A button naming a person with a status mark and the year of detention."""
    args = {
        "name": display_name(person, t.language),
        "mark": t.format("status-mark", {"status": person.status.value}, escape=False),
    }
    if person.detained_on:
        text = t.format("list-button", {**args, "year": str(person.detained_on.year)}, escape=False)
    else:
        text = t.format("list-button-no-year", args, escape=False)
    return InlineKeyboardButton(text, callback_data=callback_data)


def results_keyboard(
    people: list[Prisoner], t: Translator, *, page: int, total: int, prefix: str = CARD_PREFIX
) -> InlineKeyboardMarkup:
    """One button per person (name, status mark, year of detention), and "more" if there is."""
    rows = [[person_button(person, t, f"{prefix}{person.id}")] for person in people]
    if (page + 1) * PAGE_SIZE < total:
        rows.append(
            [InlineKeyboardButton(t("lookup-more"), callback_data=encode(MorePage(page + 1)))]
        )
    return InlineKeyboardMarkup(rows)


async def show_card(update: Update, context: BotContext) -> None:
    """Open the card of the person whose button was pressed."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    t = await translator(update, context)
    prisoner = await context.services.prisoners.get(query.data.removeprefix(CARD_PREFIX))
    if prisoner is None or not isinstance(query.message, Message):
        await query.answer(t("lookup-unknown-person"), show_alert=True)
        return
    await query.answer()
    await send_card(update, context, query.message, prisoner, t)


async def more_results(update: Update, context: BotContext) -> None:
    """Show the next page of the last result list."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    listed = await _result_list(context, query.message) if query.message else None
    prefix, ids = (listed.prefix, listed.ids) if listed is not None else (CARD_PREFIX, ())
    more = decode(query.data, MorePage)
    if more is None or more.page * PAGE_SIZE >= len(ids):
        await query.answer(t("lookup-expired"), show_alert=True)
        return
    page = more.page
    people = await context.services.prisoners.by_ids(ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
    await query.answer()
    await query.edit_message_reply_markup(
        results_keyboard(people, t, page=page, total=len(ids), prefix=prefix)
    )


async def _result_list(context: BotContext, shown: MaybeInaccessibleMessage) -> ResultList | None:
    """Return the kept list shown on this message, or None (it was short, or is gone)."""
    kept = await RESULTS.get(context, shown.chat.id)
    lists = kept.lists if kept is not None else []
    return next((listed for listed in lists if listed.message_id == shown.message_id), None)


async def open_deep_link(update: Update, context: BotContext) -> bool:
    """Open a card from a `/start p_<id>` link; return False when the payload is not one."""
    message = update.effective_message
    payload = (context.args or [""])[0]
    if message is None or not payload.startswith(DEEP_LINK_PREFIX):
        return False
    t = await translator(update, context)
    prisoner_id = payload.removeprefix(DEEP_LINK_PREFIX)
    prisoner = None
    if len(prisoner_id) <= 64 and prisoner_id.replace("-", "").isalnum():
        prisoner = await context.services.prisoners.get(prisoner_id)
    if prisoner is None:
        await message.reply_text(t("lookup-unknown-person"))
    else:
        await send_card(update, context, message, prisoner, t)
    return True
