"""The calendar made ahead: everyone's file before anyone asks, the dates once a day, never stale.

Everyone's calendar takes seconds to make for a real list. The bot makes it for today in every
language at start-up and after each import or sync, in the background; `/calendar all` then
sends it at once. A file says when it was made (each event's DTSTAMP), so a test can tell a
file made ahead from one made on request by moving the clock between the two.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

import handlers.calendar
from bot import data_watch
from bot.app import build_application
from bot.config import load_settings
from bot.context import BotApplication, BotContext
from bot.domain.dataset import write_canonical_csv
from bot.domain.prisoner import Prisoner
from bot.sandbox.models import ChatMessage
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from bot.syncing import sync_once
from tests.chat.helpers import run_job
from tests.chat.test_calendar import (
    Clock,
    events_of,
    expected_events,
    follow,
    import_list,
    parse_calendar,
    person,
    year_people,
    years_before,
)
from tests.conftest import TEST_TOKEN
from tests.fakes.source_server import SourceResponse, SourceServer

pytest_plugins = ["tests.fakes.source_server"]

ADMIN_ID = 42
TODAY = date(2026, 12, 20)
# 09:00 UTC is noon in Minsk, the bot's default time zone.
MORNING = datetime.combine(TODAY, time(9, 0), tzinfo=UTC)


@dataclasses.dataclass
class Bot:
    """A running bot, the clock it reads, and the list its data source serves."""

    app: BotApplication
    clock: Clock
    source: SourceServer

    async def settled(self) -> None:
        """Wait until what the bot makes in the background is made."""
        bot_data = self.app.bot_data
        for made in (bot_data.calendar_days, bot_data.calendar_lines, bot_data.calendar_files):
            await made.settled()

    async def run(self, job: Callable[[BotContext], Awaitable[None]]) -> None:
        """Run one of the bot's jobs now, as its job queue would."""
        await run_job(self.app, job)

    async def sync(self, people: Sequence[Prisoner]) -> None:
        """Publish this list and let the bot's scheduled sync take it."""
        self.source.script(SourceResponse(body=write_canonical_csv(people).encode()))
        await self.run(data_watch.sync_job)


StartBot = Callable[[Sequence[Prisoner]], Awaitable[Bot]]


@pytest.fixture
async def start_bot(
    tmp_path: Path, telegram_state: TelegramState, source_server: SourceServer
) -> AsyncIterator[StartBot]:
    """Return a starter: the bot at MORNING with exactly these people, following a source."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(people: Sequence[Prisoner]) -> Bot:
            dataset = tmp_path / "people.csv"
            dataset.write_text(write_canonical_csv(people), encoding="utf-8")
            settings = load_settings(
                None,
                bot_token=TEST_TOKEN,
                database_path=tmp_path / "data" / "bot.sqlite3",
                dataset_path=dataset,
                admin_ids=str(ADMIN_ID),
                default_language="en",
                default_timezone="Europe/Minsk",
                data_source_url=source_server.url,
            )
            clock = Clock(MORNING)
            application = build_application(
                settings, request=FakeRequest(telegram_state), clock=clock, deliver=False
            )
            await stack.enter_async_context(running_application(application, start=True))
            return Bot(application, clock, source_server)

        yield start


def content(telegram_state: TelegramState, message: ChatMessage) -> str:
    assert message.document is not None, message
    return telegram_state.files[message.document["file_id"]].content.decode()


def stamp(moment: datetime) -> str:
    return f"DTSTAMP:{moment:%Y%m%dT%H%M%SZ}"


def corrected(people: Sequence[Prisoner]) -> list[Prisoner]:
    """Return the list with Anna's birthday corrected from 20 January to 3 March."""
    return [
        dataclasses.replace(p, birth_date=date(1980, 3, 3)) if p.id == "anna" else p for p in people
    ]


def birthdays(telegram_state: TelegramState, message: ChatMessage) -> set[date]:
    calendar = parse_calendar(telegram_state, message)
    return {day for day, uid, _ in events_of(calendar) if "-birthday-anna@" in uid}


# -- everyone's file, made ahead -------------------------------------------------------------


