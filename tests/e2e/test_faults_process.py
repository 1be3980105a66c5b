"""Telegram misbehaving, with the real bot process: server errors, an outage, 429s, a slow start.

The bot runs as users start it (``python -m bot run``, long polling) against the local fake Bot
API, with the dated data set and the chats of test_delivery_process.py: private chats following a
person detained N years ago today, with an alert time already past, so that each chat's digest is
due from the planner's first run. The faults are the fakes' opt-in ones: ``fail_at_random`` and
``fail_next`` answer calls with errors before they act (a refused send delivered nothing, so no
message may come twice), ``add_latency`` delays every answer, ``unreachable`` closes the port.

Waiting follows the state's change notifications. The one fixed wait is the outage itself:
"Telegram is out of reach for 30 s" is a length of time, not an event.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Collection
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.models import JsonDict
from tests.e2e.test_delivery_process import (
    NADZEYA,
    START_UP,
    Day,
    bot_env,
    database_shows,
    digests,
    seed,
    this_day,
    write_dataset,
)
from tests.fakes import ApiCall, BotProcess, FakeBotApiServer

# Scenario (a): with this seed, the first getMe, the first deleteWebhook and the first getUpdates
# fail, and 6 of the first 100 sends (the method draws are independent: see RandomFaults).
FAULT_SEED = 45432
FAULT_SHARES = {
    "*": 0.05,
    # Kept out here; test_one_error_while_publishing_the_profile_does_not_stop_the_bot covers it.
    "setMyCommands": 0.0,
    "setMyDescription": 0.0,
    "setMyShortDescription": 0.0,
}
SERVER_ERRORS = frozenset({500, 502})
# Scenario (b).
OUTAGE = 30.0
# Scenario (c): sends refused in a row, and the quiet Telegram asks for after each.
STORM = 6
RETRY_AFTER = 2
# A send that reaches the fake this soon after a 429 was on its way before the bot could read
# the 429: the dispatcher sends concurrently (its burst is two). Later ones must wait.
IN_FLIGHT = 0.25
PROFILE_METHODS = ("setMyCommands", "setMyDescription", "setMyShortDescription")


def chats_with_digest(server: FakeBotApiServer) -> set[int]:
    return {message.chat_id for message in digests(server)}


async def every_chat_has_its_digest(
    server: FakeBotApiServer,
    chats: Collection[int],
    timeout: float = START_UP,  # noqa: ASYNC109 - the failure message names the wait
) -> None:
    await server.wait_until(
        lambda: chats_with_digest(server) >= set(chats),
        timeout=timeout,
        what=f"a digest in each of {len(chats)} chats",
    )


async def everything_sent(database: Path, count: int) -> None:
    """Wait until the bot has recorded every digest as sent (it writes after the answer)."""
    await database_shows(
        database, "SELECT state, count(*) FROM outbox GROUP BY state", [("sent", count)]
    )


def duplicates(server: FakeBotApiServer) -> int:
    per_chat = Counter(message.chat_id for message in digests(server))
    return sum(count - 1 for count in per_chat.values())


async def prepare(tmp_path: Path, chats: Collection[int]) -> tuple[Day, Path, Path]:
    """Write the data set and store the chats, before the bot starts."""
    day = await this_day()
    database = tmp_path / "bot.sqlite3"
    dataset = write_dataset(tmp_path, day)
    await seed(database, dataset, day, chats)
    return day, database, dataset


async def first_of(*waits: Awaitable[Any]) -> None:
    """Wait until one of the waits ends; cancel the others; raise what the first one raised."""
    tasks = [asyncio.ensure_future(wait) for wait in waits]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.result()


def made_good(calls: list[ApiCall], stopping: int) -> tuple[list[ApiCall], list[ApiCall]]:
    """Return the server errors answered before the stop, and those the bot made good.

    A fault is made good when the same call later succeeded: a send to the same chat, or any
    call of the same method.
    """
    injected, survived = [], []
    for index, fault in enumerate(calls[:stopping]):
        if fault.status not in SERVER_ERRORS:
            continue
        injected.append(fault)
        chat_id = fault.params.get("chat_id")
        if any(
            call.ok
            and call.method == fault.method
            and (fault.method != "sendMessage" or call.params.get("chat_id") == chat_id)
            for call in calls[index + 1 :]
        ):
            survived.append(fault)
    return injected, survived


def fetched(update: JsonDict, calls: list[ApiCall]) -> bool:
    """Tell whether a successful getUpdates returned this update."""
    return any(
        call.ok
        and call.method == "getUpdates"
        and any(u["update_id"] == update["update_id"] for u in call.result)
        for call in calls
    )


async def test_five_percent_server_errors_and_slow_answers_lose_and_double_no_digest(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Telegram answers one call in twenty with 500 or 502 (start-up calls, polls and sends
    alike) and every answer takes up to 200 ms. A hundred supporters follow Nadzeya, whose
    arrest anniversary is today: each of them gets the day's message exactly once, and the bot
    survives every fault and stops cleanly."""
    chats = list(range(40_001, 40_101))
    day, database, dataset = await prepare(tmp_path, chats)
    server, state = bot_api_server, bot_api_server.state
    faults = state.fail_at_random(FAULT_SHARES, seed=FAULT_SEED)
    latency = server.add_latency(0.0, 0.2, seed=FAULT_SEED)
    # Queued before the start: the first getUpdates fetches it, and fails.
    hello = server.send_text(state.add_user(first_name="Olga"), None, "/start")

    async with BotProcess(env=bot_env(server, database, dataset, day), cwd=tmp_path) as bot:
        await every_chat_has_its_digest(server, chats, timeout=2 * START_UP)
        await everything_sent(database, len(chats))
        await server.wait_until(lambda: fetched(hello, state.calls), what="the first update")
        stopping = len(state.calls)
        exit_code = await bot.stop()

    injected, survived = made_good(state.calls, stopping)
    lost = len(set(chats) - chats_with_digest(server))
    by_method = dict(Counter(fault.method for fault in injected))
    figures = (
        f"faults injected while running: {len(injected)} {by_method} "
        f"(in all, shutdown included: {faults.injected_total} of "
        f"{sum(faults.calls.values())} calls); survived: {len(survived)}; "
        f"digests lost: {lost}; duplicates: {duplicates(server)}; "
        f"{len(latency.delays)} answers delayed by up to "
        f"{max(latency.delays, default=0) * 1000:.0f} ms"
    )
    print(figures)
    assert exit_code == 0, bot.output
    assert lost == 0, figures
    assert duplicates(server) == 0, figures
    assert survived == injected, figures
    # The seed chosen puts a fault on every step of the way: start-up, polling and sending.
    assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= set(by_method), figures
    assert all(0 <= delay <= 0.2 for delay in latency.delays)


