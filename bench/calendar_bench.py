"""Calendar benchmark: what /today, /upcoming and /calendar cost as the list grows.

Run with `.venv/bin/python bench/calendar_bench.py [people ...] [--seed N]` (default 1,200 and
10,000: about today's Belarus list, and a list eight times larger). The people are planning.py's
synthetic records (about 70 % in prison). For each size, on one day:

- Worked out on every press, as the handlers did before the calendar was made ahead: the events
  from `events_between`, grouped by day with five people followed, rendered in English (the
  median of five runs). /calendar is the file for everyone in prison for a year (the largest
  file a chat can ask for), made on request, then parsed back with icalendar as a calendar app
  would (the median of three runs), with its size, events and the peak Python heap of making it.
- Through the bot as it is: the real handlers on a database of these people, talking to the
  in-memory Telegram, from the press to the answer. The first press finds nothing made for the
  day (as after a list imported by another process); after the bot's own import or sync,
  everyone is read and the day's dates and lines are made ahead. Then the next presses (the
  median of five), and /calendar all once everyone's files, made in the background at
  start-up, are ready (how long that took is printed too).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

from icalendar import Calendar
from planning import synthetic_people

from bot.app import build_application
from bot.config import load_settings
from bot.context import BotApplication
from bot.domain.calendar import by_day, dates_of, upcoming_range, year_range
from bot.domain.chat import ChatType
from bot.domain.dataset import write_canonical_csv
from bot.domain.events import events_between
from bot.domain.prisoner import Prisoner, Status
from bot.flood import FloodGuard
from bot.l10n import Localizer
from bot.made_files import MadeFiles
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.sandbox.user import SimulatedUser
from handlers.calendar import prepare_calendar
from handlers.calendar_file import build_calendar
from handlers.calendar_views import render_today, render_upcoming

RUNS = 5
FILE_RUNS = 3
TODAY = date(2026, 7, 14)
NOW = datetime(2026, 7, 14, 10, 0, tzinfo=UTC)
BOT = "solidarity_bench_bot"
FOLLOWED = 5


def timed(action: Callable[[], object], runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def measure_afresh(people: list[Prisoner]) -> None:
    """Time the views worked out on each press, and everyone's file made on request."""
    inside = {p.id: p for p in people if p.status is Status.IMPRISONED}
    followed = set(list(inside)[:FOLLOWED])
    t = Localizer()("en")

    def today_view() -> int:
        days = by_day(events_between(inside.values(), TODAY, TODAY), followed)
        return (
            len(render_today(t, TODAY, days[0], inside, BOT, address_max_age_days=45))
            if days
            else 0
        )

    def upcoming_view() -> int:
        first, last = upcoming_range(TODAY)
        days = by_day(events_between(inside.values(), first, last), followed)
        screen, _ = render_upcoming(t, TODAY, days, inside, BOT, 0, address_max_age_days=45)
        return len(screen.text)

    def calendar_file() -> bytes:
        first, last = year_range(TODAY)
        events = dates_of(events_between(inside.values(), first, last))
        return build_calendar(
            t,
            events,
            inside,
            bot_username=BOT,
            today=TODAY,
            now=NOW,
            everyone=True,
            address_max_age_days=45,
        )

    today_seconds, messages = timed(today_view)
    upcoming_seconds, _ = timed(upcoming_view)
    file_seconds, data = timed(calendar_file, FILE_RUNS)
    assert isinstance(data, bytes)
    parse_seconds, parsed = timed(lambda: Calendar.from_ical(data), FILE_RUNS)
    assert isinstance(parsed, Calendar)
    events = len(parsed.walk("VEVENT"))
    tracemalloc.start()
    calendar_file()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("  worked out on every press (before):")
    print(f"    /today          {ms(today_seconds)}  ({messages} messages)")
    print(f"    /upcoming       {ms(upcoming_seconds)}  (first page)")
    print(
        f"    /calendar all   {ms(file_seconds)} to make on request, "
        f"{parse_seconds * 1000:.1f} ms to parse back; {events:,} events, "
        f"{len(data) / 1e6:.2f} MB; peak heap {peak / 1e6:.1f} MB"
    )


