"""The solidarity calendar: /today, /upcoming (paged) and /calendar (an .ics file).

Anyone in a chat may read them: they change nothing, so groups need no admin. Dates are the
chat's local dates, and the people the chat follows come first, marked.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatType, ParseMode

from bot.context import BotContext
from bot.domain.calendar import (
    YEAR_DAYS,
    CalendarFile,
    by_day,
    dates_of,
    upcoming_range,
    year_range,
)
from bot.domain.events import events_between
from bot.domain.prisoner import Prisoner, Status
from bot.l10n import Translator
from handlers.calendar_file import FILE_NAME, build_calendar
from handlers.calendar_views import (
    UPCOMING_PREFIX,
    Scope,
    Screen,
    render_no_dates,
    render_today,
    render_upcoming,
)
from handlers.common import callback_parts, edit_in_place, local_today, translator

# The button under a calendar file (or instead of one): the calendar of everyone in prison.
CALENDAR_PREFIX = "cal:"
CALENDAR_EVERYONE = f"{CALENDAR_PREFIX}all"
# The word after /calendar that asks for everyone in prison, understood in every language.
EVERYONE_ARGUMENT = "all"


def _is_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def _people_inside(context: BotContext) -> dict[str, Prisoner]:
    everyone = await context.services.prisoners.all()
    return {p.id: p for p in everyone if p.status is Status.IMPRISONED}


async def _followed(update: Update, context: BotContext) -> set[str]:
    """Return the people this chat follows one by one (those it marks)."""
    chat = update.effective_chat
    if chat is None:
        return set()
    return set(await context.services.follows.followed_by(chat.id))


async def _reply(message: Message, screen: Screen) -> None:
    await message.reply_text(
        screen.text,
        parse_mode=ParseMode.HTML,
        reply_markup=screen.markup,
        disable_web_page_preview=True,
    )


# -- /today ----------------------------------------------------------------------------------


async def today_command(update: Update, context: BotContext) -> None:
    """Show today's dates of everyone in prison, the followed first, each with its action."""
    message = update.effective_message
    if message is None:
        return
    services = context.services
    t = await translator(update, context)
    today = await local_today(update, context)
    people = await _people_inside(context)
    lead = services.settings.card_lead_days
    days = by_day(
        events_between(people.values(), today, today, card_lead_days=lead),
        await _followed(update, context),
    )
    if not days:
        coming = dates_of(
            events_between(
                people.values(),
                today + timedelta(days=1),
                today + timedelta(days=YEAR_DAYS),
                card_lead_days=lead,
            )
        )
        await _reply(message, render_no_dates(t, today, coming, people, context.bot.username))
        return
    actions = await services.actions.live()
    for screen in render_today(
        t,
        today,
        days[0],
        people,
        context.bot.username,
        actions,
        address_max_age_days=services.settings.address_max_age_days,
        group=_is_group(update),
    ):
        await _reply(message, screen)


# -- /upcoming -------------------------------------------------------------------------------


async def _upcoming_screen(
    update: Update, context: BotContext, t: Translator, page: int, scope: Scope | None
) -> Screen:
    """Return a page of the coming days: the people followed here unless `scope` says else.

    With a real list a month holds hundreds of dates; a chat that follows people one by one
    sees theirs first, and everyone's one button away.
    """
    today = await local_today(update, context)
    people = await _people_inside(context)
    followed = {pid for pid in await _followed(update, context) if pid in people}
    if scope is None:
        scope = Scope.FOLLOWED if followed else Scope.EVERYONE
    if scope is Scope.FOLLOWED:
        people = {pid: person for pid, person in people.items() if pid in followed}
    first, last = upcoming_range(today)
    events = events_between(
        people.values(), first, last, card_lead_days=context.services.settings.card_lead_days
    )
    # Among the people followed only, a mark on every one of them would say nothing.
    days = by_day(events, followed if scope is Scope.EVERYONE else ())
    screen, _ = render_upcoming(
        t,
        today,
        days,
        people,
        context.bot.username,
        page,
        group=_is_group(update),
        scope=scope,
        narrowable=bool(followed),
    )
    return screen


async def upcoming_command(update: Update, context: BotContext) -> None:
    """Show the dates of the coming days, a page at a time."""
    message = update.effective_message
    if message is None:
        return
    t = await translator(update, context)
    await _reply(message, await _upcoming_screen(update, context, t, page=0, scope=None))


