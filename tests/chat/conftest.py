"""Fixtures of the chat tests beyond the shared ones: a bot whose timers run, a stopped clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState


@pytest.fixture
async def started_bot(
    settings: Settings, telegram_state: TelegramState
) -> AsyncIterator[BotApplication]:
    """Yield the bot started with its job queue, so that its questions wait only so long.

    It delivers nothing by itself: the tests drive delivery, as with `bot_app`.
    """
    application = build_application(settings, request=FakeRequest(telegram_state), deliver=False)
    async with running_application(application, start=True):
        yield application


@pytest.fixture
def today(bot_app: BotApplication) -> date:
    """Stop the bot's clock now; return the date in the chats' default time zone (Minsk)."""
    now = datetime.now(UTC)
    bot_app.bot_data.services.clock = lambda: now
    return now.astimezone(ZoneInfo("Europe/Minsk")).date()
