"""Planning benchmark: the daily planner over 100,000 chats following 5 of 10,000 people each.

Run with `.venv/bin/python bench/planning.py [chats] [people] [seed] [--breakdown|--profile]
[--postgres]`. With --postgres the database is PostgreSQL instead of an SQLite file: a throwaway
cluster in memory, as the tests make (tests/postgres.py; it needs initdb and pg_ctl).
The people are synthetic but plausible (seeded): born 1950-2005, detained 2020-2025, sentenced
some months later, about 70 % still imprisoned, letters known to reach some of those with an
address. The chats live in a few time zones with alert times spread over the day, and follow
well-known people more often than others. The database is seeded with bulk inserts, then a
fresh process (so that its peak memory is the planner's, not the seeding's) plans whole days
with `now` late in the evening, when every chat is due: a weekday, then a Sunday with the weekly
prompt. Each day is planned once and then again, when there is nothing left to do. A last
Sunday is planned under tracemalloc for the Python heap's peak; the peak resident set size
covers the process. With --breakdown, the wall time awaiting each storage call is printed per
day instead of the heap; --profile adds cProfile's hot spots (and its overhead to the times).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import io
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import Settings, load_settings
from bot.domain.chat import ChatType
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.planner import Planner
from bot.services import Services
from storage.timestamps import encode_timestamp

# The parent runs the child as `planning.py [arguments] --measure <database>`.
MEASURE = sys.argv[sys.argv.index("--measure") + 1] if "--measure" in sys.argv else None
ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--") and arg != MEASURE]
CHATS = int(ARGS[0]) if len(ARGS) > 0 else 100_000
PEOPLE = int(ARGS[1]) if len(ARGS) > 1 else 10_000
SEED = int(ARGS[2]) if len(ARGS) > 2 else 20260315
PROFILE = "--profile" in sys.argv
POSTGRES = "--postgres" in sys.argv
# Wall time awaiting each storage call (with --profile too), without cProfile's overhead.
BREAKDOWN = PROFILE or "--breakdown" in sys.argv
FOLLOWS = 5
# People that many chats follow: half of all follows go to them.
WELL_KNOWN = 500

GOAL_SECONDS = 5.0
GOAL_MB = 300.0

# Zone, share of chats. At 19:30 UTC in March every one of them is past 15:00 on the same date.
ZONES = (
    ("Europe/Minsk", 40),
    ("Europe/Warsaw", 20),
    ("Europe/Vilnius", 15),
    ("Europe/London", 10),
    ("Europe/Berlin", 5),
    ("America/New_York", 5),
    ("Asia/Tbilisi", 5),
)
LANGUAGES = (("be", 45), ("ru", 35), ("en", 20))
GROUP_SHARE = 0.03
EVENING = clock_time(19, 30)
# The days planned, in order: a weekday, a Sunday (weekly prompt), a Sunday under tracemalloc.
WEEKDAY, SUNDAY, TRACED_SUNDAY = date(2026, 3, 11), date(2026, 3, 15), date(2026, 3, 22)

GIVEN = (
    ("Aliaksandr", "Аляксандр", "Александр", Gender.MALE),
    ("Siarhei", "Сяргей", "Сергей", Gender.MALE),
    ("Dzmitry", "Дзмітрый", "Дмитрий", Gender.MALE),
    ("Ihar", "Ігар", "Игорь", Gender.MALE),
    ("Pavel", "Павел", "Павел", Gender.MALE),
    ("Maryia", "Марыя", "Мария", Gender.FEMALE),
    ("Volha", "Вольга", "Ольга", Gender.FEMALE),
    ("Alena", "Алена", "Елена", Gender.FEMALE),
    ("Iryna", "Ірына", "Ирина", Gender.FEMALE),
)
SURNAMES = (
    ("Kavalenka", "Каваленка", "Коваленко"),
    ("Zhuk", "Жук", "Жук"),
    ("Hrynevich", "Грыневіч", "Гриневич"),
    ("Karpovich", "Карповіч", "Карпович"),
    ("Statkevich", "Статкевіч", "Статкевич"),
    ("Melnik", "Мельнік", "Мельник"),
    ("Hanchar", "Ганчар", "Гончар"),
)


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def synthetic_people(count: int, rng: random.Random) -> list[Prisoner]:
    """Return `count` plausible records; about 70 % imprisoned."""
    people = []
    for i in range(count):
        given = rng.choice(GIVEN)
        surname = rng.choice(SURNAMES)
        detained = random_day(rng, date(2020, 1, 1), date(2025, 12, 31))
        sentenced = detained + timedelta(days=rng.randrange(60, 420))
        if sentenced > date(2026, 3, 1) or rng.random() < 0.05:
            sentenced_on, sentence = None, None
        else:
            sentenced_on, sentence = sentenced, f"{rng.randrange(1, 16)} years"
        roll = rng.random()
        status = (
            Status.IMPRISONED
            if roll < 0.70
            else Status.RELEASED
            if roll < 0.95
            else Status.PERSECUTED
            if roll < 0.99
            else Status.DECEASED
        )
        address = None
        letters = Letters.UNKNOWN
        if status is Status.IMPRISONED and rng.random() < 0.6:
            address = f"{211000 + rng.randrange(2000)}, Penal colony No. {rng.randrange(1, 25)}"
            letters = Letters.YES if rng.random() < 0.5 else rng.choice(list(Letters))
        people.append(
            Prisoner(
                id=f"person-{i}",
                name=f"{given[0]} {surname[0]}",
                name_be=f"{given[1]} {surname[1]}",
                name_ru=f"{given[2]} {surname[2]}",
                gender=given[3],
                birth_date=random_day(rng, date(1950, 1, 1), date(2005, 12, 31)),
                detained_on=detained,
                status=status,
                status_changed_on=None if status is Status.IMPRISONED else sentenced,
                sentence=sentence,
                sentenced_on=sentenced_on,
                facility=None if address is None else address.split(", ", 1)[1],
                mailing_address=address,
                letters=letters,
                organization="Viasna Human Rights Centre",
            )
        )
    return people


def weighted(options: tuple[tuple[str, int], ...], rng: random.Random) -> str:
    return rng.choices([name for name, _ in options], [share for _, share in options])[0]


def alert_time(rng: random.Random) -> str:
    """Return a HH:MM alert time: many keep the default 10:00, the rest 07:00-15:00."""
    if rng.random() < 0.4:
        return "10:00"
    minutes = 7 * 60 + 15 * rng.randrange(33)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def chat_rows(
    count: int, people: int, rng: random.Random, created: str
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Return the rows of the chats table and of the follows table."""
    chats: list[tuple[object, ...]] = []
    follows: list[tuple[object, ...]] = []
    well_known = min(WELL_KNOWN, people)
    for i in range(count):
        is_group = rng.random() < GROUP_SHARE
        chat_id = -1_001_000_000_000 - i if is_group else 100_000_000 + i
        kind = ChatType.SUPERGROUP if is_group else ChatType.PRIVATE
        zone, language = weighted(ZONES, rng), weighted(LANGUAGES, rng)
        chats.append((chat_id, kind.value, language, zone, alert_time(rng), created))
        followed: set[int] = set()
        while len(followed) < min(FOLLOWS, people):
            pool = well_known if rng.random() < 0.5 else people
            followed.add(rng.randrange(pool))
        follows += [(chat_id, f"person-{n}", created) for n in sorted(followed)]
    return chats, follows


