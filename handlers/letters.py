"""Letters: /write, the letter guide, checking a draft, and "✉️ I wrote".

/write suggests one person at a time (bot.domain.letters.suggest); anyone may use it, in any
chat. A draft sent in reply to a guide is checked and forgotten: it is never stored or logged;
only the guide's message id is kept (in the database, so that any worker checks the reply).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.domain.letters.check import check_draft
from bot.domain.letters.names import Language
from bot.domain.letters.suggest import (
    in_tiers,
    may_get_letters,
    next_after,
    recent_since,
)
from bot.domain.prisoner import Prisoner
from bot.l10n import Translator
from bot.rendering.cards import deep_link, display_name
from bot.rendering.digests import ANSWER_CODES
from bot.rendering.letters import check_text, guide_text, suggestion_keyboard, suggestion_text
from handlers import calendar
from handlers.callbacks import (
    AnotherPerson,
    ArrivalAnswer,
    IWrote,
    LetterGuide,
    UndoWrote,
    decode,
    encode,
)
from handlers.chat_state import Kept
from handlers.common import edit_in_place, ensure_chat, local_today, translator
from handlers.lookup import send_card
from storage.letters import MarkOutcome, month_of

GUIDES_KEPT = 20
MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


@dataclass(slots=True)
class Guides:
    """The message ids of a chat's latest letter guides: a reply to one is a draft to check."""

    message_ids: list[int] = field(default_factory=list)


# Kept a month after the latest guide: a letter can take that long to write.
GUIDES = Kept("letter_guides", Guides, timedelta(days=30))


async def fewest_letters_first(
    context: BotContext,
    chat_id: int,
    today: date,
    *,
    among: Set[str] | None = None,
    leave_out_recent: bool = True,
) -> list[Prisoner]:
    """Return the people in prison this chat is offered for letters, first to last.

    The fewest "I wrote" marks of the month come first (see bot.domain.letters.suggest); with
    `among`, only those people; with `leave_out_recent`, not the people the chat wrote to in
    the last 30 days. The chat's shuffle of everyone is kept while the data and the month stay
    the same: a press then only puts it in tiers by the month's marks, in linear time.
    """
    month = month_of(today)
    seed = f"{chat_id}:{month}"
    inside = await calendar.in_prison(context)
    shuffle: Iterable[Prisoner] = context.bot_data.letter_shuffles.shuffle(inside, seed)
    if among is not None:
        shuffle = (person for person in shuffle if person.id in among)
    letters = context.services.letters
    recent = (
        await letters.written_since(chat_id, recent_since(today)) if leave_out_recent else set()
    )
    return in_tiers(shuffle, await letters.counts(month), recent)


async def _order(update: Update, context: BotContext, chat_id: int) -> list[Prisoner]:
    """Return whom to suggest to this chat today, first to last."""
    return await fewest_letters_first(context, chat_id, await local_today(update, context))


