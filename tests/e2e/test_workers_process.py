"""Three webhook workers on one PostgreSQL database, behind a round-robin proxy.

The fake Bot API (over HTTP) posts each update to the proxy, which passes it to the next
worker in turn, as a deployment's reverse proxy would. 2,000 chats follow a person detained N
years ago today (tests/delivery/anniversary.py), so the worker that leads plans 2,000 digests
and sends them. Halfway through it is killed with SIGKILL: another worker takes the lead
within a planner interval, the rows the dead one had claimed come back when their lease runs
out, and every chat gets its digest; only the few in flight at the kill may come twice.

Waiting: sends are awaited on the fake server's change notifications, log lines as they
appear; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time as clock
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from pydantic import SecretStr

from bot.config import load_settings
from bot.dispatcher import in_flight
from bot.importing import import_bundled_if_empty
from bot.services import Services
from storage.timestamps import encode_timestamp
from tests.delivery.anniversary import NADZEYA, Day, day_now, digests, write_dataset
from tests.e2e.test_webhook_process import SECRET, STARTED, free_ports
from tests.fakes import DEFAULT_TOKEN, BotProcess, FakeBotApiServer
from tests.fakes.proxy import RoundRobinProxy, round_robin_proxy
from tests.postgres import PostgresServer

WORKERS = 3
CHATS = range(20_001, 22_001)
RATE = 150
LEASE_SECONDS = 15
PLANNER_INTERVAL = 5
START_UP = 90.0
LEADS = "This worker leads"
DATABASE_WAIT = 10.0


@pytest.fixture
async def database(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """Yield the address of a new PostgreSQL database, dropped afterwards."""
    url = await postgres_server.create()
    yield url
    await postgres_server.drop(url)


async def seed(url: str, dataset: Path, day: Day, tmp_path: Path) -> None:
    """Import the data set and store the chats, each following NADZEYA, in one transaction."""
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=tmp_path / "unused.sqlite3",
        dataset_path=dataset,
    ).model_copy(update={"database_url": SecretStr(url)})
    services = await Services.open(settings)
    try:
        await import_bundled_if_empty(services)
        created = encode_timestamp(services.clock())
        alert = day.alert_time.strftime("%H:%M")
        async with services.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO chats (chat_id, type, language, timezone, alert_time, active,"
                " created_at) VALUES (?, 'private', 'en', ?, ?, 1, ?)",
                [(chat_id, day.timezone, alert, created) for chat_id in CHATS],
            )
            await conn.executemany(
                "INSERT INTO follows (chat_id, prisoner_id, created_at) VALUES (?, ?, ?)",
                [(chat_id, NADZEYA.id, created) for chat_id in CHATS],
            )
    finally:
        await services.close()


async def outbox_settles(url: str, expected: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Re-read the outbox's states until they are `expected` (the database cannot notify us)."""
    conn = await asyncpg.connect(url)
    try:
        found = await _outbox_states(conn)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DATABASE_WAIT):
                while found != expected:
                    await asyncio.sleep(0.02)
                    found = await _outbox_states(conn)
        return found
    finally:
        await conn.close()


async def _outbox_states(conn: asyncpg.Connection[Any]) -> list[tuple[str, int]]:
    rows = await conn.fetch("SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state")
    return [(row[0], row[1]) for row in rows]


def worker_env(
    server: FakeBotApiServer, url: str, proxy: RoundRobinProxy, port: int, day: Day, tmp: Path
) -> dict[str, str]:
    return {
        **server.env(),
        "DATABASE_URL": url,
        "DATABASE_PATH": str(tmp / "unused.sqlite3"),
        "DEFAULT_LANGUAGE": "en",
        "DEFAULT_TIMEZONE": day.timezone,
        "WEBHOOK_URL": f"{proxy.url}/telegram",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
        "PLANNER_INTERVAL_SECONDS": str(PLANNER_INTERVAL),
        "SEND_RATE_PER_SECOND": str(RATE),
        # Above Telegram's free 30 a second, as paid broadcasts (the fake allows them).
        "PAID_BROADCAST": "true",
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "WEEKLY_PROMPT_DAY": day.not_the_weekly_day,
        "LOG_LEVEL": "INFO",
    }


