"""Calendar benchmark: what /today, /upcoming and /calendar cost as the list grows.

Run with `.venv/bin/python bench/calendar_bench.py [people ...] [--seed N]` (default 1,200 and
10,000: about today's Belarus list, and a list eight times larger). The people are planning.py's
synthetic records (about 70 % in prison). For each size, on one day, the views are computed the
way the handlers do: the events from `events_between`, grouped by day with five people followed,
and rendered in English. /calendar is the file for everyone in prison for a year (the largest
file a chat can ask for), then parsed back with icalendar, as a calendar app would. Printed:
the median time of each view over five runs, the file's size and events, and the peak Python
heap of building it.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime

from icalendar import Calendar
from planning import synthetic_people

from bot.domain.calendar import by_day, dates_of, upcoming_range, year_range
from bot.domain.events import events_between
from bot.domain.prisoner import Prisoner, Status
from bot.l10n import Localizer
from handlers.calendar_file import build_calendar
from handlers.calendar_views import render_today, render_upcoming

RUNS = 5
TODAY = date(2026, 7, 14)
NOW = datetime(2026, 7, 14, 10, 0, tzinfo=UTC)
BOT = "solidarity_bench_bot"


def timed(action: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(count: int, seed: int) -> None:
    people = synthetic_people(count, random.Random(seed))
    inside = {p.id: p for p in people if p.status is Status.IMPRISONED}
    followed = set(list(inside)[:5])
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
        screen, _ = render_upcoming(t, TODAY, days, inside, BOT, 0)
        return len(screen.text)

    def calendar_file(people: dict[str, Prisoner] = inside) -> bytes:
        first, last = year_range(TODAY)
        events = dates_of(events_between(people.values(), first, last))
        return build_calendar(
            t,
            events,
            people,
            bot_username=BOT,
            today=TODAY,
            now=NOW,
            everyone=True,
            address_max_age_days=45,
        )

    today_seconds, messages = timed(today_view)
    upcoming_seconds, _ = timed(upcoming_view)
    file_seconds, data = timed(calendar_file)
    assert isinstance(data, bytes)
    parse_seconds, parsed = timed(lambda: Calendar.from_ical(data))
    assert isinstance(parsed, Calendar)
    events = len(parsed.walk("VEVENT"))
    tracemalloc.start()
    calendar_file()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{count:,} people, {len(inside):,} in prison:")
    print(f"  /today      {today_seconds * 1000:8.1f} ms  ({messages} messages)")
    print(f"  /upcoming   {upcoming_seconds * 1000:8.1f} ms  (first page)")
    print(
        f"  /calendar all  {file_seconds * 1000:8.1f} ms to build, "
        f"{parse_seconds * 1000:.1f} ms to parse back; {events:,} events, "
        f"{len(data) / 1e6:.2f} MB; peak heap {peak / 1e6:.1f} MB"
    )


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
