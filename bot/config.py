"""Settings from the environment and `.env`, checked once at start-up.

Names are the deployment contract (see README and `.env.example`). A bad value stops start-up with
one clear sentence per problem, rendered by the CLI from `ConfigError.problems`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticUseDefault
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from telegram.constants import FloodLimit

from bot.fetching import redact_url, source_problem
from bot.l10n import available_languages
from storage.sql import redact_database_url

BUNDLED_DATASET = Path(__file__).parent / "data" / "belarus.csv"
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
# Telegram accepts 1-256 characters A-Z a-z 0-9 _ -; we ask for enough to be unguessable.
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,256}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The problems this module explains itself; each has a Fluent text `config-<kind>` in cli.ftl.
OWN_KINDS = frozenset(
    {
        "token-missing",
        "token-shape",
        "url",
        "admin-ids",
        "database-path",
        "database-url",
        "weekday",
        "language",
        "timezone",
        "alert-time",
        "log-level",
        "webhook-secret",
        "webhook-secret-missing",
        "health-port",
        "data-source-url",
        "data-source-format",
    }
)
# Messages a second Telegram lets a bot send to many chats: free, and as paid broadcasts.
FREE_RATE = float(FloodLimit.MESSAGES_PER_SECOND)
PAID_RATE = float(FloodLimit.PAID_MESSAGES_PER_SECOND)
# DATA_SOURCE_FORMAT: how the published list is written; `auto` tells it from the file.
SOURCE_FORMATS = ("auto", "canonical-csv", "canonical-json", "viasna-csv", "viasna-json")


def _problem(kind: str, **context: Any) -> PydanticCustomError:
    # The message template is a fallback for developers; people see the Fluent text `config-<kind>`.
    return PydanticCustomError(kind, kind, context)


class Settings(BaseSettings):
    """Everything an operator configures."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    bot_token: SecretStr | None = None
    bot_api_base_url: str = "https://api.telegram.org/bot"
    bot_api_file_url: str = "https://api.telegram.org/file/bot"
    database_path: Path = Path("data/solidarity.sqlite3")
    # postgresql://... selects PostgreSQL instead of the SQLite file; it may hold a password.
    database_url: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    dataset_path: Path = BUNDLED_DATASET
    default_language: str = "en"
    default_timezone: str = "Europe/Minsk"
    default_alert_time: time = time(10, 0)
    planner_interval_seconds: int = Field(default=60, ge=5, le=3600)
    # The weekday of the weekly solidarity prompt, by name (monday ... sunday).
    weekly_prompt_day: str = "sunday"
    # Birthday reminders come this many days ahead, so that a card posted then arrives in time.
    card_lead_days: int = Field(default=14, ge=7, le=60)
    # Messages per second the bot may send in all; the outbox keeps to Telegram's free rate for
    # bulk messages (about 30) unless paid broadcasts are on (see `outbox_rate`).
    send_rate_per_second: float = Field(default=29.5, gt=0, le=PAID_RATE)
    # Send the outbox (digests, news, campaigns) as paid broadcasts, billed in Telegram Stars.
    paid_broadcast: bool = False
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Where `GET /healthz` is served (on WEBHOOK_LISTEN). Unset: WEBHOOK_PORT + 1 in webhook mode,
    # no health URL with long polling. After validation it is the port in use, or None.
    health_port: int | None = Field(default=None, ge=1, le=65535, validate_default=True)
    log_level: str = "INFO"
    # Scheduled sync from a published list (bot.syncing); an empty URL turns it off.
    data_source_url: SecretStr | None = None
    data_source_format: str = "auto"
    data_sync_interval_minutes: int = Field(default=360, ge=1, le=7 * 24 * 60)
    data_source_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    data_source_timeout_seconds: float = Field(default=60.0, gt=0, le=600)
    # A sync waits for an operator when it would remove more than this share of the records (in
    # per cent), or change the status of more than this many people.
    sync_hold_removals: float = Field(default=2.0, ge=0, le=100)
    sync_hold_status_changes: int = Field(default=25, ge=0)
    # Data not confirmed for this many days counts as stale: operators are told, health says so.
    data_max_age_days: int = Field(default=14, ge=1, le=3650)
    # A mailing address is shown only when the record was confirmed within this many days.
    address_max_age_days: int = Field(default=45, ge=1, le=3650)
    # Weeks after a chat's "I wrote" to a person it follows before its daily message suggests
    # writing again; each chat may choose its own in /settings. 0 turns it off.
    write_again_weeks: int = Field(default=4, ge=0, le=52)
    # Sent, failed and cancelled messages are deleted from the outbox after this many days.
    outbox_keep_days: int = Field(default=30, ge=1, le=3650)
    # How long a message taken from the queue stays the sender's before another may take it: a
    # leader that dies leaves its taken messages for this long. More than a batch takes to send
    # (ten seconds' worth of SEND_RATE_PER_SECOND, pauses for Telegram's RetryAfter aside).
    outbox_lease_seconds: int = Field(default=120, ge=15, le=3600)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not TOKEN_PATTERN.match(value.strip()):
            raise _problem("token-shape")
        return value.strip()

    @field_validator("bot_api_base_url", "bot_api_file_url", "webhook_url", mode="before")
    @classmethod
    def _url(cls, value: object, info: ValidationInfo) -> object:
        if value in (None, ""):
            if info.field_name == "webhook_url":
                return None
            raise PydanticUseDefault
        if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
            raise _problem("url", value=str(value))
        return value.strip()

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"-?\d+", part) for part in parts):
                raise _problem("admin-ids", value=value)
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("dataset_path", mode="before")
    @classmethod
    def _dataset(cls, value: object) -> object:
        return BUNDLED_DATASET if value in (None, "") else value

    @field_validator("database_path", mode="before")
    @classmethod
    def _database(cls, value: object) -> object:
        if value in (None, ""):
            raise _problem("database-path")
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not re.match(r"^postgres(ql)?://", value.strip()):
            # The address may hold a password: only its redacted form is shown.
            raise _problem("database-url", value=redact_database_url(str(value).strip()))
        return value.strip()

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        languages = available_languages()
        if value not in languages:
            raise _problem("language", value=value, choices=", ".join(languages))
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _problem("timezone", value=value) from None
        return value

    @field_validator("default_alert_time", mode="before")
    @classmethod
    def _alert_time(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
            if not match:
                raise _problem("alert-time", value=value)
            return time(int(match[1]), int(match[2]))
        return value

    @field_validator("weekly_prompt_day", mode="before")
    @classmethod
    def _weekday(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in WEEKDAYS:
            return value.strip().lower()
        raise _problem("weekday", value=str(value), choices=", ".join(WEEKDAYS))

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().upper() in LOG_LEVELS:
            return value.strip().upper()
        raise _problem("log-level", value=str(value), choices=", ".join(LOG_LEVELS))

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _secret_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not WEBHOOK_SECRET_PATTERN.match(value):
            raise _problem("webhook-secret")
        return value

    @field_validator("data_source_url", mode="before")
    @classmethod
    def _source_url(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or source_problem(value.strip()) is not None:
            # The address may hold credentials: only its redacted form is shown.
            raise _problem("data-source-url", value=redact_url(str(value).strip()))
        return value.strip()

    @field_validator("data_source_format", mode="before")
    @classmethod
    def _source_format(cls, value: object) -> object:
        if value is None or value == "":
            raise PydanticUseDefault
        if isinstance(value, str) and value.strip().lower() in SOURCE_FORMATS:
            return value.strip().lower()
        raise _problem("data-source-format", value=str(value), choices=", ".join(SOURCE_FORMATS))

    @field_validator("health_port", mode="before")
    @classmethod
    def _health_port_set(cls, value: object) -> object:
        return None if value in (None, "") else value

    @field_validator("health_port")
    @classmethod
    def _health_port(cls, value: int | None, info: ValidationInfo) -> int | None:
        webhook_url, webhook_port = info.data.get("webhook_url"), info.data.get("webhook_port")
        if not webhook_url or webhook_port is None:
            return value
        port = webhook_port + 1 if value is None else value
        if port == webhook_port or port > 65535:
            raise _problem("health-port", port=str(webhook_port))
        return port

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise _problem("webhook-secret-missing")
        return self

    @property
    def token(self) -> str:
        """Return the bot token; `run` checks that one is configured before asking."""
        if self.bot_token is None:
            raise ConfigError([ConfigProblem("BOT_TOKEN", "token-missing")])
        return self.bot_token.get_secret_value()

    @property
    def source_url(self) -> str | None:
        """Return DATA_SOURCE_URL (it may hold credentials: never log it), or None when off."""
        return None if self.data_source_url is None else self.data_source_url.get_secret_value()

    @property
    def outbox_rate(self) -> float:
        """Return the messages a second the outbox sends: SEND_RATE_PER_SECOND with paid
        broadcasts, and no more than Telegram's free rate for bulk messages without them."""
        if self.paid_broadcast:
            return self.send_rate_per_second
        return min(self.send_rate_per_second, FREE_RATE)

    @property
    def postgres_url(self) -> str | None:
        """Return DATABASE_URL (it may hold a password: never log it), or None for SQLite."""
        return None if self.database_url is None else self.database_url.get_secret_value()

    @property
    def database_location(self) -> str:
        """Say where the data is, for operators and logs: the file, or the address sans password."""
        if self.database_url is None:
            return str(self.database_path)
        return redact_database_url(self.database_url.get_secret_value())

    @property
    def weekly_prompt_weekday(self) -> int:
        """Return the weekly prompt's day as date.weekday() counts (Monday is 0)."""
        return WEEKDAYS.index(self.weekly_prompt_day)

    @property
    def uses_bundled_dataset(self) -> bool:
        """Tell whether the data set is the one shipped with the bot."""
        return self.dataset_path.resolve() == BUNDLED_DATASET.resolve()


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One setting that is wrong: which variable, and the kind of problem (a Fluent id suffix)."""

    variable: str
    kind: str
    args: Mapping[str, str] = field(default_factory=dict)


class ConfigError(Exception):
    """The settings cannot be used; `problems` says why, one entry per variable."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("; ".join(f"{p.variable}: {p.kind}" for p in problems))
        self.problems = problems


def load_settings(env_file: Path | None = Path(".env"), **overrides: Any) -> Settings:
    """Read and check the settings, raising ConfigError with every problem found."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as error:
        raise ConfigError([_explain(item) for item in error.errors()]) from None


def _explain(item: Mapping[str, Any]) -> ConfigProblem:
    location = item.get("loc") or ()
    variable = str(location[0]).upper() if location else "WEBHOOK_SECRET"
    kind = str(item["type"])
    context = {key: str(value) for key, value in (item.get("ctx") or {}).items()}
    if kind in OWN_KINDS:
        return ConfigProblem(variable, kind, context)
    # Pydantic's own checks (numbers, ranges): keep its short explanation as the detail.
    value = item.get("input")
    return ConfigProblem(
        variable, "invalid", {"value": "" if value is None else str(value), "detail": item["msg"]}
    )
