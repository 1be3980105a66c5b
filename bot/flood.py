"""Flood control: one person sending far more than anyone reads gets one notice, then a pause.

Runs before every other handler (group -1). Each user has a leaky bucket (aiolimiter): a burst of
BURST updates, refilled at BURST per PERIOD seconds. Past it, the user gets one polite notice
and their updates are ignored for MUTE seconds; other users are not slowed at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiolimiter import AsyncLimiter
from cachetools import TTLCache

BURST = 30
PERIOD = 60.0
MUTE = 60.0
# At most this many users are followed at once; the longest unseen go first.
KEPT_USERS = 50_000


@dataclass(slots=True)
class _Sender:
    bucket: AsyncLimiter
    muted_until: float = 0.0


@dataclass(slots=True)
class FloodGuard:
    """Per-user buckets; `clock` is monotonic seconds (tests may pass their own)."""

    burst: int = BURST
    period: float = PERIOD
    mute: float = MUTE
    clock: Callable[[], float] = field(default=time.monotonic)
    _senders: TTLCache[int, _Sender] = field(init=False)

    def __post_init__(self) -> None:
        # A user unseen for a full period and pause has a full bucket and no pause: forgotten,
        # they start afresh exactly as they would have gone on.
        self._senders = TTLCache(KEPT_USERS, ttl=max(self.period, self.mute), timer=self.clock)

    async def admit(self, user_id: int) -> bool | None:
        """Return True to handle the update, False to drop it, None to drop it with a notice."""
        now = self.clock()
        sender = self._senders.get(user_id)
        if sender is None:
            sender = _Sender(AsyncLimiter(self.burst, self.period))
        # Stored again on every update: a sender is forgotten only once unseen for a while.
        self._senders[user_id] = sender
        if now < sender.muted_until:
            return False
        if sender.bucket.has_capacity():
            await sender.bucket.acquire()  # returns at once: there is capacity
            return True
        sender.muted_until = now + self.mute
        return None
