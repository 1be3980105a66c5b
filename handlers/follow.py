"""Following people: the card's button, /follow and /unfollow by name, and /following."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.domain.chat import MAX_FOLLOWS, Chat
from bot.domain.prisoner import Prisoner, Status
from bot.l10n import Translator
from bot.rendering.cards import (
    CARD_PREFIX,
    FOLLOW_PREFIX,
    UNFOLLOW_PREFIX,
    card_keyboard,
    display_name,
    gender,
)
from handlers.callbacks import FollowAll, FollowingPage, FollowingUnfollow, decode, encode
from handlers.common import edit_in_place, ensure_chat, local_today, translator
from handlers.lookup import MAX_QUERY_LENGTH, person_button, search_and
from handlers.permissions import may_manage
from storage.follows import FollowOutcome

# A person picked from a /follow result list.
PICK_PREFIX = "pick:"
LIST_PAGE_SIZE = 8


# -- the card's button ---------------------------------------------------------------------


async def flip_from_card(update: Update, context: BotContext) -> None:
    """Follow or stop following the person on a card, and flip the card's button."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    t = await translator(update, context)
    follow = query.data.startswith(FOLLOW_PREFIX)
    prisoner_id = query.data.removeprefix(FOLLOW_PREFIX if follow else UNFOLLOW_PREFIX)
    prisoner = await context.services.prisoners.get(prisoner_id)
    if prisoner is None or not isinstance(query.message, Message):
        await query.answer(t("lookup-unknown-person"), show_alert=True)
        return
    if not await may_manage(update, context):
        await query.answer(t("admins-only"), show_alert=True)
        return
    if follow:
        note, following = await _follow(update, context, prisoner, t)
    else:
        note, following = await _unfollow(update, context, prisoner, t), False
    await query.answer(note, show_alert=following is None)
    if following is not None:
        markup = card_keyboard(
            prisoner,
            t,
            context.bot.username,
            today=await local_today(update, context),
            address_max_age_days=context.services.settings.address_max_age_days,
            following=following,
        )
        if markup != query.message.reply_markup:
            await query.edit_message_reply_markup(markup)


async def _follow(
    update: Update, context: BotContext, prisoner: Prisoner, t: Translator
) -> tuple[str, bool | None]:
    """Follow a person for this chat; return what to say and the new state (None: unchanged)."""
    services = context.services
    chat = await ensure_chat(update, context)
    if chat is None:
        return t("lookup-unknown-person"), None
    result = await services.follows.follow(
        chat.chat_id, prisoner.id, limit=MAX_FOLLOWS, now=services.clock()
    )
    name = display_name(prisoner, t.language)
    match result.outcome:
        case FollowOutcome.FOLLOWED | FollowOutcome.ALREADY:
            return t(_by_chat("follow-done", chat), name=name, gender=gender(prisoner)), True
        case FollowOutcome.LIMIT:
            return t("follow-limit", limit=MAX_FOLLOWS), None
        case _:
            return t("lookup-unknown-person"), None


async def _unfollow(update: Update, context: BotContext, prisoner: Prisoner, t: Translator) -> str:
    chat = update.effective_chat
    if chat is not None:
        await context.services.follows.unfollow(chat.id, prisoner.id)
    return t("unfollow-done", name=display_name(prisoner, t.language), gender=gender(prisoner))


def _by_chat(key: str, chat: Chat) -> str:
    """Groups and channels hear "this chat follows", a person hears "you follow"."""
    return f"{key}-group" if chat.is_group else key


# -- /follow and /unfollow by name ---------------------------------------------------------


async def follow_command(update: Update, context: BotContext) -> None:
    """Follow the person named after /follow, or list the candidates to pick from."""
    message = update.effective_message
    if message is None:
        return
    t = await translator(update, context)
    if not await may_manage(update, context):
        await message.reply_text(t("admins-only"))
        return
    query = " ".join(context.args or [])
    if not query.strip():
        await message.reply_text(t("follow-usage"))
        return

    async def follow_one(prisoner: Prisoner, t: Translator) -> None:
        note, _ = await _follow(update, context, prisoner, t)
        await message.reply_text(note)

    await search_and(
        update, context, message, query, follow_one, prefix=PICK_PREFIX, several_key="follow-pick"
    )


