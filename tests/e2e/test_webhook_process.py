"""Webhook mode through the real bot process: only Telegram, holding the secret, gets in.

The bot runs as `solidarity-bot run` with WEBHOOK_URL set: it registers the public address with
the fake Bot API and listens on 127.0.0.1, as it would behind a reverse proxy. The test plays
Telegram (and a forger), POSTing updates to that port, and a monitor asking the health URL.

Waiting: "the webhook server listens" is the log line python-telegram-bot writes once its
server and job queue run (``Application started``), awaited as it appears; "the planner ran" is
its heartbeat row in the database, read again every few milliseconds until it is there. Neither
is guessed with a sleep. The health URL's 503 is asked for while the fake Telegram
holds the bot back with a 429 on setWebhook (retry after 2 s): by then the services are open
and the health URL is served, but the job queue, and so the planner, has not started.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from tests.e2e.test_delivery_process import planner_ran_since
from tests.fakes import BotProcess, FakeBotApiServer

START_UP = 60.0
PUBLIC_URL = "https://bot.example.org/telegram"
SECRET = "test-secret_0123456789-abcdefghijklmnop"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STARTED = r"Application started"


@contextlib.contextmanager
def free_ports(count: int) -> Iterator[list[int]]:
    """Yield distinct free ports on 127.0.0.1; they are released when the block is entered."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        ports = [sock.getsockname()[1] for sock in sockets]
    yield ports


async def test_webhook_answers_telegram_only_and_serves_a_health_url(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    state = bot_api_server.state
    alice = state.add_user(first_name="Alice", language_code="en")
    database = tmp_path / "data" / "bot.sqlite3"
    with free_ports(2) as (webhook_port, health_port):
        env = {
            **bot_api_server.env(),
            "DATABASE_PATH": str(database),
            "WEBHOOK_URL": PUBLIC_URL,
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(webhook_port),
            "HEALTH_PORT": str(health_port),
            "PLANNER_INTERVAL_SECONDS": "5",
        }
    hook = f"http://127.0.0.1:{webhook_port}/telegram"
    health = f"http://127.0.0.1:{health_port}/healthz"

    # Telegram asks the bot to wait before it takes the webhook: the bot is up, its services
    # open and its health URL served, but its job queue has not started, so the planner has
    # not run. That is the moment to ask the health URL.
    state.fail_next("setWebhook", 429, retry_after=2)
    started = datetime.now(UTC)

    async with BotProcess(env=env, cwd=tmp_path) as bot, aiohttp.ClientSession() as http:
        await bot_api_server.wait_for_call("setWebhook", timeout=START_UP)
        async with http.get(health) as reply:
            early_status, early_text = reply.status, await reply.text()
        registered = await bot_api_server.wait_for_call("setWebhook", lambda c: c.status == 200)
        await bot.wait_for_output(STARTED, timeout=START_UP)

        forged = state.message_update(alice, None, "/about")
        async with http.post(hook, json=forged) as reply:
            without_secret = reply.status
        async with http.post(hook, json=forged, headers={SECRET_HEADER: SECRET[::-1]}) as reply:
            wrong_secret = reply.status
        async with http.post(
            hook, json=state.message_update(alice, None, "/start"), headers={SECRET_HEADER: SECRET}
        ) as reply:
            genuine = reply.status
        welcome = await bot_api_server.wait_for_message(alice.id, timeout=30)

        await planner_ran_since(database, started)
        async with http.get(health) as reply:
            health_status, health_text = reply.status, await reply.text()
        exit_code = await bot.stop()

    assert registered.params["url"] == PUBLIC_URL
    assert registered.params["secret_token"] == SECRET
    assert (without_secret, wrong_secret, genuine) == (403, 403, 200)
    assert "thank you for being here" in welcome.text
    # The forged /about was refused at the door: the one reply is the welcome.
    assert [m.text for m in state.sent_messages(alice.id)] == [welcome.text]
    assert early_status == 503, early_text
    assert "planner never ran" in early_text
    assert health_status == 200, health_text
    assert health_text.startswith("ok")
    assert exit_code == 0, bot.output
    assert SECRET not in bot.output
    assert f"Health checks: http://127.0.0.1:{health_port}/healthz" in bot.output
