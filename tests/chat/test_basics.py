"""/start, /help, /about, /forget and the error handler, through the real Application."""

from __future__ import annotations

import logging

import pytest
from telegram import Update

from bot.context import BotApplication, BotContext
from bot.domain.chat import ChatType
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser


async def test_start_welcomes_and_remembers_the_chat(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    [reply] = await user.send("/start")
    assert "thank you for being here" in reply.text
    assert "Ales Bialiatski" in reply.text
    assert reply.parse_mode == "HTML"
    chat = await bot_app.bot_data.services.chats.get(user.id)
    assert chat is not None
    assert chat.type is ChatType.PRIVATE
    assert chat.language == "en"
    assert chat.timezone == "Europe/Minsk"


async def test_start_twice_keeps_one_chat(user: SimulatedUser, bot_app: BotApplication) -> None:
    await user.send("/start")
    await user.send("/start")
    counts = await bot_app.bot_data.services.chats.counts()
    assert (counts.active, counts.private) == (1, 1)


async def test_help_lists_the_commands(user: SimulatedUser) -> None:
    [reply] = await user.send("/help")
    for command in ("/start", "/help", "/about", "/forget"):
        assert command in reply.text


async def test_about_gives_the_data_date_and_what_is_stored(user: SimulatedUser) -> None:
    [reply] = await user.send("/about")
    assert "32 people" in reply.text
    assert "19 March 2026" in reply.text
    assert "Viasna" in reply.text
    assert "/forget" in reply.text
    assert "username" in reply.text


async def test_commands_in_groups_work_with_the_bot_mention(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    from bot.sandbox.models import FakeChat

    member = SimulatedUser(bot_app, telegram_state, chat=FakeChat.group())
    [reply] = await member.send("/help@solidarity_test_bot")
    assert reply.chat_id < 0
    assert "/about" in reply.text


async def test_menu_and_description_are_registered_at_start_up(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    commands = telegram_state.get_commands(None, "")
    assert [c["command"] for c in commands] == [
        "start",
        "find",
        "follow",
        "following",
        "write",
        "evening",
        "today",
        "upcoming",
        "calendar",
        "settings",
        "help",
        "about",
        "forget",
    ]
    assert all(c["description"] for c in commands)
    assert telegram_state.get_commands(None, "en") == commands
    assert telegram_state.descriptions


async def test_forget_asks_first_and_keeps_everything_on_no(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await user.send("/start")
    [question] = await user.send("/forget")
    assert "cannot be undone" in question.text
    await user.press("No, keep it")
    assert user.last_message.text == "Nothing was erased."
    assert user.last_message.buttons == []
    assert await bot_app.bot_data.services.chats.get(user.id) is not None


async def test_forget_erases_the_chat(user: SimulatedUser, bot_app: BotApplication) -> None:
    await user.send("/start")
    await user.send("/forget")
    await user.press("Yes, erase everything")
    assert "no longer store anything" in user.last_message.text
    db = bot_app.bot_data.services.db
    tables = [
        row[0]
        for row in await db.fetchall(
            "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
            "WHERE m.type = 'table' AND c.name = 'chat_id'"
        )
    ]
    assert "chats" in tables
    for table in tables:
        assert await db.fetchval(f"SELECT count(*) FROM {table} WHERE chat_id = ?", (user.id,)) == 0  # noqa: S608 - names from the schema


async def test_a_failing_handler_gets_one_apology_and_no_text_in_the_log(
    bot_app: BotApplication,
    telegram_state: TelegramState,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from telegram.ext import CommandHandler

    async def broken(update: Update, context: BotContext) -> None:
        raise RuntimeError("boom")

    # First in the main group, as a real command would be: the unknown-command fallback is last.
    bot_app.handlers[0].insert(0, CommandHandler("broken", broken))
    person = SimulatedUser(bot_app, telegram_state, raise_errors=False)
    with caplog.at_level(logging.ERROR):
        replies = await person.send("/broken secret words")
    assert [r.text for r in replies] == [
        "Sorry, something went wrong on my side. Please try again in a minute."
    ]
    assert "boom" in caplog.text
    assert "secret words" not in caplog.text


async def test_in_groups_only_admins_may_erase(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    from bot.sandbox.models import FakeChat

    group = FakeChat.group()
    admin = SimulatedUser(bot_app, telegram_state, chat=group)
    member = SimulatedUser(bot_app, telegram_state, chat=group)
    telegram_state.set_chat_admins(group.id, [admin.id], owner_id=admin.id)
    await admin.send("/start")
    [refusal] = await member.send("/forget")
    assert "Only the admins" in refusal.text
    [question] = await admin.send("/forget")
    refused = telegram_state.callback_update(member.user, question, "forget:yes")
    await member.process(refused)
    assert (
        "Only the admins"
        in telegram_state.callback_answers[refused["callback_query"]["id"]]["text"]
    )
    assert await bot_app.bot_data.services.chats.get(group.id) is not None
    await admin.press("Yes, erase everything")
    assert await bot_app.bot_data.services.chats.get(group.id) is None


async def test_edited_commands_and_texts_are_not_answered_again(
    user: SimulatedUser, telegram_state: TelegramState
) -> None:
    mine = telegram_state.new_message(user.chat, user.user, text="/help")
    assert await user.edit(mine, "/about") == []
    text = telegram_state.new_message(user.chat, user.user, text="Babaryka")
    assert await user.edit(text, "Kalesnikava") == []
