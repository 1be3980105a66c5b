"""A PostgreSQL server for the tests: TEST_DATABASE_URL, or a throwaway cluster of their own.

Without TEST_DATABASE_URL, the PostgreSQL binaries on the machine (`initdb`, `pg_ctl`, on PATH or
in Debian's /usr/lib/postgresql/*/bin) make a cluster in a temporary folder, once per test session
(under pytest-xdist, once per worker: each has its own folder, socket and database names). The
folder is in memory (/dev/shm) where the machine has that, since every test copies and drops a
database, which on a disk costs several times more. The server listens on a unix socket in that
folder only (no TCP), with durability off: nothing in it needs to survive. Run as root, the server
runs as the `postgres` user, since PostgreSQL refuses root. Each test gets a database of its own,
copied from a template that holds the migrated schema.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.postgres import PostgresDatabase

_names = itertools.count(1)
# What either backend raises when a row breaks a constraint; match the message's kind with
# CHECK_FAILED or FOREIGN_KEY_FAILED, which both backends' wordings fit.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
CHECK_FAILED = "(?i)check constraint"
FOREIGN_KEY_FAILED = "(?i)foreign key constraint"
T = TypeVar("T")


def in_own_loop(work: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to its end on an event loop of its own, even from inside another one.

    Session fixtures start the server from wherever a test first asks for it, maybe inside an
    async fixture, where asyncio.run would refuse.
    """

    async def main() -> T:
        return await work()

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, main()).result()


class Unavailable(Exception):
    """No PostgreSQL for the tests: the reason says what to install or set."""


@dataclass
class PostgresServer:
    """A server the tests may create and drop databases on."""

    # The address of a database to connect to for CREATE and DROP DATABASE.
    admin_url: str
    # Names of this session's databases, apart from those of any other session on the server.
    prefix: str = field(default_factory=lambda: f"sbtest_{os.getpid()}_")

    @property
    def template(self) -> str:
        """Return the name of the database that `create` copies."""
        return f"{self.prefix}template"

    def url(self, database: str) -> str:
        """Return the address of another database on the same server."""
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))

    async def create(self, *, migrated: bool = True) -> str:
        """Create a database (with the schema, or empty) and return its address."""
        name = f"{self.prefix}{next(_names)}"
        template = self.template if migrated else "template0"
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            await conn.close()
        return self.url(name)

    async def drop(self, url: str) -> None:
        """Drop a database made by `create`, closing whatever is still connected to it."""
        name = urlsplit(url).path.lstrip("/")
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    async def prepare_template(self) -> None:
        """Make the template database that `create` copies: every migration applied."""
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{self.template}" TEMPLATE template0')
        finally:
            await conn.close()
        db = await PostgresDatabase.open(self.url(self.template), pool_size=1)
        await db.close()


class Cluster:
    """A PostgreSQL cluster in a temporary folder, started and stopped by the tests."""

    def __init__(self) -> None:
        """Find the binaries; raise Unavailable when there are none."""
        self._bin = _binaries()
        self._root = os.geteuid() == 0
        self._folder = Path(tempfile.mkdtemp(prefix="solidarity-pg-", dir=_memory_folder()))
        self._data = self._folder / "data"
        self._port = _free_port()

    def start(self) -> PostgresServer:
        """Create the cluster and start its server; return how to reach it."""
        if self._root:
            # The server's user must own its folder; mkdtemp made it root's, mode 0700.
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable(
                    "the tests run as root, and PostgreSQL refuses root, but there is no "
                    "`postgres` user to run it as"
                ) from None
            os.chown(self._folder, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self._data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-p {self._port} -k {self._folder} -c listen_addresses='' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        log = self._folder / "server.log"
        self._run("pg_ctl", "-D", str(self._data), "-l", str(log), "-o", options, "-w", "start")
        return PostgresServer(
            f"postgresql://postgres@/postgres?host={self._folder}&port={self._port}"
        )

    def stop(self) -> None:
        """Stop the server and delete the cluster."""
        try:
            if (self._data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self._data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self._bin / program), *args]
        if self._root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}")


def _binaries() -> Path:
    """Return the folder of initdb and pg_ctl."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    raise Unavailable(
        "PostgreSQL's initdb and pg_ctl are not installed (Debian: apt-get install postgresql);"
        " install them or set TEST_DATABASE_URL to run the PostgreSQL tests"
    )


def _memory_folder() -> str | None:
    """Return a folder in memory to put the cluster in, or None for the usual temporary one."""
    shm = Path("/dev/shm")  # noqa: S108 - a private folder is made in it with mkdtemp
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _free_port() -> int:
    """Return a port no one listens on now; it names the server's socket file."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
