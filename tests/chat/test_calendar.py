"""The solidarity calendar in chats: /today, /upcoming (paged), /calendar files and inline mode.

Each test starts the bot on a day of its own, with a data set dated from that day: the people
have their anniversaries, birthdays and milestones where the test needs them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.app import build_application
from bot.config import load_settings
from bot.context import BotApplication
from bot.domain.calendar import dates_of, year_range
from bot.domain.chat import ChatType
from bot.domain.dataset import Format, write_canonical_csv
from bot.domain.events import events_between
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.domain.telegram_html import plain_text
from bot.importing import apply_import, plan_import
from bot.rendering.digests import event_line
from bot.sandbox.models import ChatMessage, FakeChat
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from handlers.calendar_file import event_uid
from tests.chat.helpers import press_data, snapshot
from tests.conftest import TEST_TOKEN

BOT = "solidarity_test_bot"
ADDRESS = "Colony No. 4 & Co, 246035 Homiel, Belarus"


@dataclass
class Clock:
    """A clock standing still at the moment the test chose."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


StartBot = Callable[[date, Sequence[Prisoner]], Awaitable[BotApplication]]


@pytest.fixture
async def start_bot(tmp_path: Path, telegram_state: TelegramState) -> AsyncIterator[StartBot]:
    """Return a starter: the bot on `today` (noon in Minsk) with exactly these people."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(today: date, people: Sequence[Prisoner]) -> BotApplication:
            dataset = tmp_path / "people.csv"
            dataset.write_text(write_canonical_csv(people), encoding="utf-8")
            settings = load_settings(
                None,
                bot_token=TEST_TOKEN,
                database_path=tmp_path / "data" / "bot.sqlite3",
                dataset_path=dataset,
                default_language="en",
                default_timezone="Europe/Minsk",
            )
            clock = Clock(datetime.combine(today, time(9, 0), tzinfo=UTC))
            application = build_application(
                settings, request=FakeRequest(telegram_state), clock=clock, deliver=False
            )
            await stack.enter_async_context(running_application(application, start=True))
            return application

        yield start


def years_before(day: date, years: int) -> date:
    """Return the same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def person(
    pid: str,
    name: str,
    *,
    detained_on: date | None = None,
    birth_date: date | None = None,
    sentenced_on: date | None = None,
    gender: Gender | None = Gender.FEMALE,
    letters: bool = False,
    status: Status = Status.IMPRISONED,
    name_be: str | None = None,
    name_ru: str | None = None,
    verified_on: date | None = None,
) -> Prisoner:
    return Prisoner(
        id=pid,
        name=name,
        name_be=name_be,
        name_ru=name_ru,
        gender=gender,
        detained_on=detained_on,
        birth_date=birth_date,
        sentenced_on=sentenced_on,
        status=status,
        status_changed_on=date(2020, 1, 1) if status is not Status.IMPRISONED else None,
        letters=Letters.YES if letters else Letters.NO,
        mailing_address=ADDRESS if letters else None,
        verified_on=verified_on,
    )


def today_people(today: date) -> list[Prisoner]:
    """People with dates today (two), a date tomorrow (one), and a released person."""
    return [
        # Sorted first by the events' own order: a detention anniversary comes before birthdays.
        person(
            "anna-arrested",
            "Anna Arrested",
            detained_on=years_before(today, 3),
            birth_date=date(1980, 1, 1) if today != date(today.year, 1, 1) else date(1980, 1, 2),
        ),
        person(
            "boris-birthday",
            "Boris Birthday",
            gender=Gender.MALE,
            birth_date=years_before(today, 41),
            detained_on=years_before(today + timedelta(days=100), 2),
            letters=True,
            verified_on=today,
        ),
        person(
            "clara-tomorrow",
            "Clara Tomorrow",
            detained_on=years_before(today + timedelta(days=1), 4),
        ),
        person(
            "dora-free",
            "Dora Free",
            detained_on=years_before(today, 2),
            status=Status.RELEASED,
        ),
    ]


