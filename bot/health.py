"""Is the bot working? Its database answers and its planner ran recently.

`solidarity-bot health` (a container's HEALTHCHECK, a monitoring script) and the `GET /healthz`
URL ask the same question, and both say when the data is older than DATA_MAX_AGE_DAYS (stale, but
not down): `assess` is the rule, `check` and `check_database` gather what it needs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from http import HTTPStatus
from pathlib import Path

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.domain.freshness import data_as_of, stale_days
from bot.domain.timezones import zone
from bot.l10n import Translator
from storage.audit import Heartbeats
from storage.database import Database
from storage.errors import EmptyDatabaseError, StorageError
from storage.prisoners import PrisonerRepository
from storage.sources import SourceRepository
from storage.sql import SQLDatabase, database_errors

logger = logging.getLogger(__name__)

# The heartbeat the planner job writes after each run (bot.delivery.Delivery.plan_job).
PLANNER = "planner"
# A planner that missed two runs in a row (a slow run, a short restart) is not yet a problem.
RUNS_BEFORE_LATE = 3
HEALTH_PATH = "/healthz"


class Problem(StrEnum):
    """What can be wrong; each has a text `health-<value>` in cli.ftl."""

    NO_DATABASE = "no-database"
    EMPTY_DATABASE = "empty-database"
    DATABASE = "database"
    PLANNER_NEVER_RAN = "planner-never-ran"
    PLANNER_LATE = "planner-late"


@dataclass(frozen=True, slots=True)
class Freshness:
    """How old the data is as a whole."""

    as_of: date | None
    # Days old when that is past DATA_MAX_AGE_DAYS, else None.
    stale_days: int | None = None


@dataclass(frozen=True, slots=True)
class Health:
    """The answer: no problem, or the first one found, with what the operator needs to know.

    Stale data is not a fault of the bot: it works, and says so, but tells that its data is old.
    """

    problem: Problem | None = None
    # Seconds since the planner last finished a run, when it ever did.
    seconds: int | None = None
    detail: str = ""
    freshness: Freshness | None = None

    @property
    def ok(self) -> bool:
        """Tell whether the bot is working (stale data included)."""
        return self.problem is None

    @property
    def stale(self) -> bool:
        """Tell whether the bot works on data older than DATA_MAX_AGE_DAYS."""
        return self.freshness is not None and self.freshness.stale_days is not None

    @property
    def message_id(self) -> str:
        """Return the id of the text that says so."""
        if self.problem is not None:
            return f"health-{self.problem.value}"
        return "health-stale" if self.stale else "health-ok"

    @property
    def args(self) -> Mapping[str, str | int]:
        """Return the arguments of that text."""
        fresh = self.freshness
        return {
            "seconds": self.seconds or 0,
            "detail": self.detail,
            "days": 0 if fresh is None or fresh.stale_days is None else fresh.stale_days,
            "as_of": "-" if fresh is None or fresh.as_of is None else fresh.as_of.isoformat(),
        }

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


@dataclass(frozen=True, slots=True)
class DataAge:
    """What judging the data's age needs: the bot's time zone and DATA_MAX_AGE_DAYS."""

    timezone: str
    max_age_days: int


async def data_freshness(db: SQLDatabase, *, now: datetime, age: DataAge) -> Freshness:
    """Tell when the data was last confirmed (by a record's source or a sync) and if it is stale."""
    local = zone(age.timezone)
    state = await SourceRepository(db).state()
    last_sync = None if state.last_success_at is None else state.last_success_at.astimezone(local)
    as_of = data_as_of(
        await PrisonerRepository(db).newest_confirmed_on(),
        None if last_sync is None else last_sync.date(),
    )
    today = now.astimezone(local).date()
    return Freshness(as_of, stale_days(as_of, today, age.max_age_days))


async def check(
    heartbeats: Heartbeats,
    *,
    now: datetime,
    interval_seconds: int,
    db: SQLDatabase | None = None,
    age: DataAge | None = None,
) -> Health:
    """Ask the database when the planner last ran and, given `age`, how old the data is."""
    try:
        last_run = await heartbeats.last(PLANNER)
        health = assess(last_run, now=now, interval_seconds=interval_seconds)
        if health.ok and db is not None and age is not None:
            fresh = await data_freshness(db, now=now, age=age)
            health = Health(health.problem, health.seconds, health.detail, fresh)
    except database_errors() as error:
        return Health(Problem.DATABASE, detail=str(error))
    return health


async def check_database(
    path: Path,
    url: str | None,
    *,
    now: datetime,
    interval_seconds: int,
    age: DataAge | None = None,
) -> Health:
    """Open the bot's database (PostgreSQL at url, or the file at path) and check it.

    Neither a missing file nor an empty PostgreSQL database is created.
    """
    if url is None:
        return await check_file(path, now=now, interval_seconds=interval_seconds, age=age)
    from storage.postgres import PostgresDatabase  # asyncpg loads only for PostgreSQL

    try:
        db = await PostgresDatabase.open(url, pool_size=1, create=False)
    except EmptyDatabaseError as error:
        return Health(Problem.EMPTY_DATABASE, detail=str(error.path))
    except StorageError as error:
        return Health(Problem.DATABASE, detail=str(error))
    async with db:
        return await check(
            Heartbeats(db), now=now, interval_seconds=interval_seconds, db=db, age=age
        )


async def check_file(
    path: Path, *, now: datetime, interval_seconds: int, age: DataAge | None = None
) -> Health:
    """Open the database file as the bot does and check it; a missing file is not created."""
    if not await asyncio.to_thread(path.is_file):
        return Health(Problem.NO_DATABASE, detail=str(path))
    try:
        db = await Database.open(path)
    except StorageError as error:
        return Health(Problem.DATABASE, detail=str(error))
    except database_errors() as error:
        return Health(Problem.DATABASE, detail=str(error))
    async with db:
        return await check(
            Heartbeats(db), now=now, interval_seconds=interval_seconds, db=db, age=age
        )


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
