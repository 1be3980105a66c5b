"""Pace sends to Telegram at a steady rate that stays at the rate, and never above it.

Telegram counts messages per second, and refuses (429) what goes past its limit. aiolimiter's
leaky bucket of one, refilled every 1/rate seconds, never lets a second hold more than the rate,
but it also never makes up for a late wake-up: a timer fires a little after it was asked to, the
bucket counts from then, and what it loses is lost for good. Measured against a Bot API that lets
1,000 messages a second through, it let 610-780 through at a rate of 1,000, and about 28.7 at
29.5. Waking each waiter, it also sets and cancels a timer per waiting call, which cost the bot
more CPU per update than finding the person.

`Pace` gives each call a place on an exact timeline instead (1/rate seconds apart, counted from
the timeline, not from when the last waiter woke), so that the rate is kept; and it keeps
the times of the last sends of the past second, so that even calls woken together after the
event loop was held up (a long garbage collection) never put more than the rate into one second.
A waiting call sleeps on a timer of its own: once, unless the second is full when it wakes.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque

from aiolimiter import AsyncLimiter

# Telegram's limits are counted over a second.
WINDOW = 1.0
# Telegram's clock is not the bot's, and sends take a little longer or shorter to reach it: here a
# second lasts a little longer, so that those never put one send too many into Telegram's.
MARGIN = 0.005
# A wait this short is none: clocks and timers are no finer.
TOLERANCE = 1e-6


class Pace(AsyncLimiter):
    """Let calls through one at a time, `rate` a second, never more than `rate` in a second.

    In a second (counted MARGIN long) at most the whole number at or below `rate` go through:
    29 at 29.5, so the pace is about 28.9 a second there, and 995 at 1,000.

    An `aiolimiter.AsyncLimiter` (a bucket of one), so it stands where one is expected:
    `async with pace:` or `await pace.acquire()`. A call cancelled while it waits leaves its
    place unused: the calls after it are never let through sooner for it.
    """

    __slots__ = ("_next_slot", "_recent")

    def __init__(self, rate: float) -> None:
        """Pace at `rate` calls a second (more than 0)."""
        if rate <= 0:
            raise ValueError(f"a pace needs a rate above 0, not {rate}")
        # A bucket of one, refilled every time_period: the calls' distance on the timeline.
        super().__init__(max_rate=1, time_period=1 / rate)
        # The place on the timeline the next call takes, in the event loop's time.
        self._next_slot = -math.inf
        # When the latest calls went through: no more than the rate in one window.
        self._recent: deque[float] = deque(maxlen=max(1, math.floor(rate * WINDOW)))

    def has_capacity(self, amount: float = 1) -> bool:
        """Tell whether a call now would go through at once."""
        if amount > 1:
            return False
        now = asyncio.get_running_loop().time() + TOLERANCE
        return now >= self._next_slot and now >= self._window_opens()

    async def acquire(self, amount: float = 1) -> None:
        """Wait for this call's place on the timeline and for room in the window."""
        if amount > 1:
            raise ValueError("Can't acquire more than the maximum capacity")
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next_slot)
        self._next_slot = slot + self.time_period
        if slot - now > TOLERANCE:
            await asyncio.sleep(slot - now)
        # Calls woken before this one may fill the window while it waits: it looks again.
        while (wait := self._window_opens() - loop.time()) > TOLERANCE:  # noqa: ASYNC110
            await asyncio.sleep(wait)
        self._recent.append(loop.time())

    def _window_opens(self) -> float:
        """Return when the window has room for one more call: at once unless it is full."""
        recent = self._recent
        return recent[0] + WINDOW + MARGIN if len(recent) == recent.maxlen else -math.inf
