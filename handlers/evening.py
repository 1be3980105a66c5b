"""/evening: a printable kit for a letter-writing evening, in any chat, for anyone.

`/evening` picks KIT_SIZE people in prison whose letters may reach them, the fewest "I wrote"
marks of the month first (the order /write offers them in, without leaving out the people the
chat wrote to lately: a kit for one place may need them all); `/evening 20` picks 20, and
`/evening <place>` («ИК-1», "Navapolatsk"), or `/evening 20 <place>`, the people of one place.
Several places named alike get a button each. The PDF is made in a worker thread while the chat
shows "sending a file"; a chat gets a few kits a minute at most (BotData.evening_limit).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatAction

from bot.context import BotContext
from bot.domain.letters.suggest import may_get_letters
from bot.domain.places import Place, find_places, places_of
from bot.domain.prisoner import Prisoner
from bot.l10n import Translator
from bot.rendering.evening import evening_kit
from bot.rendering.evening_pdf import build_evening_pdf
from bot.rendering.letters import shortened
from handlers import calendar
from handlers.callbacks import EveningPlace, decode, encode
from handlers.common import local_today, translator
from handlers.letters import fewest_letters_first

KIT_SIZE = 10
KIT_SIZES = range(1, 51)
# Places offered as buttons when a name fits several; the rest are counted.
PLACES_SHOWN = 8
PLACE_BUTTON_LIMIT = 60
# A place not found is named back, cut to this length.
QUERY_SHOWN = 100
# A number where a count is expected, however it is signed: /evening 0, /evening -3.
_COUNT = re.compile(r"[+-]?\d+")


@dataclass(frozen=True, slots=True)
class KitRequest:
    """What /evening was asked for: how many people, and the words naming a place (or none)."""

    count: int
    place: str = ""


def read_request(args: Sequence[str]) -> KitRequest | None:
    """Read /evening's words: a count, place words, or a count and place words.

    Return None for a count outside KIT_SIZES. A number among place words belongs to the place
    («ИК 1»); only a number that comes first, or alone, is the count.
    """
    if args and _COUNT.fullmatch(args[0]):
        count = int(args[0])
        if count not in KIT_SIZES:
            return None
        return KitRequest(count, " ".join(args[1:]))
    return KitRequest(KIT_SIZE, " ".join(args))


def place_token(place: Place) -> str:
    """Return a short token that names the place in a button (the same for the same place)."""
    return hashlib.blake2b(place.key.encode(), digest_size=6).hexdigest()


def _may_get_letters(people: Iterable[Prisoner]) -> list[Prisoner]:
    return [person for person in people if may_get_letters(person)]


async def _candidates(context: BotContext) -> list[Prisoner]:
    """Return everyone in prison whose letters may reach them."""
    return _may_get_letters((await calendar.in_prison(context)).people.values())


async def evening_command(update: Update, context: BotContext) -> None:
    """Send a kit for a letter-writing evening, or ask which place was meant."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    t = await translator(update, context)
    request = read_request(context.args or [])
    if request is None:
        await message.reply_text(
            t("evening-count-range", least=KIT_SIZES.start, most=KIT_SIZES.stop - 1)
        )
        return
    place = None
    if request.place:
        found = find_places(places_of(await _candidates(context)), request.place)
        if not found:
            query = shortened(request.place, QUERY_SHOWN)
            await message.reply_text(t("evening-no-place", query=query))
            return
        if len(found) > 1:
            text, markup = _which_place(t, found, request.count)
            await message.reply_text(text, reply_markup=markup)
            return
        [place] = found
    await _send_kit(update, context, message, t, request.count, place)


def _which_place(
    t: Translator, places: Sequence[Place], count: int
) -> tuple[str, InlineKeyboardMarkup]:
    """Return the question which place was meant, with a button for each of the first few."""
    text = t("evening-which-place")
    if len(places) > PLACES_SHOWN:
        text += "\n" + t("evening-more-places", count=len(places) - PLACES_SHOWN)
    buttons = [
        [
            InlineKeyboardButton(
                shortened(place.name_in(t.language), PLACE_BUTTON_LIMIT),
                callback_data=encode(EveningPlace(count, place_token(place))),
            )
        ]
        for place in places[:PLACES_SHOWN]
    ]
    return text, InlineKeyboardMarkup(buttons)


async def evening_place(update: Update, context: BotContext) -> None:
    """Send the kit of the place pressed in the list of places."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, EveningPlace)
    place = None
    if press is not None and press.count in KIT_SIZES:
        places = places_of(await _candidates(context))
        place = next((p for p in places if place_token(p) == press.place), None)
    if press is None or place is None or not isinstance(query.message, Message):
        # Forged, or the data changed since: nobody may get letters there now.
        await query.answer(t("button-expired"), show_alert=True)
        return
    await query.answer()
    await _send_kit(update, context, query.message, t, press.count, place)


async def _send_kit(
    update: Update,
    context: BotContext,
    message: Message,
    t: Translator,
    count: int,
    place: Place | None,
) -> None:
    """Make the kit of `count` people of the place (or of everyone), then send it as a PDF."""
    inside = await calendar.in_prison(context)
    candidates = _may_get_letters(inside.people.values())
    there = None if place is None else set(place.people)
    if there is not None:
        candidates = [person for person in candidates if person.id in there]
    today = await local_today(update, context)
    order = await fewest_letters_first(
        context, message.chat_id, today, among=there, leave_out_recent=False
    )
    chosen = order[:count]
    if not chosen:
        await message.reply_text(t("evening-nobody"))
        return
    # Every request past the limit is told so: a kind word costs nothing, a PDF does.
    if not await context.bot_data.evening_limit.admit(message.chat_id):
        await message.reply_text(t("evening-slow-down"))
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.UPLOAD_DOCUMENT)
    max_age = context.services.settings.address_max_age_days
    # The same people of the same data on the same day in the same language make the same kit:
    # a repeated request gets the kept file at once.
    place_key = None if place is None else place.key
    key = (t.language, today, inside.version, max_age, tuple(p.id for p in chosen), place_key)
    pdf = await context.bot_data.evening_kits.made(
        lambda: build_evening_pdf(
            evening_kit(chosen, candidates, t, today, address_max_age_days=max_age)
        ),
        key=key,
    )
    if place is None:
        caption = t("evening-caption", count=len(chosen))
    else:
        caption = t("evening-caption-place", count=len(chosen), place=place.name_in(t.language))
    await message.reply_document(
        InputFile(pdf, filename=f"letter-evening-{today.isoformat()}.pdf"), caption=caption
    )
