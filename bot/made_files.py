"""Files the bot makes, built off the event loop and kept while they stay the same.

A file is made on request, or ahead of requests in the background (`make_soon`): everyone's
calendar after each import or sync, so that nobody waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Hashable, Mapping
from typing import Generic, TypeVar

from cachetools import LRUCache

logger = logging.getLogger(__name__)

# Enough for everyone's calendar in each language for a day or two.
KEPT_FILES = 8

File = TypeVar("File")


class MadeFiles(Generic[File]):
    """Build files one at a time in a worker thread; keep the latest few by what they hold.

    A big file (a year of dates for everyone in prison) takes seconds to serialise; built on
    the event loop it would stall every chat. One build at a time keeps a burst of requests from
    taking every core, and the same request (same key) within a day gets the same bytes at once.
    """

    def __init__(self, kept: int = KEPT_FILES) -> None:
        # The least recently asked for goes first when a new one does not fit.
        self._files: LRUCache[Hashable, File] = LRUCache(maxsize=kept)
        self._lock = asyncio.Lock()
        # What the background asked for last, and what of it is still to make.
        self._wanted: frozenset[Hashable] = frozenset()
        self._to_make: dict[Hashable, Callable[[], File]] = {}
        self._worker: asyncio.Task[None] | None = None

    async def made(self, make: Callable[[], File], *, key: Hashable | None = None) -> File:
        """Return what make() makes; with a key, a file made before for the same key is reused.

        Without a key the file is made and handed back, and not kept.
        """
        # A kept file is handed back at once, even while another one is being made.
        if key is not None and key in self._files:
            return self._files[key]
        async with self._lock:
            if key is not None and key in self._files:
                return self._files[key]
            data = await asyncio.to_thread(make)
            if key is not None:
                self._files[key] = data
            return data

    def make_soon(self, wanted: Mapping[Hashable, Callable[[], File]]) -> None:
        """Make these files in the background, one at a time, and forget every other kept file.

        Asked again for the same keys, nothing changes (the files are made or being made).
        Asked for other keys (a new day, new data), the files of the old keys are dropped and
        those not made yet are not made. A request for a file not made yet makes it as before.
        """
        keys = frozenset(wanted)
        if keys == self._wanted:
            return
        self._wanted = keys
        for key in [key for key in self._files if key not in keys]:
            del self._files[key]
        self._to_make = dict(wanted)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._make_wanted(), name="made-files")

    async def stop(self) -> None:
        """Make nothing more in the background (the bot is stopping); a build under way ends."""
        self._to_make.clear()
        if self._worker is not None and not self._worker.done():
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        self._worker = None

    async def settled(self) -> None:
        """Wait until the files asked for in the background are made (or failed)."""
        while self._worker is not None and not self._worker.done():
            await asyncio.shield(self._worker)

    async def _make_wanted(self) -> None:
        while self._to_make:
            key = next(iter(self._to_make))
            make = self._to_make.pop(key)
            try:
                await self.made(make, key=key)
            except Exception:
                logger.exception("A file could not be made in the background")
            if key not in self._wanted:
                # Other files were asked for while this one was made: it is no longer wanted.
                self._files.pop(key, None)
