"""Why the bot refuses a database file, each told in a sentence an operator can act on."""

from __future__ import annotations

from pathlib import Path


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
    """Signal that the file is an SQLite database that some other program created."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is an SQLite database of another program (it has tables but no "
            "solidarity-bot schema version), so the bot left it untouched; point DATABASE_PATH "
            "at a solidarity-bot database, or at a path that does not exist yet to start a new one."
        )
        self.path = path


class SchemaTooNewError(StorageError):
    """Signal that a newer release of the bot has upgraded the database beyond this one."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"{path} was written by a newer version of solidarity-bot (schema {found}, this "
            f"version knows up to {supported}); upgrade the bot or point DATABASE_PATH at "
            "another file."
        )
        self.path = path
        self.found = found
        self.supported = supported


class MigrationError(StorageError):
    """Signal that one migration failed and was rolled back."""

    def __init__(self, path: Path, version: int, name: str, previous: int, reason: str) -> None:
        super().__init__(
            f"Upgrading {path} to schema {version} ({name}) failed: {reason}; the upgrade was "
            f"rolled back and the file is still at schema {previous}, so keep running the "
            "previous version of the bot and report this error to its maintainers."
        )
        self.path = path
        self.version = version
        self.previous = previous