async def _suggestion(
    update: Update, context: BotContext, person: Prisoner, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    today = await local_today(update, context)
    text = suggestion_text(
        person, t, today, address_max_age_days=context.services.settings.address_max_age_days
    )
    markup = suggestion_keyboard(
        person.id,
        t,
        guide=encode(LetterGuide(person.id)),
        wrote=encode(IWrote(person.id)),
        another=encode(AnotherPerson(person.id)),
    )
    return text, markup


async def write_command(update: Update, context: BotContext) -> None:
    """Suggest someone who needs a letter now."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    t = await translator(update, context)
    order = await _order(update, context, chat.id)
    if not order:
        await message.reply_text(t("write-nobody-left"))
        return
    text, markup = await _suggestion(update, context, order[0], t)
    await message.reply_text(text, reply_markup=markup)


async def another(update: Update, context: BotContext) -> None:
    """Show the next person in the chat's order, in place of this one."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, AnotherPerson)
    if press is None or chat is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    person = next_after(await _order(update, context, chat.id), press.prisoner_id)
    await query.answer()
    if person is None:
        await edit_in_place(query, t("write-nobody-left"), None)
        return
    text, markup = await _suggestion(update, context, person, t)
    await edit_in_place(query, text, markup)


async def guide(update: Update, context: BotContext) -> None:
    """Send the letter guide for the person: what gets through, two letters, the envelope."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, LetterGuide)
    prisoner = None if press is None else await context.services.prisoners.get(press.prisoner_id)
    if prisoner is None:
        await query.answer(t("lookup-unknown-person"), show_alert=True)
        return
    if not isinstance(query.message, Message):
        # A card posted inline: the bot cannot write into that chat; open the card in the bot.
        await query.answer(url=deep_link(context.bot.username, prisoner.id))
        return
    await query.answer()
    if not may_get_letters(prisoner):
        # Released since, or letters no longer reach them: the card says what is known now.
        await send_card(update, context, query.message, prisoner, t)
        return
    today = await local_today(update, context)
    l10n = context.services.l10n
    skeletons: dict[Language, Translator] = {"ru": l10n("ru"), "be": l10n("be")}
    text = guide_text(
        prisoner,
        t,
        skeletons,
        today,
        address_max_age_days=context.services.settings.address_max_age_days,
    )
    wrote_button = InlineKeyboardButton(
        t("letters-button-wrote"), callback_data=encode(IWrote(prisoner.id))
    )
    markup = InlineKeyboardMarkup([[wrote_button]])
    sent = await query.message.reply_text(text, reply_markup=markup)
    chat_id = query.message.chat_id
    guides = await GUIDES.get(context, chat_id) or Guides()
    guides.message_ids = [*guides.message_ids, sent.message_id][-GUIDES_KEPT:]
    await GUIDES.put(context, chat_id, guides)


async def check(update: Update, context: BotContext) -> None:
    """Check a draft sent in reply to a guide; answer with what may hold it back.

    The draft is read here and nowhere else, and goes no further than `check_draft`. A reply to
    any other message passes on to the other handlers.
    """
    message = update.effective_message
    if message is None or message.text is None or message.reply_to_message is None:
        return
    guides = await GUIDES.get(context, message.chat_id)
    if guides is None or message.reply_to_message.message_id not in guides.message_ids:
        return
    t = await translator(update, context)
    await message.reply_text(check_text(check_draft(message.text), t))
    raise ApplicationHandlerStop


async def wrote(update: Update, context: BotContext) -> None:
    """Record that the chat wrote to the person this month; offer to undo it."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, IWrote)
    prisoner = None if press is None else await context.services.prisoners.get(press.prisoner_id)
    # Checked before the chat is stored: a forged button stores nothing.
    chat = None if prisoner is None else await ensure_chat(update, context)
    if prisoner is None or chat is None:
        await query.answer(t("lookup-unknown-person"), show_alert=True)
        return
    today = await local_today(update, context)
    services = context.services
    outcome = await services.letters.mark(
        chat.chat_id, prisoner.id, today=today, now=services.clock()
    )
    name = display_name(prisoner, t.language)
    if outcome is MarkOutcome.ALREADY:
        await query.answer(t.format("letters-wrote-already", {"name": name}, escape=False))
        return
    if outcome is not MarkOutcome.MARKED:
        await query.answer(t("lookup-unknown-person"), show_alert=True)
        return
    await query.answer()
    undo = encode(UndoWrote(prisoner.id, month_of(today)))
    if isinstance(query.message, Message):
        await query.message.reply_text(
            t("letters-wrote-thanks", name=name),
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(t("letters-button-undo"), callback_data=undo)]]
            ),
        )


_ANSWERS = {code: answer for answer, code in ANSWER_CODES.items()}


async def arrival(update: Update, context: BotContext) -> None:
    """Record what became of a letter, and take the question's buttons off the message."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, ArrivalAnswer)
    answer = None if press is None else _ANSWERS.get(press.answer)
    if press is None or answer is None or chat is None or not MONTH.fullmatch(press.month):
        await query.answer(t("button-expired"), show_alert=True)
        return
    today = await local_today(update, context)
    letters = context.services.letters
    if not await letters.answer(chat.id, press.prisoner_id, press.month, answer, today):
        await query.answer(t("letters-arrival-gone"), show_alert=True)
        return
    await query.answer(t("letters-arrival-thanks"))
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        asked = encode(ArrivalAnswer(press.prisoner_id, press.month, ""))
        rows = [
            row
            for row in message.reply_markup.inline_keyboard
            if not any(str(button.callback_data or "").startswith(asked) for button in row)
        ]
        # The answer is kept whether or not the buttons can still be changed.
        with suppress(BadRequest):
            await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


async def undo(update: Update, context: BotContext) -> None:
    """Take back an "I wrote" of the month the button names."""
    query, chat = update.callback_query, update.effective_chat
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, UndoWrote)
    if press is None or chat is None or not MONTH.fullmatch(press.month):
        await query.answer(t("button-expired"), show_alert=True)
        return
    if not await context.services.letters.unmark(chat.id, press.prisoner_id, press.month):
        await query.answer(t("letters-undo-nothing"), show_alert=True)
        return
    prisoner = await context.services.prisoners.get(press.prisoner_id)
    name = display_name(prisoner, t.language) if prisoner else press.prisoner_id
    await query.answer()
    await edit_in_place(query, t("letters-undone", name=name), None)