async def test_thirty_seconds_without_telegram_lose_no_update(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Telegram is out of reach for 30 s while the bot long-polls: the connection drops and
    every new one is refused. Supporters keep writing meanwhile, before and in the middle of
    the outage. The bot keeps trying by itself; once Telegram is back it answers each message,
    once and in order, and it stops cleanly."""
    day = await this_day()
    database = tmp_path / "bot.sqlite3"
    dataset = write_dataset(tmp_path, day)
    server, state = bot_api_server, bot_api_server.state
    supporters = [state.add_user(first_name=f"Supporter {n}") for n in range(6)]
    olga = supporters[0]

    async with BotProcess(env=bot_env(server, database, dataset, day), cwd=tmp_path) as bot:
        server.send_text(olga, None, "/start")
        await server.wait_for_message(olga.id, timeout=START_UP)
        # The outage cuts a request in flight: the bot waits in a long poll.
        await server.wait_until(lambda: state.waiting_polls > 0, what="a waiting long poll")
        async with server.unreachable():
            for supporter in supporters[:3]:
                server.send_text(supporter, None, "Zhyvitsa")
            await asyncio.sleep(OUTAGE / 2)
            for supporter in supporters[3:]:
                server.send_text(supporter, None, "Zhyvitsa")
            server.send_text(olga, None, "/about")
            await asyncio.sleep(OUTAGE / 2)
        back = time.monotonic()
        for supporter in supporters:
            card = await server.wait_for_message(supporter.id, timeout=START_UP)
            assert NADZEYA.name in (card.text or ""), card
        about = await server.wait_for_message(olga.id)
        await server.wait_until(lambda: not state.updates, what="every update confirmed")
        exit_code = await bot.stop()

    # Each failed poll is logged with its traceback, which ends with the error.
    refused = bot.output.count("telegram.error.NetworkError")
    polls_after = [c for c in state.calls_to("getUpdates") if c.at > back and c.ok]
    figures = (
        f"outage {OUTAGE:.0f} s; {refused} failed polls logged; first poll "
        f"{polls_after[0].at - back:.1f} s after Telegram came back"
    )
    print(figures)
    assert exit_code == 0, bot.output
    assert "2 people" in (about.text or ""), about
    assert refused >= 1, figures
    # One answer per message: the welcome, then the card and the about text for Olga.
    assert [len(state.sent_messages(s.id)) for s in supporters] == [3] + [1] * 5


async def test_a_storm_of_429s_stops_every_send_until_telegram_says(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Telegram answers six sends in a row with "Too Many Requests: retry after 2". After
    each of them the bot sends nothing for two seconds (sends that were already on their way
    aside), and in the end each of thirty supporters has her message exactly once."""
    chats = list(range(50_001, 50_031))
    day, database, dataset = await prepare(tmp_path, chats)
    server, state = bot_api_server, bot_api_server.state
    state.fail_next("sendMessage", 429, retry_after=RETRY_AFTER, count=STORM)

    async with BotProcess(env=bot_env(server, database, dataset, day), cwd=tmp_path) as bot:
        await every_chat_has_its_digest(server, chats, timeout=START_UP + STORM * RETRY_AFTER)
        await everything_sent(database, len(chats))
        exit_code = await bot.stop()

    sends = state.calls_to("sendMessage")
    refusals = [call for call in sends if call.status == 429]
    in_flight: list[float] = []
    early: list[float] = []
    for refusal in refusals:
        for call in sends:
            after = call.at - refusal.at
            if call is not refusal and 0 <= after < RETRY_AFTER:
                (in_flight if after <= IN_FLIGHT else early).append(round(after, 3))
    last = refusals[-1]
    first_after = next(call for call in sends if call.at > last.at + IN_FLIGHT)
    figures = (
        f"{len(refusals)} sends refused with 429; {len(in_flight)} sends were on their way "
        f"(within {IN_FLIGHT} s of a 429); first send after the storm "
        f"{first_after.at - last.at:.2f} s after the last 429"
    )
    print(figures)
    assert exit_code == 0, bot.output
    assert len(refusals) == STORM
    assert not early, f"sends {early} s after a 429 that asked for {RETRY_AFTER} s: {figures}"
    assert first_after.at - last.at >= RETRY_AFTER, figures
    assert chats_with_digest(server) == set(chats)
    assert duplicates(server) == 0


async def test_a_slow_start_delays_the_job_queue_but_not_the_digests(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Telegram answers the bot's deleteWebhook at start-up with "retry after 3": the job queue
    starts over three seconds after the planner and the dispatcher were scheduled. They still
    run (APScheduler used to drop jobs that started more than a second late: the dispatcher,
    which runs once, never started) and every supporter gets her message."""
    chats = [60_001, 60_002, 60_003]
    day, database, dataset = await prepare(tmp_path, chats)
    server, state = bot_api_server, bot_api_server.state
    state.fail_next("deleteWebhook", 429, retry_after=3)

    async with BotProcess(env=bot_env(server, database, dataset, day), cwd=tmp_path) as bot:
        await every_chat_has_its_digest(server, chats)
        await everything_sent(database, len(chats))
        exit_code = await bot.stop()

    limited, accepted = state.calls_to("deleteWebhook")[:2]
    assert (limited.status, accepted.status) == (429, 200)
    assert accepted.at - limited.at >= 3
    assert all(call.at > accepted.at for call in state.calls_to("sendMessage"))
    assert "was missed by" not in bot.output
    assert duplicates(server) == 0
    assert exit_code == 0, bot.output


@pytest.mark.parametrize("status", [502, 429])
async def test_one_error_while_publishing_the_profile_does_not_stop_the_bot(
    bot_api_server: FakeBotApiServer, tmp_path: Path, status: int
) -> None:
    """Telegram answers the bot's first setMyCommands at start-up with 502 Bad Gateway, or with
    429 (it limits profile changes): the bot publishes the rest of its profile, carries on and
    delivers today's messages."""
    chats = [70_001, 70_002]
    day, database, dataset = await prepare(tmp_path, chats)
    server, state = bot_api_server, bot_api_server.state
    state.fail_next("setMyCommands", status, retry_after=1 if status == 429 else None)

    async with BotProcess(env=bot_env(server, database, dataset, day), cwd=tmp_path) as bot:
        await first_of(every_chat_has_its_digest(server, chats), bot.wait(timeout=START_UP))
        exited = bot.returncode
        exit_code = await bot.stop()

    assert exited is None, f"the bot stopped with exit code {exited}:\n{bot.output}"
    assert chats_with_digest(server) == set(chats)
    assert exit_code == 0, bot.output
    assert all(state.calls_to(method) for method in PROFILE_METHODS)