def settings_for(database: str) -> Settings:
    """Return the settings of a bot on this database: a postgresql:// address, or a file."""
    if database.startswith("postgresql://"):
        return load_settings(None, database_url=database)
    return load_settings(None, database_path=Path(database))


async def seed(database: str) -> None:
    rng = random.Random(SEED)
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    start = time.perf_counter()
    people = synthetic_people(PEOPLE, rng)
    chats, follows = chat_rows(CHATS, PEOPLE, rng, encode_timestamp(now))
    generated = time.perf_counter()
    services = await Services.open(settings_for(database))
    try:
        async with services.db.transaction() as conn:
            await services.prisoners.upsert_many(people, conn, now=now)
            await conn.executemany(
                "INSERT INTO chats (chat_id, type, language, timezone, alert_time, active,"
                " created_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
                chats,
            )
            await conn.executemany(
                "INSERT INTO follows (chat_id, prisoner_id, created_at) VALUES (?, ?, ?)", follows
            )
        stored = time.perf_counter()
    finally:
        await services.close()
    imprisoned = sum(p.status is Status.IMPRISONED for p in people)
    print(
        f"planning benchmark: {CHATS:,} chats x {FOLLOWS} follows over {PEOPLE:,} people"
        f" ({imprisoned:,} imprisoned), seed {SEED}, on {'PostgreSQL' if POSTGRES else 'SQLite'}"
    )
    print(
        f"  seeding:                     {generated - start:6.2f} s generating,"
        f" {stored - generated:.2f} s bulk insert"
    )


