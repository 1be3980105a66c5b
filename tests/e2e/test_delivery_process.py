"""Daily messages through the real bot process, killed in the middle of sending.

The bot runs as users start it (``python -m bot run``) against the local fake Bot API, with a
small data set written for the test (tests/delivery/anniversary.py): a person detained N years
ago *today*, where the chats are, so that the planner finds an anniversary whatever day the
tests run; the chats' alert time has already passed, so the message is due from the planner's
first run. Everything else about delivery (the pace, refusals, faults, restarts) is tested with
the bot in the test's own process, in tests/delivery/.

Waiting: sends are awaited on the fake server's change notifications. The database has no
change notification: where the test needs a state the bot writes (the planner's heartbeat, the
outbox), it re-reads the database every few milliseconds until the state is there or a timeout
passes.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time as clock
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.dispatcher import IN_FLIGHT
from bot.health import PLANNER
from tests.delivery.anniversary import Day, day_now, digests, query, seed, write_dataset
from tests.fakes import BotProcess, FakeBotApiServer

START_UP = 30.0
PLANNER_INTERVAL = 5
QUEUED = r"Queued (\d+) messages for (\d+) chats"
DATABASE_WAIT = 10.0


def bot_env(
    server: FakeBotApiServer, database: Path, dataset: Path, day: Day, **extra: str
) -> dict[str, str]:
    return {
        **server.env(),
        "DATABASE_PATH": str(database),
        "DATASET_PATH": str(dataset),
        "DEFAULT_LANGUAGE": "en",
        "DEFAULT_TIMEZONE": day.timezone,
        "DEFAULT_ALERT_TIME": day.alert_time.strftime("%H:%M"),
        "PLANNER_INTERVAL_SECONDS": str(PLANNER_INTERVAL),
        # The weekly prompt would add a message to chats that follow nobody: not on the day.
        "WEEKLY_PROMPT_DAY": day.not_the_weekly_day,
        "LOG_LEVEL": "INFO",
        **extra,
    }


async def database_shows(
    database: Path, sql: str, expected: list[tuple[Any, ...]], *params: Any
) -> None:
    """Re-read the database until the query gives `expected` (it cannot notify us)."""
    found = query(database, sql, *params)
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(DATABASE_WAIT):
            while found != expected:
                await asyncio.sleep(0.02)
                found = query(database, sql, *params)
    assert found == expected, f"{sql} {params}: {found}, expected {expected}"


async def planner_ran_since(database: Path, moment: datetime) -> None:
    """Wait until the planner's heartbeat row says it finished a run since `moment` (to the
    second, as the row keeps it)."""
    since = moment.replace(microsecond=0).isoformat()
    await database_shows(
        database,
        "SELECT count(*) FROM heartbeats WHERE name = ? AND at >= ?",
        [(1,)],
        PLANNER,
        since,
    )


async def test_killing_the_bot_mid_send_loses_no_message_and_doubles_few(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """300 supporters follow Nadzeya; the bot sends 100 messages a second. Halfway through, its
    process is killed (kill -9). After the operator starts the bot again, every supporter has
    today's message; only the few on their way at the instant of the crash may come twice, and
    the planner, running again, plans nothing new."""
    day = day_now()
    database = tmp_path / "bot.sqlite3"
    dataset = write_dataset(tmp_path, day)
    chats = list(range(10_001, 10_301))
    await seed(database, dataset, day, chats)
    rate = 100  # past Telegram's free 30 a second: as paid broadcasts
    env = bot_env(
        bot_api_server,
        database,
        dataset,
        day,
        SEND_RATE_PER_SECOND=str(rate),
        PAID_BROADCAST="true",
    )
    server = bot_api_server

    def delivered() -> int:
        return len({m.chat_id for m in digests(server.state)})

    bot = BotProcess(env=env, cwd=tmp_path)
    await bot.start()
    try:
        await server.wait_until(lambda: delivered() >= len(chats) // 2, timeout=START_UP)
        await bot.kill()
        killed = clock.monotonic()
    finally:
        await bot.stop()
    at_kill = delivered()
    assert at_kill < len(chats), "everything was sent before the crash"

    restarted = datetime.now(UTC)
    async with BotProcess(env=env, cwd=tmp_path) as again:
        await server.wait_until(lambda: delivered() == len(chats), timeout=START_UP)
        finished = clock.monotonic()
        await planner_ran_since(database, restarted)
        exit_code = await again.stop()

    assert exit_code == 0, again.output
    per_chat = Counter(m.chat_id for m in digests(server.state))
    assert set(per_chat) == set(chats)
    sends = [c for c in server.state.calls_to("sendMessage") if c.params["chat_id"] in chats]
    assert {c.params.get("allow_paid_broadcast") for c in sends} == {True}
    duplicates = sum(count - 1 for count in per_chat.values())
    returned = re.search(r"Returned (\d+) interrupted deliveries", again.output)
    figures = (
        f"{duplicates} duplicates; {at_kill} chats had their message at the kill; "
        f"{returned[1] if returned else 0} deliveries were returned to the queue on restart; "
        f"{finished - killed:.1f} s from the kill to the last chat served (restart included)"
    )
    print(figures)
    assert returned, f"the crash left no delivery half-done: {figures}"
    # Only sends on their way at the kill: the dispatcher has at most IN_FLIGHT of them.
    assert duplicates <= IN_FLIGHT, figures
    assert query(database, "SELECT state, count(*) FROM outbox GROUP BY state") == [
        ("sent", len(chats))
    ], figures
    assert re.search(QUEUED, again.output) is None, again.output
