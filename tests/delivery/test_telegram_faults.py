"""Telegram misbehaving, with the whole bot running: server errors and slow answers, an outage,
a storm of 429s, a slow start, a refused profile.

The bot runs as ``solidarity-bot run`` starts it (``running_bot`` in running.py), on the
in-memory Telegram, with the dated data set of anniversary.py: private chats following a person
detained N years ago today, with an alert time already past, so that each chat's digest is due
from the planner's first run. The faults are the fakes' opt-in ones: ``fail_at_random`` and
``fail_next`` answer calls with errors before they act (a refused send delivered nothing, so no
message may come twice), the request's ``latency`` delays every answer and ``unreachable``
refuses every call. The storm of 429s runs the dispatcher on a clock that moves only when it
waits, so "nothing was sent for two seconds" is read off the fake Telegram's record exactly.

Waiting follows the state's change notifications, and the database is read again every few
milliseconds where only it knows (a message marked sent).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram.error import NetworkError

from bot.config import Settings
from bot.context import BotApplication
from bot.dispatcher import IN_FLIGHT, Dispatcher
from bot.planner import Planner
from bot.sandbox.models import ApiCall, JsonDict
from bot.sandbox.request import UNREACHABLE, FakeRequest, Latency
from bot.sandbox.telegram_state import TelegramState
from bot.services import Services
from storage.outbox import DeliveryState
from tests.delivery.anniversary import NADZEYA, Day, day_at, digests, seed, write_dataset
from tests.delivery.conftest import Clock, add_chat, drain
from tests.delivery.running import FastClock, bot_settings, eventually, running_bot, seen

# Wednesday 25 March 2026, 09:00 UTC, where the chats are.
MOMENT = datetime(2026, 3, 25, 9, 0, tzinfo=UTC)

# With this seed, the first deleteWebhook and the first getUpdates fail, and 7 of the first 100
# sends (the method draws are independent: see RandomFaults).
FAULT_SEED = 26618
FAULT_SHARES = {
    "*": 0.05,
    # The first call; running_bot does not retry it (test_bot_process's smoke test does).
    "getMe": 0.0,
    # test_one_error_while_publishing_the_profile_does_not_stop_the_bot covers these.
    "setMyCommands": 0.0,
    "setMyDescription": 0.0,
    "setMyShortDescription": 0.0,
}
SERVER_ERRORS = frozenset({500, 502})
PROFILE_METHODS = ("setMyCommands", "setMyDescription", "setMyShortDescription")


@dataclass
class Scene:
    """Chats following Nadzeya on her anniversary, the bot's settings, and its Telegram."""

    day: Day
    settings: Settings
    state: TelegramState
    clock: FastClock

    @classmethod
    async def prepare(
        cls, folder: Path, chats: Collection[int], state: TelegramState | None = None, **extra: Any
    ) -> Scene:
        """Write the data set and store the chats, before the bot starts."""
        clock = FastClock(MOMENT)
        day = day_at(MOMENT)
        dataset = write_dataset(folder, day)
        settings = bot_settings(folder, dataset, day, **extra)
        await seed(settings.database_path, dataset, day, chats)
        return cls(day, settings, state or TelegramState(clock=clock.timestamp), clock)

    def chats_with_digest(self) -> set[int]:
        return {message.chat_id for message in digests(self.state)}

    def duplicates(self) -> int:
        per_chat = Counter(message.chat_id for message in digests(self.state))
        return sum(count - 1 for count in per_chat.values())

    async def every_chat_has_its_digest(self, chats: Collection[int]) -> None:
        await seen(
            self.state,
            lambda: self.chats_with_digest() >= set(chats),
            f"a digest in each of {len(chats)} chats",
        )


async def everything_sent(application: BotApplication, count: int) -> None:
    """Wait until the bot has recorded every digest as sent (it writes after the answer)."""
    outbox = application.bot_data.services.outbox

    async def done() -> bool:
        counts = await outbox.counts()
        return counts[DeliveryState.SENT] == count and counts[DeliveryState.PENDING] == 0

    await eventually(done, f"{count} messages marked sent")


