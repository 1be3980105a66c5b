"""Opt-in flood control: sends beyond Telegram's limits are refused with 429 and retry_after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from tests.fakes import TelegramState, fake_application_builder, running_application

GROUP = -100_123


@dataclass
class ManualClock:
    """The state's clock, in seconds, moved by the test."""

    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def state(clock: ManualClock) -> TelegramState:
    state = TelegramState(clock=clock)
    state.enforce_flood_limits(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    return state


def send(
    state: TelegramState, chat_id: int | str, text: str = "hi", *, paid: bool | str = False
) -> tuple[int, Any]:
    params: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if paid:
        params["allow_paid_broadcast"] = paid
    status, body = state.handle("sendMessage", params)
    return status, body if status != 200 else body["result"]


def too_many(retry_after: int) -> dict[str, Any]:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }


def test_flood_control_is_off_unless_asked_for() -> None:
    state = TelegramState(clock=lambda: 1_000.0)

    statuses = [send(state, 1 + i % 2)[0] for i in range(100)]

    assert statuses == [200] * 100
    assert state.flood is None


def test_more_than_thirty_sends_in_a_second_are_refused(
    state: TelegramState, clock: ManualClock
) -> None:
    for chat_id in range(1, 31):
        assert send(state, chat_id)[0] == 200
        clock.now += 0.01  # 30 sends within 0.3 s

    assert send(state, 31) == (429, too_many(1))
    clock.now = 1_000.99
    assert send(state, 31) == (429, too_many(1))  # at least 1, even when room comes sooner
    clock.now = 1_001.0  # the first send has left the window
    assert send(state, 31)[0] == 200
    assert send(state, 32) == (429, too_many(1))

    assert state.flood is not None
    assert state.flood.throttled == {"overall": 3}
    assert state.flood.throttled_total == 3
    assert state.flood.accepted == 31
    assert len(state.sent) == 31
    assert [call.status for call in state.calls_to("sendMessage")][-4:] == [429, 429, 200, 429]


def test_a_steady_rate_at_the_limit_is_never_refused(
    state: TelegramState, clock: ManualClock
) -> None:
    state.enforce_flood_limits(per_second=32)  # a period of 1/32 s adds up without rounding
    statuses = []
    for chat_id in range(1, 321):
        statuses.append(send(state, chat_id)[0])
        clock.now += 1 / 32

    assert statuses == [200] * 320
    assert send(state, 1_000)[0] == 200
    assert send(state, 1_001)[0] == 429


def test_paid_broadcasts_go_past_thirty_a_second_up_to_a_thousand(
    state: TelegramState, clock: ManualClock
) -> None:
    # PTB sends the flag as JSON true; a form over HTTP as the text "true".
    for chat_id in range(1, 1001):
        assert send(state, chat_id, paid=True if chat_id % 2 else "true")[0] == 200
        clock.now += 0.0005  # a thousand within half a second

    assert send(state, 1001, paid=True) == (429, too_many(1))
    # A free send counts the paid ones too: the second is full for it all the more.
    assert send(state, 1002) == (429, too_many(1))
    assert state.flood is not None
    assert (state.flood.accepted, state.flood.accepted_paid) == (1000, 1000)
    assert state.flood.throttled == {"overall": 2}


def test_a_paid_broadcast_keeps_to_one_message_a_second_per_chat(
    state: TelegramState, clock: ManualClock
) -> None:
    assert send(state, 7, paid=True)[0] == 200
    clock.now += 0.5

    assert send(state, 7, paid=True) == (429, too_many(1))
    for _ in range(20):
        assert send(state, GROUP, paid=True)[0] == 200
        clock.now += 1.0
    assert send(state, GROUP, paid=True)[0] == 429

    assert state.flood is not None
    assert state.flood.throttled == {"chat": 1, "group": 1}


def test_a_private_chat_gets_one_message_a_second(state: TelegramState, clock: ManualClock) -> None:
    assert send(state, 7)[0] == 200
    clock.now += 0.4

    assert send(state, 7) == (429, too_many(1))
    assert send(state, 8)[0] == 200  # another chat is not held up
    clock.now += 0.6
    assert send(state, 7)[0] == 200

    assert state.flood is not None
    assert state.flood.throttled == {"chat": 1}
    assert [m.chat_id for m in state.sent] == [7, 8, 7]


def test_a_group_gets_twenty_messages_a_minute(state: TelegramState, clock: ManualClock) -> None:
    start = clock.now
    for _ in range(20):
        assert send(state, GROUP)[0] == 200
        clock.now += 1.0  # sent at start + 0 ... start + 19

    clock.now = start + 19.5
    assert send(state, GROUP) == (429, too_many(41))  # the first leaves at start + 60
    clock.now = start + 59.2
    assert send(state, GROUP) == (429, too_many(1))
    clock.now = start + 60
    assert send(state, GROUP)[0] == 200
    assert send(state, GROUP) == (429, too_many(1))  # the second leaves at start + 61

    assert state.flood is not None
    assert state.flood.throttled == {"group": 3}


def test_a_channel_addressed_by_username_is_limited_like_a_group(
    state: TelegramState, clock: ManualClock
) -> None:
    state.enforce_flood_limits(per_group_per_minute=2)
    channel = state.chat(-100_777)
    channel.username = "solidarity_channel"

    assert send(state, "@solidarity_channel")[0] == 200
    assert send(state, -100_777)[0] == 200
    assert send(state, "@solidarity_channel") == (429, too_many(60))


def test_refused_and_failed_sends_do_not_fill_the_window(
    state: TelegramState, clock: ManualClock
) -> None:
    state.fail_next("sendMessage", 500)
    assert send(state, 5)[0] == 500
    assert send(state, 5)[0] == 200  # the failed call did not count
    assert send(state, 5)[0] == 429
    clock.now += 1.0
    assert send(state, 5)[0] == 200  # nor did the refused one

    assert state.flood is not None
    assert state.flood.accepted == 2


def test_other_methods_are_not_limited(state: TelegramState) -> None:
    statuses = [state.handle("getMe", {})[0] for _ in range(50)]

    assert statuses == [200] * 50


async def test_the_bot_sees_retry_after(
    state: TelegramState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns unless it may use timedelta
    async with running_application(fake_application_builder(state).build()) as application:
        await application.bot.send_message(9, "first")

        with pytest.raises(RetryAfter) as raised:
            await application.bot.send_message(9, "second")

    assert raised.value.retry_after == timedelta(seconds=1)
    assert [m.text for m in state.sent_messages(9)] == ["first"]
