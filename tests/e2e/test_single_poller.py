"""Long polling is one process: a second one on the same database says so and stops.

A bot killed with SIGKILL leaves no lock behind: the next one starts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes import BotProcess, FakeBotApiServer
from tests.postgres import PostgresServer

REFUSED = "Another bot process is already running on"


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_env(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[dict[str, str]]:
    """Yield the environment naming a new database of each backend in turn."""
    if request.param == "sqlite":
        yield {"DATABASE_PATH": str(tmp_path / "data" / "bot.sqlite3")}
        return
    # Asked for here, not as a parameter, so that SQLite's run never starts PostgreSQL.
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = await server.create()
    yield {"DATABASE_URL": url, "DATABASE_PATH": str(tmp_path / "unused.sqlite3")}
    await server.drop(url)


async def test_a_second_poller_is_refused_until_the_first_dies(
    bot_api_server: FakeBotApiServer, database_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**bot_api_server.env(), **database_env}
    alice = bot_api_server.state.add_user(first_name="Alice", language_code="en")

    async with BotProcess(env=env, cwd=tmp_path) as first:
        bot_api_server.send_text(alice, None, "/start")
        await bot_api_server.wait_for_message(alice.id, timeout=60)

        async with BotProcess(env=env, cwd=tmp_path) as second:
            refused = await second.wait(timeout=60)

        assert refused == 1, second.output
        assert REFUSED in second.output
        assert "Traceback" not in second.output
        assert bot_api_server.token not in second.output
        await first.kill()

    async with BotProcess(env=env, cwd=tmp_path) as third:
        bot_api_server.send_text(alice, None, "/about")
        about = await bot_api_server.wait_for_message(alice.id, timeout=60)
        assert "32 people" in about.text
        assert await third.stop() == 0, third.output
    assert REFUSED not in third.output
