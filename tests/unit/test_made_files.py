"""Files made on request or ahead of it: off the event loop, one at a time, kept by key."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import pytest

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


# -- made ahead of requests ------------------------------------------------------------------


def noting(made: list[str], name: str) -> Callable[[], bytes]:
    """Return a maker of the file `name` that notes each time it is made."""

    def make() -> bytes:
        made.append(name)
        return name.encode()

    return make


def recorder(made: list[str]) -> dict[str, Callable[[], bytes]]:
    """Return makers of the files "en", "be" and "ru", by key, that note each file they make."""
    return {name: noting(made, name) for name in ("en", "be", "ru")}


async def test_files_asked_for_ahead_are_made_in_order_and_then_served_without_making() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    made: list[str] = []

    files.make_soon(recorder(made))
    await files.settled()

    assert made == ["en", "be", "ru"]
    assert await files.made(lambda: b"made again", key="be") == b"be"
    assert await files.made(lambda: b"made again", key="ru") == b"ru"
    assert made == ["en", "be", "ru"]


async def test_asking_ahead_again_for_the_same_files_makes_nothing() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    made: list[str] = []
    files.make_soon(recorder(made))
    await files.settled()

    files.make_soon(recorder(made))
    await files.settled()

    assert made == ["en", "be", "ru"]


async def test_new_files_asked_for_ahead_drop_the_old_ones() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    made: list[str] = []
    files.make_soon({("en", 14): noting(made, "the 14th")})
    await files.settled()

    files.make_soon({("en", 15): noting(made, "the 15th")})
    await files.settled()

    assert await files.made(noting(made, "again"), key=("en", 15)) == b"the 15th"
    # The 14th's file is gone: asked for again, it is made anew.
    assert await files.made(noting(made, "anew"), key=("en", 14)) == b"anew"
    assert made == ["the 14th", "the 15th", "anew"]


async def test_files_no_longer_wanted_are_not_made_nor_kept() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    started, finish = threading.Event(), threading.Event()
    made: list[str] = []

    def slow_old() -> bytes:
        started.set()
        assert finish.wait(timeout=10)
        made.append("old en")
        return b"old en"

    files.make_soon({"old en": slow_old, "old be": noting(made, "old be")})
    await asyncio.to_thread(started.wait, 10)
    # New data while the old English file is being made: the old Belarusian one is not made.
    files.make_soon({"new en": noting(made, "new en")})
    finish.set()
    await files.settled()

    assert made == ["old en", "new en"]
    # Nor is the old English one kept, once made: asked for, it is made anew.
    assert await files.made(noting(made, "anew"), key="old en") == b"anew"


async def test_a_request_for_a_file_being_made_ahead_waits_for_it_and_it_is_made_once() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    started, finish = threading.Event(), threading.Event()
    made: list[str] = []

    def slow() -> bytes:
        started.set()
        assert finish.wait(timeout=10)
        made.append("en")
        return b"en"

    files.make_soon({"en": slow})
    await asyncio.to_thread(started.wait, 10)
    request = asyncio.create_task(files.made(noting(made, "again"), key="en"))
    finish.set()

    assert await request == b"en"
    assert made == ["en"]


async def test_files_made_ahead_are_made_one_at_a_time_beside_requests() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    running, most = 0, 0
    guard = threading.Lock()

    def make() -> bytes:
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with guard:
            running -= 1
        return b""

    files.make_soon(dict.fromkeys(("en", "be", "ru"), make))
    await asyncio.gather(files.made(make, key="other"), files.made(make), files.settled())

    assert most == 1


async def test_a_file_that_fails_ahead_is_logged_and_the_others_are_still_made(
    caplog: pytest.LogCaptureFixture,
) -> None:
    files: MadeFiles[bytes] = MadeFiles()

    def broken() -> bytes:
        raise RuntimeError("a bug")

    files.make_soon({"en": broken, "be": lambda: b"be"})
    await files.settled()

    assert await files.made(lambda: b"made again", key="be") == b"be"
    assert "could not be made in the background" in caplog.text


async def test_stopping_makes_nothing_more_in_the_background() -> None:
    files: MadeFiles[bytes] = MadeFiles()
    started = threading.Event()
    release = threading.Event()
    finished = threading.Event()
    made: list[str] = []

    def slow() -> bytes:
        started.set()
        release.wait(5)
        made.append("slow")
        finished.set()
        return b"slow"

    def later() -> bytes:
        made.append("later")
        return b"later"

    files.make_soon({"slow": slow, "later": later})
    await asyncio.to_thread(started.wait, 5)
    stopping = asyncio.create_task(files.stop())
    release.set()
    await stopping
    await asyncio.to_thread(finished.wait, 5)
    await files.settled()
    for _ in range(10):
        await asyncio.sleep(0)

    # The build under way ran to its end in its thread; the one after it never started.
    assert made == ["slow"]