async def import_list(bot_app: BotApplication, people: Sequence[Prisoner]) -> None:
    """Import a new list as `solidarity-bot import` does, beside the running bot."""
    services = bot_app.bot_data.services
    data = write_canonical_csv(people).encode()
    await apply_import(services, await plan_import(services, data, Format.CANONICAL, "list.csv"))


async def follow(bot_app: BotApplication, chat_id: int, *ids: str) -> None:
    services = bot_app.bot_data.services
    now = services.clock()
    await services.chats.ensure(chat_id, ChatType.PRIVATE, "en", "Europe/Minsk", time(10), now)
    for pid in ids:
        await services.follows.follow(chat_id, pid, limit=100, now=now)


def url_buttons(message: ChatMessage) -> dict[str, str]:
    return {b["text"]: b["url"] for b in message.buttons if "url" in b}


# -- /today ----------------------------------------------------------------------------------


async def test_today_lists_everyone_with_a_date_the_followed_first_with_actions(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, today_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "boris-birthday")

    [reply] = await user.send("/today")

    text = reply.text or ""
    assert text.startswith("📌 Today, 14 July 2026")
    assert "★ marks the people you follow." in text
    # Boris is followed: he comes first, though anniversaries come before birthdays otherwise.
    assert text.index("★ Boris Birthday") < text.index("Anna Arrested")
    assert "Boris Birthday turns 41 today." in text
    assert "3 years ago today Anna Arrested was detained." in text
    assert "★ Anna" not in text
    # Each person's one thing to do, as the daily message says it.
    assert "Write a letter" in text
    assert "Colony No. 4 & Co, 246035 Homiel, Belarus" in text
    assert "Share the story so that more people hear of it" in text
    # Not today's, not in prison: absent.
    assert "Clara" not in text
    assert "Dora" not in text
    assert url_buttons(reply) == {
        "📇 Boris Birthday": f"https://t.me/{BOT}?start=p_boris-birthday",
        "📇 Anna Arrested": f"https://t.me/{BOT}?start=p_anna-arrested",
    }


