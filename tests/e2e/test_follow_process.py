"""Following people, settings and a chat's life, through the real bot process.

The bot runs as users start it (``python -m bot run``) against the local fake Bot API. Buttons
are pressed by queuing the callback query Telegram would send; every wait is for something the
bot does (an answer, an edit, a message), never for a fixed time. The database is read with a
fresh stdlib connection, as an operator would read it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from bot.sandbox.models import Edit, JsonDict
from tests.fakes import BotProcess, ChatMessage, FakeBotApiServer, FakeChat, FakeUser

START_UP = 60.0  # the first start imports the bundled data set


def bot_env(server: FakeBotApiServer, database: Path) -> dict[str, str]:
    # DEBUG is the most talkative level: the privacy checks below hold even there.
    return {**server.env(), "DATABASE_PATH": str(database), "LOG_LEVEL": "DEBUG"}


async def ready(server: FakeBotApiServer) -> None:
    """Wait until the bot has started: publishing its command menu ends the start-up."""
    await server.wait_for_call("setMyCommands", timeout=START_UP)


def callback_data(message: ChatMessage, *, text: str | None = None, ending: str = "") -> str:
    """Return the callback data of the button with this text, or whose data has this ending."""
    for button in message.buttons:
        data = button.get("callback_data", "")
        if (text is None or button["text"] == text) and data.endswith(ending):
            return str(data)
    raise AssertionError(f"no button {text or ''!r} …{ending!r} on {message!r}")


async def press(
    server: FakeBotApiServer, user: FakeUser, message: ChatMessage, data: str
) -> JsonDict:
    """Press the button with this data on message; return the bot's answer to the press."""
    update = server.push_update(server.state.callback_update(user, message, data))
    query_id = update["callback_query"]["id"]
    answer: JsonDict = await server.wait_until(
        lambda: server.state.callback_answers.get(query_id),
        what=f"the answer to pressing {data!r}",
    )
    return answer


async def press_and_see_edit(
    server: FakeBotApiServer, user: FakeUser, message: ChatMessage, data: str
) -> tuple[JsonDict, Edit]:
    """Press a button and wait until the bot edits the message it is on."""
    state = server.state
    since = len(state.edits)
    answer = await press(server, user, message, data)

    def edit_of_message() -> Edit | None:
        return next(
            (
                edit
                for edit in state.edits[since:]
                if (edit.chat_id, edit.message_id) == (message.chat_id, message.message_id)
            ),
            None,
        )

    edit = await server.wait_until(edit_of_message, what=f"an edit of {message!r}")
    return answer, edit


async def handled_so_far(server: FakeBotApiServer, witness: FakeUser) -> None:
    """Return once the bot has handled every update queued so far.

    The bot handles updates one at a time, in order: when it answers the witness's /help,
    everything queued before it is done, even updates it answers with no call at all.
    """
    server.send_text(witness, None, "/help")
    await server.wait_for_message(witness.id)


def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one query on a fresh connection (the bot may be running: WAL lets us read)."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return conn.execute(sql, params).fetchall()


