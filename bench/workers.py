"""Lookups a second through a round-robin proxy: three webhook workers against one.

Run with `.venv/bin/python bench/workers.py [lookups] [people] [rounds]`. PostgreSQL is the
server at TEST_DATABASE_URL, or a throwaway cluster started from the binaries on the machine
(tests/postgres.py). For each shape (one worker, then three) the bot runs as `python -m bot run`
processes in webhook mode on a fresh database (the bundled data set, LOG_LEVEL=WARNING, the
planner an hour apart, the sending budget lifted to 1,000 a second), behind the proxy of
tests/fakes/proxy.py, with the fake Bot API of tests/fakes/bot_api_server.py (flood limits off)
answering their calls.

This process plays Telegram: it posts `lookups` names from `people` new people (so that no
one's flood guard steps in) to the proxy, 40 at a time as Telegram's webhook does by default
(max_connections). The clock runs from the first post until the bot's reply to the last one
reaches the fake. Every process shares this machine's cores, the fake and the proxy included:
the figures compare the shapes here, not what separate machines would do.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp

if TYPE_CHECKING:
    from tests.fakes.bot_api_server import FakeBotApiServer
    from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parents[1]
ARGS = [int(arg) for arg in sys.argv[1:]]
LOOKUPS = ARGS[0] if len(ARGS) > 0 else 2_000
PEOPLE = ARGS[1] if len(ARGS) > 1 else 500
ROUNDS = ARGS[2] if len(ARGS) > 2 else 3
SHAPES = (1, 3)
CONNECTIONS = 40
SEND_RATE = 1000
NAMES = ("Bialiatski", "Пачобут", "Kalesnikava", "Losik", "Babaryka")
# The webhook's secret, made for the run, and the header Telegram sends it in.
HOOK_KEY = secrets.token_urlsafe(32)
HOOK_HEADER = "X-Telegram-Bot-Api-Secret-Token"
START_UP = 120.0
ROUND_TIMEOUT = 180.0


def free_ports(count: int) -> list[int]:
    """Return distinct free ports on 127.0.0.1 (released at once, for the workers to take)."""
    import socket

    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


async def lookups_per_second(server: FakeBotApiServer, proxy_url: str, first_person: int) -> float:
    """Post LOOKUPS names to the proxy, CONNECTIONS at a time; return answers a second."""
    state = server.state
    people = [
        state.add_user(first_person + n, first_name=f"P{n}", language_code="en")
        for n in range(PEOPLE)
    ]
    updates = [
        state.message_update(people[n % PEOPLE], None, NAMES[n % len(NAMES)])
        for n in range(LOOKUPS)
    ]
    sent_before = len(state.sent)
    queue: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    for update in updates:
        queue.put_nowait(update)
    hook = f"{proxy_url}/telegram"

    async def post_all(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            update = queue.get_nowait()
            async with session.post(hook, json=update, headers={HOOK_HEADER: HOOK_KEY}) as reply:
                reply.raise_for_status()

    began = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(post_all(session) for _ in range(CONNECTIONS)))
    await server.wait_until(
        lambda: len(state.sent) - sent_before >= LOOKUPS or None, ROUND_TIMEOUT, "every reply"
    )
    return LOOKUPS / (time.perf_counter() - began)


async def measure_shape(postgres: PostgresServer, workers: int, folder: Path) -> list[float]:
    """Run `workers` bot processes behind the proxy; return lookups a second per round."""
    from tests.fakes.bot_api_server import FakeBotApiServer
    from tests.fakes.process import BotProcess
    from tests.fakes.proxy import round_robin_proxy

    url = await postgres.create()
    ports = free_ports(workers)
    async with AsyncExitStack() as stack:
        server = FakeBotApiServer()
        await server.start()
        stack.push_async_callback(server.close)
        proxy = await stack.enter_async_context(
            round_robin_proxy([f"http://127.0.0.1:{port}" for port in ports])
        )
        processes = []
        for port in ports:
            env = {
                **server.env(),
                "DATABASE_URL": url,
                "DATABASE_PATH": str(folder / "unused.sqlite3"),
                "WEBHOOK_URL": f"{proxy.url}/telegram",
                "WEBHOOK_SECRET": HOOK_KEY,
                "WEBHOOK_LISTEN": "127.0.0.1",
                "WEBHOOK_PORT": str(port),
                "HEALTH_PORT": str(free_ports(1)[0]),
                "PLANNER_INTERVAL_SECONDS": "3600",
                # Lifted: at Telegram's 29.5 a second each worker's budget, not its work, would
                # be measured (and three workers would send three budgets' worth).
                "SEND_RATE_PER_SECOND": str(SEND_RATE),
                "LOG_LEVEL": "WARNING",
            }
            process = BotProcess(env=env, cwd=folder)
            processes.append(await stack.enter_async_context(process))
        await server.wait_until(
            lambda: len(server.state.calls_to("setWebhook")) >= workers or None,
            START_UP,
            "every worker's webhook",
        )
        await warm_up(server, proxy.url, workers)
        rounds = []
        for round_number in range(ROUNDS):
            first = 10_000_000 * (round_number + 1)
            rounds.append(await lookups_per_second(server, proxy.url, first))
    await postgres.drop(url)
    return rounds


async def warm_up(server: FakeBotApiServer, proxy_url: str, workers: int) -> None:
    """Wait until every worker listens, and have each answer a few lookups before the clock
    runs, so that no round pays for first-time caches.

    A worker registers its webhook as it starts listening: until all do, the proxy answers 502,
    and the post is tried again.
    """
    state = server.state
    person = state.add_user(9_999_999, first_name="Warm", language_code="en")
    before = len(state.sent)
    deadline = time.monotonic() + START_UP
    async with aiohttp.ClientSession() as session:
        for n in range(workers * len(NAMES)):
            update = state.message_update(person, None, NAMES[n % len(NAMES)])
            while True:
                async with session.post(
                    f"{proxy_url}/telegram", json=update, headers={HOOK_HEADER: HOOK_KEY}
                ) as reply:
                    if reply.status == 200:
                        break
                    if time.monotonic() > deadline:
                        reply.raise_for_status()
                await asyncio.sleep(0.2)
    await server.wait_until(
        lambda: len(state.sent) - before >= workers * len(NAMES) or None, START_UP, "warm-up"
    )


async def measure(folder: Path) -> None:
    from tests.postgres import Cluster, PostgresServer

    url = os.environ.get("TEST_DATABASE_URL")
    cluster = None
    if url:
        postgres = PostgresServer(url)
    else:
        cluster = Cluster()
        postgres = cluster.start()
    try:
        await postgres.prepare_template()
        results = {}
        for workers in SHAPES:
            shape_folder = folder / f"workers-{workers}"
            shape_folder.mkdir()
            results[workers] = await measure_shape(postgres, workers, shape_folder)
    finally:
        if cluster is not None:
            cluster.stop()
    print(
        f"Lookups through a round-robin proxy, webhook workers on one PostgreSQL: {LOOKUPS} "
        f"names from {PEOPLE} people, {CONNECTIONS} posts at a time, {ROUNDS} rounds, "
        f"SEND_RATE_PER_SECOND={SEND_RATE}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    for workers, rounds in results.items():
        shown = ", ".join(f"{rate:.0f}" for rate in rounds)
        print(
            f"  {workers} worker{'s' if workers > 1 else ''}: "
            f"median {statistics.median(rounds):.0f} lookups/s ({shown})"
        )
    ratio = statistics.median(results[SHAPES[-1]]) / statistics.median(results[SHAPES[0]])
    print(f"  {SHAPES[-1]} workers against {SHAPES[0]}: x{ratio:.2f}")


if __name__ == "__main__":
    # The fakes live in tests/, which is not installed; the CLI's PTB setting applies here too.
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(Path(tmp)))
