"""Delivery benchmark: one anniversary fanned out to thousands of private chats under flood control.

Run with `.venv/bin/python bench/delivery.py [chats] [rate ...]` (or BENCH_DELIVERY_CHATS).
Every chat follows one imprisoned person detained on this day some years ago, with an alert
time long past; the real planner queues the messages and the real dispatcher sends them through
the bot's own Application (with its rate limiter, as `solidarity-bot run` builds it), over HTTP,
to the fake Bot API server enforcing Telegram's limits (30 messages a second overall, one a
second per chat), which answers 429 "retry after N" beyond them. The run uses the default
SEND_RATE_PER_SECOND; when that misses the throughput goal it is repeated at higher rates, so
that the default can be chosen from the figures. Rates given on the command line run instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.dispatcher import Dispatcher
from bot.domain.prisoner import Letters, Prisoner, Status
from bot.planner import Planner
from bot.sandbox.telegram_state import TelegramState
from bot.services import Services
from storage.outbox import DeliveryState
from storage.timestamps import encode_timestamp

ROOT = Path(__file__).resolve().parents[1]
CHATS = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BENCH_DELIVERY_CHATS", 3_000))
RATES = [float(arg) for arg in sys.argv[2:]]
# Tried after the default when it misses the throughput goal.
HIGHER_RATES = (29.5, 30.0)

GOAL_RATE = 28.5  # messages a second
GOAL_THROTTLED = 0.5  # percent of sends answered 429

ZONE = "Europe/Minsk"
FIRST_CHAT_ID = 500_000_001
PERSON = "bench-anniversary"


@dataclass(frozen=True)
class Result:
    rate: float
    plan_seconds: float
    queued: int
    messages: int
    attempts: int
    throttled: Counter[str]
    first_to_last: float
    busiest_second: int
    median_gap: float
    longest_gap: float
    duplicates: int
    missing: int
    states: dict[DeliveryState, int]

    @property
    def per_second(self) -> float:
        # n messages are n - 1 intervals apart.
        return (self.messages - 1) / self.first_to_last if self.first_to_last else 0.0

    @property
    def throttled_percent(self) -> float:
        return 100 * sum(self.throttled.values()) / max(self.attempts, 1)


def person(today: date) -> Prisoner:
    """An imprisoned person detained on this day four years ago (a leap year if today is one)."""
    return Prisoner(
        id=PERSON,
        name="Bench Anniversary",
        name_be="Бенч Гадавіна",
        name_ru="Бенч Годовщина",
        birth_date=date(1980, 1, 15) if today.month != 1 else date(1980, 6, 15),
        detained_on=today.replace(year=today.year - 4),
        status=Status.IMPRISONED,
        sentence="6 years",
        facility="Penal colony No. 15",
        mailing_address="213004, Mogilev, Kirova 1, IK-15",
        letters=Letters.YES,
    )


async def seed(services: Services, chats: int, now: datetime, today: date) -> None:
    """Store the person, and the chats with their follows in one bulk transaction."""
    created = encode_timestamp(now)
    ids = range(FIRST_CHAT_ID, FIRST_CHAT_ID + chats)
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([person(today)], conn, now=now)
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, language, timezone, alert_time, active, created_at)"
            " VALUES (?, 'private', 'en', ?, '00:00', 1, ?)",
            [(chat_id, ZONE, created) for chat_id in ids],
        )
        await conn.executemany(
            "INSERT INTO follows (chat_id, prisoner_id, created_at) VALUES (?, ?, ?)",
            [(chat_id, PERSON, created) for chat_id in ids],
        )


def record_sends(state: TelegramState) -> tuple[list[float], Counter[int]]:
    """Return when each message was accepted and how many each chat got, kept up to date."""
    moments: list[float] = []
    per_chat: Counter[int] = Counter()

    def on_change() -> None:
        # Called by the state after every call it answers: note each accepted message.
        while len(moments) < len(state.sent):
            per_chat[state.sent[len(moments)].chat_id] += 1
            moments.append(time.perf_counter())

    state.subscribe(on_change)
    return moments, per_chat


def busiest_second(moments: list[float]) -> int:
    """Return the most sends any sliding one-second window holds."""
    most, start = 0, 0
    for end, moment in enumerate(moments):
        while moments[start] <= moment - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def wait_until_done(services: Services, timeout: float) -> dict[DeliveryState, int]:  # noqa: ASYNC109
    """Poll the outbox until nothing is pending or being sent; return the counts by state."""
    deadline = time.monotonic() + timeout
    while True:
        counts = await services.outbox.counts()
        if counts[DeliveryState.PENDING] == 0 and counts[DeliveryState.SENDING] == 0:
            return counts
        if time.monotonic() > deadline:
            raise TimeoutError(f"still not delivered after {timeout:.0f} s: {counts}")
        await asyncio.sleep(0.25)


async def run(folder: Path, chats: int, rate: float | None) -> Result:
    # Imported here: tests/ is on the path only once the script has put it there.
    from tests.fakes.bot_api_server import FakeBotApiServer

    async with FakeBotApiServer() as server:
        state = server.state
        state.enforce_flood_limits(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
        moments, per_chat = record_sends(state)
        overrides: dict[str, object] = {
            "database_path": folder / f"delivery-{rate or 'default'}.sqlite3",
            "bot_token": server.token,
            "bot_api_base_url": server.base_url,
            "bot_api_file_url": server.file_url,
        }
        if rate is not None:
            overrides["send_rate_per_second"] = rate
        settings: Settings = load_settings(None, **overrides)
        services = await Services.open(settings)
        # Only the bot: the benchmark opens the services and runs planner and dispatcher itself.
        application = build_application(settings, deliver=False)
        await application.initialize()
        task: asyncio.Task[None] | None = None
        try:
            now = services.clock()
            today = now.astimezone(ZoneInfo(ZONE)).date()
            await seed(services, chats, now, today)
            planner = Planner(services, application.bot.username)
            dispatcher = Dispatcher(services, application.bot)

            start = time.perf_counter()
            plan = await planner.run(now)
            plan_seconds = time.perf_counter() - start

            task = asyncio.create_task(dispatcher.run_forever())
            dispatcher.outbox_changed.set()
            expected = chats / settings.send_rate_per_second
            states = await wait_until_done(services, timeout=3 * expected + 60)
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await application.shutdown()
            await services.close()

        assert state.flood is not None
        wanted = range(FIRST_CHAT_ID, FIRST_CHAT_ID + chats)
        gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
        return Result(
            rate=settings.send_rate_per_second,
            plan_seconds=plan_seconds,
            queued=plan.digests,
            messages=len(moments),
            attempts=len(state.calls_to("sendMessage")),
            throttled=state.flood.throttled.copy(),
            first_to_last=moments[-1] - moments[0] if moments else 0.0,
            busiest_second=busiest_second(moments),
            median_gap=statistics.median(gaps) if gaps else 0.0,
            longest_gap=max(gaps, default=0.0),
            duplicates=sum(count - 1 for count in per_chat.values() if count > 1),
            missing=sum(1 for chat_id in wanted if per_chat[chat_id] == 0),
            states=states,
        )


def report(result: Result) -> None:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    throttled = sum(result.throttled.values())
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(result.throttled.items())) or "none"
    print(f"  SEND_RATE_PER_SECOND = {result.rate:g}")
    print(f"    planner (queue {result.queued:,} messages): {result.plan_seconds:8.2f} s")
    print(f"    messages sent:                  {result.messages:8,}")
    print(f"    first to last send:             {result.first_to_last:8.2f} s")
    print(
        f"    effective messages per second:  {result.per_second:8.2f}"
        f"   (goal >= {GOAL_RATE}: {verdict(result.per_second >= GOAL_RATE)})"
    )
    print(f"    busiest 1-second window:        {result.busiest_second:8d} sends")
    steady = 1 / result.median_gap if result.median_gap else 0.0
    print(
        f"    median pause between sends:     {result.median_gap * 1000:8.1f} ms"
        f" (= {steady:.2f}/s while a batch is sending)"
    )
    print(f"    longest pause between sends:    {result.longest_gap * 1000:8.0f} ms")
    print(
        f"    429 responses:                  {throttled:8d} = {result.throttled_percent:.2f} %"
        f" of {result.attempts:,} sends ({reasons})"
        f"   (goal <= {GOAL_THROTTLED} %: {verdict(result.throttled_percent <= GOAL_THROTTLED)})"
    )
    print(
        f"    duplicates / missing chats:     {result.duplicates:8d} / {result.missing}"
        f"   (goal 0: {verdict(result.duplicates == 0 and result.missing == 0)})"
    )
    states = ", ".join(f"{state.value} {n:,}" for state, n in result.states.items() if n)
    print(f"    outbox afterwards:              {states}")


async def measure(folder: Path) -> None:
    print(
        f"delivery benchmark: {CHATS:,} private chats, one anniversary each, fake Bot API over"
        " HTTP with flood control (30/s overall, 1/s per chat)"
    )
    rates: list[float | None] = list(RATES) or [None]
    index = 0
    while index < len(rates):
        result = await run(folder, CHATS, rates[index])
        report(result)
        if not RATES and index == 0 and result.per_second < GOAL_RATE:
            print(f"  the default misses {GOAL_RATE}/s; trying {', '.join(map(str, HIGHER_RATES))}")
            rates += HIGHER_RATES
        index += 1


if __name__ == "__main__":
    # The fakes live in tests/, which is not installed; the CLI's PTB setting applies here too.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(Path(tmp)))