def made_good(calls: list[ApiCall], chats: Collection[int]) -> tuple[list[ApiCall], list[ApiCall]]:
    """Return the server errors answered, and those the bot made good.

    A fault is made good when the same call later succeeded: a send to the same chat, or any
    call of the same method. Sends to chats other than `chats` are left out: a reply that
    failed is not sent again (the supporter may ask again), as with any error.
    """
    injected, survived = [], []
    for index, fault in enumerate(calls):
        chat_id = fault.params.get("chat_id")
        if fault.status not in SERVER_ERRORS:
            continue
        if fault.method == "sendMessage" and chat_id not in chats:
            continue
        injected.append(fault)
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
    tmp_path: Path,
) -> None:
    """Telegram answers one call in twenty with 500 or 502 (start-up calls, polls and sends
    alike) and every answer takes up to 50 ms. A hundred supporters follow Nadzeya, whose
    arrest anniversary is today: each of them gets the day's message exactly once, and the bot
    survives every fault and stops cleanly."""
    chats = list(range(40_001, 40_101))
    scene = await Scene.prepare(tmp_path, chats, send_rate_per_second=200, paid_broadcast=True)
    state = scene.state
    faults = state.fail_at_random(FAULT_SHARES, seed=FAULT_SEED)
    latency = Latency(0.0, 0.05, seed=FAULT_SEED)
    olga = state.add_user(first_name="Olga")
    # Queued before the start: the first getUpdates fetches it, and fails.
    hello = state.push_update(state.message_update(olga, None, "/start"))

    request = FakeRequest(state, latency=latency)
    async with running_bot(scene.settings, request, scene.clock) as application:
        await scene.every_chat_has_its_digest(chats)
        await everything_sent(application, len(chats))
        await seen(state, lambda: fetched(hello, state.calls), "the first update")
        await seen(
            state,
            lambda: any(c.params.get("chat_id") == olga.id for c in state.calls_to("sendMessage")),
            "an answer to the first update",
        )
        stopping = len(state.calls)

    injected, survived = made_good(state.calls[:stopping], chats)
    lost = len(set(chats) - scene.chats_with_digest())
    by_method = dict(Counter(fault.method for fault in injected))
    figures = (
        f"faults injected while running: {len(injected)} {by_method} "
        f"(in all: {faults.injected_total} of {sum(faults.calls.values())} calls); "
        f"survived: {len(survived)}; digests lost: {lost}; duplicates: {scene.duplicates()}; "
        f"{len(latency.delays)} answers delayed by up to "
        f"{max(latency.delays, default=0) * 1000:.0f} ms"
    )
    assert lost == 0, figures
    assert scene.duplicates() == 0, figures
    assert survived == injected, figures
    # The seed chosen puts a fault on every step of the way: start-up, polling and sending.
    assert {"deleteWebhook", "getUpdates", "sendMessage"} <= set(by_method), figures
    assert all(0 <= delay <= 0.05 for delay in latency.delays)


async def test_telegram_out_of_reach_loses_no_update(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram is out of reach while the bot long-polls: the poll in flight is cut and every
    new call is refused. Supporters keep writing meanwhile, before and in the middle of the
    outage. The bot keeps trying by itself; once Telegram is back it answers each message,
    once and in order, and it stops cleanly."""
    scene = await Scene.prepare(tmp_path, [])
    state = scene.state
    request = FakeRequest(state)
    supporters = [state.add_user(first_name=f"Supporter {n}") for n in range(6)]
    olga = supporters[0]

    async with running_bot(scene.settings, request, scene.clock):
        state.push_update(state.message_update(olga, None, "/start"))
        await seen(state, lambda: state.sent_messages(olga.id), "the welcome")
        # The outage cuts a request in flight: the bot waits in a long poll.
        await seen(state, lambda: state.waiting_polls > 0, "a waiting long poll")
        async with request.unreachable():
            for supporter in supporters[:3]:
                state.push_update(state.message_update(supporter, None, "Zhyvitsa"))
            await seen(state, lambda: request.refused >= 1, "the poll in flight cut")
            for supporter in supporters[3:]:
                state.push_update(state.message_update(supporter, None, "Zhyvitsa"))
            state.push_update(state.message_update(olga, None, "/about"))
            await seen(state, lambda: request.refused >= 2, "the bot trying again by itself")
        for supporter in supporters:
            await seen(
                state,
                lambda s=supporter: [
                    m for m in state.sent_messages(s.id) if NADZEYA.name in m.text
                ],
                f"the card for {supporter.first_name}",
            )
        about = await seen(state, lambda: state.sent_messages(olga.id)[2:], "the about text")
        await seen(state, lambda: not state.updates, "every update confirmed")

    assert "2 people" in (about[0].text or ""), about
    # One answer per message, in order: the welcome, then the card and the about text for Olga.
    assert [len(state.sent_messages(s.id)) for s in supporters] == [3] + [1] * 5
    welcome, card, _ = state.sent_messages(olga.id)
    assert "thank you for being here" in welcome.text
    assert NADZEYA.name in card.text
    # Each failed poll is logged with the error.
    failed_polls = [
        record
        for record in caplog.records
        if record.exc_info and isinstance(record.exc_info[1], NetworkError)
    ]
    assert failed_polls, caplog.text
    assert UNREACHABLE in caplog.text


async def test_a_storm_of_429s_stops_every_send_until_telegram_says(
    services: Services,
    planner: Planner,
    dispatcher: Dispatcher,
    telegram_state: TelegramState,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Telegram answers six sends in a row with "Too Many Requests: retry after 2". After each
    of them the bot sends nothing for two seconds (sends already on their way aside), and in
    the end each of thirty supporters has her message exactly once."""
    chats = list(range(50_001, 50_031))
    for chat_id in chats:
        await add_chat(services, chat_id, follows=("andrzej-poczobut",))
    # 11:00 in Minsk: Andrzej Poczobut was detained five years ago today.
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))
    storm, retry_after = 6, 2
    telegram_state.fail_next("sendMessage", 429, retry_after=retry_after, count=storm)
    assert (await planner.run(clock.now)).digests == len(chats)

    await drain(dispatcher, clock, rounds=50)

    sends = telegram_state.calls_to("sendMessage")
    refusals = [index for index, call in enumerate(sends) if call.status == 429]
    assert len(refusals) == storm
    for index in refusals:
        refused_at = sends[index].at
        later = sends[index + 1 :]
        # Sent at the very moment of the 429: handed over before its answer came.
        on_their_way = [call for call in later if call.at == refused_at]
        early = [call.at - refused_at for call in later if 0 < call.at - refused_at < retry_after]
        assert len(on_their_way) < IN_FLIGHT, on_their_way
        assert not early, f"sends {early} s after a 429 that asked for {retry_after} s"
    last = sends[refusals[-1]]
    first_after = next(call for call in sends[refusals[-1] + 1 :] if call.at > last.at)
    assert first_after.at - last.at >= retry_after
    assert {m.chat_id for m in telegram_state.sent_messages()} == set(chats)
    assert all(len(telegram_state.sent_messages(chat_id)) == 1 for chat_id in chats)
    assert f"Telegram asked to wait {retry_after} s" in caplog.text


