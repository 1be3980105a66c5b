"""What a chat's later updates need, kept in the database so that any worker can take them.

Several webhook workers may serve one bot: the answer to a question can reach another worker
than the one that asked it. So nothing a later update needs lives in process memory: a feature
names its kind of state once, as a dataclass kept for so long (`Kept`), and reads and writes it
within the update. Expired states go at the next sweep, which the leading worker runs at each
planner run (and which takes each expired state once, should two workers sweep at a time); a
feature that must say something when its state expires (a campaign draft nobody finished)
registers a hook in `BotData.on_state_expired`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from bot.context import BotApplication, BotContext
from storage.chat_states import WHOLE_CHAT

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Kept(Generic[T]):
    """One kind of state of a chat (or of one person in it), kept for a while after each write."""

    def __init__(self, kind: str, shape: type[T], keep: timedelta) -> None:
        """Name the kind, the dataclass it is read as, and how long it lasts after a write."""
        self.kind = kind
        self.keep = keep
        self._shape: TypeAdapter[T] = TypeAdapter(shape)

    async def get(self, context: BotContext, chat_id: int, user_id: int = WHOLE_CHAT) -> T | None:
        """Return the state, or None when there is none (or it has expired)."""
        services = context.services
        found = await services.chat_states.get(chat_id, user_id, self.kind, now=services.clock())
        return self._read(found)

    async def put(
        self, context: BotContext, chat_id: int, value: T, user_id: int = WHOLE_CHAT
    ) -> None:
        """Keep the state, in place of the one before, for `keep` from now."""
        services = context.services
        data = self._shape.dump_python(value, mode="json")
        expires_at = services.clock() + self.keep
        await services.chat_states.put(chat_id, user_id, self.kind, data, expires_at=expires_at)

    async def take(self, context: BotContext, chat_id: int, user_id: int = WHOLE_CHAT) -> T | None:
        """Remove the state and return it: of two updates taking it at once, one gets it."""
        services = context.services
        found = await services.chat_states.take(chat_id, user_id, self.kind, now=services.clock())
        return self._read(found)

    async def drop(self, context: BotContext, chat_id: int, user_id: int = WHOLE_CHAT) -> None:
        """Remove the state, if there is one."""
        await context.services.chat_states.drop(chat_id, user_id, self.kind)

    def read(self, data: dict[str, object]) -> T | None:
        """Return a stored state as its dataclass; None for one this release cannot read."""
        return self._read(data)

    def _read(self, data: object) -> T | None:
        if data is None:
            return None
        try:
            return self._shape.validate_python(data)
        except ValidationError:
            # Written by another release: as good as expired.
            logger.info("Dropped a %s state this release cannot read", self.kind)
            return None


async def sweep_expired(application: BotApplication, now: datetime) -> int:
    """Remove the states that expired by now, telling their features; return how many."""
    bot_data = application.bot_data
    expired = await bot_data.services.chat_states.take_expired(now=now)
    for state in expired:
        hook = bot_data.on_state_expired.get(state.kind)
        if hook is not None:
            await hook(application, state)
    return len(expired)


async def sweep(application: BotApplication) -> None:
    """Remove the states that expired by now; a hook of the leading worker's planner runs."""
    await sweep_expired(application, application.bot_data.services.clock())
