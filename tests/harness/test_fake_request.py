"""PTB's Bot, talking through FakeRequest, meets Telegram's answers and exceptions."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from telegram import BotCommand, BotCommandScopeAllGroupChats, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import Application, ApplicationBuilder

from bot.sandbox.waiting import wait_for
from tests.fakes import FakeRequest, TelegramState, fake_application_builder, running_application

App = Application[Any, Any, Any, Any, Any, Any]


async def test_initialising_the_application_asks_the_fake_who_the_bot_is(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    assert ptb_application.bot.username == "solidarity_test_bot"
    assert ptb_application.bot.id == telegram_state.bot.id
    assert [call.method for call in telegram_state.calls] == ["getMe"]


async def test_a_wrong_token_is_refused() -> None:
    state = TelegramState()
    application = ApplicationBuilder().token("999:wrong").request(FakeRequest(state)).build()

    with pytest.raises(InvalidToken):
        await application.initialize()


async def test_what_the_bot_sends_is_recorded_decoded(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    await ptb_application.bot.send_message(1001, "<b>Hi</b>", parse_mode="HTML")

    call = telegram_state.calls_to("sendMessage")[0]
    assert call.params == {"chat_id": 1001, "text": "<b>Hi</b>", "parse_mode": "HTML"}
    assert call.ok
    assert telegram_state.sent_messages(1001)[0].text == "Hi"


async def test_too_many_requests_reach_ptb_as_retry_after(
    ptb_application: App, telegram_state: TelegramState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB 22 warns unless it may use timedelta
    telegram_state.fail_next("sendMessage", 429, retry_after=5)

    with pytest.raises(RetryAfter) as raised:
        await ptb_application.bot.send_message(1001, "x")
    await ptb_application.bot.send_message(1001, "x")  # the next one goes through

    assert raised.value.retry_after == dt.timedelta(seconds=5)
    assert len(telegram_state.sent_messages(1001)) == 1


async def test_a_blocked_chat_raises_forbidden(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    telegram_state.block(1001)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb_application.bot.send_message(1001, "x")


async def test_a_missing_chat_raises_bad_request(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    telegram_state.chat_not_found(1001)

    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await ptb_application.bot.send_message(1001, "x")


async def test_a_migrated_group_raises_chat_migrated(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    telegram_state.migrate(-4001, -1001234)

    with pytest.raises(ChatMigrated) as raised:
        await ptb_application.bot.send_message(-4001, "x")

    assert raised.value.new_chat_id == -1001234


async def test_a_server_error_raises_network_error(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    telegram_state.fail_next("sendMessage", 502)

    with pytest.raises(NetworkError, match="Bad Gateway"):
        await ptb_application.bot.send_message(1001, "x")


async def test_invalid_html_raises_bad_request(ptb_application: App) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await ptb_application.bot.send_message(1001, "Tom & Jerry", parse_mode="HTML")


async def test_a_sent_document_can_be_fetched_back_through_ptb(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    content = "id,name\n1,Алесь Бяляцкі\n".encode()
    bot = ptb_application.bot

    message = await bot.send_document(1001, InputFile(content, filename="export.csv"))
    assert message.document is not None
    file = await bot.get_file(message.document.file_id)
    downloaded = await file.download_as_bytearray()

    assert bytes(downloaded) == content
    assert message.document.file_name == "export.csv"
    assert telegram_state.calls_to("sendDocument")[0].files["document"].content == content


async def test_command_menus_set_through_ptb_are_kept_per_scope_and_language(
    ptb_application: App, telegram_state: TelegramState
) -> None:
    bot = ptb_application.bot
    commands = [BotCommand("start", "Пачаць"), BotCommand("follow", "Сачыць")]

    await bot.set_my_commands(commands, language_code="be")
    await bot.set_my_commands(commands[:1], scope=BotCommandScopeAllGroupChats())
    fetched = await bot.get_my_commands(language_code="be")

    assert [c.command for c in fetched] == ["start", "follow"]
    assert telegram_state.get_commands({"type": "all_group_chats"}) == [
        {"command": "start", "description": "Пачаць"}
    ]


async def test_get_updates_waits_for_an_update(telegram_state: TelegramState) -> None:
    application = fake_application_builder(telegram_state).build()
    user = telegram_state.add_user()
    async with running_application(application):
        polling = asyncio.create_task(application.bot.get_updates(timeout=30))
        assert await wait_for(telegram_state, lambda: telegram_state.waiting_polls, seconds=5)
        assert not polling.done()

        telegram_state.push_update(telegram_state.message_update(user, None, "/start"))
        updates = await asyncio.wait_for(polling, 5)

    assert [u.message.text for u in updates if u.message] == ["/start"]
