"""Real PTB bots, in this process and as a child process, against the local Bot API server."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import InputFile, Update
from telegram.error import Forbidden, RetryAfter
from telegram.ext import Application, ApplicationBuilder, CommandHandler, ContextTypes

from tests.fakes import BotProcess, FakeBotApiServer

App = Application[Any, Any, Any, Any, Any, Any]
ECHO_BOT = Path(__file__).with_name("echo_bot.py")


async def greet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user by name."""
    assert update.message is not None
    assert update.effective_user is not None
    await update.message.reply_html(
        f"Hello, <b>{html.escape(update.effective_user.first_name)}</b>"
    )


@pytest.fixture
async def polling_app(bot_api_server: FakeBotApiServer) -> AsyncIterator[App]:
    """Yield an application that long-polls the server, as run_polling would."""
    application = (
        ApplicationBuilder()
        .token(bot_api_server.token)
        .base_url(bot_api_server.base_url)
        .base_file_url(bot_api_server.file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", greet))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=10)
        yield application
        await application.updater.stop()
        await application.stop()


async def test_a_polling_application_answers_a_pushed_update(
    polling_app: App, bot_api_server: FakeBotApiServer
) -> None:
    alice = bot_api_server.state.add_user(first_name="Alice & Bob")

    bot_api_server.send_text(alice, None, "/start")
    reply = await bot_api_server.wait_for_message(alice.id)

    assert reply.text == "Hello, Alice & Bob"
    assert reply.entities == [{"type": "bold", "offset": 7, "length": 11}]


async def test_errors_over_http_reach_ptb_as_its_exceptions(
    polling_app: App, bot_api_server: FakeBotApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns unless it may use timedelta
    bot_api_server.state.fail_next("sendMessage", 429, retry_after=7)
    bot_api_server.state.block(1001)

    with pytest.raises(RetryAfter) as raised:
        await polling_app.bot.send_message(1001, "x")
    with pytest.raises(Forbidden, match="blocked by the user"):
        await polling_app.bot.send_message(1001, "x")

    assert raised.value.retry_after == dt.timedelta(seconds=7)


async def test_a_file_goes_up_and_comes_back_through_ptb(
    polling_app: App, bot_api_server: FakeBotApiServer
) -> None:
    content = "id,name\n1,Алесь Бяляцкі\n".encode() * 1000
    bot = polling_app.bot

    message = await bot.send_document(1001, InputFile(content, filename="export.csv"))
    assert message.document is not None
    file = await bot.get_file(message.document.file_id)

    assert bytes(await file.download_as_bytearray()) == content
    assert file.file_path is not None
    assert file.file_path.startswith(bot_api_server.file_url)


async def test_a_bot_process_long_polls_and_stops_cleanly(
    bot_api_server: FakeBotApiServer,
) -> None:
    alice = bot_api_server.state.add_user(first_name="Alice")

    async with BotProcess([str(ECHO_BOT)], env=bot_api_server.env()) as bot:
        bot_api_server.send_text(alice, None, "/start")
        greeting = await bot_api_server.wait_for_message(alice.id, timeout=30)
        bot_api_server.send_text(alice, None, "Free them all")
        echo = await bot_api_server.wait_for_message(alice.id)
        exit_code = await bot.stop()

    assert greeting.text == "Hello, Alice!"
    assert echo.text == "Free them all"
    assert exit_code == 0, bot.output
    assert bot_api_server.token not in bot.output
    assert bot_api_server.state.updates == []  # both updates were confirmed on the way out