async def test_everyones_calendar_is_made_before_anyone_asks_and_once_for_every_chat(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    bot = await start_bot(year_people(TODAY))
    await bot.settled()
    bot.clock.now = MORNING + timedelta(hours=6)
    anna = SimulatedUser(bot.app, telegram_state)
    boris = SimulatedUser(bot.app, telegram_state)
    vera = SimulatedUser(bot.app, telegram_state, language_code="ru")

    [first] = await anna.send("/calendar all")
    [second] = await boris.send("/calendar all")
    [in_russian] = await vera.send("/calendar all")

    # Made at start-up, not when asked six hours later; the same file for both chats.
    assert stamp(MORNING) in content(telegram_state, first)
    assert content(telegram_state, second) == content(telegram_state, first)
    assert events_of(parse_calendar(telegram_state, first)) == await expected_events(
        bot.app, TODAY, None
    )
    # Every language the bot speaks is made ahead.
    assert stamp(MORNING) in content(telegram_state, in_russian)
    assert "Календарь солидарности" in content(telegram_state, in_russian)


async def test_an_import_by_upload_makes_everyones_calendar_anew(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    bot = await start_bot(year_people(TODAY))
    await bot.settled()
    user = SimulatedUser(bot.app, telegram_state)
    [before] = await user.send("/calendar all")
    admin = SimulatedUser(bot.app, telegram_state, ADMIN_ID)
    upload_time = MORNING + timedelta(hours=2)
    bot.clock.now = upload_time

    await admin.send_document(
        "list.csv", write_canonical_csv(corrected(year_people(TODAY))).encode()
    )
    await admin.press("✅ Import")
    await bot.settled()
    bot.clock.now = upload_time + timedelta(hours=4)
    [after] = await user.send("/calendar all")

    assert birthdays(telegram_state, before) == {date(2027, 1, 20)}
    assert birthdays(telegram_state, after) == {date(2027, 3, 3)}
    assert stamp(upload_time) in content(telegram_state, after)  # made after the import
    assert events_of(parse_calendar(telegram_state, after)) == await expected_events(
        bot.app, TODAY, None
    )


async def test_a_sync_makes_everyones_calendar_anew(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    bot = await start_bot(year_people(TODAY))
    await bot.settled()
    user = SimulatedUser(bot.app, telegram_state)
    [before] = await user.send("/calendar all")
    sync_time = MORNING + timedelta(hours=2)
    bot.clock.now = sync_time

    await bot.sync(corrected(year_people(TODAY)))
    await bot.settled()
    bot.clock.now = sync_time + timedelta(hours=4)
    [after] = await user.send("/calendar all")

    assert birthdays(telegram_state, before) == {date(2027, 1, 20)}
    assert birthdays(telegram_state, after) == {date(2027, 3, 3)}
    assert stamp(sync_time) in content(telegram_state, after)


@pytest.mark.parametrize("by_the_bot", [True, False], ids=["the bot's sync", "another process"])
async def test_a_sync_that_only_confirms_the_list_brings_addresses_back_at_once(
    start_bot: StartBot, telegram_state: TelegramState, by_the_bot: bool
) -> None:
    # Olga's address was confirmed 46 days ago: too long ago to offer it. Vera's today.
    olga = person(
        "olga",
        "Olga Letters",
        detained_on=years_before(TODAY, 2),
        letters=True,
        verified_on=TODAY - timedelta(days=46),
    )
    vera = dataclasses.replace(
        olga,
        id="vera",
        name="Vera Fresh",
        mailing_address="Prison No. 1, Hrodna",
        verified_on=TODAY,
    )
    people = [olga, vera]
    bot = await start_bot(people)
    user = SimulatedUser(bot.app, telegram_state)
    [before] = await user.send("/today")
    [file_before] = await user.send("/calendar all")

    # The same list again: nothing changes but the day it was last confirmed, today.
    if by_the_bot:
        await bot.sync(people)
    else:  # `solidarity-bot sync`: the bot's hooks do not run
        bot.source.script(SourceResponse(body=write_canonical_csv(people).encode()))
        await sync_once(bot.app.bot_data.services, bot.source.url)
    await bot.settled()
    [after] = await user.send("/today")
    [file_after] = await user.send("/calendar all")

    assert "Hrodna" in (before.text or "")
    assert "Homiel" not in (before.text or "")
    assert "Homiel" in (after.text or "")
    assert "Homiel" not in content(telegram_state, file_before)
    assert "Homiel" in content(telegram_state, file_after)


async def test_a_new_day_makes_a_new_file_and_drops_the_old_one(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    bot = await start_bot(year_people(TODAY))
    await bot.settled()
    minsk = SimulatedUser(bot.app, telegram_state)
    new_york = SimulatedUser(bot.app, telegram_state)
    await new_york.send("/start")
    services = bot.app.bot_data.services
    await services.chats.update_settings(
        new_york.id, timezone="America/New_York", now=services.clock()
    )
    # 04:00 UTC on the 21st: 07:00 in Minsk, the new day; still the 20th in New York.
    watch_time = MORNING + timedelta(hours=19)
    bot.clock.now = watch_time

    await bot.run(data_watch.watch_job)
    await bot.settled()
    bot.clock.now = watch_time + timedelta(minutes=30)
    [in_minsk] = await minsk.send("/calendar all")
    [in_new_york] = await new_york.send("/calendar all")

    tomorrow = TODAY + timedelta(days=1)
    assert stamp(watch_time) in content(telegram_state, in_minsk)  # made ahead for the 21st
    assert events_of(parse_calendar(telegram_state, in_minsk)) == await expected_events(
        bot.app, tomorrow, None
    )
    # The 20th's file made at start-up is gone: New York's is made when asked.
    assert stamp(watch_time + timedelta(minutes=30)) in content(telegram_state, in_new_york)
    assert events_of(parse_calendar(telegram_state, in_new_york)) == await expected_events(
        bot.app, TODAY, None
    )


# -- /today and /upcoming, never stale -------------------------------------------------------


def dated_today_and_tomorrow(name: str, pid: str) -> Prisoner:
    """Return a person with an arrest anniversary today and a birthday tomorrow."""
    return person(
        pid,
        name,
        detained_on=years_before(TODAY, 2),
        birth_date=years_before(TODAY + timedelta(days=1), 30),
    )


async def test_after_an_import_today_and_upcoming_show_the_new_data(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    bot = await start_bot(year_people(TODAY))
    user = SimulatedUser(bot.app, telegram_state)
    [today_before] = await user.send("/today")
    [upcoming_before] = await user.send("/upcoming")

    # Another process (`solidarity-bot import`) adds a person; the bot's hooks do not run.
    await import_list(bot.app, [*year_people(TODAY), dated_today_and_tomorrow("Nina New", "nina")])
    [today_after] = await user.send("/today")
    [upcoming_after] = await user.send("/upcoming")

    assert "Nina New" not in (today_before.text or "")
    assert "Nina New" not in (upcoming_before.text or "")
    assert "2 years ago today Nina New was detained." in (today_after.text or "")
    assert "Nina New turns 30." in (upcoming_after.text or "")


async def test_after_an_upload_a_button_on_an_older_page_shows_the_new_data(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    bot = await start_bot(year_people(TODAY))
    user = SimulatedUser(bot.app, telegram_state)
    await follow(bot.app, user.id, "anna")
    [listing] = await user.send("/upcoming")  # the people followed here: Anna
    await user.press("👥 Everyone in prison")
    everyone_before = user.last_message.text or ""
    await user.press("★ Only the people followed here")
    admin = SimulatedUser(bot.app, telegram_state, ADMIN_ID)
    new_list = [*year_people(TODAY), dated_today_and_tomorrow("Nina New", "nina")]

    await admin.send_document("list.csv", write_canonical_csv(new_list).encode())
    await admin.press("✅ Import")
    await user.press("👥 Everyone in prison", message=listing)

    assert "Nina New" not in everyone_before
    assert "Nina New turns 30." in (user.last_message.text or "")


async def test_presses_read_nobody_again_until_the_data_changes(
    start_bot: StartBot, telegram_state: TelegramState, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await start_bot(
        [
            *year_people(TODAY),
            *(dated_today_and_tomorrow(f"Person {n}", f"p{n}") for n in range(20)),
        ]
    )
    await bot.settled()
    services = bot.app.bot_data.services
    reads: list[int] = []
    indexes: list[date] = []
    read_everyone = services.prisoners.all
    make_index = handlers.calendar.calendar_index

    async def counted_read() -> list[Prisoner]:
        reads.append(1)
        return await read_everyone()

    def counted_index(*args: Any, **kwargs: Any) -> Any:
        indexes.append(args[1])
        return make_index(*args, **kwargs)

    monkeypatch.setattr(services.prisoners, "all", counted_read)
    monkeypatch.setattr(handlers.calendar, "calendar_index", counted_index)
    anna, boris = SimulatedUser(bot.app, telegram_state), SimulatedUser(bot.app, telegram_state)

    for user in (anna, boris):
        await user.send("/today")
        await user.send("/upcoming")
        await user.press("More ›")
        await user.send("/calendar all")

    assert (reads, indexes) == ([], [])  # all made at start-up, for every chat
    await import_list(bot.app, year_people(TODAY))
    reads.clear()  # the import's own
    await anna.send("/today")
    await boris.send("/upcoming")
    assert (reads, indexes) == ([1], [TODAY])
