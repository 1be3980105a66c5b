"""Files made on request: off the event loop, one at a time, kept by key and only by key."""

from __future__ import annotations

import asyncio
import threading

from bot.made_files import MadeFiles


async def test_a_file_is_made_in_a_worker_thread_while_the_bot_goes_on() -> None:
    files = MadeFiles()
    answered = threading.Event()

    def make() -> bytes:
        # Made on the event loop, this would wait forever: nothing else could run to answer.
        assert answered.wait(timeout=10), "the event loop was blocked while the file was made"
        return b"BEGIN:VCALENDAR"

    async def another_chat() -> None:
        answered.set()

    data, _ = await asyncio.gather(files.made(make), another_chat())

    assert data == b"BEGIN:VCALENDAR"


async def test_a_kept_file_is_reused_for_the_same_key_and_made_anew_for_another() -> None:
    files = MadeFiles()
    made: list[str] = []

    def maker(name: str) -> bytes:
        def make() -> bytes:
            made.append(name)
            return name.encode()

        return make

    assert await files.made(maker("en"), key=("en", "2026-07-14")) == b"en"
    assert await files.made(maker("en again"), key=("en", "2026-07-14")) == b"en"
    assert await files.made(maker("be"), key=("be", "2026-07-14")) == b"be"
    assert made == ["en", "be"]


async def test_files_without_a_key_are_never_kept() -> None:
    files = MadeFiles()
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"a chat's own calendar"

    await files.made(make)
    await files.made(make)

    assert made == [1, 1]


async def test_only_the_latest_files_are_kept() -> None:
    files = MadeFiles(kept=2)
    made: list[int] = []

    def maker(day: int) -> bytes:
        made.append(day)
        return bytes([day])

    for day in (1, 2, 3):
        await files.made(lambda day=day: maker(day), key=day)
    await files.made(lambda: maker(3), key=3)
    await files.made(lambda: maker(1), key=1)

    assert made == [1, 2, 3, 1], "day 3 was kept, day 1 had to be made again"
