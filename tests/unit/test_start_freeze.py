"""After start-up, what it made is kept out of the garbage collector's full collections."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.app import _freeze_after_start, build_application
from bot.config import Settings


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


async def test_start_up_runs_first_then_what_it_made_is_frozen(
    settings: Settings, unfrozen: None
) -> None:
    application = build_application(settings)
    made: list[object] = []

    async def start(app: object) -> None:
        assert gc.get_freeze_count() == 0
        made.append(app)

    application.post_init = start
    _freeze_after_start(application)
    assert application.post_init is not None

    await application.post_init(application)

    assert made == [application]
    assert gc.get_freeze_count() > 0
