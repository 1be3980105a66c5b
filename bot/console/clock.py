"""The console's clock: the real time, or a moment the person jumped to, running on from there."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services import Clock, system_clock


class ConsoleClock:
    """A Clock (see bot.services) that can be moved to any moment and back to the real time."""

    def __init__(self, base: Clock = system_clock) -> None:
        self._base = base
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return self._base() + self.offset

    def jump_to(self, moment: datetime) -> None:
        """Make it `moment` now; time runs on from there."""
        if moment.tzinfo is None:
            raise ValueError("give the moment with its time zone")
        self.offset = moment - self._base()

    def reset(self) -> None:
        """Go back to the real time."""
        self.offset = timedelta(0)

    def timestamp(self) -> float:
        """Return now as seconds since the epoch, for the fake Telegram's message dates."""
        return self().timestamp()
