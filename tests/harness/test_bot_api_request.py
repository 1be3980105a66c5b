"""The bot's requests over aiohttp (bot.bot_api_request) against the local Bot API over HTTP.

What python-telegram-bot makes of a call must not depend on the networking under it: bodies the
server reads as sent, uploads intact, its errors as python-telegram-bot's own, and a server that
is slow or gone a TimedOut or NetworkError the callers already handle.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.bot_api_request import AiohttpRequest
from tests.fakes import FakeBotApiServer, FakeUser
from tests.harness.conftest import bot_over_http


@pytest.fixture
async def bot(bot_api_server: FakeBotApiServer) -> AsyncIterator[Bot]:
    bot = bot_over_http(bot_api_server, Bot)
    async with bot:
        yield bot


async def test_a_message_with_buttons_arrives_as_sent(
    bot: Bot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("✉️ I wrote", callback_data="lw:x")]])

    sent = await bot.send_message(alice.id, "<b>Ігар Лосік</b> 🕊", "HTML", reply_markup=markup)

    [stored] = bot_api_server.state.sent_messages(alice.id)
    assert stored.text == "Ігар Лосік 🕊"
    assert stored.buttons == [{"text": "✉️ I wrote", "callback_data": "lw:x"}]
    assert sent.message_id == stored.message_id
    assert sent.reply_markup == markup
    [call] = bot_api_server.state.calls_to("sendMessage")
    assert call.params["chat_id"] == alice.id  # a JSON number, not a string


async def test_a_file_is_uploaded_whole_with_its_caption(
    bot: Bot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    content = "BEGIN:VCALENDAR\r\nSUMMARY:Ігар Лосік\r\nEND:VCALENDAR\r\n".encode()

    await bot.send_document(alice.id, content, filename="calendar.ics", caption="Каляндар")

    [call] = bot_api_server.state.calls_to("sendDocument")
    [upload] = call.files.values()
    assert (upload.filename, upload.content) == ("calendar.ics", content)
    assert call.params["caption"] == "Каляндар"


async def test_the_servers_errors_are_python_telegram_bots(
    bot: Bot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    state = bot_api_server.state
    state.fail_next("sendMessage", 429, retry_after=7)
    state.fail_next("sendMessage", 400, "Bad Request: chat not found")

    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(alice.id, "One")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(alice.id, "Two")
    await bot.send_message(alice.id, "Three")

    assert flood.value.retry_after.total_seconds() == 7  # type: ignore[union-attr]
    assert [m.text for m in state.sent_messages(alice.id)] == ["Three"]


async def test_long_polling_gets_the_updates_waiting(
    bot: Bot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    state = bot_api_server.state
    state.push_update(state.message_update(alice, None, "Losik"))

    [update] = await bot.get_updates(timeout=1)

    assert update.message is not None
    assert update.message.text == "Losik"


async def test_a_server_that_does_not_answer_times_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        await asyncio.sleep(5)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(1, read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
    finally:
        await request.shutdown()
        server.close()
        await server.wait_closed()


async def test_a_server_that_is_gone_is_a_network_error() -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    request = AiohttpRequest(1)

    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
    async with request:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