async def follow_picked(update: Update, context: BotContext) -> None:
    """Follow the person picked from a /follow result list."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    t = await translator(update, context)
    prisoner = await context.services.prisoners.get(query.data.removeprefix(PICK_PREFIX))
    if prisoner is None:
        await query.answer(t("lookup-unknown-person"), show_alert=True)
        return
    if not await may_manage(update, context):
        await query.answer(t("admins-only"), show_alert=True)
        return
    note, following = await _follow(update, context, prisoner, t)
    await query.answer(note, show_alert=following is None)


async def unfollow_command(update: Update, context: BotContext) -> None:
    """Stop following the person named after /unfollow; without a name, show the list."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    t = await translator(update, context)
    if not await may_manage(update, context):
        await message.reply_text(t("admins-only"))
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await following_command(update, context)
        return
    if len(query) > MAX_QUERY_LENGTH:
        await message.reply_text(t("lookup-not-a-name"))
        return
    services = context.services
    followed = set(await services.follows.followed_by(chat.id))
    result = services.search.search(query[: MAX_QUERY_LENGTH + 1], limit=50)
    matches = [pid for pid in result.prisoner_ids if pid in followed]
    if len(matches) == 1:
        prisoner = await services.prisoners.get(matches[0])
        if prisoner is not None:
            await message.reply_text(await _unfollow(update, context, prisoner, t))
            return
    if not matches:
        await message.reply_text(t("unfollow-not-following", query=" ".join(query.split())))
        return
    people = await services.prisoners.by_ids(matches[:LIST_PAGE_SIZE])
    await message.reply_text(
        t("unfollow-pick", count=len(matches)),
        reply_markup=InlineKeyboardMarkup(
            [[person_button(p, t, encode(FollowingUnfollow(0, p.id)))] for p in people]
        ),
    )


# -- /following ----------------------------------------------------------------------------


async def following_command(update: Update, context: BotContext) -> None:
    """List the people this chat follows, with buttons to open or stop following each."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    t = await translator(update, context)
    text, markup = await _following_view(context, chat.id, t, page=0)
    await message.reply_text(text, reply_markup=markup)


async def following_page(update: Update, context: BotContext) -> None:
    """Show another page of the list, or the list after an unfollow or the "everyone" switch."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    t = await translator(update, context)
    if chat is None:
        # A press on a message posted through inline mode belongs to no chat of the bot's.
        await query.answer(t("button-expired"), show_alert=True)
        return
    press = decode(query.data, FollowingPage, FollowingUnfollow, FollowAll)
    if press is None:
        await query.answer(t("lookup-expired"), show_alert=True)
        return
    if not isinstance(press, FollowingPage) and not await may_manage(update, context):
        await query.answer(t("admins-only"), show_alert=True)
        return
    services = context.services
    note = None
    if isinstance(press, FollowingUnfollow):
        prisoner = await services.prisoners.get(press.prisoner_id)
        if prisoner is None:
            await query.answer(t("lookup-unknown-person"), show_alert=True)
            return
        note = await _unfollow(update, context, prisoner, t)
    elif isinstance(press, FollowAll):
        stored = await ensure_chat(update, context)
        if stored is not None:
            await services.chats.update_settings(chat.id, follow_all=press.on, now=services.clock())
            note = t(_by_chat("follow-all-on" if press.on else "follow-all-off", stored))
    page = press.page if isinstance(press, FollowingPage | FollowingUnfollow) else 0
    text, markup = await _following_view(context, chat.id, t, page=page)
    await query.answer(note)
    await edit_in_place(query, text, markup)


async def _following_view(
    context: BotContext, chat_id: int, t: Translator, *, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    services = context.services
    chat = await services.chats.get(chat_id)
    ids = await services.follows.followed_by(chat_id)
    people = sorted(
        await services.prisoners.by_ids(ids), key=lambda p: display_name(p, t.language).casefold()
    )
    pages = max(1, -(-len(people) // LIST_PAGE_SIZE))
    page = min(page, pages - 1)
    follow_all = chat is not None and chat.follow_all
    group = chat is not None and chat.is_group
    parts = []
    if follow_all:
        everyone = sum(1 for p in await services.prisoners.all() if p.status is Status.IMPRISONED)
        parts.append(t("following-everyone", count=everyone))
    if people:
        parts.append(t("following-list-group" if group else "following-list", count=len(people)))
    elif not follow_all:
        parts.append(t("following-none-group" if group else "following-none"))
    text = "\n\n".join(parts)
    shown = people[page * LIST_PAGE_SIZE : (page + 1) * LIST_PAGE_SIZE]
    rows = [
        [
            person_button(person, t, f"{CARD_PREFIX}{person.id}"),
            InlineKeyboardButton(
                t("following-button-unfollow"),
                callback_data=encode(FollowingUnfollow(page, person.id)),
            ),
        ]
        for person in shown
    ]
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(t("list-previous"), callback_data=encode(FollowingPage(page - 1)))
        )
    if page + 1 < pages:
        nav.append(
            InlineKeyboardButton(t("list-next"), callback_data=encode(FollowingPage(page + 1)))
        )
    if nav:
        rows.append(nav)
    switch = InlineKeyboardButton(
        t("follow-all-button-off" if follow_all else "follow-all-button-on"),
        callback_data=encode(FollowAll(not follow_all)),
    )
    rows.append([switch])
    return text, InlineKeyboardMarkup(rows)
