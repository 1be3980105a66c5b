"""The whole bot in this process, started and stopped as `solidarity-bot run` long-polls.

``running_bot`` takes the steps of python-telegram-bot's ``run_polling`` (initialise, the bot's
start-up, poll with endless bootstrap retries, start the job queue; then the same backwards)
against a ``FakeRequest``, so Telegram's faults (the state's ``fail_next`` and ``fail_at_random``,
the request's ``latency`` and ``unreachable``) reach the real bot in milliseconds. Only getMe, the
first call, is not retried: a smoke test of the real process covers that one.

The bot's clock is a ``FastClock``: it starts at a fixed moment and runs faster than real time,
and the dispatcher sleeps by it, so retries and pauses of seconds take a few hundredths of a
second. python-telegram-bot's own timers (polling retries, the job queue) keep real time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from telegram import Update

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.context import BotApplication
from bot.sandbox.request import FakeRequest
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.sandbox.waiting import wait_for
from tests.delivery.anniversary import Day

T = TypeVar("T")

# How long a test waits for something the bot does before it fails.
PATIENCE = 30.0


@dataclass
class FastClock:
    """Time from `start`, running `speed` times faster than the real time; `sleep` keeps up."""

    start: datetime
    speed: float = 20.0
    _origin: float = field(default_factory=time.monotonic, init=False)

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self._origin) * self.speed)

    def timestamp(self) -> float:
        """Return the time as seconds since the epoch: the fake Telegram's clock."""
        return self().timestamp()

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of this clock."""
        await asyncio.sleep(seconds / self.speed)


def bot_settings(folder: Path, dataset: Path, day: Day, **extra: Any) -> Settings:
    """Return the settings of a bot whose chats get today's digest at its planner's first run."""
    return load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=folder / "bot.sqlite3",
        dataset_path=dataset,
        default_language="en",
        default_timezone=day.timezone,
        default_alert_time=day.alert_time.strftime("%H:%M"),
        planner_interval_seconds=5,
        weekly_prompt_day=day.not_the_weekly_day,
        **extra,
    )


@asynccontextmanager
async def running_bot(
    settings: Settings, request: FakeRequest, clock: FastClock
) -> AsyncIterator[BotApplication]:
    """Yield the bot running on the fake Telegram; leaving the block stops it cleanly."""
    application = build_application(settings, request=request, clock=clock, sleep=clock.sleep)
    updater = application.updater
    assert updater is not None
    await application.initialize()
    try:
        assert application.post_init is not None
        await application.post_init(application)
        await updater.start_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
        await application.start()
        yield application
    finally:
        if updater.running:
            await updater.stop()
        if application.running:
            await application.stop()
            assert application.post_stop is not None
            await application.post_stop(application)
        await application.shutdown()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)


async def eventually(
    probe: Callable[[], Awaitable[T | None]],
    what: str,
    timeout: float = PATIENCE,  # noqa: ASYNC109 - the failure message names the wait
) -> T:
    """Return probe's first truthy value, asking again every few milliseconds.

    For what only the database knows (it has no change notification); what Telegram sees is
    awaited on the state's own notifications (``bot.sandbox.waiting.wait_for``).
    """
    deadline = time.monotonic() + timeout
    while not (found := await probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        await asyncio.sleep(0.01)
    return found


async def seen(
    state: TelegramState,
    probe: Callable[[], T | None],
    what: str,
    timeout: float = PATIENCE,  # noqa: ASYNC109 - the failure message names the wait
) -> T:
    """Return probe's first truthy value, asked again after every change of the fake Telegram."""
    found = await wait_for(state, probe, timeout)
    if not found:
        raise AssertionError(f"waited {timeout} s for {what}")
    return found
