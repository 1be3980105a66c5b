"""Fakes of Telegram for tests.

The in-memory Telegram itself lives in ``bot.sandbox`` because the console runs the bot on it
too: ``TelegramState``, ``FakeRequest`` with ``fake_application_builder`` and
``running_application``, and ``SimulatedUser``. Re-exported here with what only tests use:

- ``FakeBotApiServer`` (bot_api_server.py): the same state over HTTP on 127.0.0.1, for the bot
  running as a separate process (``BotProcess`` in process.py starts one); off by default it
  delays answers (``add_latency``) or becomes unreachable (``go_offline``, ``unreachable``).
- fixtures.py: pytest fixtures for all of the above.
"""

from bot.sandbox.models import ApiCall, ApiError, ChatMessage, FakeChat, FakeUser, StoredFile
from bot.sandbox.request import (
    FakeRequest,
    Latency,
    fake_application_builder,
    running_application,
)
from bot.sandbox.telegram_state import BOT_USERNAME, DEFAULT_TOKEN, RandomFaults, TelegramState
from bot.sandbox.user import SimulatedUser
from tests.fakes.bot_api_server import FakeBotApiServer
from tests.fakes.process import BotProcess

__all__ = [
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotProcess",
    "ChatMessage",
    "FakeBotApiServer",
    "FakeChat",
    "FakeRequest",
    "FakeUser",
    "Latency",
    "RandomFaults",
    "SimulatedUser",
    "StoredFile",
    "TelegramState",
    "fake_application_builder",
    "running_application",
]
