"""Fan-out benchmark: one anniversary to 20,000 chats as paid broadcasts, by 1 and by 3 workers.

Run with `.venv/bin/python bench/fanout.py [chats]` (or BENCH_FANOUT_CHATS). It needs PostgreSQL's
initdb and pg_ctl (Debian: apt-get install postgresql): a throwaway cluster in memory, as the
tests make (tests/postgres.py), holds one database per run. Every chat follows one imprisoned
person detained on this day some years ago, with an alert time long past (bench/delivery.py's
data). The bots are real processes, `python -m bot run` in webhook mode with PAID_BROADCAST=true
and SEND_RATE_PER_SECOND=950 (a little below the limit, as the README advises: the bot keeps to
its rate exactly, and at 1,000 the sends' uneven way to the fake puts a few seconds over it),
against the fake Bot API over HTTP enforcing paid broadcasts' limits: 1,000 messages a second
overall (30 for free ones), one a second per chat, 20 a minute per group, answering 429 "retry
after N" beyond them. With three workers one of them is elected
to plan and send (the one holding the leader's lock); the others only answer updates, so three
workers send no faster than one: the figure shows that the election holds, not more speed.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
CHATS = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BENCH_FANOUT_CHATS", 20_000))
WORKER_COUNTS = (1, 3)
RATE = 950
# Any 32 or more letters: Telegram sends it back with each update, and none comes here.
SECRET = "fanout-bench-webhook-secret-0123456789abcdef"  # noqa: S105
FIRST_PORT = 18_443
LEADS = "This worker leads"
# The whole run must end within this, start-up and planning included (seconds).
TIMEOUT = 600.0


@dataclass(frozen=True)
class Result:
    workers: int
    leaders: int
    start_to_first: float
    first_to_last: float
    messages: int
    paid: int
    attempts: int
    throttled: Counter[str]
    busiest_second: int
    duplicates: int
    missing: int

    @property
    def per_second(self) -> float:
        return (self.messages - 1) / self.first_to_last if self.first_to_last else 0.0


def weekly_day_not(today: date) -> str:
    """Return a weekday name other than today's, so that no weekly prompt joins the digest."""
    return (today + timedelta(days=1)).strftime("%A").lower()


async def seed_database(url: str) -> date:
    """Store the person and the chats in the database at url; return their local today."""
    from bench.delivery import ZONE, seed
    from bot.config import load_settings
    from bot.services import Services

    services = await Services.open(load_settings(None, database_url=url))
    try:
        now = services.clock()
        today = now.astimezone(ZoneInfo(ZONE)).date()
        await seed(services, CHATS, now, today)
    finally:
        await services.close()
    return today


async def run(url: str, workers: int, today: date) -> Result:
    from bench.delivery import FIRST_CHAT_ID, busiest_second, record_sends
    from tests.fakes.bot_api_server import FakeBotApiServer
    from tests.fakes.process import BotProcess

    async with FakeBotApiServer() as server:
        state = server.state
        flood = state.enforce_flood_limits(per_second=30, per_chat_per_second=1)
        moments, per_chat = record_sends(state)
        bots = []
        for index in range(workers):
            port = FIRST_PORT + 2 * index
            env = {
                **server.env(),
                "DATABASE_URL": url,
                "PAID_BROADCAST": "true",
                "SEND_RATE_PER_SECOND": str(RATE),
                "PLANNER_INTERVAL_SECONDS": "5",
                "WEEKLY_PROMPT_DAY": weekly_day_not(today),
                "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_LISTEN": "127.0.0.1",
                "WEBHOOK_PORT": str(port),
                "HEALTH_PORT": str(port + 1),
                "LOG_LEVEL": "INFO",
                "PTB_TIMEDELTA": "true",
            }
            bots.append(BotProcess(env=env, cwd=Path(tempfile.gettempdir())))
        started = time.perf_counter()
        try:
            for bot in bots:
                await bot.start()
            await server.wait_until(lambda: len(per_chat) >= CHATS, timeout=TIMEOUT)
            # Whatever a second sender would add comes within the next moments.
            await asyncio.sleep(2)
            # Counted before the stop: a stopped leader hands the lead to the next worker.
            leaders = sum(LEADS in bot.output for bot in bots)
        finally:
            for bot in bots:
                await bot.stop()
        wanted = range(FIRST_CHAT_ID, FIRST_CHAT_ID + CHATS)
        return Result(
            workers=workers,
            leaders=leaders,
            start_to_first=moments[0] - started if moments else 0.0,
            first_to_last=moments[-1] - moments[0] if moments else 0.0,
            messages=len(moments),
            paid=flood.accepted_paid,
            attempts=len(state.calls_to("sendMessage")),
            throttled=flood.throttled.copy(),
            busiest_second=busiest_second(moments),
            duplicates=sum(count - 1 for count in per_chat.values() if count > 1),
            missing=sum(1 for chat_id in wanted if per_chat[chat_id] == 0),
        )


def report(result: Result) -> None:
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(result.throttled.items())) or "none"
    print(f"  {result.workers} worker{'s' if result.workers > 1 else ''} on one PostgreSQL:")
    print(
        f"    workers that led (planned and sent): {result.leaders} of {result.workers}"
        + ("" if result.workers == 1 else " (only the elected sender sends)")
    )
    print(
        f"    start to first send:            {result.start_to_first:8.2f} s (start-up, planning)"
    )
    print(f"    messages sent:                  {result.messages:8,} ({result.paid:,} paid)")
    print(f"    first to last send:             {result.first_to_last:8.2f} s")
    print(f"    messages per second:            {result.per_second:8.1f}")
    print(f"    busiest 1-second window:        {result.busiest_second:8d} sends")
    print(
        f"    429 responses:                  {sum(result.throttled.values()):8d}"
        f" of {result.attempts:,} sends ({reasons})"
    )
    print(f"    duplicates / missing chats:     {result.duplicates:8d} / {result.missing}")


async def measure(server: object) -> None:
    from tests.postgres import PostgresServer

    assert isinstance(server, PostgresServer)
    print(
        f"fan-out benchmark: {CHATS:,} private chats due a digest, PAID_BROADCAST=true,"
        f" SEND_RATE_PER_SECOND={RATE}; fake Bot API over HTTP with paid-broadcast limits"
        " (1,000/s overall, 1/s per chat)"
    )
    for workers in WORKER_COUNTS:
        url = await server.create(migrated=False)
        today = await seed_database(url)
        report(await run(url, workers, today))


def main() -> None:
    # The fakes live in tests/ and the seeding in bench/, which are not installed.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    from tests.postgres import Cluster

    os.chdir(tempfile.gettempdir())  # no operator's .env is read
    cluster = Cluster()
    try:
        server = cluster.start()
        asyncio.run(measure(server))
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
