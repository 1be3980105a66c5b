"""Running it for real: backups, health checks, and the files that deploy the bot."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
import yaml

from bot.cli import EXIT_CONFIG, EXIT_OK, EXIT_REFUSED
from bot.config import ConfigError, Settings, load_settings
from bot.health import HEALTH_PATH, Health, HealthServer, Problem, assess, check
from bot.l10n import Localizer
from storage.audit import Heartbeats
from storage.database import Database
from tests.cli.conftest import run

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SECRET = "s" * 40


def create(database: Path) -> None:
    """Create the bot's database, migrated, as its first start does."""

    async def open_and_close() -> None:
        async with await Database.open(database):
            pass

    asyncio.run(open_and_close())


def beat(database: Path, at: datetime) -> None:
    """Record a planner run at `at`, as the running bot does."""

    async def write() -> None:
        async with await Database.open(database) as db:
            await Heartbeats(db).beat("planner", now=at)

    asyncio.run(write())


def audit_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM audit ORDER BY id")]


def schema_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


# -- backup --------------------------------------------------------------------------------


def test_backup_while_a_write_is_open_copies_what_was_committed(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("INSERT INTO audit (admin_id, action, detail, at) VALUES (1, 'a', '', 'x')")
    # The bot is in the middle of a write: it holds the write lock and has not committed.
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO audit (admin_id, action, detail, at) VALUES (1, 'b', '', 'x')")
    try:
        code, out, err = run(capsys, "backup", str(tmp_path / "copy.sqlite3"))
    finally:
        writer.execute("COMMIT")
        writer.close()

    copy = tmp_path / "copy.sqlite3"
    assert code == EXIT_OK, err
    assert audit_ids(copy) == [1]
    assert audit_ids(database) == [1, 2]
    assert str(copy) in out
    assert re.search(r"\d kB", out), out
    assert copy.stat().st_mode & 0o777 == 0o600
    # One self-contained file: nothing else was left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.sqlite3", "data"]


def test_backup_during_a_stream_of_writes_is_a_consistent_snapshot(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    committed_before = 50
    with sqlite3.connect(database, isolation_level=None) as conn:
        for _ in range(committed_before):
            conn.execute(
                "INSERT INTO audit (admin_id, action, detail, at) VALUES (1, 'a', '', 'x')"
            )
    started, stop = threading.Event(), threading.Event()

    def keep_writing() -> None:
        conn = sqlite3.connect(database, isolation_level=None)
        try:
            while not stop.is_set():
                conn.execute(
                    "INSERT INTO audit (admin_id, action, detail, at) VALUES (2, 'b', '', 'x')"
                )
                started.set()
        finally:
            conn.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        assert started.wait(10)
        code, _, err = run(capsys, "backup", str(tmp_path / "copy.sqlite3"))
    finally:
        stop.set()
        writer.join()

    copy = tmp_path / "copy.sqlite3"
    assert code == EXIT_OK, err
    ids = audit_ids(copy)
    # Everything committed before the backup, and then an unbroken run: a moment's snapshot.
    assert ids == list(range(1, len(ids) + 1))
    assert len(ids) > committed_before
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert schema_version(copy) == schema_version(database)


def test_a_backup_opens_as_the_bots_database(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    beat(database, NOW)
    code, out, err = run(capsys, "backup", str(tmp_path / "b.sqlite3"))
    assert code == EXIT_OK, err

    async def restore() -> tuple[int, datetime | None]:
        async with await Database.open(tmp_path / "b.sqlite3") as restored:
            return restored.schema_version, await Heartbeats(restored).last("planner")

    version, last_run = asyncio.run(restore())
    assert version == schema_version(database) > 0
    assert f"(schema {version})" in out
    assert last_run == NOW


def test_backup_refuses_to_overwrite_unless_forced(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    target = tmp_path / "copy.sqlite3"
    target.write_text("last week's backup", encoding="utf-8")

    code, out, err = run(capsys, "backup", str(target))
    assert out == ""
    assert code == EXIT_REFUSED
    assert "already exists" in err
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "last week's backup"

    code, _, err = run(capsys, "backup", str(target), "--force")
    assert code == EXIT_OK, err
    assert schema_version(target) == schema_version(database)
    assert target.stat().st_mode & 0o777 == 0o600


def test_backup_never_writes_over_the_live_database(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    before = database.read_bytes()
    code, _, err = run(capsys, "backup", str(database), "--force")
    assert code == EXIT_REFUSED
    assert "live database" in err
    assert database.read_bytes() == before


def test_backup_into_a_missing_folder_says_to_create_it(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    code, _, err = run(capsys, "backup", str(tmp_path / "backups" / "b.sqlite3"))
    assert code == EXIT_REFUSED
    assert "mkdir -m 700" in err
    assert not (tmp_path / "backups").exists()


def test_backup_without_a_database_creates_nothing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "backup", str(tmp_path / "b.sqlite3"))
    assert code == EXIT_CONFIG
    assert "DATABASE_PATH" in err
    assert not database.exists()
    assert not (tmp_path / "b.sqlite3").exists()


def test_backup_of_a_file_that_is_not_a_database_leaves_nothing_behind(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.parent.mkdir()
    database.write_text("notes", encoding="utf-8")
    code, _, err = run(capsys, "backup", str(tmp_path / "b.sqlite3"))
    assert code == EXIT_CONFIG
    assert "not a database" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


# -- health --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_run", "problem", "seconds"),
    [
        (None, Problem.PLANNER_NEVER_RAN, None),
        (NOW - timedelta(seconds=10), None, 10),
        (NOW - timedelta(seconds=179), None, 179),
        (NOW - timedelta(seconds=180), Problem.PLANNER_LATE, 180),
        (NOW - timedelta(hours=2), Problem.PLANNER_LATE, 7200),
        # The clock was set back after the run: not a reason to restart the bot.
        (NOW + timedelta(seconds=30), None, 0),
    ],
)
def test_the_planner_is_late_after_three_intervals(
    last_run: datetime | None, problem: Problem | None, seconds: int | None
) -> None:
    health = assess(last_run, now=NOW, interval_seconds=60)
    assert (health.problem, health.seconds) == (problem, seconds)
    assert health.ok is (problem is None)


def test_health_without_a_database_says_so_and_creates_none(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "health")
    assert code == 1
    assert f"There is no database at {database}" in err
    assert len(err.strip().splitlines()) == 1
    assert not database.exists()


def test_health_before_the_planner_ran(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create(database)
    code, out, err = run(capsys, "health")
    assert (code, out) == (1, "")
    assert "planner never ran" in err


def test_health_with_a_recent_planner_run_is_ok(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create(database)
    beat(database, datetime.now(UTC) - timedelta(seconds=20))
    code, out, err = run(capsys, "health")
    assert code == EXIT_OK, err
    assert out.startswith("ok")


def test_health_with_a_stalled_planner_says_how_long_ago_it_ran(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PLANNER_INTERVAL_SECONDS", "10")
    create(database)
    beat(database, datetime.now(UTC) - timedelta(seconds=600))
    code, _, err = run(capsys, "health")
    assert code == 1
    match = re.search(r"planner last ran (\d+) s ago", err)
    assert match, err
    assert 600 <= int(match[1]) < 660


def test_health_of_a_file_that_is_not_a_database(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.parent.mkdir()
    database.write_text("notes", encoding="utf-8")
    code, _, err = run(capsys, "health")
    assert code == 1
    assert err.startswith("The database does not answer")
    assert database.read_text(encoding="utf-8") == "notes"


@pytest.fixture
async def heartbeats(tmp_path: Path) -> AsyncIterator[Heartbeats]:
    """Yield the heartbeats of a fresh database, as the running bot has them."""
    async with await Database.open(tmp_path / "bot.sqlite3") as db:
        yield Heartbeats(db)


async def test_health_url_answers_503_with_the_reason_then_200(heartbeats: Heartbeats) -> None:
    now = NOW

    async def probe() -> Health:
        return await check(heartbeats, now=now, interval_seconds=60)

    server = HealthServer(probe, Localizer()("en"))
    await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.port}/healthz"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as reply:
                before = reply.status, await reply.text(), reply.headers["Cache-Control"]
            await heartbeats.beat("planner", now=NOW - timedelta(seconds=5))
            async with http.get(url) as reply:
                after = reply.status, await reply.text()
            now = NOW + timedelta(minutes=10)
            async with http.get(url) as reply:
                stalled = reply.status, await reply.text()
            async with http.get(url.replace("healthz", "telegram")) as reply:
                elsewhere = reply.status
    finally:
        await server.stop()

    assert before[0] == 503
    assert "planner never ran" in before[1]
    assert before[2] == "no-store"
    assert after == (200, "ok: the database answers and the planner ran 5 s ago.\n")
    assert stalled[0] == 503
    assert "planner last ran 605 s ago" in stalled[1]
    assert elsewhere == 404


async def test_health_url_stops_with_the_bot(heartbeats: Heartbeats) -> None:
    async def probe() -> Health:
        return await check(heartbeats, now=NOW, interval_seconds=60)

    server = HealthServer(probe, Localizer()("en"))
    await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.port}/healthz"
    await server.stop()
    await server.stop()  # stopping twice is harmless: shut-down may come after a failed start
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(url)


async def test_a_closed_database_is_reported_not_raised(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    await db.close()
    health = await check(Heartbeats(db), now=NOW, interval_seconds=60)
    assert health.problem is Problem.DATABASE


# -- settings ------------------------------------------------------------------------------


def test_health_port_follows_the_webhook_port_unless_set() -> None:
    webhook = {"webhook_url": "https://bot.example.org/telegram", "webhook_secret": SECRET}
    assert load_settings(None).health_port is None
    assert load_settings(None, health_port="").health_port is None
    assert load_settings(None, health_port="9100").health_port == 9100
    assert load_settings(None, **webhook).health_port == 8444
    assert load_settings(None, **webhook, webhook_port="9000").health_port == 9001
    assert load_settings(None, **webhook, health_port="9100").health_port == 9100


@pytest.mark.parametrize("ports", [{"health_port": "8443"}, {"webhook_port": "65535"}])
def test_health_port_must_differ_from_the_webhook_port(
    ports: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    webhook = {"webhook_url": "https://bot.example.org/telegram", "webhook_secret": SECRET}
    with pytest.raises(ConfigError) as refused:
        load_settings(None, **webhook, **ports)
    [problem] = refused.value.problems
    assert (problem.variable, problem.kind) == ("HEALTH_PORT", "health-port")


def test_every_setting_is_documented_for_operators() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        variable = name.upper()
        assert re.search(rf"^{variable}=", example, re.MULTILINE), variable
        assert f"| `{variable}` |" in readme, variable


# -- deployment files ----------------------------------------------------------------------


@pytest.fixture
def dockerfile() -> list[str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    # Join continued lines, as Docker reads them.
    return [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]


def test_image_runs_the_bot_as_an_unprivileged_user(dockerfile: list[str]) -> None:
    final_stage = dockerfile[
        max(i for i, line in enumerate(dockerfile) if line.startswith("FROM")) :
    ]
    users = [line.split()[1] for line in final_stage if line.startswith("USER ")]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    assert 'CMD ["solidarity-bot", "run"]' in final_stage
    assert "DATABASE_PATH=/data/solidarity.sqlite3" in " ".join(final_stage)
    assert 'VOLUME ["/data"]' in final_stage


def test_image_checks_its_health_with_the_health_command(dockerfile: list[str]) -> None:
    [healthcheck] = [line for line in dockerfile if line.startswith("HEALTHCHECK")]
    # Docker reserves exit code 2: the command's own 2 (a settings problem) must become 1.
    assert "CMD solidarity-bot health || exit 1" in healthcheck


def test_image_leaves_secrets_and_local_data_out() -> None:
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".env", ".git", ".venv", "data/", "*.sqlite3", "tests/"} <= ignored


Compose = dict[str, Any]
POSTGRES_PROFILE = "postgres"


@pytest.fixture
def compose() -> Compose:
    loaded: Compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return loaded


def test_compose_keeps_the_database_on_a_volume_and_restarts(compose: Compose) -> None:
    bot = compose["services"]["bot"]
    assert bot["env_file"] == ".env"
    assert bot["restart"] in ("unless-stopped", "always")
    assert "bot-data:/data" in bot["volumes"]
    assert bot["environment"]["DATABASE_PATH"] == "/data/solidarity.sqlite3"
    assert "bot-data" in compose["volumes"]


def test_compose_runs_one_bot_unless_the_postgres_profile_is_asked_for(compose: Compose) -> None:
    services = compose["services"]
    always = {name for name, service in services.items() if "profiles" not in service}
    assert always == {"bot"}
    assert {name for name in services if name not in always} == {"bot-2", "postgres", "proxy"}
    assert all(
        services[name]["profiles"] == [POSTGRES_PROFILE] for name in services if name != "bot"
    )
    # The bot waits for the database only where the profile runs it.
    assert services["bot"]["depends_on"]["postgres"] == {
        "condition": "service_healthy",
        "required": False,
    }
    assert services["bot-2"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_every_service_in_compose_has_a_health_check(compose: Compose) -> None:
    for name, service in compose["services"].items():
        test = service.get("healthcheck", {}).get("test")
        assert test, name
        assert test[0] == "CMD-SHELL", name
    workers = [compose["services"][name] for name in ("bot", "bot-2")]
    # The workers' is the image's own: `solidarity-bot health`, its exit code 2 reported as 1.
    assert {w["healthcheck"]["test"][1] for w in workers} == {"solidarity-bot health || exit 1"}
    assert "pg_isready -U solidarity -d solidarity" in str(compose["services"]["postgres"])


def test_both_workers_share_the_image_and_settings_and_listen_for_the_proxy(
    compose: Compose,
) -> None:
    bot, second = compose["services"]["bot"], compose["services"]["bot-2"]
    for key in ("image", "build", "env_file", "restart", "read_only", "cap_drop"):
        assert bot[key] == second[key], key
    assert bot["environment"]["WEBHOOK_LISTEN"] == second["environment"]["WEBHOOK_LISTEN"]
    assert second["environment"]["WEBHOOK_LISTEN"] == "0.0.0.0"
    # On PostgreSQL no worker keeps data of its own.
    assert "volumes" not in second


def test_readme_s_database_url_names_the_compose_database(compose: Compose) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [url] = set(re.findall(r"DATABASE_URL=(postgresql://\S+@postgres:\S+)", readme))
    database = compose["services"]["postgres"]
    parts = urlsplit(url)
    assert parts.username == database["environment"]["POSTGRES_USER"]
    assert parts.path.lstrip("/") == database["environment"]["POSTGRES_DB"]
    assert (parts.hostname, parts.port) == ("postgres", 5432)
    assert "pg-data:/var/lib/postgresql/data" in database["volumes"]


def test_the_proxy_takes_turns_between_the_workers_that_answer_their_health_url(
    compose: Compose,
) -> None:
    proxy = compose["services"]["proxy"]
    [mount] = [v for v in proxy["volumes"] if v.endswith(":/etc/caddy/Caddyfile:ro")]
    caddyfile = (ROOT / mount.split(":")[0]).read_text(encoding="utf-8")
    defaults = load_settings(None)
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams is not None
    assert set(upstreams[1].split()) == {
        f"{name}:{defaults.webhook_port}" for name in ("bot", "bot-2")
    }
    assert re.search(r"^\s+lb_policy round_robin$", caddyfile, re.MULTILINE)
    assert re.search(rf"^\s+health_uri {HEALTH_PATH}$", caddyfile, re.MULTILINE)
    # The health URL is on WEBHOOK_PORT + 1 unless HEALTH_PORT says otherwise.
    assert re.search(rf"^\s+health_port {defaults.webhook_port + 1}$", caddyfile, re.MULTILINE)
    assert set(proxy["depends_on"]) == {"bot", "bot-2"}


def test_compose_file_names_the_volume_env_file_and_restart_policy() -> None:
    # Checked as text too, for machines without PyYAML.
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+env_file: \.env$", text, re.MULTILINE)
    assert re.search(r"^\s+restart: unless-stopped$", text, re.MULTILINE)
    assert re.search(r"^\s+- bot-data:/data$", text, re.MULTILINE)


def test_systemd_unit_runs_the_bot_confined_to_its_data_folder() -> None:
    unit = (ROOT / "deploy" / "solidarity-bot.service").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[0].isalpha()
    )
    assert settings["User"] != "root"
    assert settings["ExecStart"].endswith("solidarity-bot run")
    assert settings["Restart"] == "on-failure"
    assert settings["NoNewPrivileges"] == "yes"
    assert settings["ProtectSystem"] == "strict"
    assert settings["ReadWritePaths"] == f"{settings['WorkingDirectory']}/data"
    assert settings["EnvironmentFile"] == f"{settings['WorkingDirectory']}/.env"