def evening(day: date) -> datetime:
    """Return the moment late on `day` when every chat's zone is on that date past 15:00."""
    now = datetime.combine(day, EVENING, tzinfo=UTC)
    for zone, _ in ZONES:
        local = now.astimezone(ZoneInfo(zone))
        assert local.date() == day, (zone, local)
        assert local.time() >= clock_time(15, 0), (zone, local)
    return now


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB."""
    # Linux: VmHWM starts afresh at exec, while ru_maxrss keeps the parent's peak from before.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3  # KiB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, else KiB


class AwaitTimer:
    """Wall time spent awaiting storage calls, which cProfile books as the event loop's poll."""

    def __init__(self, services: Services) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        for owner, names in (
            (services.chats, ("due_in_zone", "recipients", "mark_planned_in")),
            (services.prisoners, ("fingerprint", "all")),
            (services.outbox, ("enqueue_digests_in", "chats_with_digest")),
        ):
            for name in names:
                # The planner's storage calls change as the bot grows: time those there are.
                if hasattr(owner, name):
                    self._wrap(owner, name)

    def _wrap(self, owner: object, name: str) -> None:
        method = getattr(owner, name)
        label = f"{type(owner).__name__}.{name}"

        async def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, timed)

    def report(self) -> str:
        return "\n".join(
            f"      {label:32}{seconds:7.2f} s in {self.calls[label]:,} calls"
            for label, seconds in sorted(self.seconds.items(), key=lambda item: -item[1])
        )


def hot_spots(profiler: cProfile.Profile) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


async def measure(database: str) -> None:
    """Plan days on the seeded database; this runs in its own process."""
    services = await Services.open(settings_for(database))
    planner = Planner(services, "solidarity_test_bot")
    gc.collect()
    baseline = peak_rss_mb()
    profiles: list[str] = []
    try:
        worst = 0.0
        for label, day in (("weekday", WEEKDAY), ("Sunday, weekly prompt", SUNDAY)):
            now = evening(day)
            profiler = cProfile.Profile() if PROFILE else None
            timer = AwaitTimer(services) if BREAKDOWN else None
            start = time.perf_counter()
            if profiler is not None:
                profiler.enable()
            plan = await planner.plan_digests(now)
            if profiler is not None:
                profiler.disable()
            first = time.perf_counter() - start
            if timer is not None:
                profiled = "profiled: " if profiler is not None else ""
                profiles.append(
                    f"  {label} {day}, first run ({profiled}{first:.2f} s); awaiting storage:\n"
                    + timer.report()
                    + ("" if profiler is None else "\n" + hot_spots(profiler))
                )
                services = await reopen(services, database)
                planner = Planner(services, planner.bot_username)
            start = time.perf_counter()
            again = await planner.plan_digests(now + timedelta(minutes=1))
            second = time.perf_counter() - start
            assert again.chats_planned == 0, again
            worst = max(worst, first)
            print(f"  {label} {day}:")
            print(
                f"    plan_digests:              {first:6.2f} s  ({plan.chats_planned:,} chats"
                f" planned, {plan.digests:,} messages queued)"
            )
            print(f"    second run (nothing due):  {second:6.2f} s")
        peak = peak_rss_mb()
        if not BREAKDOWN:
            # Tracing slows Python down several times: the heap is measured on another day.
            gc.collect()
            tracemalloc.start()
            await planner.plan_digests(evening(TRACED_SUNDAY))
            _, traced = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        await services.close()
    note = " (under cProfile)" if PROFILE else ""
    verdict = "ok" if worst <= GOAL_SECONDS else "MISSED"
    print(
        f"  slowest day:                 {worst:6.2f} s   (goal <= {GOAL_SECONDS:g} s: {verdict})"
        f"{note}"
    )
    verdict = "ok" if peak <= GOAL_MB else "MISSED"
    print(
        f"  peak resident memory:        {peak:6.1f} MB  ({baseline:.1f} MB before planning;"
        f" goal <= {GOAL_MB:g} MB: {verdict})"
    )
    if BREAKDOWN:
        print("  where the time goes:")
        print("\n".join(profiles))
    else:
        print(
            f"  Python heap peak, one Sunday:{traced / 1e6:6.1f} MB  (tracemalloc, {TRACED_SUNDAY})"
        )


async def reopen(services: Services, database: str) -> Services:
    """Open the services afresh, without the timing wrappers."""
    await services.close()
    return await Services.open(settings_for(database))


def main() -> None:
    if MEASURE is not None:
        asyncio.run(measure(MEASURE))
        return
    if POSTGRES:
        # The throwaway cluster lives in tests/, which is not installed.
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.postgres import Cluster

        cluster = Cluster()
        try:
            server = cluster.start()
            plan_on(asyncio.run(server.create(migrated=False)))
        finally:
            cluster.stop()
        return
    with tempfile.TemporaryDirectory() as tmp:
        plan_on(str(Path(tmp) / "planning.sqlite3"))


def plan_on(database: str) -> None:
    """Seed the database, then plan on it in a fresh process, so that the peak memory
    measured is planning's, not seeding's (the server's, on PostgreSQL, is not counted)."""
    asyncio.run(seed(database))
    child = [sys.executable, __file__, *sys.argv[1:], "--measure", database]
    subprocess.run(child, check=True)


if __name__ == "__main__":
    main()
