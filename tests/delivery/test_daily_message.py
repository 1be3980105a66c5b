"""The day's message with the whole bot running: planned once a day, sent once, even across a
restart; a chat that blocked the bot is tried once.

The bot runs as ``solidarity-bot run`` starts it (``running_bot`` in running.py) on the
in-memory Telegram, with the dated data set of anniversary.py. The planner runs as a job every
few seconds; where a test needs more runs than the job queue would make in that time, it runs
the planner's job itself, as the job queue would. That the planner ran is read from its
heartbeat row in the database.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.context import BotApplication
from bot.health import PLANNER
from bot.sandbox.request import FakeRequest
from bot.sandbox.telegram_state import BOT_USERNAME, TelegramState
from tests.delivery.anniversary import (
    NADZEYA,
    PAVEL,
    day_at,
    digests,
    query,
    seed,
    write_dataset,
)
from tests.delivery.running import FastClock, bot_settings, eventually, running_bot, seen

# Wednesday 25 March 2026, 09:00 UTC, where the chats are.
MOMENT = datetime(2026, 3, 25, 9, 0, tzinfo=UTC)
QUEUED = "Queued "


def outbox_states(database: Path, chat_id: int) -> Counter[str]:
    rows = query(database, "SELECT state FROM outbox WHERE chat_id = ?", chat_id)
    return Counter(state for (state,) in rows)


async def planner_ran_after(application: BotApplication, moment: datetime) -> None:
    """Wait until the planner's heartbeat says it finished a run after `moment`."""
    heartbeats = application.bot_data.services.heartbeats

    async def ran() -> bool:
        last = await heartbeats.last(PLANNER)
        return last is not None and last > moment

    await eventually(ran, f"a planner run after {moment}")


async def plan(application: BotApplication) -> None:
    """Run the planner's job once, as the job queue does every PLANNER_INTERVAL_SECONDS."""
    delivery = application.bot_data.delivery
    assert delivery is not None
    await delivery.plan_job(None)


async def test_a_follower_gets_the_anniversary_once_and_a_restart_sends_nothing_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A supporter sends /start and /follow Zhyvitsa. Today is the day Nadzeya was detained,
    years ago, and the alert time has passed: one message arrives saying how many years ago
    today she was detained, with something to do (share her story) and a button opening her
    card. Nothing about Pavel, whom she does not follow. The planner keeps running, and the
    operator restarts the bot: she still has exactly one message for today."""
    caplog.set_level(logging.INFO, logger="bot.delivery")
    clock, day = FastClock(MOMENT), day_at(MOMENT)
    settings = bot_settings(tmp_path, write_dataset(tmp_path, day), day)
    state = TelegramState(clock=clock.timestamp)
    olga = state.add_user(first_name="Olga", language_code="en")
    # Queued before the start: the bot handles them at once, while the planner's first run
    # comes half a second after the start, so she follows Nadzeya before today is planned.
    state.push_update(state.message_update(olga, None, "/start"))
    state.push_update(state.message_update(olga, None, "/follow Zhyvitsa"))

    async with running_bot(settings, FakeRequest(state), clock) as application:
        followed = await seen(
            state,
            lambda: [m for m in state.sent_messages(olga.id) if "You follow" in m.text],
            "the answer to /follow",
        )
        await seen(state, lambda: digests(state, olga.id), "the day's message")
        for _ in range(3):
            await plan(application)

    assert f"You follow {NADZEYA.name} now" in followed[0].text
    (digest,) = digests(state, olga.id)
    text = digest.text or ""
    assert day.line in text, text
    assert "Share the story" in text, text
    assert PAVEL.name not in text, text
    assert digest.buttons == [
        {"text": f"📇 {NADZEYA.name}", "url": f"https://t.me/{BOT_USERNAME}?start=p_{NADZEYA.id}"}
    ]
    assert outbox_states(settings.database_path, olga.id) == {"sent": 1}
    assert QUEUED in caplog.text

    caplog.clear()
    async with running_bot(settings, FakeRequest(state), clock) as application:
        restarted = clock()
        await planner_ran_after(application, restarted)
        await plan(application)

    assert QUEUED not in caplog.text
    assert digests(state, olga.id) == [digest]
    assert outbox_states(settings.database_path, olga.id) == {"sent": 1}


async def test_a_chat_that_blocked_the_bot_is_tried_once_and_others_still_get_theirs(
    tmp_path: Path,
) -> None:
    """Two supporters follow Nadzeya; one of them has blocked the bot since, and her message
    today is long (she follows everyone in prison: it comes in several parts). The bot tries her
    chat once, gets "blocked by the user", counts her chat as unreachable and drops the rest of
    her queue without trying again; the other supporter gets her message as usual."""
    clock, day = FastClock(MOMENT), day_at(MOMENT)
    dataset = write_dataset(tmp_path, day, extra_people=40)
    settings = bot_settings(tmp_path, dataset, day)
    database = settings.database_path
    blocked, reachable = 20_001, 20_002
    await seed(database, dataset, day, [blocked, reachable], follow_all=[blocked])
    state = TelegramState(clock=clock.timestamp)
    state.block(blocked)

    def sends_to_blocked() -> list[object]:
        return [c for c in state.calls_to("sendMessage") if c.params.get("chat_id") == blocked]

    async with running_bot(settings, FakeRequest(state), clock) as application:
        [refused] = await seen(state, sends_to_blocked, "the send to the blocked chat")
        await seen(state, lambda: digests(state, reachable), "the other chat's message")
        chats = application.bot_data.services.chats

        async def unreachable() -> bool:
            chat = await chats.get(blocked)
            return chat is not None and not chat.active

        await eventually(unreachable, "the blocked chat marked unreachable")
        # A planner run after the refusal plans nothing more for the unreachable chat.
        await plan(application)

    assert refused.status == 403, refused
    assert "blocked" in (refused.description or "")
    assert sends_to_blocked() == [refused]
    assert len(digests(state, reachable)) == 1
    assert query(database, "SELECT active FROM chats WHERE chat_id = ?", reachable) == [(1,)]
    parts = query(database, "SELECT state FROM outbox WHERE chat_id = ? ORDER BY part", blocked)
    assert len(parts) >= 2, f"the message to the blocked chat should be long: {parts}"
    assert parts == [("failed",)] + [("cancelled",)] * (len(parts) - 1)