async def pressed(action: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await action()
    return time.perf_counter() - started


def forget_what_was_made(app: BotApplication) -> None:
    """Leave nothing made for the day, as when another process has just imported a list."""
    bot_data = app.bot_data
    bot_data.calendar_people = None
    bot_data.calendar_days = MadeFiles()
    bot_data.calendar_lines = MadeFiles()


def bot_for(people: list[Prisoner], folder: Path) -> tuple[BotApplication, TelegramState]:
    """Return the bot on a database of these people in `folder`, at NOW, and its Telegram.

    It imports the people when it starts, and delivers nothing by itself.
    """
    dataset = folder / "people.csv"
    dataset.write_text(write_canonical_csv(people), encoding="utf-8")
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=folder / "bench.sqlite3",
        dataset_path=dataset,
        default_language="en",
        default_timezone="Europe/Minsk",
        # The handlers are timed, not the send budget that spaces a chat's several messages at
        # Telegram's free 29.5 a second (34 ms between two): give it the paid-broadcast ceiling.
        send_rate_per_second=1000,
        paid_broadcast=True,
    )
    state = TelegramState(DEFAULT_TOKEN)
    app = build_application(settings, request=FakeRequest(state), clock=lambda: NOW, deliver=False)
    return app, state


async def measure_bot(people: list[Prisoner], folder: Path) -> None:
    """Time the presses through the bot's handlers, from the press to the answer."""
    app, state = bot_for(people, folder)
    started = time.perf_counter()
    async with running_application(app, start=True):
        imported = time.perf_counter()
        await app.bot_data.calendar_files.settled()
        made_ahead = time.perf_counter() - imported
        app.bot_data.flood = FloodGuard(burst=10**9)
        services = app.bot_data.services
        follower = SimulatedUser(app, state)  # follows five people: /today marks them
        everyone = SimulatedUser(app, state)  # follows nobody: /upcoming shows everyone
        inside = [p.id for p in people if p.status is Status.IMPRISONED]
        await services.chats.ensure(
            follower.id, ChatType.PRIVATE, "en", "Europe/Minsk", clock_time(10), NOW
        )
        for pid in inside[:FOLLOWED]:
            await services.follows.follow(follower.id, pid, limit=100, now=NOW)
        await everyone.send("/start")

        # "More ›" on the newest listing: the next page, edited in place.
        views: list[tuple[str, Callable[[], Awaitable[object]]]] = [
            ("/today", lambda: follower.send("/today")),
            ("/upcoming", lambda: everyone.send("/upcoming")),
            ("More ›", lambda: everyone.press("More ›")),
        ]
        print(
            f"  through the bot (after; start-up with the import {imported - started:.1f} s, "
            f"everyone's files in {len(services.l10n.languages)} languages made in the "
            f"background in {made_ahead:.1f} s):"
        )
        read = statistics.median([await pressed(services.prisoners.all) for _ in range(RUNS)])
        print(
            f"    reading everyone {ms(read)}  (on every press before; now once per data version)"
        )
        for name, press in views:
            forget_what_was_made(app)
            cold = await pressed(press)
            forget_what_was_made(app)
            await prepare_ahead(app)
            warm = await pressed(press)
            then = statistics.median([await pressed(press) for _ in range(RUNS)])
            print(
                f"    {name:<15} first {ms(cold)} (nothing made yet), "
                f"{ms(warm).strip()} (after the bot's own import); then {ms(then).strip()}"
            )
        sent = statistics.median(
            [await pressed(lambda: everyone.send("/calendar all")) for _ in range(RUNS)]
        )
        print(f"    /calendar all   {ms(sent)}  (made ahead; the file sent to Telegram)")


async def prepare_ahead(app: BotApplication) -> None:
    """Do what the bot does after its own import or sync; wait for the day's dates and lines."""
    await prepare_calendar(app.bot_data, app.bot.username)
    await app.bot_data.calendar_days.settled()
    await app.bot_data.calendar_lines.settled()


def measure(count: int, seed: int) -> None:
    people = synthetic_people(count, random.Random(seed))
    inside = sum(p.status is Status.IMPRISONED for p in people)
    print(f"{count:,} people, {inside:,} in prison:")
    measure_afresh(people)
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure_bot(people, Path(folder)))


def main() -> None:
    args = sys.argv[1:]
    seed = 20251213
    if "--seed" in args:
        at = args.index("--seed")
        seed = int(args[at + 1])
        del args[at : at + 2]
    for count in [int(arg) for arg in args] or [1_200, 10_000]:
        measure(count, seed)


if __name__ == "__main__":
    main()