async def upcoming_page(update: Update, context: BotContext) -> None:
    """Show another page of the coming days, or the other people's, on the same message."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    parts = callback_parts(query.data, UPCOMING_PREFIX, 1)
    data = parts[0] if parts else ""
    # `f3`, `a0`, or a bare page (the chat's own choice of people); nothing else is ours.
    scope = Scope(data[0]) if data[:1] in {s.value for s in Scope} else None
    page = data[1:] if scope is not None else data
    if update.effective_chat is None or not (page.isascii() and page.isdecimal() and len(page) < 4):
        await query.answer(t("button-expired"), show_alert=True)
        return
    screen = await _upcoming_screen(update, context, t, int(page), scope)
    await query.answer()
    await edit_in_place(query, screen.text, screen.markup)


# -- /calendar -------------------------------------------------------------------------------


async def calendar_command(update: Update, context: BotContext) -> None:
    """Send the coming year's dates of the people this chat follows, or of everyone, as .ics."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    t = await translator(update, context)
    words = [word.casefold() for word in context.args or []]
    # "all", or the word for it in any language the bot speaks ("усе", "все").
    l10n = context.services.l10n
    everyone_words = {EVERYONE_ARGUMENT} | {
        l10n(language).format("calendar-all-word", escape=False).casefold()
        for language in l10n.languages
    }
    if len(words) > 1 or (words and words[0] not in everyone_words):
        await message.reply_text(t("calendar-usage"), parse_mode=ParseMode.HTML)
        return
    stored = await context.services.chats.get(chat.id)
    everyone = bool(words) or (stored is not None and stored.follow_all)
    await _send_calendar(update, context, message, t, everyone=everyone)


async def calendar_everyone(update: Update, context: BotContext) -> None:
    """Send the calendar of everyone in prison, from the button under a file or a note."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    if query.data != CALENDAR_EVERYONE or not isinstance(query.message, Message):
        await query.answer(t("button-expired"), show_alert=True)
        return
    await query.answer()
    await _send_calendar(update, context, query.message, t, everyone=True)


async def _send_calendar(
    update: Update, context: BotContext, message: Message, t: Translator, *, everyone: bool
) -> None:
    services = context.services
    group = _is_group(update)
    people = await _people_inside(context)
    if not everyone:
        followed = await _followed(update, context)
        people = {pid: person for pid, person in people.items() if pid in followed}
    today = await local_today(update, context)
    first, last = year_range(today)
    lead, username, now = services.settings.card_lead_days, context.bot.username, services.clock()
    max_age = services.settings.address_max_age_days

    def make() -> CalendarFile:
        events = dates_of(events_between(people.values(), first, last, card_lead_days=lead))
        if not events:
            return CalendarFile(b"", 0, 0)
        content = build_calendar(
            t,
            events,
            people,
            bot_username=username,
            today=today,
            now=now,
            everyone=everyone,
            address_max_age_days=max_age,
        )
        return CalendarFile(content, len(events), len({event.prisoner_id for event in events}))

    # Everyone's file is the same for every chat in a language on a day, until the data
    # changes: it is kept. A chat's own file shows whom it follows: made, sent and forgotten.
    # A sync that only confirms a record changes no field a Prisoner compares, but it may bring
    # an address back: the dates each record was confirmed are part of the key.
    kept = (
        (t.language, today, username, tuple((p, p.confirmed_on) for p in people.values()))
        if everyone
        else None
    )
    made = await context.bot_data.calendar_files.made(make, key=kept)
    everyone_button = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("calendar-button-everyone"), callback_data=CALENDAR_EVERYONE)]]
    )
    if not made.dates:
        if everyone:
            await message.reply_text(t("calendar-everyone-empty"))
        elif not people:
            # Following nobody in prison: offer everyone instead, kindly.
            key = "calendar-nobody-group" if group else "calendar-nobody"
            await message.reply_text(
                t(key), parse_mode=ParseMode.HTML, reply_markup=everyone_button
            )
        else:
            key = "calendar-no-dates-group" if group else "calendar-no-dates"
            await message.reply_text(t(key), reply_markup=everyone_button)
        return
    key = "calendar-caption-everyone" if everyone else "calendar-caption"
    await message.reply_document(
        InputFile(made.content, filename=FILE_NAME),
        caption=t(key, count=made.dates, people=made.people),
        parse_mode=ParseMode.HTML,
        reply_markup=None if everyone else everyone_button,
    )
