"""Wait for the fake Telegram state to change: long polling and test-side waits, no sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from bot.sandbox.bot_api import prepare_get_updates
from bot.sandbox.models import ApiCall, ApiError, JsonDict
from bot.sandbox.telegram_state import TelegramState

T = TypeVar("T")

CONFLICT = ApiError(
    409,
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
)


async def wait_for(state: TelegramState, probe: Callable[[], T | None], seconds: float) -> T | None:
    """Return probe's first truthy value, re-checked on every change; None after seconds."""
    changed = asyncio.Event()
    unsubscribe = state.subscribe(changed.set)
    try:
        async with asyncio.timeout(seconds):
            while not (found := probe()):
                await changed.wait()
                changed.clear()
            return found
    except TimeoutError:
        return None
    finally:
        unsubscribe()


async def long_poll(
    state: TelegramState,
    params: JsonDict,
    *,
    max_wait: float | None = None,
    stopping: Callable[[], bool] = lambda: False,
) -> tuple[int, JsonDict]:
    """Answer getUpdates like Telegram: at once if updates wait, else when one arrives or
    ``timeout`` seconds pass. A newer getUpdates ends this one with 409 Conflict."""
    try:
        prepare_get_updates(state, params)
        timeout = float(params.get("timeout") or 0)
    except (ApiError, ValueError):
        return state.handle("getUpdates", params)  # answers with the error
    if max_wait is not None:
        timeout = min(timeout, max_wait)
    generation = state.begin_poll()

    def outcome() -> str | None:
        if not state.is_current_poll(generation):
            return "conflict"
        if stopping():
            return "stopping"
        try:
            prepare_get_updates(state, params)
        except ApiError:
            return "ready"  # e.g. a webhook was set meanwhile: handle() answers the error
        return "ready" if state.deliverable_updates(1) else None

    if timeout > 0 and await _wait_counted(state, outcome, timeout) == "conflict":
        conflict = CONFLICT.error_code, CONFLICT.to_body()
        state.calls.append(ApiCall("getUpdates", params, {}, *conflict, at=state.clock()))
        return CONFLICT.error_code, CONFLICT.to_body()
    return state.handle("getUpdates", params)


async def _wait_counted(
    state: TelegramState, outcome: Callable[[], str | None], seconds: float
) -> str | None:
    state.waiting_polls += 1
    state.notify()
    try:
        return await wait_for(state, outcome, seconds)
    finally:
        state.waiting_polls -= 1
