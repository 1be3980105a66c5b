"""Files the bot makes on request, built off the event loop and kept while they stay the same."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

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
        self._kept = kept
        self._files: OrderedDict[Hashable, File] = OrderedDict()
        self._lock = asyncio.Lock()

    async def made(self, make: Callable[[], File], *, key: Hashable | None = None) -> File:
        """Return what make() makes; with a key, a file made before for the same key is reused.

        Without a key the file is made and handed back, and not kept.
        """
        async with self._lock:
            if key is not None and key in self._files:
                self._files.move_to_end(key)
                return self._files[key]
            data = await asyncio.to_thread(make)
            if key is not None:
                self._files[key] = data
                while len(self._files) > self._kept:
                    self._files.popitem(last=False)
            return data
