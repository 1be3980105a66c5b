"""The local Bot API server speaks HTTP like Telegram: tokens, bodies, long polling, webhooks."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.fakes import FakeBotApiServer, FakeUser

Reply = tuple[int, dict[str, Any]]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def api(
    session: aiohttp.ClientSession,
    server: FakeBotApiServer,
    method: str,
    token: str | None = None,
    **params: Any,
) -> Reply:
    """Call a method with a JSON body."""
    url = f"{server.root_url}/bot{token or server.token}/{method}"
    async with session.post(url, json=params) as response:
        return response.status, await response.json()


async def test_a_wrong_token_is_unauthorized_and_an_unknown_method_not_found(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    assert await api(session, bot_api_server, "getMe", token="1:wrong") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert await api(session, bot_api_server, "sendTelepathy") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_parameters_are_read_from_the_query_form_and_json_bodies(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    url = f"{bot_api_server.base_url}{bot_api_server.token}/sendMessage"
    markup = json.dumps({"inline_keyboard": [[{"text": "Follow", "callback_data": "f:1"}]]})

    async with session.get(url, params={"chat_id": "5", "text": "by query"}) as by_query:
        assert by_query.status == 200
    form = {"chat_id": "5", "text": "123", "reply_markup": markup}
    async with session.post(url, data=form) as by_form:
        assert by_form.status == 200
    async with session.post(url, json={"chat_id": 5, "text": "by json"}) as by_json:
        assert by_json.status == 200

    calls = bot_api_server.state.calls_to("sendMessage")
    assert [call.params["text"] for call in calls] == ["by query", "123", "by json"]
    assert calls[1].params["chat_id"] == 5
    assert calls[1].params["reply_markup"] == json.loads(markup)


async def test_a_multipart_upload_is_stored_and_downloadable(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    content = "id,name\n1,Алесь\n".encode()
    form = aiohttp.FormData()
    form.add_field("chat_id", "5")
    form.add_field("caption", "<b>Export</b>")
    form.add_field("parse_mode", "HTML")
    form.add_field("document", content, filename="export.csv", content_type="text/csv")
    url = f"{bot_api_server.base_url}{bot_api_server.token}/sendDocument"

    async with session.post(url, data=form) as response:
        sent = (await response.json())["result"]
    _, file = await api(session, bot_api_server, "getFile", file_id=sent["document"]["file_id"])
    download = f"{bot_api_server.file_url}{bot_api_server.token}/{file['result']['file_path']}"
    async with session.get(download) as response:
        downloaded = await response.read()
    async with session.get(f"{bot_api_server.file_url}{bot_api_server.token}/nope") as missing:
        assert missing.status == 404

    assert sent["caption"] == "Export"
    assert sent["document"]["file_name"] == "export.csv"
    assert downloaded == content


async def test_get_updates_waits_and_returns_as_soon_as_an_update_arrives(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    state = bot_api_server.state
    polling = asyncio.create_task(api(session, bot_api_server, "getUpdates", timeout=30))
    await bot_api_server.wait_until(lambda: state.waiting_polls, what="a waiting getUpdates")
    assert not polling.done()

    bot_api_server.send_text(alice, None, "/start")
    status, body = await asyncio.wait_for(polling, timeout=5)

    assert status == 200
    assert [update["message"]["text"] for update in body["result"]] == ["/start"]


async def test_get_updates_without_timeout_answers_at_once(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    assert await api(session, bot_api_server, "getUpdates") == (200, {"ok": True, "result": []})


async def test_offsets_confirm_updates(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    ids = [bot_api_server.send_text(alice, None, f"m{n}")["update_id"] for n in range(3)]

    async def fetch(**params: Any) -> list[int]:
        _, body = await api(session, bot_api_server, "getUpdates", **params)
        return [update["update_id"] for update in body["result"]]

    assert await fetch() == ids
    assert await fetch(limit=2) == ids[:2]
    assert await fetch(offset=ids[1]) == ids[1:]
    assert await fetch() == ids[1:]  # the first one was confirmed
    assert await fetch(offset=ids[2] + 1) == []
    assert bot_api_server.state.updates == []


async def test_a_negative_offset_keeps_only_the_latest_updates(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    ids = [bot_api_server.send_text(alice, None, f"m{n}")["update_id"] for n in range(3)]

    _, body = await api(session, bot_api_server, "getUpdates", offset=-1)

    assert [update["update_id"] for update in body["result"]] == ids[-1:]


async def test_allowed_updates_filters_what_the_bot_receives(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    state = bot_api_server.state
    bot_api_server.send_text(alice, None, "hello")
    state.push_update(state.inline_query_update(alice, "Bialiatski"))

    _, body = await api(session, bot_api_server, "getUpdates", allowed_updates=["inline_query"])

    assert [list(update)[1] for update in body["result"]] == ["inline_query"]


async def test_a_second_get_updates_ends_the_first_with_a_conflict(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer
) -> None:
    state = bot_api_server.state
    first = asyncio.create_task(api(session, bot_api_server, "getUpdates", timeout=30))
    await bot_api_server.wait_until(lambda: state.waiting_polls == 1)
    second = asyncio.create_task(api(session, bot_api_server, "getUpdates"))

    status, body = await asyncio.wait_for(first, timeout=5)
    await asyncio.wait_for(second, timeout=5)

    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


async def test_closing_the_server_answers_a_waiting_get_updates(
    session: aiohttp.ClientSession,
) -> None:
    async with FakeBotApiServer() as server:
        polling = asyncio.create_task(api(session, server, "getUpdates", timeout=30))
        await server.wait_until(lambda: server.state.waiting_polls)

    assert await asyncio.wait_for(polling, timeout=5) == (200, {"ok": True, "result": []})


async def test_updates_go_to_the_webhook_while_one_is_set(
    session: aiohttp.ClientSession, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, Any]]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await received.put((secret, await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await api(
            session,
            bot_api_server,
            "setWebhook",
            url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        polled = await api(session, bot_api_server, "getUpdates")
        update = bot_api_server.send_text(alice, None, "/start")

        secret, delivered = await asyncio.wait_for(received.get(), timeout=5)
    finally:
        await runner.cleanup()

    assert polled[0] == 409
    assert secret == "s3cret"
    assert delivered == update
    await bot_api_server.wait_until(lambda: not bot_api_server.state.updates)


async def test_waiting_for_messages_walks_through_the_conversation(
    bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    state = bot_api_server.state
    bot_api_server.send_text(alice, None, "/start")
    for text in ("one", "two"):
        state.handle("sendMessage", {"chat_id": alice.id, "text": text})

    first = await bot_api_server.wait_for_message(alice.id)
    second = await bot_api_server.wait_for_message(alice.id)
    bot_api_server.send_text(alice, None, "/again")
    state.handle("sendMessage", {"chat_id": alice.id, "text": "three"})
    third = await bot_api_server.wait_for_message(alice.id, lambda m: m.text == "three")

    assert [first.text, second.text, third.text] == ["one", "two", "three"]
    with pytest.raises(AssertionError, match="sent no matching message"):
        await bot_api_server.wait_for_message(alice.id, timeout=0.2)


async def test_waiting_for_calls_returns_each_call_once(bot_api_server: FakeBotApiServer) -> None:
    state = bot_api_server.state
    state.handle("setMyCommands", {"commands": [{"command": "start", "description": "Start"}]})
    state.handle("setMyCommands", {"commands": [], "language_code": "be"})

    first = await bot_api_server.wait_for_call("setMyCommands")
    second = await bot_api_server.wait_for_call("setmycommands")

    assert first.params.get("language_code") is None
    assert second.params["language_code"] == "be"
    with pytest.raises(AssertionError, match="no matching setMyCommands call"):
        await bot_api_server.wait_for_call("setMyCommands", timeout=0.2)
