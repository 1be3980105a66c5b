"""The console as people start it: `solidarity-bot console` over a pipe, `run` in a terminal."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def environment(tmp_path: Path) -> dict[str, str]:
    """The operator's environment with no bot settings but DATABASE_PATH, and no token."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in _SETTING_NAMES}
    env["DATABASE_PATH"] = str(tmp_path / "data" / "bot.sqlite3")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


_SETTING_NAMES = {name.upper() for name in Settings.model_fields}


def bot_command(tmp_path: Path, *args: str, typed: str | None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` as an operator would, with `typed` piped in (None: no input)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=typed,
        stdin=subprocess.DEVNULL if typed is None else None,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(tmp_path),
        timeout=120,
        check=False,
    )


def test_a_script_can_pipe_a_conversation_into_the_console(tmp_path: Path) -> None:
    done = bot_command(tmp_path, "console", typed="/start\nBialiatski\n")

    assert done.returncode == 0, done.stderr
    assert "› /start" in done.stdout
    assert "send me a name" in done.stdout
    assert "Алесь Бяляцкі" in done.stdout
    assert "[1] 🔔 Follow" in done.stdout
    assert "\x1b[" not in done.stdout
    assert (tmp_path / "data" / "console.sqlite3").exists()
    assert not (tmp_path / "data" / "bot.sqlite3").exists()


def test_the_console_refuses_the_bots_own_database(tmp_path: Path) -> None:
    production = environment(tmp_path)["DATABASE_PATH"]
    done = bot_command(tmp_path, "console", "--database", production, typed="/start\n")

    assert done.returncode == 1
    assert "it is the bot's own database" in done.stderr
    assert not Path(production).exists()


def test_the_console_refuses_a_database_it_did_not_make_even_under_another_name(
    tmp_path: Path,
) -> None:
    production = Path(environment(tmp_path)["DATABASE_PATH"])
    production.parent.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(production)) as conn, conn:
        conn.execute("CREATE TABLE prisoners (id TEXT)")
        conn.execute("INSERT INTO prisoners VALUES ('real data')")
    linked = tmp_path / "looks-like-a-console.sqlite3"
    os.link(production, linked)
    elsewhere = tmp_path / "someone-elses.sqlite3"
    shutil.copy(production, elsewhere)

    for database in (linked, elsewhere):
        done = bot_command(tmp_path, "console", "--fresh", "--database", str(database), typed="")

        assert done.returncode == 1, done.stdout
        assert "a file the console did not make" in done.stderr
        assert database.exists(), "--fresh deleted a file the console did not make"
    with contextlib.closing(sqlite3.connect(production)) as conn:
        assert conn.execute("SELECT id FROM prisoners").fetchall() == [("real data",)]


def test_run_without_a_token_outside_a_terminal_still_fails_clearly(tmp_path: Path) -> None:
    # A service manager starting a misconfigured bot must see it fail, not a console waiting.
    done = bot_command(tmp_path, "run", typed=None)

    assert done.returncode == 2
    assert "BOT_TOKEN is not set" in done.stderr


def _read_until(fd: int, wanted: str, deadline: float) -> str:
    seen = b""
    while wanted.encode() not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{wanted!r} never appeared; the terminal shows:\n{seen.decode()}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the other end closed
                chunk = b""
            if not chunk:
                raise AssertionError(f"{wanted!r} never appeared before the end:\n{seen.decode()}")
            seen += chunk
    return seen.decode(errors="replace")


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_run_without_a_token_in_a_terminal_starts_the_console(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
        env=environment(tmp_path),
    )
    os.close(terminal)
    try:
        deadline = time.monotonic() + 120
        opening = _read_until(controller, "› ", deadline)
        assert "No BOT_TOKEN is configured, so here is the bot in this terminal" in opening
        os.write(controller, b"/start\n")
        answer = _read_until(controller, "send me a name", deadline)
        assert "\x1b[1m" in answer, "a terminal gets styles"
        os.write(controller, b":quit\n")
        _read_until(controller, "Goodbye", deadline)
        assert process.wait(timeout=60) == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()
        os.close(controller)
