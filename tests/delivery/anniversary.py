"""A small data set dated from the test's day: Nadzeya Zhyvitsa was detained N years ago today.

Shared by the delivery scenarios run in this process and by the process-level smoke tests. The
chats live in one time zone and their alert time has just passed there, so each chat's digest
is due from the planner's first run.
"""

from __future__ import annotations

import contextlib
import csv
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.config import WEEKDAYS, load_settings
from bot.domain.chat import MAX_FOLLOWS, ChatType
from bot.domain.prisoner import FIELDS
from bot.domain.timezones import zone
from bot.importing import import_bundled_if_empty
from bot.sandbox.models import ChatMessage
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.services import Services
from storage.follows import FollowOutcome


@dataclass(frozen=True)
class Person:
    id: str
    name: str


# Followed by the chats in the tests; detained N years ago today.
NADZEYA = Person("nadzeya-zhyvitsa", "Nadzeya Zhyvitsa")
# Also detained on this day, followed by nobody in the first tests: her name never shows.
PAVEL = Person("pavel-kruhlou", "Pavel Kruhlou")


@dataclass(frozen=True)
class Day:
    """Today where the chats are, the anniversary on it, and an alert time already past."""

    today: date
    years: int
    alert_time: time
    timezone: str = "UTC"

    @property
    def detained_on(self) -> date:
        return self.today.replace(year=self.today.year - self.years)

    @property
    def line(self) -> str:
        """The digest's sentence about NADZEYA."""
        return f"{self.years} years ago today {NADZEYA.name} was detained."

    @property
    def not_the_weekly_day(self) -> str:
        """A weekday other than today, for WEEKLY_PROMPT_DAY: no weekly prompt on the day."""
        return WEEKDAYS[(self.today.weekday() + 3) % 7]


def day_at(moment: datetime, timezone: str = "UTC") -> Day:
    """Return the day of `moment` in `timezone`, with an alert time a minute before it."""
    local = moment.astimezone(zone(timezone))
    # The minute before, or midnight itself in the first minute of the day: both have passed.
    alert = (local - timedelta(minutes=1)).time() if local.time() >= time(0, 1) else time(0, 0)
    today = local.date()
    for years in range(5, 40):
        with contextlib.suppress(ValueError):  # today is 29 February: take a leap year
            today.replace(year=today.year - years)
            return Day(today, years, alert.replace(second=0, microsecond=0), timezone)
    raise AssertionError("no anniversary found")  # pragma: no cover


def day_now() -> Day:
    """Return today, by the wall clock, where it is about noon now.

    A bot process reads the wall clock. Where it is noon, today lasts another eleven hours at
    least, so no test has to wait for midnight to pass, nor can it run across it.
    """
    now = datetime.now(UTC)
    hours = (12 - now.hour + 12) % 24 - 12  # from -12 to +11
    # IANA's fixed-offset zones count the other way round: Etc/GMT-3 is three hours ahead.
    timezone = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    return day_at(now, timezone)


def write_dataset(folder: Path, day: Day, *, extra_people: int = 0) -> Path:
    """Write a canonical CSV (the header of bot/data/belarus.csv) with people detained today."""
    people = [NADZEYA, PAVEL] + [
        Person(f"extra-{n:02d}", f"Katsiaryna Dalhanosava-Shchyrabrodskaya {n:02d}")
        for n in range(1, extra_people + 1)
    ]
    path = folder / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS)
        writer.writeheader()
        for person in people:
            writer.writerow(
                {
                    "id": person.id,
                    "name": person.name,
                    "detained_on": day.detained_on.isoformat(),
                    "status": "imprisoned",
                    "letters": "unknown",
                }
            )
    return path


async def seed(
    database: Path,
    dataset: Path,
    day: Day,
    chat_ids: Iterable[int],
    *,
    follow_all: Iterable[int] = (),
) -> None:
    """Before the bot starts: import the data set and store private chats following NADZEYA."""
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=database,
        dataset_path=dataset,
        default_timezone="UTC",
    )
    services = await Services.open(settings)
    try:
        await import_bundled_if_empty(services)
        now = services.clock()
        for chat_id in chat_ids:
            await services.chats.ensure(
                chat_id, ChatType.PRIVATE, "en", day.timezone, day.alert_time, now
            )
            result = await services.follows.follow(chat_id, NADZEYA.id, limit=MAX_FOLLOWS, now=now)
            assert result.outcome is FollowOutcome.FOLLOWED, result
        for chat_id in follow_all:
            await services.chats.update_settings(chat_id, now=now, follow_all=True)
    finally:
        await services.close()


def query(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Run one query on a fresh connection (the bot may be running: WAL lets us read)."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return conn.execute(sql, params).fetchall()


def is_digest(message: ChatMessage) -> bool:
    return "years ago today" in (message.text or "")


def digests(state: TelegramState, chat_id: int | None = None) -> list[ChatMessage]:
    """Return the digests the bot sent (to one chat, if given), oldest first."""
    return [m for m in state.sent_messages(chat_id) if is_digest(m)]
