"""After start-up, and once new data brought a new search index, what lives is frozen.

Frozen objects are left out of the garbage collector's full collections (bot.app.run).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.app import _freeze_after_start, build_application
from bot.config import Settings
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


async def test_what_start_up_made_is_frozen_and_again_after_new_data(
    settings: Settings, unfrozen: None
) -> None:
    application = build_application(
        settings, request=FakeRequest(TelegramState()), deliver=False, rate_limits=False
    )
    _freeze_after_start(application)

    async with running_application(application):
        assert gc.get_freeze_count() > 0
        gc.unfreeze()

        # A look for new data that found none: nothing new to freeze.
        await application.bot_data.data_changed(application)
        assert gc.get_freeze_count() == 0

        await application.bot_data.services.refresh_search()
        await application.bot_data.data_changed(application)
        assert gc.get_freeze_count() > 0
