"""Daily messages through the real bot process: planned once a day, sent under Telegram's limits.

The bot runs as users start it (``python -m bot run``) against the local fake Bot API, with a
small data set written for the test: a person detained N years ago *today* (the real date, in
UTC), so that the planner finds an anniversary whatever day the tests run. Every chat uses UTC
and an alert time that has already passed, so the message is due from the planner's first run.

Waiting: sends are awaited on the fake server's change notifications. The planner itself makes
no call when it has nothing to do, so "the planner has run again" is read from the log line the
job scheduler (APScheduler, under python-telegram-bot's JobQueue) writes when a run ends:
``Job "planner (trigger: interval[...])" executed successfully``; the line is awaited as it
appears, never guessed with a sleep. The database has no change notification: where the test
needs a state the bot writes after its last call (a chat marked unreachable), it re-reads the
database every few milliseconds until the state is there or a timeout passes.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import re
import sqlite3
import time as clock
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.config import WEEKDAYS, load_settings
from bot.domain.chat import MAX_FOLLOWS, ChatType
from bot.domain.prisoner import FIELDS
from bot.importing import import_bundled_if_empty
from bot.services import Services
from storage.follows import FollowOutcome
from tests.fakes import BOT_USERNAME, DEFAULT_TOKEN, BotProcess, ChatMessage, FakeBotApiServer

START_UP = 30.0
PLANNER_INTERVAL = 5
# A run of the planner has ended (see the module notes).
PLANNER_RAN = r'Job "planner \(trigger: interval[^\n]*" executed successfully'
QUEUED = r"Queued (\d+) messages for (\d+) chats"
# The test is not started this close to midnight UTC: "today" must stay today until it ends.
MIDNIGHT_MARGIN = 90.0
DATABASE_WAIT = 10.0


@dataclass(frozen=True)
class Person:
    id: str
    name: str


# Followed by the chats in the tests; detained N years ago today.
NADZEYA = Person("nadzeya-zhyvitsa", "Nadzeya Zhyvitsa")
# Also detained on this day, followed by nobody in the first tests: her name never shows.
PAVEL = Person("pavel-kruhlou", "Pavel Kruhlou")


@dataclass(frozen=True)
class Day:
    """Today in UTC, the anniversary on it, and an alert time already past."""

    today: date
    years: int
    alert_time: time

    @property
    def detained_on(self) -> date:
        return self.today.replace(year=self.today.year - self.years)

    @property
    def line(self) -> str:
        """The digest's sentence about NADZEYA."""
        return f"{self.years} years ago today {NADZEYA.name} was detained."


async def this_day() -> Day:
    """Return today (UTC) with an anniversary that exists on it and a passed alert time.

    Close to midnight, wait for the new day first: the calendar date is the one thing here that
    can only be waited for by the clock.
    """
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), time(0), UTC)
    if (left := (midnight - now).total_seconds()) < MIDNIGHT_MARGIN:
        await asyncio.sleep(left + 1)
        now = datetime.now(UTC)
    today = now.date()
    # The minute before now, or midnight itself in the first minute of the day: both have passed.
    alert = (now - timedelta(minutes=1)).time() if now.time() >= time(0, 1) else time(0, 0)
    for years in range(5, 40):
        with contextlib.suppress(ValueError):  # today is 29 February: take a leap year
            today.replace(year=today.year - years)
            return Day(today, years, alert.replace(second=0, microsecond=0))
    raise AssertionError("no anniversary found")  # pragma: no cover


def write_dataset(folder: Path, day: Day, *, extra_people: int = 0) -> Path:
    """Write a canonical CSV (the header of bot/data/belarus.csv) with people detained today."""
    people = [NADZEYA, PAVEL] + [
        Person(f"extra-{n:02d}", f"Katsiaryna Dalhanosava-Shchyrabrodskaya {n:02d}")
        for n in range(1, extra_people + 1)
    ]
    path = folder / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS)
        writer.writeheader()
        for person in people:
            writer.writerow(
                {
                    "id": person.id,
                    "name": person.name,
                    "detained_on": day.detained_on.isoformat(),
                    "status": "imprisoned",
                    "letters": "unknown",
                }
            )
    return path


def bot_env(
    server: FakeBotApiServer, database: Path, dataset: Path, day: Day, **extra: str
) -> dict[str, str]:
    # The weekly prompt would add a message to chats that follow nobody: not on the test's day.
    not_today = WEEKDAYS[(day.today.weekday() + 3) % 7]
    return {
        **server.env(),
        "DATABASE_PATH": str(database),
        "DATASET_PATH": str(dataset),
        "DEFAULT_LANGUAGE": "en",
        "DEFAULT_TIMEZONE": "UTC",
        "DEFAULT_ALERT_TIME": day.alert_time.strftime("%H:%M"),
        "PLANNER_INTERVAL_SECONDS": str(PLANNER_INTERVAL),
        "WEEKLY_PROMPT_DAY": not_today,
        "LOG_LEVEL": "INFO",
        **extra,
    }