async def test_today_offers_a_letter_only_to_an_address_confirmed_lately(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    people = [
        dataclasses.replace(p, verified_on=today - timedelta(days=46)) for p in today_people(today)
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/today")

    text = reply.text or ""
    assert "Boris Birthday turns 41 today." in text
    assert "Share the story so that more people hear of it" in text
    assert "Write a letter" not in text
    assert "Homiel" not in text


async def test_today_is_the_chats_own_date(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, today_people(today))
    services = bot_app.bot_data.services
    # 23:30 UTC on the 13th: already the 14th in Minsk, still the 13th in New York.
    services.clock = lambda: datetime(2026, 7, 13, 23, 30, tzinfo=UTC)
    minsk = SimulatedUser(bot_app, telegram_state)
    new_york = SimulatedUser(bot_app, telegram_state)
    await new_york.send("/start")
    await services.chats.update_settings(
        new_york.id, timezone="America/New_York", now=services.clock()
    )

    [in_minsk] = await minsk.send("/today")
    [in_new_york] = await new_york.send("/today")

    assert "Anna Arrested" in (in_minsk.text or "")
    assert "No dates to mark today, 13 July 2026." in (in_new_york.text or "")


async def test_a_day_without_dates_is_calm_and_offers_the_next_one(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    people = [
        person("clara-soon", "Clara Soon", detained_on=years_before(today + timedelta(days=5), 4)),
        person("zoe-later", "Zoe Later", detained_on=years_before(today + timedelta(days=40), 1)),
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/today")

    assert reply.text == (
        "🌿 No dates to mark today, 14 July 2026.\n\n"
        "The next one is on 19 July: 4 years since Clara Soon was detained."
    )
    assert reply.button_texts == ["📇 Clara Soon", "🗓 The next 30 days"]

    await user.press("🗓 The next 30 days")

    assert user.last_message.message_id == reply.message_id  # the same message, now the list
    assert "Coming dates, 15 July to 13 August" in (user.last_message.text or "")
    assert "4 years since Clara Soon was detained." in (user.last_message.text or "")
    assert "Zoe" not in (user.last_message.text or "")  # 40 days ahead


async def test_nobody_in_prison_still_leaves_something_to_do(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    freed = person(
        "dora-free", "Dora Free", detained_on=years_before(today, 2), status=Status.RELEASED
    )
    bot_app = await start_bot(today, [freed])
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/today")

    assert "No dates to mark today" in (reply.text or "")
    assert "A letter is welcome on any day" in (reply.text or "")
    assert reply.button_texts == ["🗓 The next 30 days"]


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        (date(2027, 2, 28), True),  # a common year: the 29th is remembered on the 28th
        (date(2028, 2, 28), False),  # a leap year: not yet...
        (date(2028, 2, 29), True),  # ...but on the day itself
        (date(2028, 3, 1), False),
    ],
)
async def test_a_29_february_birthday(
    start_bot: StartBot, telegram_state: TelegramState, today: date, shown: bool
) -> None:
    leap = person("lena-leap", "Lena Leap", birth_date=date(1996, 2, 29))
    bot_app = await start_bot(today, [leap])
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/today")

    lines = (reply.text or "").splitlines()
    birthday = [line for line in lines if line.startswith("Lena Leap turns")]
    assert any(line.endswith("today.") for line in birthday) is shown


async def test_a_long_today_is_split_and_each_part_has_its_people_buttons(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    people = [
        person(f"p{n:03d}", f"Person {n:03d} " + "Long" * 10, detained_on=years_before(today, 2))
        for n in range(40)
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)

    replies = await user.send("/today")

    assert len(replies) > 1
    seen = []
    for reply in replies:
        assert len(reply.raw_text or "") <= 4096
        names = re.findall(r"^Person \d{3}", reply.text or "", re.MULTILINE)
        assert names
        # The buttons under a part open the cards of exactly the people in it.
        assert [t.removeprefix("📇 ")[:10] for t in reply.button_texts] == names
        seen += names
    assert seen == [f"Person {n:03d}" for n in range(40)]


async def test_a_group_member_who_is_no_admin_can_read_the_calendar(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, today_people(today))
    group = telegram_state.add_chat(FakeChat.group())
    admin = SimulatedUser(bot_app, telegram_state, chat=group)
    telegram_state.set_chat_admins(group.id, [admin.id])
    await admin.send("/follow Anna Arrested")
    member = SimulatedUser(bot_app, telegram_state, chat=group)
    before = await snapshot(bot_app)

    [today_reply] = await member.send("/today")
    [upcoming] = await member.send("/upcoming")
    followed_only = upcoming.text or ""  # the message is edited in place below
    await member.press("👥 Everyone in prison")

    assert "★ marks the people this chat follows." in (today_reply.text or "")
    assert "★ Anna Arrested" in (today_reply.text or "")
    assert "None of the people followed here has a date" in followed_only
    assert "Clara Tomorrow" in (member.last_message.text or "")
    assert "Only the admins" not in (today_reply.text or "")
    assert await snapshot(bot_app) == before  # reading changed nothing


# -- /upcoming -------------------------------------------------------------------------------


async def test_upcoming_at_the_end_of_the_year_goes_on_into_january(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    people = [
        person("jan-five", "Jana Five", detained_on=date(2023, 1, 5)),
        person(
            "dec-28",
            "Dasha Twentyeight",
            birth_date=date(1990, 12, 28),
            letters=True,
            verified_on=today,
        ),
        person("jan-ten", "Janina Ten", sentenced_on=date(2024, 1, 10)),
        person("dec-20", "Today Only", detained_on=date(2024, 12, 20)),
        person("jan-20", "Too Far", detained_on=date(2024, 1, 20)),
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/upcoming")

    text = reply.text or ""
    assert text.startswith("🗓 Coming dates, 21 December to 19 January")
    headings = ["Monday, 28 December", "Tuesday, 5 January 2027", "Sunday, 10 January 2027"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # Posting by 18 December is no longer possible on the 20th: a late card still counts.
    assert (
        "Dasha Twentyeight turns 36. A card posted now may arrive late, and it still counts."
        in text
    )
    assert "4 years since Jana Five was detained." in text
    assert "3 years since Janina Ten was sentenced." in text
    assert "Today Only" not in text  # today is /today's
    assert "Too Far" not in text  # day 31
    assert "More ›" not in reply.button_texts


async def test_upcoming_birthdays_say_when_to_post_a_card_and_mark_the_followed(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    people = [
        person(
            "ira",
            "Ira Card",
            birth_date=years_before(today + timedelta(days=20), 30),
            letters=True,
            verified_on=today,
        ),
        person(
            "olga",
            "Olga Other",
            birth_date=years_before(today + timedelta(days=20), 50),
            letters=True,
            verified_on=today,
        ),
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "olga")

    [reply] = await user.send("/upcoming")
    # The message is edited in place below: keep what it showed first.
    followed_only, first_buttons = reply.text or "", reply.button_texts
    await user.press("👥 Everyone in prison")

    # First the people the chat follows, without marks: every one of them is followed.
    assert followed_only.startswith("🗓 Coming dates of the people followed here, 15 July")
    assert "• Olga Other turns 50. Post a card by 24 July." in followed_only
    assert "Ira Card" not in followed_only
    assert first_buttons == ["📇 Olga Other", "👥 Everyone in prison"]
    # Everyone, on the same message: the followed first, marked.
    assert user.last_message.message_id == reply.message_id
    text = user.last_message.text or ""
    assert "Monday, 3 August" in text
    assert "• ★ Olga Other turns 50. Post a card by 24 July." in text
    assert "• Ira Card turns 30. Post a card by 24 July." in text
    assert text.index("Olga Other") < text.index("Ira Card")
    assert "★ marks the people you follow." in text
    assert user.last_message.button_texts[-1] == "★ Only the people followed here"
    await user.press("★ Only the people followed here")
    assert user.last_message.text == followed_only


async def test_a_birthday_asks_for_a_card_until_its_post_by_day_and_then_says_it_may_be_late(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    people = [
        person(
            "in-time",
            "Ira Intime",
            birth_date=years_before(today + timedelta(days=10), 30),
            letters=True,
            verified_on=today,
        ),
        person(
            "late",
            "Lena Late",
            birth_date=years_before(today + timedelta(days=9), 40),
            letters=True,
            verified_on=today,
        ),
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/upcoming")

    text = reply.text or ""
    assert "Ira Intime turns 30. Post a card by 14 July." in text
    assert "Lena Late turns 40. A card posted now may arrive late, and it still counts." in text
    assert "Lena Late turns 40. Post a card by" not in text


async def test_no_card_is_asked_for_an_address_not_confirmed_lately(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    people = [
        person(
            "stale",
            "Sofia Stale",
            birth_date=years_before(today + timedelta(days=10), 30),
            letters=True,
            verified_on=today - timedelta(days=46),  # ADDRESS_MAX_AGE_DAYS is 45
        ),
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)

    [upcoming] = await user.send("/upcoming")
    [today_screen] = await user.send("/today")

    assert "• Sofia Stale turns 30.\n" in f"{upcoming.text}\n"
    assert "Post a card" not in (upcoming.text or "")
    assert "Sofia Stale turns 30." in (today_screen.text or "")
    assert "Post a card" not in (today_screen.text or "")


def many_people(today: date, count: int) -> list[Prisoner]:
    """One person for each of the next `count` days (at most 30), each with an anniversary."""
    return [
        person(
            f"m{n:02d}",
            f"Member {n:02d}",
            detained_on=years_before(today + timedelta(days=1 + n % 30), 1 + n // 30),
        )
        for n in range(count)
    ]


def members(message: ChatMessage) -> list[str]:
    return re.findall(r"Member \d\d", message.text or "")


async def test_upcoming_pages_in_place(start_bot: StartBot, telegram_state: TelegramState) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, many_people(today, 20))
    user = SimulatedUser(bot_app, telegram_state)

    [listing] = await user.send("/upcoming")

    first = members(listing)
    assert first == [f"Member {n:02d}" for n in range(8)]
    assert "Page 1 of 3" in (listing.text or "")
    assert "‹ Back" not in listing.button_texts
    await user.press("More ›")
    assert user.last_message.message_id == listing.message_id
    second = members(user.last_message)
    assert second == [f"Member {n:02d}" for n in range(8, 16)]
    assert "Page 2 of 3" in (user.last_message.text or "")
    await user.press("More ›")
    assert members(user.last_message) == [f"Member {n:02d}" for n in range(16, 20)]
    assert "More ›" not in user.last_message.button_texts
    await user.press("‹ Back")
    await user.press("‹ Back")
    assert members(user.last_message) == first
    assert len(user.messages) == 1  # all of it on one message


@pytest.mark.parametrize(
    "data",
    ["up:", "up:abc", "up:-1", "up:1:2", "up:99999", "up:١", "up:f", "up:x1", "up:ff1", "up:a-1"],
)
async def test_forged_page_buttons_are_answered_and_change_nothing(
    start_bot: StartBot, telegram_state: TelegramState, data: str
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, many_people(today, 20))
    user = SimulatedUser(bot_app, telegram_state)
    [listing] = await user.send("/upcoming")
    shown = listing.text

    replies = await press_data(user, listing, data)

    assert replies == []
    assert user.last_callback_answer is not None
    assert "no longer works" in user.last_callback_answer["text"]
    assert user.last_message.text == shown


async def test_a_page_past_the_end_shows_the_last(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, many_people(today, 20))
    user = SimulatedUser(bot_app, telegram_state)
    [listing] = await user.send("/upcoming")

    await press_data(user, listing, "up:7")  # pages shrink when people are released

    assert "Page 3 of 3" in (user.last_message.text or "")


async def test_nothing_coming(start_bot: StartBot, telegram_state: TelegramState) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, [person("far", "Far Away", detained_on=date(2020, 1, 1))])
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/upcoming")

    assert (reply.text or "").startswith("No dates to mark from 15 July to 13 August.")
    assert reply.buttons == []


# -- /calendar -------------------------------------------------------------------------------


def year_people(today: date) -> list[Prisoner]:
    return [
        person(
            "anna",
            "Anna Letters",
            detained_on=date(2023, 1, 5),
            birth_date=date(1980, 1, 20),
            sentenced_on=date(2023, 9, 1),
            letters=True,
            verified_on=today,
        ),
        person("bela", "Bela Share", detained_on=date(2021, 12, 30), birth_date=date(1996, 2, 29)),
        person("cyril", "Cyril Unfollowed", detained_on=date(2022, 6, 1), gender=Gender.MALE),
        person("dora", "Dora Free", detained_on=date(2022, 6, 1), status=Status.RELEASED),
    ]


def parse_calendar(telegram_state: TelegramState, message: ChatMessage) -> Calendar:
    assert message.document is not None, message
    assert message.document["file_name"] == "solidarity-calendar.ics"
    content = telegram_state.files[message.document["file_id"]].content
    return Calendar.from_ical(content)


def events_of(calendar: Calendar) -> set[tuple[date, str, str]]:
    return {
        (item.decoded("dtstart"), str(item["uid"]), str(item["summary"]))
        for item in calendar.walk("VEVENT")
    }


async def expected_events(
    bot_app: BotApplication, today: date, ids: set[str] | None
) -> set[tuple[date, str, str]]:
    """The dates the domain computes for these people (None: everyone in prison)."""
    services = bot_app.bot_data.services
    people = {p.id: p for p in await services.prisoners.all() if ids is None or p.id in ids}
    first, last = year_range(today)
    t = services.l10n("en")
    return {
        (e.on, event_uid(e, BOT), plain_text(event_line(t, e, people[e.prisoner_id])))
        for e in dates_of(events_between(people.values(), first, last))
    }


async def test_calendar_file_holds_the_coming_year_of_the_people_followed(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "anna", "bela", "dora")

    [reply] = await user.send("/calendar")

    calendar = parse_calendar(telegram_state, reply)
    got = events_of(calendar)
    assert got == await expected_events(bot_app, today, {"anna", "bela", "dora"})
    assert (
        date(2027, 1, 5),
        f"20270105-detention_anniversary-anna@{BOT}",
        "4 years ago today Anna Letters was detained.",
    ) in got
    # Across the new year, Bela's 29 February falls on 28 February in 2027.
    assert (
        date(2027, 2, 28),
        f"20270228-birthday-bela@{BOT}",
        "Bela Share turns 31 today.",
    ) in got
    assert not any("Cyril" in summary or "Dora" in summary for _, _, summary in got)
    assert all(today <= day <= today + timedelta(days=364) for day, _, _ in got)
    assert (reply.caption or "").startswith("📅 Solidarity calendar for the coming year:")
    assert f"{len(got)} dates of 2 people" in (reply.caption or "")
    assert reply.button_texts == ["👥 Everyone in prison instead"]


async def test_calendar_events_are_all_day_plain_and_link_the_card(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "anna")

    [reply] = await user.send("/calendar")

    assert reply.document is not None
    content = telegram_state.files[reply.document["file_id"]].content.decode()
    assert "DTSTART;VALUE=DATE:20270105" in content
    assert "X-WR-CALNAME:Solidarity calendar" in content
    assert "VERSION:2.0" in content
    assert "PRODID:" in content
    assert "DTSTAMP:20261220T090000Z" in content
    calendar = parse_calendar(telegram_state, reply)
    by_uid = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    birthday = by_uid[f"20270120-birthday-anna@{BOT}"]
    description = str(birthday["description"])
    assert "Send a card by 10 January" in description
    assert "Colony No. 4 & Co, 246035 Homiel" in description  # unescaped, no tags
    assert "<" not in description
    assert "&amp;" not in description
    assert f"https://t.me/{BOT}?start=p_anna" in description
    assert str(birthday["url"]) == f"https://t.me/{BOT}?start=p_anna"
    # The app reminds on the last day to post the card, at 10:00, not on the birthday.
    [reminder] = birthday.walk("VALARM")
    assert reminder.decoded("trigger") == -timedelta(days=9, hours=14)
    assert str(reminder["action"]) == "DISPLAY"
    assert str(reminder["description"]) == (
        "Today is the last day to post a birthday card to Anna Letters so that it arrives in time."
    )
    anniversary = by_uid[f"20270105-detention_anniversary-anna@{BOT}"]
    assert "Write a letter" in str(anniversary["description"])
    assert anniversary.walk("VALARM") == []


async def test_calendar_file_leaves_out_an_address_not_confirmed_lately(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    people = [
        dataclasses.replace(p, verified_on=today - timedelta(days=46)) for p in year_people(today)
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "anna")

    [reply] = await user.send("/calendar")

    calendar = parse_calendar(telegram_state, reply)
    descriptions = [str(e["description"]) for e in calendar.walk("VEVENT")]
    assert descriptions
    assert not any("Homiel" in d for d in descriptions)
    assert all(
        d.startswith("📣 Share the story so that more people hear of it") for d in descriptions
    )


async def test_calendar_all_and_the_everyone_button(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "anna")
    everyone = await expected_events(bot_app, today, None)

    [by_command] = await user.send("/calendar all")
    # The word for "all" in another of the bot's languages works too.
    [in_russian] = await user.send("/calendar все")
    await user.send("/calendar")
    [by_button] = await user.press("👥 Everyone in prison instead")

    for reply in (by_command, in_russian, by_button):
        assert events_of(parse_calendar(telegram_state, reply)) == everyone
        assert "everyone in prison" in (reply.caption or "")
        assert reply.buttons == []
    assert any("Cyril" in summary for _, _, summary in everyone)
    assert not any("Dora" in summary for _, _, summary in everyone)


async def test_calendar_the_same_day_twice_gives_the_same_events(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    [first] = await user.send("/calendar all")
    services = bot_app.bot_data.services
    services.clock = lambda: datetime(2026, 12, 20, 15, 0, tzinfo=UTC)

    [second] = await user.send("/calendar all")

    assert events_of(parse_calendar(telegram_state, first)) == events_of(
        parse_calendar(telegram_state, second)
    )


async def test_everyones_calendar_follows_a_correction_made_the_same_day(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    [before] = await user.send("/calendar all")
    # A corrected list, imported by another process (`solidarity-bot import`) the same day.
    corrected = [
        dataclasses.replace(p, birth_date=date(1980, 3, 3)) if p.id == "anna" else p
        for p in year_people(today)
    ]
    await import_list(bot_app, corrected)

    [after] = await user.send("/calendar all")

    birthdays_before = {
        e for e in events_of(parse_calendar(telegram_state, before)) if "birthday" in e[1]
    }
    birthdays_after = {
        e for e in events_of(parse_calendar(telegram_state, after)) if "birthday" in e[1]
    }
    assert date(2027, 1, 20) in {day for day, _, _ in birthdays_before}
    assert date(2027, 3, 3) in {day for day, _, _ in birthdays_after}
    assert date(2027, 1, 20) not in {day for day, _, _ in birthdays_after}
    assert events_of(parse_calendar(telegram_state, after)) == await expected_events(
        bot_app, today, None
    )


async def test_calendar_for_a_chat_that_follows_nobody_offers_everyone(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/calendar")

    assert reply.document is None
    assert "You do not follow anyone in prison yet" in (reply.text or "")
    assert reply.button_texts == ["👥 Everyone in prison instead"]
    [file] = await user.press("👥 Everyone in prison instead")
    assert events_of(parse_calendar(telegram_state, file)) == await expected_events(
        bot_app, today, None
    )


async def test_calendar_of_people_without_dates_says_so_and_offers_everyone(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    undated = person("ulla", "Ulla Undated")  # no dates known at all
    bot_app = await start_bot(today, [*year_people(today), undated])
    user = SimulatedUser(bot_app, telegram_state)
    await follow(bot_app, user.id, "ulla", "dora")  # and Dora is free

    [reply] = await user.send("/calendar")

    assert reply.document is None
    assert "The people you follow have no dates in the coming year" in (reply.text or "")
    assert reply.button_texts == ["👥 Everyone in prison instead"]


async def test_calendar_when_nobody_is_in_prison(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    freed = person("dora-free", "Dora Free", detained_on=date(2022, 1, 1), status=Status.RELEASED)
    bot_app = await start_bot(today, [freed])
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send("/calendar all")

    assert reply.document is None
    assert "no dates of people in prison in the coming year" in (reply.text or "")
    assert reply.buttons == []


async def test_calendar_follow_all_gives_everyone(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    await user.send("/following")
    await user.press("👥 Follow everyone in prison")

    [reply] = await user.send("/calendar")

    assert events_of(parse_calendar(telegram_state, reply)) == await expected_events(
        bot_app, today, None
    )


@pytest.mark.parametrize("words", ["/calendar everything", "/calendar all please"])
async def test_calendar_with_other_words_explains(
    start_bot: StartBot, telegram_state: TelegramState, words: str
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)

    [reply] = await user.send(words)

    assert reply.document is None
    assert "/calendar all" in (reply.text or "")


async def test_a_forged_calendar_button_is_answered(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 12, 20)
    bot_app = await start_bot(today, year_people(today))
    user = SimulatedUser(bot_app, telegram_state)
    [reply] = await user.send("/calendar")

    assert await press_data(user, reply, "cal:everyone") == []
    assert user.last_callback_answer is not None
    assert "no longer works" in user.last_callback_answer["text"]


# -- inline mode -----------------------------------------------------------------------------


async def test_empty_inline_query_offers_todays_dates_first(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, today_people(today))
    user = SimulatedUser(bot_app, telegram_state)

    results = await user.inline("")

    ids = [r["id"] for r in results]
    assert ids[:2] == ["anna-arrested", "boris-birthday"]
    assert set(ids) == {"anna-arrested", "boris-birthday", "clara-tomorrow"}
    assert results[0]["title"] == "3 years ago today Anna Arrested was detained."
    assert results[2]["title"] == "Clara Tomorrow"
    assert results[0]["input_message_content"]["message_text"].startswith("<b>Anna Arrested</b>")


async def test_empty_inline_query_without_dates_offers_people_in_prison(
    start_bot: StartBot, telegram_state: TelegramState
) -> None:
    today = date(2026, 7, 14)
    bot_app = await start_bot(today, [person("far", "Far Away", detained_on=date(2020, 1, 1))])
    user = SimulatedUser(bot_app, telegram_state)

    results = await user.inline("")

    assert [(r["id"], r["title"]) for r in results] == [("far", "Far Away")]


# -- other languages -------------------------------------------------------------------------

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED = re.compile(r"/[a-z_]+(@\w+)?|https?://\S+|t\.me/\S+|Telegram")


def leftovers(texts: Sequence[str], data: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        for value in data:
            text = text.replace(value, " ")
        found |= set(LATIN_WORD.findall(ALLOWED.sub(" ", text)))
    return found


@pytest.mark.parametrize(
    ("language", "title", "heading", "caption"),
    [
        ("be", "Сёння, 14 ліпеня 2026", "Серада, 15 ліпеня", "Каляндар салідарнасці"),
        ("ru", "Сегодня, 14 июля 2026", "Среда, 15 июля", "Календарь солидарности"),
    ],
)
async def test_the_calendar_speaks_belarusian_and_russian(
    start_bot: StartBot,
    telegram_state: TelegramState,
    language: str,
    title: str,
    heading: str,
    caption: str,
) -> None:
    today = date(2026, 7, 14)
    people = [
        person(
            "anna-arrested",
            "Anna Arrested",
            name_be="Ганна Арыштаваная",
            name_ru="Анна Арестованная",
            detained_on=years_before(today, 3),
            birth_date=years_before(today + timedelta(days=20), 33),
            letters=True,
            verified_on=today,
        ),
        person(
            "clara-tomorrow",
            "Clara Tomorrow",
            name_be="Клара Заўтра",
            name_ru="Клара Завтра",
            detained_on=years_before(today + timedelta(days=1), 4),
        ),
    ]
    bot_app = await start_bot(today, people)
    user = SimulatedUser(bot_app, telegram_state, language_code=language)
    await user.send("/start")
    await user.send("/follow Clara Tomorrow")

    [today_reply] = await user.send("/today")
    [upcoming] = await user.send("/upcoming")
    [file] = await user.send("/calendar")
    calendar = parse_calendar(telegram_state, file)

    assert (today_reply.text or "").startswith(f"📌 {title}")
    assert heading in (upcoming.text or "")
    assert (file.caption or "").startswith(f"📅 {caption}")
    assert str(calendar["x-wr-calname"]).startswith(caption)
    texts = [today_reply.text or "", upcoming.text or "", file.caption or ""]
    texts += [b for m in (today_reply, upcoming, file) for b in m.button_texts]
    texts += [str(e["summary"]) + str(e["description"]) for e in calendar.walk("VEVENT")]
    assert leftovers(texts, [ADDRESS]) == set()
