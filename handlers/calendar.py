"""The solidarity calendar: /today, /upcoming (paged) and /calendar (an .ics file).

Anyone in a chat may read them: they change nothing, so groups need no admin. Dates are the
chat's local dates, and the people the chat follows come first, marked.

A press works nothing out for everyone afresh. Everyone in prison is read once per version of
the data; the dates of a local day and of the coming days are made once per date and version
for every chat (`CalendarIndex`: each chat only marks its own followed), and the coming days'
lines once per language. At start-up and after each import or sync, `prepare_calendar` makes
all of it for today in the background, everyone's calendar files too, so that even the first
press, and `/calendar all`, answer at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ChatType

from bot.context import BotApplication, BotContext, BotData
from bot.domain.calendar import (
    CalendarFile,
    CalendarIndex,
    DataVersion,
    InPrison,
    WrittenLines,
    calendar_index,
    dates_of,
    marked,
    year_range,
)
from bot.domain.events import events_between
from bot.domain.prisoner import Prisoner, Status
from bot.domain.timezones import zone
from bot.l10n import Translator
from bot.services import Services
from handlers.calendar_file import FILE_NAME, build_calendar
from handlers.calendar_views import (
    Screen,
    render_no_dates,
    render_today,
    render_upcoming,
    upcoming_lines,
)
from handlers.callbacks import Scope, UpcomingPage, decode
from handlers.common import edit_in_place, local_today, translator

# The button under a calendar file (or instead of one): the calendar of everyone in prison.
CALENDAR_PREFIX = "cal:"
CALENDAR_EVERYONE = f"{CALENDAR_PREFIX}all"
# The word after /calendar that asks for everyone in prison, understood in every language.
EVERYONE_ARGUMENT = "all"


def _is_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def _data_version(services: Services) -> DataVersion:
    """Return the version of the data: two rows, read on every press, whoever wrote the data."""
    last = await services.prisoners.last_import()
    # A sync marks the records it confirms with its day and records its success at once.
    synced = (await services.sources.state()).last_success_at
    zone_name = services.settings.default_timezone
    return DataVersion(
        None if last is None else last.id,
        None if synced is None else synced.astimezone(zone(zone_name)).date(),
    )


async def _people_in_prison(services: Services, bot_data: BotData) -> InPrison:
    """Return everyone in prison as of the data's current version, read once per version."""
    version = await _data_version(services)
    kept = bot_data.calendar_people
    if kept is not None and kept.version == version:
        return kept
    # One reading for many presses at once: the others wait for it, then find it done.
    async with bot_data.calendar_reading:
        kept = bot_data.calendar_people
        if kept is not None and kept.version == version:
            return kept
        everyone = await services.prisoners.all()
        kept = InPrison(version, {p.id: p for p in everyone if p.status is Status.IMPRISONED})
        bot_data.calendar_people = kept
        return kept


async def in_prison(context: BotContext) -> InPrison:
    """Return everyone in prison as of the data's current version (read once per version)."""
    return await _people_in_prison(context.services, context.bot_data)


def _index_maker(services: Services, inside: InPrison, today: date) -> Callable[[], CalendarIndex]:
    lead = services.settings.card_lead_days
    return lambda: calendar_index(inside.people.values(), today, card_lead_days=lead)


def _lines_maker(
    services: Services, t: Translator, inside: InPrison, today: date
) -> Callable[[], WrittenLines]:
    """Return what writes everyone's coming dates in a language (the dates made afresh)."""
    make_index = _index_maker(services, inside, today)
    max_age = services.settings.address_max_age_days
    return lambda: upcoming_lines(
        t, today, make_index().coming, inside.people, address_max_age_days=max_age
    )


async def _calendar_days(context: BotContext, inside: InPrison, today: date) -> CalendarIndex:
    """Return the dates of `today` and the coming days, made once per date and data version."""
    make = _index_maker(context.services, inside, today)
    return await context.bot_data.calendar_days.made(make, key=(today, inside.version))


async def _followed(update: Update, context: BotContext) -> set[str]:
    """Return the people this chat follows one by one (those it marks)."""
    chat = update.effective_chat
    if chat is None:
        return set()
    return set(await context.services.follows.followed_by(chat.id))


