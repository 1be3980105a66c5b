"""`migrate-to-postgres`: an SQLite bot, with everything it holds, moved into PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.cli import EXIT_CONFIG, EXIT_OK, EXIT_REFUSED
from bot.config import BUNDLED_DATASET, Settings, load_settings
from bot.domain.actions import ActionKind
from bot.domain.chat import AlertKind, ChatType
from bot.services import Services
from storage.campaigns import AudienceKind, NewCampaign
from storage.outbox import DeliveryKind, DeliveryState, NewDelivery
from storage.postgres import PostgresDatabase
from tests.cli.conftest import run
from tests.postgres import in_own_loop

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
PRIVATE, GROUP, GONE = 1001, -2002, 3003


async def _fill(settings: Settings) -> None:
    """Make the SQLite bot hold a row in every table, as using it would."""
    services = await Services.open(settings, clock=lambda: NOW)
    try:
        chats, follows, outbox = services.chats, services.follows, services.outbox
        for chat_id, kind in ((PRIVATE, ChatType.PRIVATE), (GROUP, ChatType.GROUP)):
            await chats.ensure(chat_id, kind, "be", "Europe/Minsk", time(9, 30), NOW)
        await chats.ensure(GONE, ChatType.PRIVATE, "ru", "Europe/Warsaw", time(8, 0), NOW)
        await chats.set_active(GONE, False, now=NOW)
        await chats.update_settings(
            PRIVATE, now=NOW, kinds={AlertKind.NEWS, AlertKind.BIRTHDAYS}, paused=True
        )
        await chats.update_settings(GROUP, now=NOW, follow_all=True, language="ru")
        for person in ("ales-bialiatski", "maria-kalesnikava", "ihar-losik"):
            await follows.follow(PRIVATE, person, limit=100, now=NOW)
        await follows.follow(GROUP, "ihar-losik", limit=100, now=NOW)
        await outbox.enqueue(
            [
                NewDelivery(
                    chat_id=chat_id,
                    key=f"news:{chat_id}:{n}",
                    kind=DeliveryKind.NEWS,
                    text=f"<b>news {n}</b>",
                    buttons=((("Card", "https://t.me/bot?start=p_ihar-losik"),),),
                    not_before=NOW,
                )
                for n in range(3)
                for chat_id in (PRIVATE, GROUP)
            ],
            now=NOW,
        )
        # One message of each chat is sent; the group waits for its pace, and the private
        # chat's next message is on its way when the bot stops.
        for row in await outbox.claim(now=NOW, lease=timedelta(minutes=2), limit=10):
            pace = timedelta(seconds=60 if row.chat_id == GROUP else 1)
            await outbox.mark_sent(row.id, message_id=77, now=NOW, chat_waits_until=NOW + pace)
        later = NOW + timedelta(seconds=2)
        assert await outbox.claim(now=later, lease=timedelta(minutes=2), limit=1)
        await services.campaigns.create(
            NewCampaign(
                text="Write to <i>Ihar</i> this week",
                button=("Sign", "https://example.org/petition"),
                audience=AudienceKind.ALL,
                audience_value=None,
                send_at=NOW + timedelta(days=1),
                created_by=42,
            ),
            [PRIVATE, GROUP],
            progress=None,
            now=NOW,
        )
        await services.actions.add(
            ActionKind.PETITION,
            "Sign for Ihar",
            url="https://example.org/sign",
            prisoner_id="ihar-losik",
            language=None,
            now=NOW,
        )
        await services.audit.record(42, "campaign", "2 chats", now=NOW)
        await services.heartbeats.beat("planner", now=NOW)
        await services.letters.mark(PRIVATE, "ihar-losik", today=date(2026, 3, 20), now=NOW)
        await services.sources.record_failure("timeout", "https://example.org/list", now=NOW)
        # A question the group's admins have not answered yet moves with the bot.
        await services.chat_states.put(
            GROUP, 0, "zone_question", {"prompt_id": 7}, expires_at=NOW + timedelta(days=1)
        )
        async with services.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO news (prisoner_id, kind, old_status, new_status, changed_on,"
                " recorded_at) VALUES ('ihar-losik', 'status', 'imprisoned', 'released',"
                " '2026-03-19', '2026-03-19T10:00:00Z')"
            )
            await conn.execute(
                "INSERT INTO held_syncs (token, source, source_key, format, data, content_hash,"
                " summary, held_at) VALUES ('tok', 'example.org/list', 'k', 'canonical-csv',"
                " ?, 'h', '{\"removed\": 3}', '2026-03-19T10:00:00Z')",
                (b"id,name\n\xff binary",),
            )
    finally:
        await services.close()


def _sqlite_rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}"), key=repr)  # noqa: S608


def _sqlite_tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return sorted(name for (name,) in found)


def _postgres_rows(url: str, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    async def read() -> list[tuple[Any, ...]]:
        conn = await asyncpg.connect(url)
        try:
            listed = ", ".join(f'"{column}"' for column in columns)
            rows = await conn.fetch(f"SELECT {listed} FROM {table}")  # noqa: S608
            return sorted((tuple(row) for row in rows), key=repr)
        finally:
            await conn.close()

    return in_own_loop(read)


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def sqlite_bot(database: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Return the file of an SQLite bot that holds people, chats and all the rest."""
    code, _, _ = run(capsys, "import", str(BUNDLED_DATASET))
    assert code == EXIT_OK
    asyncio.run(_fill(load_settings(None, database_path=database)))
    return database


