"""`solidarity-bot sync` as an operator runs it, and the commands that meet an empty database."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_REFUSED
from bot.config import BUNDLED_DATASET
from bot.l10n import file_size
from tests.cli.conftest import run
from tests.fakes.source_server import SourceResponse, SourceServer

LIST = BUNDLED_DATASET.read_bytes()


@pytest.fixture
def source() -> Iterator[SourceServer]:
    """Serve a list from a thread of its own: the command runs its own event loop."""
    loop = asyncio.new_event_loop()
    server = SourceServer()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(10)
    yield server
    asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def count(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM prisoners").fetchone()[0])


def released(body: bytes, prisoner_id: str) -> bytes:
    lines = body.decode().splitlines(keepends=True)
    return "".join(
        line.replace(",imprisoned,,", ",released,2026-11-30,", 1)
        if line.startswith(prisoner_id + ",")
        else line
        for line in lines
    ).encode()


@pytest.mark.parametrize("command", [["lookup", "Bialiatski"], ["alerts"]])
def test_commands_on_an_empty_database_say_how_to_fill_it(
    database: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, err = run(capsys, *command)

    assert code == EXIT_REFUSED
    assert "The database holds nobody yet" in err
    assert "solidarity-bot import FILE" in err
    assert "solidarity-bot sync" in err
    assert "Nobody matches" not in out


def test_stats_on_an_empty_database_says_how_to_fill_it(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "stats")

    assert code == EXIT_OK
    assert "The database holds nobody yet" in out
    assert "Data source: none (DATA_SOURCE_URL is empty)" in out


def test_sync_without_a_source_says_how_to_set_one(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "sync")

    assert code == EXIT_REFUSED
    assert "set DATA_SOURCE_URL in .env, or pass --url" in err


def test_sync_refuses_a_plain_http_address_and_hides_its_credentials(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "sync", "--url", "http://ngo:s3cret@example.org/list.csv?k=1")

    assert code == EXIT_REFUSED
    assert "http://example.org/list.csv" in err
    assert "s3cret" not in out + err
    assert not database.exists() or count(database) == 0


def test_a_bad_data_source_url_setting_stops_with_one_sentence(
    database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_SOURCE_URL", "ftp://ngo:s3cret@example.org/list.csv")

    code, out, err = run(capsys, "stats")

    assert code == 2
    assert "DATA_SOURCE_URL" in err
    assert "https://" in err
    assert "s3cret" not in out + err


def test_sync_dry_run_shows_the_changes_and_writes_nothing(
    database: Path, capsys: pytest.CaptureFixture[str], source: SourceServer
) -> None:
    source.script(SourceResponse(body=LIST))

    code, out, _ = run(capsys, "sync", "--dry-run", "--url", source.url)

    assert code == EXIT_OK
    assert f"Source: {source.url} ({file_size(len(LIST), 'en')})" in out
    assert "32 people to add:" in out
    assert "Dry run: this would be applied. Nothing was changed." in out
    assert count(database) == 0


def test_sync_applies_then_finds_nothing_new_then_holds_a_short_list(
    database: Path, capsys: pytest.CaptureFixture[str], source: SourceServer
) -> None:
    short = b"".join(LIST.splitlines(keepends=True)[:20])
    source.script(
        SourceResponse(body=LIST, headers={"ETag": '"v1"'}, honour_conditional=True),
        SourceResponse(body=LIST, headers={"ETag": '"v1"'}, honour_conditional=True),
        SourceResponse(body=released(short, "andrzej-poczobut")),
    )

    first = run(capsys, "sync", "--url", source.url)
    second = run(capsys, "sync", "--url", source.url)
    third = run(capsys, "sync", "--url", source.url)

    assert first[0] == EXIT_OK
    assert "Applied." in first[1]
    assert count(database) == 32
    assert second[0] == EXIT_OK
    assert "has not changed since the last sync" in second[1]
    assert third[0] == EXIT_OK
    assert "Andrzej Poczobut" in third[1]
    assert "Held for an operator, because:" in third[1]
    assert "It would remove 13 of 32 people; more than 2% waits for you." in third[1]
    assert "the running bot asks the operators" in third[1]
    assert count(database) == 32
    code, out, _ = run(capsys, "stats")
    assert code == EXIT_OK
    assert f"Data source: {source.url}" in out
    assert "waited for an operator since" in out


def test_a_failed_sync_says_why_and_changes_nothing(
    database: Path, capsys: pytest.CaptureFixture[str], source: SourceServer
) -> None:
    source.script(SourceResponse(status=503, body=b"down for maintenance"))

    code, _, err = run(capsys, "sync", "--url", source.url)

    assert code == EXIT_REFUSED
    assert "The sync failed: the server answered with an error (HTTP 503" in err
    assert "Nothing was changed." in err
