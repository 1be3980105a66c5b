"""/campaign through the real bot process: an operator's message reaches the right chats.

The bot runs as operators start it (``python -m bot run``) against the local fake Bot API,
with ADMIN_IDS naming the operator. Every wait is for something the bot does (a message, an
edit, an answer to a press), never for a fixed time; the progress message is edited by a job
every few seconds, so the waits for it allow for that. The database is read with a fresh
stdlib connection, as an operator would read it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.models import JsonDict
from tests.fakes import BotProcess, ChatMessage, FakeBotApiServer, FakeUser

START_UP = 60.0  # the first start imports the bundled data set
PROGRESS_WAIT = 30.0  # the progress job runs every few seconds
TEXT = '<b>Write to Maria</b> on Friday: <a href="https://example.org/how">how</a>'
SEEN = "Write to Maria on Friday: how"


def bot_env(server: FakeBotApiServer, database: Path, admin: FakeUser) -> dict[str, str]:
    return {
        **server.env(),
        "DATABASE_PATH": str(database),
        "ADMIN_IDS": str(admin.id),
        "DEFAULT_TIMEZONE": "Europe/Minsk",
        "LOG_LEVEL": "DEBUG",
    }


def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one query on a fresh connection (the bot may be running: WAL lets us read)."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return conn.execute(sql, params).fetchall()


def is_campaign(message: ChatMessage) -> bool:
    return message.raw_text == TEXT


async def reply(
    server: FakeBotApiServer, user: FakeUser, prompt: ChatMessage, text: str
) -> ChatMessage:
    """Answer the bot's question with a reply; return the bot's next message."""
    server.push_update(server.state.message_update(user, None, text, reply_to=prompt))
    return await server.wait_for_message(user.id)


async def press(
    server: FakeBotApiServer, user: FakeUser, message: ChatMessage, text: str
) -> JsonDict:
    """Press the button with this text; return the bot's answer to the press."""
    update = server.press(user, message, text)
    query_id = update["callback_query"]["id"]
    answer: JsonDict = await server.wait_until(
        lambda: server.state.callback_answers.get(query_id), what=f"the answer to {text!r}"
    )
    return answer


async def write_campaign(
    server: FakeBotApiServer, admin: FakeUser, when: str | None
) -> ChatMessage:
    """Write a campaign to Maria Kalesnikava's followers; return the summary under its preview."""
    server.send_text(admin, None, "/campaign")
    prompt = await server.wait_for_message(admin.id, timeout=30)
    ask_button = await reply(server, admin, prompt, TEXT)
    await press(server, admin, ask_button, "No button")
    ask_audience = await server.wait_for_message(admin.id)
    await press(server, admin, ask_audience, "Followers of a person")
    ask_person = await server.wait_for_message(admin.id)
    ask_time = await reply(server, admin, ask_person, "Kalesnikava")
    if when is None:
        await press(server, admin, ask_time, "Now")
        preview = await server.wait_for_message(admin.id)
    else:
        preview = await reply(server, admin, ask_time, when)
    assert is_campaign(preview)
    summary = await server.wait_for_message(admin.id)
    assert "Chats: 1" in (summary.text or "")
    return summary


async def test_an_operator_s_campaign_reaches_the_followers_and_reports_when_done(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """Alesia follows Maria Kalesnikava; Barys follows nobody. The operator writes a campaign
    to Maria's followers, sees it exactly as it will arrive, and presses Send. Alesia gets it
    (formatting and all), Barys does not, and the operator's summary turns into a progress
    message that ends as "done: 1 sent, 0 failed" without its Cancel button."""
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    operator = state.add_user(first_name="Olha", language_code="en")
    alesia = state.add_user(first_name="Alesia", language_code="en")
    barys = state.add_user(first_name="Barys", language_code="en")

    async with BotProcess(env=bot_env(server, database, operator), cwd=tmp_path) as bot:
        await server.wait_for_call("setMyCommands", timeout=START_UP)
        server.send_text(alesia, None, "/follow Kalesnikava")
        await server.wait_for_message(alesia.id, timeout=30)
        server.send_text(barys, None, "/start")
        await server.wait_for_message(barys.id)

        summary = await write_campaign(server, operator, None)
        answer = await press(server, operator, summary, "✅ Send")
        assert "Saved" in answer["text"]

        received = await server.wait_for_message(alesia.id, is_campaign)
        assert received.text == SEEN
        assert [entity["type"] for entity in received.entities] == ["bold", "text_link"]
        await server.wait_until(
            lambda: "done" in (summary.text or ""),
            timeout=PROGRESS_WAIT,
            what="the progress message to say the campaign is done",
        )
        assert summary.text == "Campaign 1 done: 1 sent, 0 failed."
        assert summary.buttons == []
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert not any(is_campaign(m) for m in state.sent_messages(barys.id))
    assert query(database, "SELECT state, created_by FROM campaigns") == [("sent", operator.id)]
    assert query(database, "SELECT chat_id, state FROM outbox WHERE kind = 'campaign'") == [
        (alesia.id, "sent")
    ]
    assert "Write to Maria" not in bot.output  # the campaign's text is never logged


async def test_a_scheduled_campaign_cancelled_before_its_time_is_never_sent(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """The operator schedules a campaign to Maria's followers a couple of minutes ahead (in
    Minsk time). The progress message says it waits until then; the operator presses
    "Cancel campaign" at once: the message says it was cancelled with one message not sent,
    and the queued message is cancelled in the database, so it never goes out."""
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    operator = state.add_user(first_name="Olha", language_code="en")
    alesia = state.add_user(first_name="Alesia", language_code="en")
    # Two minutes, so that the minute typed is still ahead whatever second it is now.
    at = datetime.now(ZoneInfo("Europe/Minsk")) + timedelta(minutes=2)
    when = at.strftime("%Y-%m-%d %H:%M")

    async with BotProcess(env=bot_env(server, database, operator), cwd=tmp_path) as bot:
        await server.wait_for_call("setMyCommands", timeout=START_UP)
        server.send_text(alesia, None, "/follow Kalesnikava")
        await server.wait_for_message(alesia.id, timeout=30)

        summary = await write_campaign(server, operator, when)
        assert f"When: {when} (Europe/Minsk)" in (summary.text or "")
        await press(server, operator, summary, "✅ Send")
        await server.wait_until(
            lambda: "waits until" in (summary.text or ""), what="the progress message"
        )
        assert f"waits until {when} (Europe/Minsk) for one chat" in (summary.text or "")
        assert query(database, "SELECT state FROM outbox WHERE kind = 'campaign'") == [("pending",)]

        answer = await press(server, operator, summary, "✖ Cancel campaign")
        assert "will not go out" in answer["text"]
        await server.wait_until(
            lambda: "cancelled" in (summary.text or ""), what="the progress message to end"
        )
        assert summary.text == "Campaign 1 cancelled: 0 sent, 0 failed, 1 not sent."
        assert summary.buttons == []
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    assert query(database, "SELECT state FROM campaigns") == [("cancelled",)]
    assert query(database, "SELECT state, last_error FROM outbox WHERE kind = 'campaign'") == [
        ("cancelled", "campaign cancelled")
    ]
    assert not any(is_campaign(m) for m in state.sent_messages(alesia.id))
