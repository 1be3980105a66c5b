"""The operator's commands with DATABASE_URL: the same answers as on the SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_REFUSED
from bot.config import BUNDLED_DATASET
from tests.cli.conftest import run
from tests.cli.test_sync_cli import LIST, released, source  # noqa: F401 - the list's server
from tests.fakes.source_server import SourceResponse, SourceServer
from tests.postgres import PostgresServer, in_own_loop


@pytest.fixture
def postgres(database: Path, postgres_url_sync: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the CLI at a PostgreSQL database of its own (after `database` cleared the rest)."""
    monkeypatch.setenv("DATABASE_URL", postgres_url_sync)
    return postgres_url_sync


def _export(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "export")
    assert code == EXIT_OK
    return out


def test_the_same_imports_export_identically_from_both_backends(
    database: Path,
    postgres_url_sync: str,
    reference_data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [BUNDLED_DATASET, reference_data / "viasna_export_sample_2023.csv"]
    exported = {}
    for backend in ("sqlite", "postgresql"):
        if backend == "postgresql":
            monkeypatch.setenv("DATABASE_URL", postgres_url_sync)
        for path in files:
            code, out, _ = run(capsys, "import", str(path))
            assert code == EXIT_OK, out
        exported[backend] = _export(capsys)

    assert database.exists()
    assert exported["sqlite"].count("\n") == 1 + 32 + 34
    assert exported["postgresql"] == exported["sqlite"]


def test_stats_show_the_address_and_never_the_password(
    postgres: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    # The test server trusts local users, so any password lets the bot in and must stay hidden.
    with_password = postgres.replace("postgres@", "postgres:s3cret@")
    monkeypatch.setenv("DATABASE_URL", with_password)

    code, out, err = run(capsys, "stats")

    assert code == EXIT_OK
    assert "People: 32 (" in out
    assert postgres.split("?")[0].replace("postgresql://", "") in out
    assert "s3cret" not in out + err


def test_alerts_preview_a_day_from_postgresql(
    postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))

    code, out, _ = run(capsys, "alerts", "--date", "2026-07-14")

    assert code == EXIT_OK
    assert out.startswith("On 2026-07-14, ")
    assert "Nothing was sent or queued." in out


def test_health_tells_an_empty_database_from_a_bot_that_never_planned(
    database: Path,
    postgres_server: PostgresServer,
    postgres: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = in_own_loop(lambda: postgres_server.create(migrated=False))
    try:
        monkeypatch.setenv("DATABASE_URL", empty)
        code, _, err = run(capsys, "health")
        assert code == EXIT_REFUSED
        assert "holds no data of the bot" in err

        monkeypatch.setenv("DATABASE_URL", postgres)
        code, _, err = run(capsys, "health")
        assert code == EXIT_REFUSED
        assert "planner" in err
        assert not database.exists()
    finally:
        in_own_loop(lambda: postgres_server.drop(empty))


def test_sync_applies_then_holds_on_postgresql(
    postgres: str,
    capsys: pytest.CaptureFixture[str],
    source: SourceServer,  # noqa: F811
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

    assert (first[0], second[0], third[0]) == (EXIT_OK, EXIT_OK, EXIT_OK)
    assert "Applied." in first[1]
    assert "has not changed since the last sync" in second[1]
    assert "Held for an operator, because:" in third[1]
    _, out, _ = run(capsys, "stats")
    assert "People: 32 (" in out
    assert "waited for an operator since" in out