def rows_per_table(database: Path, chat_id: int) -> dict[str, int]:
    """Count the rows about chat_id in every table that has a chat_id column."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if any(column[1] == "chat_id" for column in conn.execute(f"PRAGMA table_info({name})"))
        ]
        counts = {}
        for table in tables:
            sql = f"SELECT count(*) FROM {table} WHERE chat_id = ?"  # noqa: S608 - from sqlite_master
            counts[table] = conn.execute(sql, (chat_id,)).fetchone()[0]
        return counts


def assert_nothing_personal_logged(output: str, *private: str) -> None:
    """The bot never logs what people wrote, nor their names."""
    leaked = [text for text in private if text in output]
    assert not leaked, f"the bot's output carries {leaked}:\n{output}"


async def test_following_from_a_card_and_stopping_from_the_list(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """A supporter sends a name and gets the card. She presses "🔔 Follow": a note says she
    follows Maria now and the same card's button turns into "🔕 Stop following". /following
    lists Maria; pressing ✖ on her row stops following, and the list message itself changes
    to say she follows nobody."""
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    alesia = state.add_user(first_name="Alesia", language_code="en")

    async with BotProcess(env=bot_env(server, database), cwd=tmp_path) as bot:
        await ready(server)
        server.send_text(alesia, None, "Kalesnikava")
        card = await server.wait_for_message(alesia.id, timeout=30)
        assert (card.text or "").startswith("Maria Kalesnikava")
        assert "🔔 Follow" in card.button_texts

        answer, edit = await press_and_see_edit(
            server, alesia, card, callback_data(card, text="🔔 Follow")
        )
        assert "You follow Maria Kalesnikava now" in answer["text"]
        assert edit.method == "editMessageReplyMarkup"
        assert "🔕 Stop following" in card.button_texts
        assert "🔔 Follow" not in card.button_texts

        server.send_text(alesia, None, "/following")
        listing = await server.wait_for_message(alesia.id)
        assert "You follow one person" in (listing.text or "")
        assert listing.inline_keyboard[0][0]["text"].startswith("Maria Kalesnikava")
        assert listing.inline_keyboard[0][1]["text"] == "✖"

        answer, edit = await press_and_see_edit(
            server, alesia, listing, listing.inline_keyboard[0][1]["callback_data"]
        )
        assert "You no longer follow Maria Kalesnikava" in answer["text"]
        assert edit.method == "editMessageText"
        assert "You do not follow anyone yet" in (listing.text or "")
        assert not any(text.startswith("Maria") for text in listing.button_texts)
        assert len(state.sent_messages(alesia.id)) == 2  # the card and the list, nothing more
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert query(database, "SELECT count(*) FROM follows WHERE chat_id = ?", alesia.id) == [(0,)]
    assert_nothing_personal_logged(bot.output, "Alesia", "Kalesnikava", "/following")


async def test_blocking_keeps_follows_and_forget_erases_everything(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """A supporter follows Maria, then blocks the bot: the bot stops counting her chat as
    reachable but keeps her follow, so after she unblocks it /following still lists Maria.
    Then she sends /forget and confirms: the confirmation turns into "Done", and nothing about
    her chat is left in the database."""
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    barys = state.add_user(first_name="Barys", language_code="en")
    witness = state.add_user(first_name="Wiktar", language_code="en")

    def chat_row() -> list[tuple[Any, ...]]:
        return query(database, "SELECT active FROM chats WHERE chat_id = ?", barys.id)

    def follows() -> list[tuple[Any, ...]]:
        return query(database, "SELECT prisoner_id FROM follows WHERE chat_id = ?", barys.id)

    async with BotProcess(env=bot_env(server, database), cwd=tmp_path) as bot:
        await ready(server)
        server.send_text(barys, None, "/follow Kalesnikava")
        followed = await server.wait_for_message(barys.id, timeout=30)
        assert "You follow Maria Kalesnikava now" in (followed.text or "")

        server.push_update(state.blocked_update(barys))
        await handled_so_far(server, witness)
        assert chat_row() == [(0,)]
        assert follows() == [("maria-kalesnikava",)]

        server.push_update(state.unblocked_update(barys))
        server.send_text(barys, None, "/following")
        listing = await server.wait_for_message(barys.id)
        assert "You follow one person" in (listing.text or "")
        assert chat_row() == [(1,)]

        server.send_text(barys, None, "/forget")
        confirm = await server.wait_for_message(barys.id)
        _, edit = await press_and_see_edit(
            server, barys, confirm, callback_data(confirm, text="Yes, erase everything")
        )
        assert "I no longer store anything about this chat" in (edit.text or "")
        assert not confirm.buttons
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    left = rows_per_table(database, barys.id)
    assert {"chats", "follows"} <= left.keys()
    assert set(left.values()) == {0}, left
    assert_nothing_personal_logged(bot.output, "Barys", "Wiktar", "Kalesnikava", "/forget")


async def test_settings_change_in_place_and_a_typed_time_zone_is_checked(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """A supporter opens /settings, presses "🌐 Language", then "Беларуская": the same menu
    message changes (no new message) and is in Belarusian now, city names included. She
    presses the time-zone button and "⌨️ Type another…", and answers the prompt with
    "Mars/Olympus": the bot says it does not know that zone and keeps Minsk. She answers
    "Europe/Warsaw": the bot confirms, the menu shows Warsaw, and it is what the bot stored."""
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    hanna = state.add_user(first_name="Hanna", language_code="en")

    def stored() -> list[tuple[Any, ...]]:
        return query(database, "SELECT language, timezone FROM chats WHERE chat_id = ?", hanna.id)

    async with BotProcess(env=bot_env(server, database), cwd=tmp_path) as bot:
        await ready(server)
        server.send_text(hanna, None, "/settings")
        menu = await server.wait_for_message(hanna.id, timeout=30)
        assert "Language: English" in (menu.text or "")

        await press_and_see_edit(server, hanna, menu, callback_data(menu, text="🌐 Language"))
        assert menu.button_texts == ["✅ English", "Беларуская", "Русский", "‹ Back"]
        answer, edit = await press_and_see_edit(
            server, hanna, menu, callback_data(menu, text="Беларуская")
        )
        assert answer["text"]  # "Saved."
        assert edit.message_id == menu.message_id
        assert "Беларуская" in (menu.text or "")
        assert "Мінск (Europe/Minsk)" in (menu.text or "")
        assert "Settings for this chat" not in (menu.text or "")  # the menu's own words too
        assert "🌐 Language" not in menu.button_texts
        assert len(state.sent_messages(hanna.id)) == 1  # changed in place, nothing new
        assert stored() == [("be", "Europe/Minsk")]

        await press_and_see_edit(server, hanna, menu, callback_data(menu, ending=":tz"))
        assert "✅ Мінск" in menu.button_texts
        await press(server, hanna, menu, callback_data(menu, ending=":tzask"))
        prompt = await server.wait_for_message(hanna.id)
        assert "Europe/Warsaw" in (prompt.text or "")
        assert (prompt.reply_markup or {}).get("force_reply")

        server.push_update(state.message_update(hanna, None, "Mars/Olympus", reply_to=prompt))
        error = await server.wait_for_message(hanna.id)
        assert "Mars/Olympus" in (error.text or "")
        assert (error.reply_markup or {}).get("force_reply")  # she can simply try again
        assert "Мінск (Europe/Minsk)" in (menu.text or "")
        assert stored() == [("be", "Europe/Minsk")]

        edits_before = len(state.edits)
        server.push_update(state.message_update(hanna, None, "Europe/Warsaw", reply_to=error))
        done = await server.wait_for_message(hanna.id)
        assert "Варшава (Europe/Warsaw)" in (done.text or "")
        await server.wait_until(
            lambda: any(e.message_id == menu.message_id for e in state.edits[edits_before:]),
            what="the menu to show the new time zone",
        )
        assert "Варшава (Europe/Warsaw)" in (menu.text or "")
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert stored() == [("be", "Europe/Warsaw")]
    assert_nothing_personal_logged(bot.output, "Hanna", "Mars/Olympus", "Europe/Warsaw")


async def test_only_group_admins_follow_and_a_supergroup_keeps_everything(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """In a group, a member who is not an admin sends /follow Kalesnikava: the bot explains
    that only admins can, and the group follows nobody; he cannot pause the messages either.
    The admin sends the same command and the group follows Maria; she pauses the messages.
    When Telegram turns the group into a supergroup, the supergroup still follows Maria and
    is still paused, and nothing is left under the old group's id."""
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    admin = state.add_user(first_name="Aksana", language_code="en")
    member = state.add_user(first_name="Bahdan", language_code="en")
    group = state.add_chat(FakeChat.group(-4321, "Letters to Minsk"))
    state.set_chat_admins(group.id, [admin.id])
    supergroup_id = -1001234567890

    async with BotProcess(env=bot_env(server, database), cwd=tmp_path) as bot:
        await ready(server)
        server.push_update(state.added_to_chat_update(admin, group))
        welcome = await server.wait_for_message(group.id, timeout=30)
        assert "thank you for adding me" in (welcome.text or "")

        server.send_text(member, group, "/follow Kalesnikava")
        refusal = await server.wait_for_message(group.id)
        assert "Only the admins of this group" in (refusal.text or "")
        server.send_text(member, group, "/following")
        listing = await server.wait_for_message(group.id)
        assert "This chat does not follow anyone yet" in (listing.text or "")

        server.send_text(admin, group, "/follow Kalesnikava")
        followed = await server.wait_for_message(group.id)
        assert "This chat follows Maria Kalesnikava now" in (followed.text or "")

        server.send_text(admin, group, "/settings")
        menu = await server.wait_for_message(group.id)
        pause = callback_data(menu, text="⏸ Pause all messages")
        answer = await press(server, member, menu, pause)
        assert answer["show_alert"]
        assert "Only the admins" in answer["text"]
        assert "Messages are on" in (menu.text or "")
        await press_and_see_edit(server, admin, menu, pause)
        assert "Messages are paused" in (menu.text or "")

        for update in state.migration_updates(admin, group, supergroup_id):
            server.push_update(update)
        supergroup = state.chats[supergroup_id]
        server.send_text(admin, supergroup, "/following")
        listing = await server.wait_for_message(supergroup_id)
        assert "This chat follows one person" in (listing.text or "")
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert query(
        database, "SELECT type, paused, active FROM chats WHERE chat_id = ?", supergroup_id
    ) == [("supergroup", 1, 1)]
    assert query(database, "SELECT prisoner_id FROM follows WHERE chat_id = ?", supergroup_id) == [
        ("maria-kalesnikava",)
    ]
    assert set(rows_per_table(database, group.id).values()) == {0}
    assert_nothing_personal_logged(
        bot.output, "Aksana", "Bahdan", "Letters to Minsk", "Kalesnikava", "/follow"
    )
