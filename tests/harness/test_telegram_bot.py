"""The bot's Bot (bot.telegram_bot): its own messages come back as which message they became.

Telegram answers a sent or edited message with all of it; the bot reads only its id, chat and
date, and the rest is never parsed. Every other answer is read whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram_bot import SolidarityBot
from tests.fakes import FakeBotApiServer, FakeUser
from tests.harness.conftest import bot_over_http

MARKUP = InlineKeyboardMarkup([[InlineKeyboardButton("✉️ I wrote", callback_data="lw:x")]])


@pytest.fixture
async def bot(bot_api_server: FakeBotApiServer) -> AsyncIterator[SolidarityBot]:
    bot = bot_over_http(bot_api_server, SolidarityBot)
    async with bot:
        yield bot


async def test_a_sent_message_comes_back_as_its_id_chat_and_date(
    bot: SolidarityBot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    sent = await bot.send_message(alice.id, "<b>Ігар Лосік</b>", "HTML", reply_markup=MARKUP)

    [stored] = bot_api_server.state.sent_messages(alice.id)
    # Telegram has all of it, as sent.
    assert stored.text == "Ігар Лосік"
    assert stored.buttons == [{"text": "✉️ I wrote", "callback_data": "lw:x"}]
    assert (sent.message_id, sent.chat.id) == (stored.message_id, alice.id)
    assert sent.date is not None
    # The copy the bot reads is just which message it is.
    assert (sent.text, sent.entities, sent.reply_markup) == (None, (), None)


async def test_an_edited_message_comes_back_the_same_way(
    bot: SolidarityBot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    sent = await bot.send_message(alice.id, "Losik")

    edited = await bot.edit_message_text(
        "<i>Losik</i>", alice.id, sent.message_id, parse_mode="HTML", reply_markup=MARKUP
    )

    [stored] = bot_api_server.state.sent_messages(alice.id)
    assert stored.text == "Losik"
    assert stored.buttons == [{"text": "✉️ I wrote", "callback_data": "lw:x"}]
    assert not isinstance(edited, bool)
    assert edited.message_id == sent.message_id
    assert (edited.text, edited.reply_markup) == (None, None)


async def test_other_answers_are_read_whole(
    bot: SolidarityBot, bot_api_server: FakeBotApiServer, alice: FakeUser
) -> None:
    me = await bot.get_me()
    chat = await bot.get_chat(alice.id)

    assert me.username == bot_api_server.state.bot.username
    assert chat.first_name == "Alice"
