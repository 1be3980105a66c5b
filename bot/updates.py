"""Handle many chats' updates at once, and each chat's updates one at a time, in order.

python-telegram-bot handles updates one after another unless told otherwise; then one slow chat
(a database write, a slow answer from Telegram) holds up everyone. Its SimpleUpdateProcessor runs
them all at once, but then a chat's two quick button presses can overtake each other. This
processor runs up to `max_concurrent_updates` updates together, chained per chat: an update
waits only for the earlier updates of its own chat.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Enough to keep many chats waiting on Telegram at once; more only adds contention in the HTTP
# pool (measured with bench/throughput.py: 16 used a third less CPU per update than 64).
MAX_CONCURRENT_UPDATES = 16


def ordering_key(update: object) -> int | None:
    """Return what a chat's updates are ordered by: the chat, else the user, else nothing.

    Inline queries and presses on inline messages have no chat; they are ordered per user.
    """
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Process updates concurrently, except that one chat's updates keep their order."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        """Run up to `max_concurrent_updates` updates at once."""
        super().__init__(max_concurrent_updates)
        # Per chat, the end of its latest update: the next one of the chat starts after it.
        self._tails: dict[int, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier update to finish, then process this one."""
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        # Updates enter here in the order they arrived (tasks start in order and the base
        # class's semaphore is fair), so taking the tail now keeps the chat's order.
        previous = self._tails.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = done
        try:
            if previous is not None:
                try:
                    await previous
                except BaseException:
                    # Cancelled while waiting (shut-down): the update's handlers never start.
                    if inspect.iscoroutine(coroutine):
                        coroutine.close()
                    raise
            await coroutine
        finally:
            done.set_result(None)
            if self._tails.get(key) is done:
                del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: updates still running finish on their own."""
