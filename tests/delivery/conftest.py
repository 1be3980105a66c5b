"""A bot whose clock the test moves, with the planner and dispatcher driven by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.dispatcher import Dispatcher
from bot.domain.chat import Chat, ChatType
from bot.planner import Planner
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.services import Services


@dataclass
class Clock:
    """A clock that moves only when the test says so, or when the code under test sleeps."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment

    def timestamp(self) -> float:
        """Return the time as seconds since the epoch: the fake Telegram's clock."""
        return self.now.timestamp()

    async def sleep(self, seconds: float) -> None:
        """Stand in for asyncio.sleep: time passes at once."""
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)

    def __post_init__(self) -> None:
        self.sleeps: list[float] = []


@pytest.fixture
def clock() -> Clock:
    # 25 March 2026, 09:00 in Minsk: Andrzej Poczobut was detained five years ago today.
    return Clock(datetime(2026, 3, 25, 6, 0, tzinfo=UTC))


@pytest.fixture
def telegram_state(clock: Clock) -> TelegramState:
    """Return an empty fake Telegram that tells the time by the test's clock."""
    return TelegramState(clock=clock.timestamp)


@pytest.fixture
async def delivery_app(
    settings: Settings, telegram_state: TelegramState, clock: Clock
) -> AsyncIterator[BotApplication]:
    application = build_application(
        settings, request=FakeRequest(telegram_state), clock=clock, deliver=False
    )
    async with running_application(application):
        yield application


@pytest.fixture
def services(delivery_app: BotApplication) -> Services:
    return delivery_app.bot_data.services


@pytest.fixture
def planner(services: Services) -> Planner:
    return Planner(services, "solidarity_test_bot")


@pytest.fixture
def dispatcher(services: Services, delivery_app: BotApplication, clock: Clock) -> Dispatcher:
    return Dispatcher(services, delivery_app.bot, sleep=clock.sleep)


async def add_chat(
    services: Services,
    chat_id: int,
    *,
    follows: tuple[str, ...] = (),
    timezone: str = "Europe/Minsk",
    alert_time: time = time(10, 0),
    language: str = "en",
    chat_type: ChatType = ChatType.PRIVATE,
) -> Chat:
    """Store a chat with settings and follows, as a supporter would have made it."""
    now = services.clock()
    chat = await services.chats.ensure(chat_id, chat_type, language, timezone, alert_time, now)
    for prisoner_id in follows:
        await services.follows.follow(chat_id, prisoner_id, limit=100, now=now)
    return chat


async def drain(dispatcher: Dispatcher, clock: Clock, rounds: int = 10) -> None:
    """Send until nothing is due, letting time pass between rounds as the real loop would."""
    for _ in range(rounds):
        if not await dispatcher.drain_once():
            due = await dispatcher.services.outbox.next_due(clock.now)
            if due is None:
                return
            clock.set(max(clock.now, due))