async def seed(
    database: Path,
    dataset: Path,
    day: Day,
    chat_ids: Iterable[int],
    *,
    follow_all: Iterable[int] = (),
) -> None:
    """Before the bot starts: import the data set and store private chats following NADZEYA."""
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=database,
        dataset_path=dataset,
        default_timezone="UTC",
    )
    services = await Services.open(settings)
    try:
        await import_bundled_if_empty(services)
        now = services.clock()
        for chat_id in chat_ids:
            await services.chats.ensure(chat_id, ChatType.PRIVATE, "en", "UTC", day.alert_time, now)
            result = await services.follows.follow(chat_id, NADZEYA.id, limit=MAX_FOLLOWS, now=now)
            assert result.outcome is FollowOutcome.FOLLOWED, result
        for chat_id in follow_all:
            await services.chats.update_settings(chat_id, now=now, follow_all=True)
    finally:
        await services.close()


def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one query on a fresh connection (the bot may be running: WAL lets us read)."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return conn.execute(sql, params).fetchall()


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


def is_digest(message: ChatMessage) -> bool:
    return "years ago today" in (message.text or "")


def digests(server: FakeBotApiServer, chat_id: int | None = None) -> list[ChatMessage]:
    return [m for m in server.state.sent_messages(chat_id) if is_digest(m)]


def outbox_states(database: Path, chat_id: int) -> Counter[str]:
    rows = query(database, "SELECT state FROM outbox WHERE chat_id = ?", chat_id)
    return Counter(state for (state,) in rows)


async def planner_runs_after(bot: BotProcess, pattern: str, more: int) -> None:
    """Wait until the planner has ended `more` runs after the first line matching `pattern`.

    The run that logs `pattern` counts as the first of them.
    """
    mark = await bot.wait_for_output(pattern, timeout=3 * PLANNER_INTERVAL)
    before = len(re.findall(PLANNER_RAN, bot.output[: mark.start()]))
    await bot.wait_for_count(PLANNER_RAN, before + more, timeout=(more + 1) * PLANNER_INTERVAL)


