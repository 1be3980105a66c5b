"""Fixtures for the harness's own tests: the fakes' fixtures, until the top conftest loads them."""

from typing import TypeVar

import pytest
from telegram import Bot

from bot.bot_api_request import AiohttpRequest
from tests.fakes import FakeBotApiServer, FakeUser
from tests.fakes.fixtures import bot_api_server, fake_request, ptb_application, telegram_state

__all__ = [
    "alice",
    "bot_api_server",
    "bot_over_http",
    "fake_request",
    "ptb_application",
    "telegram_state",
]

BotT = TypeVar("BotT", bound=Bot)


@pytest.fixture
def alice(bot_api_server: FakeBotApiServer) -> FakeUser:
    """Return a person the Bot API over HTTP knows, for the bot to write to."""
    return bot_api_server.state.add_user(first_name="Alice")


def bot_over_http(server: FakeBotApiServer, kind: type[BotT]) -> BotT:
    """Return a bot of this kind talking to the Bot API over HTTP through the bot's aiohttp."""
    return kind(
        server.token,
        base_url=server.base_url,
        request=AiohttpRequest(4),
        get_updates_request=AiohttpRequest(1),
    )