async def _reply(message: Message, screen: Screen) -> None:
    await message.reply_text(
        screen.text,
        reply_markup=screen.markup,
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
    inside = await in_prison(context)
    index = await _calendar_days(context, inside, today)
    if index.on_today is None:
        coming = [] if index.next_date is None else [index.next_date]
        screen = render_no_dates(
            t,
            today,
            coming,
            inside.people,
            context.bot.username,
            address_max_age_days=context.services.settings.address_max_age_days,
        )
        await _reply(message, screen)
        return
    [day] = marked([index.on_today], await _followed(update, context))
    actions = await services.actions.live()
    for screen in render_today(
        t,
        today,
        day,
        inside.people,
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
    inside = await in_prison(context)
    people: Mapping[str, Prisoner] = inside.people
    followed = {pid for pid in await _followed(update, context) if pid in people}
    if scope is None:
        scope = Scope.FOLLOWED if followed else Scope.EVERYONE
    index = await _calendar_days(context, inside, today)
    lines = None
    if scope is Scope.FOLLOWED:
        people = {pid: person for pid, person in people.items() if pid in followed}
    else:
        # Everyone's lines are written once per language: a month holds thousands of them.
        lines = await context.bot_data.calendar_lines.made(
            lambda: upcoming_lines(
                t,
                today,
                index.coming,
                inside.people,
                address_max_age_days=context.services.settings.address_max_age_days,
            ),
            key=(t.language, today, inside.version),
        )
    # Among the people followed only, a mark on every one of them would say nothing.
    days = marked(index.coming, followed if scope is Scope.EVERYONE else ())
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
        lines=lines,
        address_max_age_days=context.services.settings.address_max_age_days,
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
    press = decode(query.data, UpcomingPage)
    if update.effective_chat is None or press is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    screen = await _upcoming_screen(update, context, t, press.page, press.scope)
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
        await message.reply_text(t("calendar-usage"))
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


def _file_maker(
    services: Services,
    t: Translator,
    people: Mapping[str, Prisoner],
    today: date,
    *,
    bot_username: str,
    everyone: bool,
) -> Callable[[], CalendarFile]:
    """Return what makes the calendar file of these people's coming year (run off the loop)."""
    first, last = year_range(today)
    lead, now = services.settings.card_lead_days, services.clock()
    max_age = services.settings.address_max_age_days

    def make() -> CalendarFile:
        events = dates_of(events_between(people.values(), first, last, card_lead_days=lead))
        if not events:
            return CalendarFile(b"", 0, 0)
        content = build_calendar(
            t,
            events,
            people,
            bot_username=bot_username,
            today=today,
            now=now,
            everyone=everyone,
            address_max_age_days=max_age,
        )
        return CalendarFile(content, len(events), len({event.prisoner_id for event in events}))

    return make


def _everyone_key(language: str, today: date, bot_username: str, version: DataVersion) -> Hashable:
    """Return what everyone's file depends on: it is the same for every chat until this changes."""
    return (language, today, bot_username, version)


async def _send_calendar(
    update: Update, context: BotContext, message: Message, t: Translator, *, everyone: bool
) -> None:
    services = context.services
    group = _is_group(update)
    inside = await in_prison(context)
    people: Mapping[str, Prisoner] = inside.people
    if not everyone:
        followed = await _followed(update, context)
        people = {pid: person for pid, person in people.items() if pid in followed}
    today = await local_today(update, context)
    username = context.bot.username
    make = _file_maker(services, t, people, today, bot_username=username, everyone=everyone)
    # Everyone's file is the same for every chat in a language on a day, until the data
    # changes: it is kept (and usually made before anyone asks, see `prepare_calendar`). A
    # chat's own file shows whom it follows: made, sent and forgotten.
    kept = _everyone_key(t.language, today, username, inside.version) if everyone else None
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
            await message.reply_text(t(key), reply_markup=everyone_button)
        else:
            key = "calendar-no-dates-group" if group else "calendar-no-dates"
            await message.reply_text(t(key), reply_markup=everyone_button)
        return
    key = "calendar-caption-everyone" if everyone else "calendar-caption"
    await message.reply_document(
        InputFile(made.content, filename=FILE_NAME),
        caption=t(key, count=made.dates, people=made.people),
        reply_markup=None if everyone else everyone_button,
    )


# -- ahead of requests ----------------------------------------------------------------------


async def prepare_calendar_of(application: BotApplication) -> None:
    """Make today's calendar ahead for the application's data (a data-change hook)."""
    await prepare_calendar(application.bot_data, application.bot.username)


async def prepare_calendar(bot_data: BotData, bot_username: str) -> None:
    """Notice new data or a new day; then make today's calendar in the background.

    Called at start-up, after each import or sync, and by the data watch every planner
    interval (which notices what another process wrote, and the turn of the day). Today is the
    default time zone's, most chats' own; a chat on another date has its own made on request.
    Made ahead: the day's dates, the coming days' lines and everyone's file in each language
    the bot speaks, the default first (the files one at a time). What was made for an older day
    or older data is dropped.
    """
    services = bot_data.services
    inside = await _people_in_prison(services, bot_data)
    settings, l10n = services.settings, services.l10n
    today = services.clock().astimezone(zone(settings.default_timezone)).date()
    version = inside.version
    languages = sorted(l10n.languages, key=lambda language: language != settings.default_language)
    bot_data.calendar_days.make_soon({(today, version): _index_maker(services, inside, today)})
    bot_data.calendar_lines.make_soon(
        {
            (language, today, version): _lines_maker(services, l10n(language), inside, today)
            for language in languages
        }
    )
    bot_data.calendar_files.make_soon(
        {
            _everyone_key(language, today, bot_username, version): _file_maker(
                services,
                l10n(language),
                inside.people,
                today,
                bot_username=bot_username,
                everyone=True,
            )
            for language in languages
        }
    )
