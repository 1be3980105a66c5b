"""The pace of sends to Telegram: the rate, exactly, and never more than the rate in a second.

Most tests run on looptime's event loop, whose clock moves only when every task waits, so the
times below are exact. The last one runs in real time: it holds the event loop up, as a long
garbage collection would.
"""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest
from aiolimiter import AsyncLimiter

from bot.pacing import MARGIN, WINDOW, Pace


async def _times(pace: AsyncLimiter, calls: int) -> list[float]:
    """Start `calls` calls at once; return when each went through, in the loop's time."""
    loop = asyncio.get_running_loop()
    passed: list[float] = []

    async def call() -> None:
        async with pace:
            passed.append(loop.time())

    await asyncio.gather(*(call() for _ in range(calls)))
    return passed


def _most_in_a_window(times: list[float]) -> int:
    """Return the most calls that went through within one window (a second)."""
    return max(
        sum(1 for later in times if start <= later < start + WINDOW - 1e-9) for start in times
    )


@pytest.mark.looptime
async def test_calls_go_through_at_the_rate_and_no_faster() -> None:
    times = await _times(Pace(10), 50)

    assert min(b - a for a, b in itertools.pairwise(times)) == pytest.approx(0.1)
    assert _most_in_a_window(times) == 10
    # A tenth of a second apart, and each second counted a little long (MARGIN): the
    # eleventh call waits for the first one's second to end.
    assert times[10] - times[0] == pytest.approx(WINDOW + MARGIN)
    assert times[-1] - times[0] == pytest.approx(4.9 + 4 * MARGIN)


@pytest.mark.looptime
async def test_a_rate_of_a_fraction_keeps_to_the_whole_calls_below_it_in_a_second() -> None:
    times = await _times(Pace(2.5), 7)

    assert _most_in_a_window(times) == 2
    assert times[2] - times[0] == pytest.approx(WINDOW + MARGIN)


@pytest.mark.looptime
async def test_the_first_call_after_a_quiet_spell_goes_at_once() -> None:
    pace = Pace(2)
    loop = asyncio.get_running_loop()
    await _times(pace, 3)
    await asyncio.sleep(10)
    assert pace.has_capacity()

    began = loop.time()
    times = await _times(pace, 2)

    assert times == [pytest.approx(began), pytest.approx(began + 0.5)]


@pytest.mark.looptime
async def test_a_call_cancelled_while_it_waits_lets_nobody_through_sooner() -> None:
    pace = Pace(4)
    loop = asyncio.get_running_loop()
    began = loop.time()
    await pace.acquire()
    waiting = asyncio.create_task(pace.acquire())
    await asyncio.sleep(0.1)
    waiting.cancel()
    assert not pace.has_capacity()

    await pace.acquire()

    # The cancelled call's place (0.25) stays unused: this one keeps its own, 0.5.
    assert loop.time() - began == pytest.approx(0.5)


def test_a_pace_needs_a_rate() -> None:
    with pytest.raises(ValueError, match="rate above 0"):
        Pace(0)


async def test_calls_held_up_together_still_keep_to_the_rate_in_every_second() -> None:
    pace = Pace(20)
    loop = asyncio.get_running_loop()
    passed: list[float] = []

    async def call() -> None:
        await pace.acquire()
        passed.append(loop.time())

    calls = [asyncio.create_task(call()) for _ in range(30)]
    await asyncio.sleep(0)  # every call has its place on the timeline
    # The event loop is held up for a third of a second (a long garbage collection): the
    # places of the first seven go by meanwhile, and those calls wake up together.
    time.sleep(0.35)  # noqa: ASYNC251 (holding the loop up is the point)
    await asyncio.gather(*calls)

    assert len(passed) == 30
    assert _most_in_a_window(passed) <= 20
    # The calls whose places went by go together at once: the time held up is not lost. An
    # aiolimiter bucket of one would let them go 1/20 s apart from then on.
    assert passed[6] - passed[1] < 1 / 20
