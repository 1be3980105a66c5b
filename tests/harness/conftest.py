"""Fixtures for the harness's own tests: the fakes' fixtures, until the top conftest loads them."""

from tests.fakes.fixtures import bot_api_server, fake_request, ptb_application, telegram_state

__all__ = ["bot_api_server", "fake_request", "ptb_application", "telegram_state"]