@pytest.fixture
def target(sqlite_bot: Path, postgres_url_sync: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Return the PostgreSQL database to move into, named in DATABASE_URL once the bot is made."""
    monkeypatch.setenv("DATABASE_URL", postgres_url_sync)
    return postgres_url_sync


def test_everything_moves_and_the_bot_reads_the_same_chats_on_postgresql(
    sqlite_bot: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tables = _sqlite_tables(sqlite_bot)
    empty = [t for t in tables if not _sqlite_rows(sqlite_bot, t)]
    assert not empty, f"fill these tables in _fill, so that their move is tested: {empty}"
    before = {table: _sqlite_rows(sqlite_bot, table) for table in tables}
    digest = hashlib.sha256(sqlite_bot.read_bytes()).hexdigest()
    # A first start on PostgreSQL imported the bundled list: that is replaced, not doubled.
    assert run(capsys, "import", str(BUNDLED_DATASET))[0] == EXIT_OK

    code, out, err = run(capsys, "migrate-to-postgres")

    assert code == EXIT_OK, err
    assert "chats: 3 rows copied" in out
    assert "follows: 4 rows copied" in out
    assert "Replaced " in out
    assert "3 chats, 4 follows" in out
    assert hashlib.sha256(sqlite_bot.read_bytes()).hexdigest() == digest
    for table in tables:
        columns = _columns(sqlite_bot, table)
        moved = _postgres_rows(target, table, columns)
        if table == "outbox":
            # The message that was on its way goes back to the queue.
            state, lease = columns.index("state"), columns.index("lease_until")
            sending = [row for row in before[table] if row[state] == "sending"]
            assert len(sending) == 1
            released = {row[0] for row in sending}
            assert {row[0]: (row[state], row[lease]) for row in moved if row[0] in released} == {
                next(iter(released)): ("pending", None)
            }
            assert [r for r in moved if r[0] not in released] == [
                r for r in before[table] if r[0] not in released
            ]
        else:
            assert moved == before[table], table

    async def read_back() -> None:
        on_sqlite = await Services.open(
            load_settings(None, database_path=sqlite_bot, database_url=None)
        )
        on_postgres = await Services.open(
            load_settings(None, database_path=sqlite_bot, database_url=target)
        )
        try:
            assert on_postgres.db.location != on_sqlite.db.location
            for chat_id in (PRIVATE, GROUP, GONE):
                assert await on_postgres.chats.get(chat_id) == await on_sqlite.chats.get(chat_id)
                assert await on_postgres.follows.followed_by(
                    chat_id
                ) == await on_sqlite.follows.followed_by(chat_id)
            queued, moved_queue = await on_sqlite.outbox.counts(), await on_postgres.outbox.counts()
            assert (queued[DeliveryState.SENDING], moved_queue[DeliveryState.SENDING]) == (1, 0)
            assert moved_queue[DeliveryState.PENDING] == queued[DeliveryState.PENDING] + 1
            assert moved_queue[DeliveryState.SENT] == queued[DeliveryState.SENT] == 2
            # New rows get ids after the copied ones.
            await on_postgres.audit.record(42, "moved", "", now=NOW)
            newest = (await on_postgres.audit.latest(1))[0]
            assert newest.id == max(entry.id for entry in await on_sqlite.audit.latest(50)) + 1
        finally:
            await on_sqlite.close()
            await on_postgres.close()

    in_own_loop(read_back)


def test_a_database_that_serves_chats_is_refused_and_left_as_it_was(
    sqlite_bot: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "migrate-to-postgres")[0] == EXIT_OK
    with sqlite3.connect(sqlite_bot) as conn:
        conn.execute("UPDATE chats SET language = 'en'")
        conn.execute("DELETE FROM follows")
    chats = _postgres_rows(target, "chats", ["chat_id", "language"])

    code, out, err = run(capsys, "migrate-to-postgres")

    assert code == EXIT_REFUSED
    assert "already holds 3 chats, so nothing was copied and nothing was changed" in err
    assert out == ""
    assert _postgres_rows(target, "chats", ["chat_id", "language"]) == chats
    assert len(_postgres_rows(target, "follows", ["chat_id"])) == 4


def test_the_move_needs_both_databases_named(
    database: Path,
    postgres_url_sync: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "migrate-to-postgres")
    assert code == EXIT_CONFIG
    assert "DATABASE_URL is not set" in err

    monkeypatch.setenv("DATABASE_URL", postgres_url_sync)
    code, _, err = run(capsys, "migrate-to-postgres")
    assert code == EXIT_CONFIG
    assert f"There is no SQLite database at {database}" in err
    assert not database.exists()


def test_identity_columns_continue_after_the_copied_ids(
    sqlite_bot: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "migrate-to-postgres")[0] == EXIT_OK
    largest = max(row[0] for row in _sqlite_rows(sqlite_bot, "outbox"))

    async def queue_one() -> int:
        db = await PostgresDatabase.open(target)
        try:
            async with db.transaction() as conn:
                new_id: int = await conn.fetchval(
                    "INSERT INTO outbox (chat_id, key, kind, text, not_before, created_at)"
                    " VALUES (?, 'news:1001:new', 'news', 'x', ?, ?) RETURNING id",
                    (PRIVATE, "2026-03-21T00:00:00Z", "2026-03-21T00:00:00Z"),
                )
            return new_id
        finally:
            await db.close()

    assert in_own_loop(queue_one) == largest + 1


def test_a_row_postgresql_refuses_leaves_it_holding_none_of_the_copy(
    sqlite_bot: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLite keeps a NUL character in text; PostgreSQL's text cannot hold one.
    with sqlite3.connect(sqlite_bot) as conn:
        conn.execute("UPDATE audit SET detail = 'a' || char(0) || 'b'")

    code, out, err = run(capsys, "migrate-to-postgres")

    assert code == EXIT_REFUSED
    assert err.startswith("Nothing was moved. Copying into the PostgreSQL database")
    assert "table audit" in err
    assert "rolled back" in err
    assert out == ""
    for table in ("chats", "follows", "outbox", "campaigns"):
        assert _postgres_rows(target, table, ["created_at"]) == [], table
