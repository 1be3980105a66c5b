"""Migrations: a fresh file gets all of them, an old one the missing ones, a failure none."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date, datetime, time
from pathlib import Path

import pytest

from bot.domain.chat import ALL_KINDS, ChatType
from bot.domain.prisoner import FIELDS, OPTIONAL_FIELDS, REQUIRED_FIELDS, Prisoner, Status
from storage.chats import ChatRepository
from storage.database import Database
from storage.errors import MigrationError, StorageError
from storage.follows import FollowOutcome, FollowRepository
from storage.migrations import MIGRATIONS, Migration, check_sequence, split_statements
from storage.outbox import DeliveryKind, NewDelivery, Outbox
from storage.prisoners import PrisonerRepository
from storage.sql import Connection, Dialect, SQLDatabase

_ADD_NICKNAME = Migration(2, "prisoner nickname", "ALTER TABLE prisoners ADD COLUMN nickname TEXT")


async def _store_as_release_1(conn: Connection, prisoner_id: str, name: str) -> None:
    """Write a prisoner as the first release did: today's repository expects today's schema."""
    await conn.execute(
        "INSERT INTO prisoners (id, name, status, updated_at)"
        " VALUES (?, ?, 'imprisoned', '2025-12-15T09:30:00+00:00')",
        (prisoner_id, name),
    )


async def _tables(db: SQLDatabase) -> set[str]:
    if db.dialect is Dialect.POSTGRESQL:
        rows = await db.fetchall(
            "SELECT table_name AS name FROM information_schema.tables"
            " WHERE table_schema = current_schema()"
        )
    else:
        rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row["name"] for row in rows}


async def _columns(db: SQLDatabase, table: str) -> list[str]:
    if db.dialect is Dialect.POSTGRESQL:
        rows = await db.fetchall(
            "SELECT column_name AS name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
    else:
        rows = await db.fetchall(f"PRAGMA table_info({table})")
    return [row["name"] for row in rows]


async def _stored_version(db: SQLDatabase) -> int:
    if isinstance(db, Database):
        return _user_version(db.path)
    return int(await db.fetchval("SELECT version FROM schema_version"))


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as raw:
        (version,) = raw.execute("PRAGMA user_version").fetchone()
    raw.close()
    return int(version)


async def test_fresh_database_gets_every_migration(db: SQLDatabase) -> None:
    assert db.schema_version == MIGRATIONS[-1].version
    assert await _stored_version(db) == MIGRATIONS[-1].version
    assert {
        "prisoners",
        "chats",
        "imports",
        "follows",
        "outbox",
        "news",
        "campaigns",
    } <= await _tables(db)


async def test_prisoners_table_has_a_column_per_field(db: Database) -> None:
    # The first release's columns in order, when the row last changed, what syncs keep, then
    # the free text in Belarusian and Russian.
    fields = [*REQUIRED_FIELDS, "updated_at", "synced_on", *OPTIONAL_FIELDS]

    assert await _columns(db, "prisoners") == fields
    assert set(FIELDS) == set(REQUIRED_FIELDS) | set(OPTIONAL_FIELDS)


async def test_version_8_file_gains_free_text_in_languages_and_keeps_its_rows(
    db_path: Path, now: datetime
) -> None:
    db = await Database.open(db_path, MIGRATIONS[:8])
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO prisoners (id, name, status, status_note, sentence, charges, facility,"
            " organization, summary, updated_at, synced_on) VALUES ('ihar-losik', 'Ihar Losik',"
            " 'released', 'Released.', '15 years', '[\"Art. 293 CC\"]', 'Colony', 'RFE/RL',"
            " 'Blogger.', '2025-12-15T09:30:00+00:00', '2025-12-14')"
        )
    await db.close()

    db = await Database.open(db_path)
    repository = PrisonerRepository(db)
    kept = await repository.get("ihar-losik")
    translated = dataclasses.replace(
        kept or Prisoner("ihar-losik", "Ihar Losik"),
        summary_be="Блогер.",
        charges_ru=("Ст. 293 УК",),
    )
    async with db.transaction() as conn:
        result = await repository.upsert_many([translated], conn, now=now)
    stored = await repository.get("ihar-losik")
    await db.close()

    assert _user_version(db_path) == MIGRATIONS[-1].version
    assert kept == Prisoner(
        "ihar-losik",
        "Ihar Losik",
        status=Status.RELEASED,
        status_note="Released.",
        sentence="15 years",
        charges=("Art. 293 CC",),
        facility="Colony",
        organization="RFE/RL",
        summary="Blogger.",
    )
    assert kept is not None
    assert kept.synced_on == date(2025, 12, 14)
    assert result.changed == ("ihar-losik",)
    assert stored == translated
    assert stored is not None
    assert (stored.summary_be, stored.summary_ru, stored.charges_ru, stored.charges_be) == (
        "Блогер.",
        None,
        ("Ст. 293 УК",),
        (),
    )


async def test_chats_table_stores_nothing_about_people(db: Database) -> None:
    assert await _columns(db, "chats") == [
        "chat_id",
        "type",
        "language",
        "timezone",
        "alert_time",
        "active",
        "created_at",
        "kinds",
        "paused",
        "follow_all",
        "updated_at",
        "planned_on",
        "write_again_weeks",
    ]


async def test_follows_table_stores_only_ids_and_a_time(db: Database) -> None:
    assert await _columns(db, "follows") == ["chat_id", "prisoner_id", "created_at"]


async def test_outbox_table_keeps_deliveries_and_no_people(db: Database) -> None:
    assert await _columns(db, "outbox") == [
        "id",
        "chat_id",
        "key",
        "kind",
        "local_date",
        "text",
        "buttons",
        "part",
        "state",
        "not_before",
        "lease_until",
        "attempts",
        "last_error",
        "error_at",
        "sent_at",
        "message_id",
        "created_at",
    ]


async def test_news_table_stores_status_changes_and_transfers(db: Database) -> None:
    # PostgreSQL adds the transfer's columns at the end, where SQLite rebuilt the table.
    assert sorted(await _columns(db, "news")) == sorted(
        [
            "id",
            "prisoner_id",
            "kind",
            "old_status",
            "new_status",
            "changed_on",
            "old_facility",
            "facility",
            "address",
            "recorded_at",
            "fanned_out_at",
        ]
    )


async def test_version_1_file_gains_chat_settings_and_follows(db_path: Path, now: datetime) -> None:
    db = await Database.open(db_path, MIGRATIONS[:1])
    async with db.transaction() as conn:
        await _store_as_release_1(conn, "ihar-losik", "Ihar Losik")
        await conn.execute(
            "INSERT INTO chats (chat_id, type, language, timezone, alert_time, active, created_at)"
            " VALUES (-5, 'group', 'ru', 'Europe/Warsaw', '18:30', 0, '2025-01-02T03:04:05+00:00')"
        )
    await db.close()
    assert _user_version(db_path) == 1

    db = await Database.open(db_path)
    chat = await ChatRepository(db).get(-5)
    follows_before = await FollowRepository(db).total()
    followed = await FollowRepository(db).follow(-5, "ihar-losik", limit=100, now=now)
    followers = await FollowRepository(db).followers("ihar-losik")
    prisoner = await PrisonerRepository(db).get("ihar-losik")
    await db.close()

    assert db.schema_version == MIGRATIONS[-1].version
    assert _user_version(db_path) == MIGRATIONS[-1].version
    assert chat is not None
    assert (chat.type, chat.language, chat.timezone) == (ChatType.GROUP, "ru", "Europe/Warsaw")
    assert (chat.alert_time.hour, chat.alert_time.minute, chat.active) == (18, 30, False)
    assert chat.created_at == datetime.fromisoformat("2025-01-02T03:04:05+00:00")
    assert chat.kinds == ALL_KINDS
    assert (chat.paused, chat.follow_all, chat.updated_at) == (False, False, None)
    assert follows_before == 0
    assert followed.outcome is FollowOutcome.FOLLOWED
    assert followers == [-5]
    assert prisoner == Prisoner("ihar-losik", "Ihar Losik")


async def test_version_2_file_gains_outbox_and_news(db_path: Path, now: datetime) -> None:
    db = await Database.open(db_path, MIGRATIONS[:2])
    async with db.transaction() as conn:
        await _store_as_release_1(conn, "ihar-losik", "Ihar Losik")
    chat = await ChatRepository(db).ensure(
        -5, ChatType.GROUP, "ru", "Europe/Warsaw", time(18, 30), now
    )
    # Written as release 2 wrote it: today's repositories expect today's schema.
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO follows (chat_id, prisoner_id, created_at) VALUES (-5, 'ihar-losik', ?)",
            (now.isoformat(),),
        )
    await db.close()
    assert _user_version(db_path) == 2

    db = await Database.open(db_path)
    tables = await _tables(db)
    kept_chat = await ChatRepository(db).get(-5)
    followers = await FollowRepository(db).followers("ihar-losik")
    queued = await Outbox(db).enqueue(
        [
            NewDelivery(
                chat_id=-5,
                key="news:-5:1",
                kind=DeliveryKind.NEWS,
                text="news",
                not_before=now,
            )
        ],
        now=now,
    )
    await db.close()

    assert {"outbox", "news"} <= tables
    assert kept_chat == chat
    assert followers == [-5]
    assert queued == 1
    assert _user_version(db_path) == MIGRATIONS[-1].version


async def test_reopening_runs_nothing_again_and_keeps_data(db_path: Path, now: datetime) -> None:
    runs: list[int] = []

    async def counted(conn: Connection) -> None:
        runs.append(1)
        await conn.execute("CREATE TABLE later_things (id INTEGER PRIMARY KEY)")

    next_version = MIGRATIONS[-1].version + 1
    migrations = [*MIGRATIONS, Migration(next_version, "later things", counted)]
    db = await Database.open(db_path, migrations)
    async with db.transaction() as conn:
        await PrisonerRepository(db).upsert_many(
            [Prisoner("ales-bialiatski", "Ales")], conn, now=now
        )
    await db.close()

    db = await Database.open(db_path, migrations)
    count = await PrisonerRepository(db).count()
    await db.close()

    assert runs == [1]
    assert db.schema_version == next_version
    assert count == 1


async def test_upgrade_keeps_existing_rows(db_path: Path, now: datetime) -> None:
    db = await Database.open(db_path, MIGRATIONS[:1])
    async with db.transaction() as conn:
        await _store_as_release_1(conn, "maria-kalesnikava", "Maria Kalesnikava")
    await db.close()

    db = await Database.open(db_path, [*MIGRATIONS[:1], _ADD_NICKNAME])
    row = await db.fetchone("SELECT id, name, status, nickname FROM prisoners")
    columns = await _columns(db, "prisoners")
    await db.close()

    assert db.schema_version == 2
    assert _user_version(db_path) == 2
    assert "nickname" in columns
    assert row is not None
    assert tuple(row) == ("maria-kalesnikava", "Maria Kalesnikava", "imprisoned", None)


async def test_failing_script_rolls_back_only_that_migration(db_path: Path) -> None:
    broken = Migration(
        3,
        "outbox",
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);",
    )
    db = await Database.open(db_path, MIGRATIONS[:1])
    await db.close()

    with pytest.raises(MigrationError) as caught:
        await Database.open(db_path, [*MIGRATIONS[:1], _ADD_NICKNAME, broken])

    message = str(caught.value)
    assert "to schema 3 (outbox) failed" in message
    assert "no_such_table" in message
    assert "still at schema 2" in message
    assert isinstance(caught.value, StorageError)
    assert _user_version(db_path) == 2
    db = await Database.open(db_path, [*MIGRATIONS[:1], _ADD_NICKNAME])
    tables = await _tables(db)
    await db.close()
    assert "outbox" not in tables


async def test_failing_python_step_rolls_back_its_writes(db_path: Path) -> None:
    async def rewrite_then_fail(conn: Connection) -> None:
        await conn.execute("DROP TABLE imports")
        raise ValueError("unexpected value in imports.format")

    with pytest.raises(MigrationError, match="unexpected value"):
        await Database.open(db_path, [*MIGRATIONS[:1], Migration(2, "tidy", rewrite_then_fail)])

    assert _user_version(db_path) == 1
    db = await Database.open(db_path, MIGRATIONS[:1])
    tables = await _tables(db)
    await db.close()
    assert "imports" in tables


async def test_rebuilding_a_table_does_not_cascade_into_referencing_rows(
    db_path: Path, now: datetime
) -> None:
    follows = Migration(
        2,
        "follows",
        """
        CREATE TABLE follows (
            chat_id INTEGER NOT NULL,
            prisoner_id TEXT NOT NULL REFERENCES prisoners (id) ON DELETE CASCADE
        );
        """,
    )
    rebuild = Migration(
        3,
        "rebuild prisoners",
        """
        CREATE TABLE prisoners_new (id TEXT PRIMARY KEY, name TEXT NOT NULL);
        INSERT INTO prisoners_new SELECT id, name FROM prisoners;
        DROP TABLE prisoners;
        ALTER TABLE prisoners_new RENAME TO prisoners;
        """,
    )
    db = await Database.open(db_path, [*MIGRATIONS[:1], follows])
    async with db.transaction() as conn:
        await _store_as_release_1(conn, "ihar-losik", "Ihar Losik")
        await conn.execute("INSERT INTO follows VALUES (1, 'ihar-losik')")
    await db.close()

    db = await Database.open(db_path, [*MIGRATIONS[:1], follows, rebuild])
    follows_left = await db.fetchval("SELECT count(*) FROM follows")
    foreign_keys = await db.fetchval("PRAGMA foreign_keys")
    await db.close()

    assert follows_left == 1
    assert foreign_keys == 1


async def test_migration_leaving_dangling_references_is_rolled_back(db_path: Path) -> None:
    dangling = Migration(
        2,
        "follows",
        """
        CREATE TABLE follows (prisoner_id TEXT NOT NULL REFERENCES prisoners (id));
        INSERT INTO follows VALUES ('nobody');
        """,
    )

    with pytest.raises(MigrationError, match="follows"):
        await Database.open(db_path, [*MIGRATIONS[:1], dangling])

    assert _user_version(db_path) == 1


def test_migrations_must_count_up_from_one() -> None:
    with pytest.raises(ValueError, match="expected 2"):
        check_sequence([*MIGRATIONS[:1], Migration(3, "skipped a number", "SELECT 1")])


def test_shipped_migrations_count_up_from_one() -> None:
    check_sequence(MIGRATIONS)


def test_script_is_split_at_statement_ends_only() -> None:
    script = """
    -- a comment; with a semicolon
    CREATE TABLE notes (text TEXT DEFAULT 'a;b');
    CREATE TRIGGER stamp AFTER INSERT ON notes BEGIN
        UPDATE notes SET text = text || ';';
    END;
    INSERT INTO notes DEFAULT VALUES
    """

    statements = split_statements(script)

    assert len(statements) == 3
    assert statements[0].endswith("DEFAULT 'a;b');")
    assert statements[1].startswith("CREATE TRIGGER")
    assert statements[1].endswith("END;")
    assert statements[2] == "INSERT INTO notes DEFAULT VALUES"


async def test_actions_table_stores_no_person_but_the_prisoner_id(db: Database) -> None:
    assert await _columns(db, "actions") == [
        "id",
        "kind",
        "text",
        "url",
        "prisoner_id",
        "language",
        "created_at",
        "retired_at",
    ]
