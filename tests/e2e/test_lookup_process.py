"""Finding people through the real bot process: private chat, a group's /find, inline mode."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox.models import FakeChat
from tests.fakes import BotProcess, FakeBotApiServer


async def test_people_are_found_in_any_script_in_private_groups_and_inline(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    env = {**bot_api_server.env(), "DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    state = bot_api_server.state
    alice = state.add_user(first_name="Alice", language_code="be")
    group = state.add_chat(FakeChat.group())

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        await bot_api_server.wait_for_call("setMyCommands", timeout=60)
        cards = []
        for query in ("Стэфановіч", "Stefanovich", "Stefanowicz", "Stefanovch"):
            bot_api_server.send_text(alice, None, query)
            cards.append(await bot_api_server.wait_for_message(alice.id, timeout=30))
        bot_api_server.send_text(alice, group, "/find Калеснікава")
        group_card = await bot_api_server.wait_for_message(group.id)
        bot_api_server.push_update(state.inline_query_update(alice, "Poczobut"))
        answer = await bot_api_server.wait_for_call("answerInlineQuery")
        exit_code = await bot.stop()

    assert all("Valiantsin Stefanovich" in card.text for card in cards), cards
    assert "Maria Kalesnikava" in group_card.text
    assert [r["id"] for r in answer.params["results"]] == ["andrzej-poczobut"]
    assert exit_code == 0, bot.output
    for query in ("Стэфановіч", "Stefanowicz", "Poczobut"):
        assert query not in bot.output
