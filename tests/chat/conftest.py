"""Fixtures of the chat tests beyond the shared ones: a bot whose timers run."""

from __future__ import annotations

from collections.abc import AsyncIterator

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