async def test_killing_the_leading_worker_loses_no_digest_and_the_lead_moves(
    bot_api_server: FakeBotApiServer, database: str, tmp_path: Path
) -> None:
    day = day_now()
    await seed(database, write_dataset(tmp_path, day), day, tmp_path)
    server, state = bot_api_server, bot_api_server.state

    def delivered() -> int:
        return len({m.chat_id for m in digests(state)})

    with free_ports(WORKERS * 2) as ports:
        webhook_ports, health_ports = ports[:WORKERS], ports[WORKERS:]
    backends = [f"http://127.0.0.1:{port}" for port in webhook_ports]
    async with AsyncExitStack() as stack:
        proxy = await stack.enter_async_context(round_robin_proxy(backends))
        workers = []
        for webhook_port, health_port in zip(webhook_ports, health_ports, strict=True):
            env = worker_env(server, database, proxy, webhook_port, day, tmp_path)
            env["HEALTH_PORT"] = str(health_port)
            workers.append(BotProcess(env=env, cwd=tmp_path))
        for worker in workers:
            await stack.enter_async_context(worker)
        for worker in workers:
            await worker.wait_for_output(STARTED, timeout=START_UP)

        # A lookup through the proxy reaches each worker in turn, and each answers.
        readers = [state.add_user(first_name=f"Reader{n}", language_code="en") for n in range(3)]
        for reader in readers:
            server.send_text(reader, None, NADZEYA.name)
        cards = [await server.wait_for_message(r.id, timeout=START_UP) for r in readers]
        served_lookups = list(proxy.served)

        leader = await server.wait_until(
            lambda: next((w for w in workers if LEADS in w.output), None), timeout=START_UP
        )
        await server.wait_until(lambda: delivered() >= len(CHATS) // 2, timeout=START_UP)
        await leader.kill()
        killed = clock.monotonic()
        at_kill = delivered()
        survivors = [w for w in workers if w is not leader]

        await server.wait_until(lambda: delivered() == len(CHATS), timeout=START_UP)
        finished = clock.monotonic()
        new_leader = await server.wait_until(
            lambda: next((w for w in survivors if LEADS in w.output), None), timeout=START_UP
        )
        states = await outbox_settles(database, [("sent", len(CHATS))])
        exit_codes = [await worker.stop() for worker in survivors]

    per_chat = Counter(m.chat_id for m in digests(state))
    duplicates = sum(count - 1 for count in per_chat.values())
    figures = (
        f"{len(CHATS)} chats, 3 workers, {RATE}/s: {at_kill} had their digest at the kill; "
        f"{duplicates} duplicates; {finished - killed:.1f} s from the kill to the last chat "
        f"served (lease {LEASE_SECONDS} s); lookups per worker {served_lookups}"
    )
    print(figures)
    assert all(card.text.startswith(NADZEYA.name) for card in cards), figures
    assert served_lookups == [1, 1, 1], figures
    assert at_kill < len(CHATS), f"everything was sent before the kill: {figures}"
    assert set(per_chat) == set(CHATS), figures
    # Only sends on their way at the kill, and sends Telegram took that were not recorded yet:
    # at most `in_flight` of each.
    assert duplicates <= 2 * in_flight(RATE), figures
    # One row per chat, each marked sent (the last marks follow the last sends closely).
    assert states == [("sent", len(CHATS))], figures
    assert new_leader is not leader
    assert re.search(r"Queued \d+ messages", new_leader.output) is None, new_leader.output
    assert exit_codes == [0, 0], [w.output for w in survivors]
