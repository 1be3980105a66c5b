"""The fakes' opt-in faults: random server errors, slow answers, and Telegram out of reach."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.error import NetworkError

from bot.sandbox.waiting import wait_for
from tests.fakes import FakeBotApiServer, FakeRequest, Latency, TelegramState

Reply = tuple[int, dict[str, Any]]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def api(
    session: aiohttp.ClientSession, server: FakeBotApiServer, method: str, **params: Any
) -> Reply:
    url = f"{server.base_url}{server.token}/{method}"
    async with session.post(url, json=params) as response:
        return response.status, await response.json()


def send_many(state: TelegramState, count: int, *, get_me_between: bool = False) -> list[int]:
    """Send count messages (with a getMe between them, if asked); return the failed ranks."""
    failed = []
    for rank in range(count):
        if get_me_between:
            state.handle("getMe", {})
        status, _ = state.handle("sendMessage", {"chat_id": 5, "text": f"message {rank}"})
        if status != 200:
            failed.append(rank)
    return failed


def test_no_call_fails_at_random_unless_a_test_asks() -> None:
    state = TelegramState()

    assert state.random_faults is None
    assert send_many(state, 200) == []


def test_a_seeded_share_of_a_methods_calls_fails_with_500_or_502_before_it_acts() -> None:
    state = TelegramState()
    faults = state.fail_at_random({"sendMessage": 0.05}, seed=3)

    failed = send_many(state, 2000)
    state.handle("getMe", {})

    assert 60 <= len(failed) <= 140, len(failed)
    assert faults.injected == {"sendMessage": len(failed)}
    assert faults.calls == {"sendMessage": 2000, "getMe": 1}
    refused = [call for call in state.calls_to("sendMessage") if call.status != 200]
    assert {call.status for call in refused} == {500, 502}
    assert {call.description for call in refused} == {"Internal Server Error", "Bad Gateway"}
    # Nothing of a failed send reached the chat.
    assert len(state.sent_messages(5)) == 2000 - len(failed)
    assert f"message {failed[0]}" not in {m.text for m in state.sent_messages(5)}
    assert state.calls_to("getMe")[0].ok


def test_the_same_seed_fails_the_same_calls_however_other_methods_interleave() -> None:
    alone, mixed, other = TelegramState(), TelegramState(), TelegramState()
    alone.fail_at_random({"sendMessage": 0.1}, seed=11)
    mixed.fail_at_random({"sendMessage": 0.1, "getMe": 0.5}, seed=11)
    other.fail_at_random({"sendMessage": 0.1}, seed=12)

    failed = send_many(alone, 300)

    assert failed
    assert send_many(mixed, 300, get_me_between=True) == failed
    assert mixed.random_faults is not None
    assert mixed.random_faults.injected["getMe"] > 0
    assert send_many(other, 300) != failed


def test_a_wildcard_share_covers_the_methods_not_named_and_fail_next_comes_first() -> None:
    state = TelegramState()
    faults = state.fail_at_random({"*": 1.0, "getMe": 0.0}, codes=(502,))
    state.fail_next("sendMessage", 429, retry_after=2)

    limited, _ = state.handle("sendMessage", {"chat_id": 5, "text": "first"})
    failed, body = state.handle("sendMessage", {"chat_id": 5, "text": "second"})
    me, _ = state.handle("getMe", {})
    state.random_faults = None
    sent, _ = state.handle("sendMessage", {"chat_id": 5, "text": "third"})

    assert (limited, failed, me, sent) == (429, 502, 200, 200)
    assert body == {"ok": False, "error_code": 502, "description": "Bad Gateway"}
    assert faults.injected == {"sendMessage": 1}
    assert faults.injected_total == 1


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_share_outside_zero_to_one_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match=r"0\.\.1"):
        TelegramState().fail_at_random({"sendMessage": share})


async def test_added_latency_delays_every_answer_by_a_seeded_time(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    latency = bot_api_server.add_latency(0.05, 0.08, seed=5)

    for _ in range(4):
        started = time.monotonic()
        status, _ = await api(session, bot_api_server, "getMe")
        assert status == 200
        # A lower bound only: the delay is there; how much longer the call took is not tested.
        assert time.monotonic() - started >= 0.05

    assert len(latency.delays) == 4
    assert all(0.05 <= delay <= 0.08 for delay in latency.delays)
    twin = Latency(0.05, 0.08, seed=5)
    assert [twin.draw() for _ in range(4)] == latency.delays


def test_latency_needs_an_ordered_range() -> None:
    with pytest.raises(ValueError, match="low <= high"):
        FakeBotApiServer().add_latency(0.2, 0.1)


async def test_an_offline_server_refuses_connections_and_comes_back_on_the_same_port(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    server, state = bot_api_server, bot_api_server.state
    alice = state.add_user(first_name="Alice")
    port = server.port
    listening = [server.online]

    async with server.unreachable():
        listening.append(server.online)
        with pytest.raises(aiohttp.ClientConnectionError):
            await api(session, server, "getMe")
        server.send_text(alice, None, "sent while Telegram was out of reach")

    listening.append(server.online)
    assert listening == [True, False, True]
    assert server.port == port
    assert server.outages == 1
    status, body = await api(session, server, "getUpdates")
    assert status == 200
    assert [u["message"]["text"] for u in body["result"]] == [
        "sent while Telegram was out of reach"
    ]


async def test_going_offline_answers_a_waiting_long_poll_and_keeps_its_updates(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    server, state = bot_api_server, bot_api_server.state
    alice = state.add_user(first_name="Alice")
    server.send_text(alice, None, "one")
    _, body = await api(session, server, "getUpdates")
    first = body["result"][0]["update_id"]
    poll = asyncio.create_task(api(session, server, "getUpdates", offset=first + 1, timeout=30))
    await server.wait_until(lambda: state.waiting_polls == 1, what="a waiting long poll")

    await server.go_offline()

    assert await asyncio.wait_for(poll, 5) == (200, {"ok": True, "result": []})
    server.send_text(alice, None, "two")
    await server.go_online()
    _, body = await api(session, server, "getUpdates", offset=first + 1)
    assert [u["message"]["text"] for u in body["result"]] == ["two"]


async def test_a_server_closed_while_offline_stays_closed(session: aiohttp.ClientSession) -> None:
    server = FakeBotApiServer()
    await server.start()
    await server.go_offline()
    await server.close()

    assert not server.online
    with pytest.raises(aiohttp.ClientConnectionError):
        await api(session, server, "getMe")


async def test_an_unreachable_request_layer_cuts_a_waiting_poll_and_keeps_its_updates() -> None:
    state = TelegramState()
    request = FakeRequest(state)
    bot = Bot(state.token, request=request, get_updates_request=request)
    alice = state.add_user(first_name="Alice")

    async with bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        assert await wait_for(state, lambda: state.waiting_polls == 1, 5)
        async with request.unreachable():
            with pytest.raises(NetworkError):
                await poll
            state.push_update(state.message_update(alice, None, "sent while out of reach"))
            with pytest.raises(NetworkError):
                await bot.get_me()
        updates = await bot.get_updates()

    assert request.refused == 2
    assert [update.effective_message.text for update in updates if update.effective_message] == [
        "sent while out of reach"
    ]


async def test_request_latency_delays_every_answer_by_a_seeded_time() -> None:
    state = TelegramState()
    latency = Latency(0.0, 0.01, seed=5)
    request = FakeRequest(state, latency=latency)
    bot = Bot(state.token, request=request)

    async with bot:  # getMe
        await bot.send_message(5, "one")
        await bot.send_message(5, "two")

    assert len(latency.delays) == 3
    twin = Latency(0.0, 0.01, seed=5)
    assert [twin.draw() for _ in range(3)] == latency.delays
    assert [m.text for m in state.sent_messages(5)] == ["one", "two"]