async def test_a_follower_gets_the_anniversary_once_and_a_restart_sends_nothing_again(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """A supporter sends /start and /follow Zhyvitsa. Today is the day Nadzeya was detained,
    years ago, and the alert time has passed: one message arrives saying how many years ago
    today she was detained, with something to do (share her story) and a button opening her
    card. Nothing about Pavel, whom she does not follow. The planner keeps running, and the
    operator restarts the bot: she still has exactly one message for today."""
    day = await this_day()
    database = tmp_path / "bot.sqlite3"
    env = bot_env(bot_api_server, database, write_dataset(tmp_path, day), day)
    server, state = bot_api_server, bot_api_server.state
    olga = state.add_user(first_name="Olga", language_code="en")
    # Queued before the start: the bot handles them at once, while the planner's first run
    # comes half a second after the start, so she follows Nadzeya before today is planned.
    server.send_text(olga, None, "/start")
    server.send_text(olga, None, "/follow Zhyvitsa")

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        followed = await server.wait_for_message(
            olga.id, lambda m: "You follow" in (m.text or ""), timeout=START_UP
        )
        assert f"You follow {NADZEYA.name} now" in (followed.text or "")
        await server.wait_until(lambda: digests(server, olga.id), timeout=3 * PLANNER_INTERVAL)
        # The run that queued it, and two more.
        await planner_runs_after(bot, QUEUED, 3)
        first_run = bot.output
        exit_code = await bot.stop()

    (digest,) = digests(server, olga.id)
    text = digest.text or ""
    assert day.line in text, text
    assert "Share the story" in text, text
    assert PAVEL.name not in text, text
    assert digest.buttons == [
        {"text": f"📇 {NADZEYA.name}", "url": f"https://t.me/{BOT_USERNAME}?start=p_{NADZEYA.id}"}
    ]
    assert exit_code == 0, first_run
    assert outbox_states(database, olga.id) == {"sent": 1}

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        await bot.wait_for_count(PLANNER_RAN, 2, timeout=START_UP)
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert re.search(QUEUED, bot.output) is None, bot.output
    assert digests(server, olga.id) == [digest]
    assert outbox_states(database, olga.id) == {"sent": 1}


async def test_a_chat_that_blocked_the_bot_is_tried_once_and_others_still_get_theirs(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Two supporters follow Nadzeya; one of them has blocked the bot since, and her message
    today is long (she follows everyone in prison: it comes in several parts). The bot tries her
    chat once, gets "blocked by the user", counts her chat as unreachable and drops the rest of
    her queue without trying again; the other supporter gets her message as usual."""
    day = await this_day()
    database = tmp_path / "bot.sqlite3"
    dataset = write_dataset(tmp_path, day, extra_people=40)
    blocked, reachable = 20_001, 20_002
    await seed(database, dataset, day, [blocked, reachable], follow_all=[blocked])
    server, state = bot_api_server, bot_api_server.state
    state.block(blocked)

    async with BotProcess(env=bot_env(server, database, dataset, day), cwd=tmp_path) as bot:
        refused = await server.wait_for_call(
            "sendMessage", lambda c: c.params.get("chat_id") == blocked, timeout=START_UP
        )
        await server.wait_until(lambda: digests(server, reachable), timeout=START_UP)
        await database_shows(
            database, "SELECT active FROM chats WHERE chat_id = ?", [(0,)], blocked
        )
        await database_shows(
            database,
            "SELECT count(*) FROM outbox WHERE chat_id = ? AND state IN ('pending', 'sending')",
            [(0,)],
            blocked,
        )
        # A planner run after the refusal plans nothing more for the unreachable chat.
        await planner_runs_after(bot, QUEUED, 2)
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert refused.status == 403, refused
    assert "blocked" in (refused.description or "")
    to_blocked = [c for c in state.calls_to("sendMessage") if c.params.get("chat_id") == blocked]
    assert to_blocked == [refused]
    assert len(digests(server, reachable)) == 1
    assert query(database, "SELECT active FROM chats WHERE chat_id = ?", reachable) == [(1,)]
    parts = query(database, "SELECT state FROM outbox WHERE chat_id = ? ORDER BY part", blocked)
    assert len(parts) >= 2, f"the message to the blocked chat should be long: {parts}"
    assert parts == [("failed",)] + [("cancelled",)] * (len(parts) - 1)


async def test_too_many_requests_pauses_every_send_for_as_long_as_telegram_asks(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Telegram answers the bot's first message of the day with "Too Many Requests: retry after
    3". For three seconds the bot sends nothing at all, to anyone; then every supporter gets
    her message, the one that was refused included, each exactly once."""
    day = await this_day()
    database = tmp_path / "bot.sqlite3"
    dataset = write_dataset(tmp_path, day)
    chats = [30_001, 30_002, 30_003]
    await seed(database, dataset, day, chats)
    server, state = bot_api_server, bot_api_server.state
    state.fail_next("sendMessage", 429, retry_after=3)
    # Slow enough that the bot has read the 429 before its next send is due (200 ms later).
    env = bot_env(server, database, dataset, day, SEND_RATE_PER_SECOND="5")

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        limited = await server.wait_for_call("sendMessage", timeout=START_UP)
        await server.wait_until(
            lambda: all(digests(server, chat_id) for chat_id in chats), timeout=START_UP
        )
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert limited.status == 429, limited
    sends = state.calls_to("sendMessage")
    after = sends[sends.index(limited) + 1 :]
    early = [round(call.at - limited.at, 3) for call in after if call.at - limited.at < 3.0]
    assert not early, f"sends {early} s after the 429 that asked for 3 s of quiet"
    assert len(after) == len(chats), after
    assert all(call.ok for call in after), after
    assert sorted(m.chat_id for m in digests(server)) == chats
    assert "Telegram asked to wait 3 s" in bot.output


async def test_killing_the_bot_mid_send_loses_no_message_and_doubles_few(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """500 supporters follow Nadzeya; the bot sends 50 messages a second. Halfway through, its
    process is killed (kill -9). After the operator starts the bot again, every supporter has
    today's message; only the few on their way at the instant of the crash may come twice."""
    day = await this_day()
    database = tmp_path / "bot.sqlite3"
    dataset = write_dataset(tmp_path, day)
    chats = list(range(10_001, 10_501))
    await seed(database, dataset, day, chats)
    rate = 50
    in_flight = int(2 * rate)  # the dispatcher's batch: the most that can be claimed at once
    env = bot_env(bot_api_server, database, dataset, day, SEND_RATE_PER_SECOND=str(rate))
    server = bot_api_server

    def delivered() -> int:
        return len({m.chat_id for m in digests(server)})

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

    async with BotProcess(env=env, cwd=tmp_path) as again:
        await server.wait_until(lambda: delivered() == len(chats), timeout=START_UP)
        finished = clock.monotonic()
        exit_code = await again.stop()

    assert exit_code == 0, again.output
    per_chat = Counter(m.chat_id for m in digests(server))
    assert set(per_chat) == set(chats)
    duplicates = sum(count - 1 for count in per_chat.values())
    returned = re.search(r"Returned (\d+) interrupted deliveries", again.output)
    first_send = server.state.calls_to("sendMessage")[0].at
    figures = (
        f"{duplicates} duplicates; {at_kill} chats had their message at the kill; "
        f"{returned[1] if returned else 0} deliveries were returned to the queue on restart; "
        f"{finished - first_send:.1f} s from the first send to the last chat served, "
        f"{finished - killed:.1f} s of it after the kill (restart included)"
    )
    print(figures)
    assert returned, f"the crash left no delivery half-done: {figures}"
    assert duplicates <= in_flight, figures
    assert query(database, "SELECT state, count(*) FROM outbox GROUP BY state") == [
        ("sent", len(chats))
    ], figures
    assert re.search(QUEUED, again.output) is None, again.output
