"""Is the bot working? Its database answers and its planner ran recently.

`solidarity-bot health` (a container's HEALTHCHECK, a monitoring script) and the `GET /healthz`
URL ask the same question: `assess` is the rule, `check` and `check_file` gather what it needs.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from http import HTTPStatus
from pathlib import Path

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.l10n import Translator
from storage.audit import Heartbeats
from storage.database import Database
from storage.errors import StorageError

logger = logging.getLogger(__name__)

# The heartbeat the planner job writes after each run (bot.delivery.plan_job).
PLANNER = "planner"
# A planner that missed two runs in a row (a slow run, a short restart) is not yet a problem.
RUNS_BEFORE_LATE = 3
HEALTH_PATH = "/healthz"


class Problem(StrEnum):
    """What can be wrong; each has a text `health-<value>` in cli.ftl."""

    NO_DATABASE = "no-database"
    DATABASE = "database"
    PLANNER_NEVER_RAN = "planner-never-ran"
    PLANNER_LATE = "planner-late"


@dataclass(frozen=True, slots=True)
class Health:
    """The answer: no problem, or the first one found, with what the operator needs to know."""

    problem: Problem | None = None
    # Seconds since the planner last finished a run, when it ever did.
    seconds: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Tell whether the bot is working."""
        return self.problem is None

    @property
    def message_id(self) -> str:
        """Return the id of the text that says so."""
        return "health-ok" if self.problem is None else f"health-{self.problem.value}"

    @property
    def args(self) -> Mapping[str, str | int]:
        """Return the arguments of that text."""
        return {"seconds": self.seconds or 0, "detail": self.detail}

    def describe(self, t: Translator) -> str:
        """Say in one plain-text line that all is well, or what is wrong."""
        return t.format(self.message_id, self.args, escape=False)


def assess(last_run: datetime | None, *, now: datetime, interval_seconds: int) -> Health:
    """Judge the planner by when it last finished a run; it runs every `interval_seconds`."""
    if last_run is None:
        return Health(Problem.PLANNER_NEVER_RAN)
    # A heartbeat from the future (the clock was set back) counts as a run just now.
    seconds = max(0, int((now - last_run).total_seconds()))
    if seconds >= RUNS_BEFORE_LATE * interval_seconds:
        return Health(Problem.PLANNER_LATE, seconds)
    return Health(None, seconds)


async def check(heartbeats: Heartbeats, *, now: datetime, interval_seconds: int) -> Health:
    """Ask the database when the planner last ran, and judge the answer."""
    try:
        last_run = await heartbeats.last(PLANNER)
    except (sqlite3.Error, ValueError) as error:  # ValueError: the connection is closed
        return Health(Problem.DATABASE, detail=str(error))
    return assess(last_run, now=now, interval_seconds=interval_seconds)


async def check_file(path: Path, *, now: datetime, interval_seconds: int) -> Health:
    """Open the database file as the bot does and check it; a missing file is not created."""
    if not await asyncio.to_thread(path.is_file):
        return Health(Problem.NO_DATABASE, detail=str(path))
    try:
        db = await Database.open(path)
    except (StorageError, sqlite3.Error) as error:
        return Health(Problem.DATABASE, detail=str(error))
    async with db:
        return await check(Heartbeats(db), now=now, interval_seconds=interval_seconds)


Probe = Callable[[], Awaitable[Health]]


class HealthServer:
    """`GET /healthz` on a port of its own: 200 and "ok", or 503 and what is wrong.

    Telegram's webhook server takes no other routes, so monitors and load balancers get this
    small server beside it.
    """

    def __init__(self, probe: Probe, t: Translator) -> None:
        """Answer with `probe`'s verdict, worded by `t`."""
        self._probe, self._t = probe, t
        self._server: tornado.httpserver.HTTPServer | None = None
        self.port: int | None = None

    async def start(self, address: str, port: int) -> None:
        """Listen on address:port (0: any free port, then see `port`)."""
        application = tornado.web.Application(
            [(HEALTH_PATH, _HealthHandler, {"probe": self._probe, "t": self._t})],
            log_function=_log_request,
        )
        sockets = tornado.netutil.bind_sockets(port, address)
        server = tornado.httpserver.HTTPServer(application)
        server.add_sockets(sockets)
        self._server, self.port = server, sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and close open connections; nothing happens if it never started."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, probe: Probe, t: Translator) -> None:
        self._probe, self._t = probe, t

    async def get(self) -> None:
        health = await self._probe()
        self.set_status(HTTPStatus.OK if health.ok else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(health.describe(self._t) + "\n")


def _log_request(handler: tornado.web.RequestHandler) -> None:
    # Monitors ask every few seconds: one INFO line each would drown the log.
    logger.debug("Answered a health check with %d", handler.get_status())
