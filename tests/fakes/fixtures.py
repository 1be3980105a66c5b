"""Pytest fixtures for the Telegram fakes.

Load them with ``pytest_plugins = ["tests.fakes.fixtures"]`` in the top-level conftest.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application

from bot.sandbox.request import FakeRequest, fake_application_builder, running_application
from bot.sandbox.telegram_state import TelegramState
from tests.fakes.bot_api_server import FakeBotApiServer


@pytest.fixture
def telegram_state() -> TelegramState:
    """Return an empty Telegram server state for one bot."""
    return TelegramState()


@pytest.fixture
def fake_request(telegram_state: TelegramState) -> FakeRequest:
    """Return a request layer that answers from telegram_state."""
    return FakeRequest(telegram_state)


@pytest.fixture
async def ptb_application(
    telegram_state: TelegramState,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Yield an initialised Application without handlers, talking to telegram_state."""
    application = fake_application_builder(telegram_state).build()
    async with running_application(application):
        yield application


@pytest.fixture
async def bot_api_server() -> AsyncIterator[FakeBotApiServer]:
    """Yield a running local Bot API server; its state is ``bot_api_server.state``."""
    async with FakeBotApiServer() as server:
        yield server
