"""Fakes of Telegram for tests.

- ``TelegramState`` (telegram_state.py): an in-memory Bot API server for one bot; it answers
  calls (bot_api.py, validation.py, html_entities.py), records them, builds incoming updates
  and injects faults (``block``, ``fail_next``, ``chat_not_found``, ``migrate``; off by
  default, ``fail_at_random`` and ``enforce_flood_limits``).
- ``FakeRequest`` (request.py): PTB's request layer answered by a state, in-process;
  ``fake_application_builder`` and ``running_application`` build and run an Application on it.
- ``SimulatedUser`` (user.py): a person talking to an Application: ``send``, ``press``, ...
- ``FakeBotApiServer`` (bot_api_server.py): the same state over HTTP on 127.0.0.1, for the bot
  running as a separate process (``BotProcess`` in process.py starts one); off by default it
  delays answers (``add_latency``) or becomes unreachable (``go_offline``, ``unreachable``).
- fixtures.py: pytest fixtures for all of the above.
"""

from tests.fakes.bot_api_server import FakeBotApiServer, Latency
from tests.fakes.models import ApiCall, ApiError, ChatMessage, FakeChat, FakeUser, StoredFile
from tests.fakes.process import BotProcess
from tests.fakes.request import FakeRequest, fake_application_builder, running_application
from tests.fakes.telegram_state import BOT_USERNAME, DEFAULT_TOKEN, RandomFaults, TelegramState
from tests.fakes.user import SimulatedUser

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
