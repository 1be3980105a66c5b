"""The health check tells old data from a bot that is down: stale data is ok, and said."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.cli import EXIT_OK
from bot.domain.prisoner import Prisoner
from bot.health import DataAge, Health, HealthServer, check
from bot.l10n import Localizer
from storage.audit import Heartbeats
from storage.database import Database
from storage.prisoners import PrisonerRepository
from storage.sources import Applied, SourceRepository
from tests.cli.conftest import run

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
AGE = DataAge("Europe/Minsk", 14)


async def _store(db: Database, verified_on: date | None, *, at: datetime) -> None:
    async with db.transaction() as conn:
        await PrisonerRepository(db).upsert_many(
            [Prisoner("jane-doe", "Jane Doe", verified_on=verified_on)], conn, now=at
        )
    await Heartbeats(db).beat("planner", now=at - timedelta(seconds=5))


def prepare(database: Path, verified_on: date | None) -> None:
    async def write() -> None:
        async with await Database.open(database) as db:
            await _store(db, verified_on, at=datetime.now(UTC))

    asyncio.run(write())


def test_fresh_data_is_simply_ok(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prepare(database, datetime.now(UTC).date())

    code, out, _ = run(capsys, "health")

    assert code == EXIT_OK
    assert out.startswith("ok: the database answers")


def test_stale_data_is_ok_but_said(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = datetime.now(UTC).date() - timedelta(days=40)
    prepare(database, old)

    code, out, err = run(capsys, "health")

    assert code == EXIT_OK, err
    assert out.startswith("ok, but the data is stale:")
    assert f"last confirmed {old.isoformat()}" in out
    assert "more than DATA_MAX_AGE_DAYS" in out


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with await Database.open(tmp_path / "bot.sqlite3") as opened:
        yield opened


async def test_a_sync_confirms_old_records_for_the_health_check(db: Database) -> None:
    await _store(db, date(2026, 3, 19), at=NOW)
    stale = await check(Heartbeats(db), now=NOW, interval_seconds=60, db=db, age=AGE)
    async with db.transaction() as conn:
        await SourceRepository(db).record_success_in(
            conn, Applied("key", "https://ngo.example/list.csv", None, None, "hash", 1), now=NOW
        )

    fresh = await check(Heartbeats(db), now=NOW, interval_seconds=60, db=db, age=AGE)

    assert stale.ok
    assert stale.stale
    assert stale.freshness is not None
    assert (stale.freshness.as_of, stale.freshness.stale_days) == (date(2026, 3, 19), 259)
    assert fresh.ok
    assert not fresh.stale
    assert fresh.freshness is not None
    assert fresh.freshness.as_of == date(2026, 12, 3)


async def test_the_health_url_answers_200_for_stale_data(db: Database) -> None:
    await _store(db, date(2026, 3, 19), at=NOW)

    async def probe() -> Health:
        return await check(Heartbeats(db), now=NOW, interval_seconds=60, db=db, age=AGE)

    server = HealthServer(probe, Localizer()("en"))
    await server.start("127.0.0.1", 0)
    try:
        url = f"http://127.0.0.1:{server.port}/healthz"
        async with aiohttp.ClientSession() as http, http.get(url) as reply:
            status, text = reply.status, await reply.text()
    finally:
        await server.stop()

    assert status == 200
    assert text.startswith("ok, but the data is stale: last confirmed 2026-03-19, 259 days ago")