async def test_a_slow_start_delays_the_job_queue_but_not_the_digests(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram answers the bot's deleteWebhook at start-up with "retry after 2": the job queue
    starts over two seconds after the planner and the dispatcher were scheduled. They still run
    (APScheduler used to drop jobs that started more than a second late: the dispatcher, which
    runs once, never started) and every supporter gets her message."""
    chats = [60_001, 60_002, 60_003]
    # Telegram's record in real seconds: the wait for the job queue is what this is about.
    scene = await Scene.prepare(tmp_path, chats, state=TelegramState())
    state = scene.state
    state.fail_next("deleteWebhook", 429, retry_after=2)

    with caplog.at_level(logging.WARNING, logger="apscheduler"):
        async with running_bot(scene.settings, FakeRequest(state), scene.clock) as application:
            await scene.every_chat_has_its_digest(chats)
            await everything_sent(application, len(chats))

    limited, accepted = state.calls_to("deleteWebhook")[:2]
    assert (limited.status, accepted.status) == (429, 200)
    assert accepted.at - limited.at >= 2
    assert all(call.at > accepted.at for call in state.calls_to("sendMessage"))
    assert "was missed by" not in caplog.text
    assert scene.duplicates() == 0


@pytest.mark.parametrize("status", [502, 429])
async def test_one_error_while_publishing_the_profile_does_not_stop_the_bot(
    tmp_path: Path, status: int
) -> None:
    """Telegram answers the bot's first setMyCommands at start-up with 502 Bad Gateway, or with
    429 (it limits profile changes): the bot publishes the rest of its profile, carries on and
    delivers today's messages."""
    chats = [70_001, 70_002]
    scene = await Scene.prepare(tmp_path, chats)
    state = scene.state
    state.fail_next("setMyCommands", status, retry_after=1 if status == 429 else None)

    async with running_bot(scene.settings, FakeRequest(state), scene.clock):
        await scene.every_chat_has_its_digest(chats)

    assert state.calls_to("setMyCommands")[0].status == status
    assert scene.chats_with_digest() == set(chats)
    assert all(state.calls_to(method) for method in PROFILE_METHODS)


async def test_a_graceful_stop_mid_send_marks_every_message_that_went_out(tmp_path: Path) -> None:
    """The operator stops the bot while a hundred digests are going out and Telegram takes up to
    50 ms to answer each: every message Telegram received is recorded as sent, so the next start
    sends none of them again; the rest wait in the queue, none of them held by a lease."""
    chats = list(range(41_001, 41_101))
    scene = await Scene.prepare(tmp_path, chats)
    request = FakeRequest(scene.state, latency=Latency(0.02, 0.05, seed=FAULT_SEED))
    async with running_bot(scene.settings, request, scene.clock):
        await seen(scene.state, lambda: len(scene.chats_with_digest()) >= 10, "ten digests")
    received = len(scene.chats_with_digest())
    with closing(sqlite3.connect(scene.settings.database_path)) as db:
        states = dict(db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
    assert received < len(chats), "everything went out before the stop"
    assert states.get("sent") == received
    # What was claimed but not sent went back to the queue at the stop, untried.
    assert states.get("pending") == len(chats) - received
    assert scene.duplicates() == 0
