"""Why the bot refuses a database, each told in a sentence an operator can act on.

A database is a file (a Path: SQLite at DATABASE_PATH) or a PostgreSQL database (its address at
DATABASE_URL, without the password, as a str).
"""

from __future__ import annotations

from pathlib import Path


def _elsewhere(where: Path | str) -> str:
    """Say which setting to change to use another database, and what to point it at."""
    if isinstance(where, Path):
        return "point DATABASE_PATH at another file"
    return "point DATABASE_URL at another database"


def _container(where: Path | str) -> str:
    return "file" if isinstance(where, Path) else "database"


class StorageError(Exception):
    """Signal that the database cannot be used as it is."""


class CannotOpenDatabaseError(StorageError):
    """Signal that SQLite cannot open or create the database file at all."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Cannot open the database file {path} ({reason}); check that DATABASE_PATH points at "
            "a file, in a folder, that the bot's user may read and write."
        )
        self.path = path


class NotADatabaseError(StorageError):
    """Signal that the file exists but is not an SQLite database."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is not an SQLite database, so the bot left it untouched; point DATABASE_PATH "
            "at a solidarity-bot database, or at a path that does not exist yet to start a new one."
        )
        self.path = path


class ForeignDatabaseError(StorageError):
    """Signal that the database holds tables of some other program."""

    def __init__(self, path: Path | str) -> None:
        if isinstance(path, Path):
            message = (
                f"{path} is an SQLite database of another program (it has tables but no "
                "solidarity-bot schema version), so the bot left it untouched; point "
                "DATABASE_PATH at a solidarity-bot database, or at a path that does not exist "
                "yet to start a new one."
            )
        else:
            message = (
                f"The PostgreSQL database {path} has tables of another program (but no "
                "solidarity-bot schema version), so the bot left it untouched; point "
                "DATABASE_URL at a solidarity-bot database, or at an empty one to start anew."
            )
        super().__init__(message)
        self.path = path


class SchemaTooNewError(StorageError):
    """Signal that a newer release of the bot has upgraded the database beyond this one."""

    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        super().__init__(
            f"{path} was written by a newer version of solidarity-bot (schema {found}, this "
            f"version knows up to {supported}); upgrade the bot or {_elsewhere(path)}."
        )
        self.path = path
        self.found = found
        self.supported = supported


class MigrationError(StorageError):
    """Signal that one migration failed and was rolled back."""

    def __init__(
        self, path: Path | str, version: int, name: str, previous: int, reason: str
    ) -> None:
        super().__init__(
            f"Upgrading {path} to schema {version} ({name}) failed: {reason}; the upgrade was "
            f"rolled back and the {_container(path)} is still at schema {previous}, so keep "
            "running the previous version of the bot and report this error to its maintainers."
        )
        self.path = path
        self.version = version
        self.previous = previous


class EmptyDatabaseError(StorageError):
    """Signal that a PostgreSQL database has no solidarity-bot schema (and none was to be made)."""

    def __init__(self, where: str) -> None:
        super().__init__(f"The PostgreSQL database {where} holds no solidarity-bot data yet.")
        self.path = where


class CannotConnectError(StorageError):
    """Signal that the PostgreSQL server at DATABASE_URL cannot be reached or refused the bot."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"Cannot connect to the PostgreSQL database {where} ({reason}); check DATABASE_URL "
            "(host, port, database name, user and password) and that the server is running."
        )
        self.path = where
