"""The real bot process, started as `make run` starts it, against a local fake Bot API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.fakes import BotProcess, FakeBotApiServer


async def test_start_round_trip_through_the_real_process(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    env = {**bot_api_server.env(), "DATABASE_PATH": str(database), "LOG_LEVEL": "DEBUG"}
    alice = bot_api_server.state.add_user(first_name="Alice", language_code="en")
    # Telegram fails the bot's very first call: it tries again by itself.
    bot_api_server.state.fail_next("getMe", 502)

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        await bot_api_server.wait_for_call("setMyCommands", timeout=60)
        bot_api_server.send_text(alice, None, "/start")
        welcome = await bot_api_server.wait_for_message(alice.id, timeout=30)
        bot_api_server.send_text(alice, None, "/about")
        about = await bot_api_server.wait_for_message(alice.id)
        exit_code = await bot.stop()

    assert [call.status for call in bot_api_server.state.calls_to("getMe")][:2] == [502, 200]
    assert "thank you for being here" in welcome.text
    assert "32 people" in about.text
    assert exit_code == 0, bot.output
    # The token appears in every request URL; the log must not carry it, nor what people wrote.
    assert bot_api_server.token not in bot.output
    assert "/about" not in bot.output
    assert database.stat().st_mode & 0o777 == 0o600
    assert database.parent.stat().st_mode & 0o777 == 0o700
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM prisoners").fetchone() == (32,)
        assert conn.execute("SELECT chat_id, language FROM chats").fetchall() == [(alice.id, "en")]


async def test_a_missing_token_stops_start_up_with_one_clear_sentence(tmp_path: Path) -> None:
    env = {"BOT_TOKEN": "", "DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    async with BotProcess(env=env, cwd=tmp_path) as bot:
        exit_code = await bot.wait(timeout=30)
    assert exit_code == 2
    assert "@BotFather" in bot.output
    assert "Traceback" not in bot.output
    assert not (tmp_path / "bot.sqlite3").exists()


async def test_a_broken_data_set_stops_the_first_start_and_says_how_to_check_it(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    dataset = tmp_path / "list.csv"
    dataset.write_text("id,name,status\nx,,unknown\n", encoding="utf-8")
    env = {
        **bot_api_server.env(),
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "DATASET_PATH": str(dataset),
    }
    async with BotProcess(env=env, cwd=tmp_path) as bot:
        exit_code = await bot.wait(timeout=60)
    assert exit_code == 1, bot.output
    assert f"solidarity-bot import {dataset} --dry-run" in bot.output
    assert "Traceback" not in bot.output
