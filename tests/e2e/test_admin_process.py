"""An operator imports a new list from their phone; followers of a released person hear of it."""

from __future__ import annotations

from pathlib import Path

from tests.delivery.anniversary import NADZEYA, day_now, query, seed, write_dataset
from tests.e2e.test_delivery_process import bot_env
from tests.fakes import BotProcess, FakeBotApiServer

ADMIN_ID = 4242
FOLLOWER = 31_001


async def test_an_uploaded_list_that_releases_someone_tells_their_followers(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """The operator sends a CSV in which Nadzeya Zhyvitsa is released, sees the change listed by
    name, presses Import; the chat that follows her gets the news, and /stats records it."""
    # News waits for the morning at night: the follower is where it is about noon now.
    day = day_now()
    dataset = write_dataset(tmp_path, day)
    database = tmp_path / "bot.sqlite3"
    await seed(database, dataset, day, [FOLLOWER])
    lines = dataset.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == NADZEYA.id:
            cells[header.index("status")] = "released"
            cells[header.index("status_changed_on")] = day.today.isoformat()
        rows.append(",".join(cells))
    upload = "\n".join([lines[0], *rows]).encode()
    state = bot_api_server.state
    admin = state.add_user(ADMIN_ID, first_name="Operator")
    env = bot_env(bot_api_server, database, dataset, day, ADMIN_IDS=str(ADMIN_ID))

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        await bot_api_server.wait_for_call("setMyCommands", timeout=60)
        bot_api_server.send_document(admin, None, "people.csv", upload)
        report = await bot_api_server.wait_for_message(ADMIN_ID, timeout=30)
        assert NADZEYA.name in (report.text or "")
        assert report.button_texts == ["✅ Import", "✖ Cancel"]
        bot_api_server.press(admin, report, "✅ Import")
        news = await bot_api_server.wait_for_message(
            FOLLOWER, lambda m: "is free" in (m.text or ""), timeout=30
        )
        bot_api_server.send_text(admin, None, "/stats")
        stats = await bot_api_server.wait_for_message(
            ADMIN_ID, lambda m: "How the bot is doing" in (m.text or ""), timeout=30
        )
        exit_code = await bot.stop()

    assert f"{NADZEYA.name} is free" in (news.text or "")
    assert "import people.csv" in (stats.text or "")
    assert query(database, "SELECT status FROM prisoners WHERE id = ?", NADZEYA.id) == [
        ("released",)
    ]
    assert exit_code == 0, bot.output
    assert "Operator" not in bot.output
