"""A typed CallbackContext, so handlers reach services without untyped dict lookups."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from cachetools import LRUCache, TTLCache
from telegram.ext import Application, CallbackContext, ExtBot

from bot.delivery import Delivery
from bot.domain.calendar import CalendarFile, CalendarIndex, InPrison, WrittenLines
from bot.domain.chat import Chat
from bot.domain.letters.suggest import shuffled
from bot.domain.prisoner import Prisoner
from bot.flood import FloodGuard
from bot.made_files import MadeFiles
from bot.services import Services
from storage.chat_states import ExpiredState
from storage.run_lock import RunLock

# Telegram reports membership changes at once, but asking on every press is slow and counts
# against the limits: a promotion or demotion takes effect within this many seconds.
ADMIN_CHECK_SECONDS = 60
ADMIN_CHECKS_KEPT = 10_000
# The chats whose order of people for letters is kept (KeptShuffles).
KEPT_SHUFFLES = 256
# A chat gets this many evening kits at once, then one more every PERIOD / BURST seconds.
EVENING_KITS_BURST = 3
EVENING_KITS_PERIOD = 60.0


class KeptShuffles:
    """The latest chats' shuffles of the people letters may reach, of one reading of everyone.

    A shuffle (bot.domain.letters.suggest.shuffled) takes a hash of every person and a sort;
    a press of a chat whose shuffle is kept only puts it in tiers by the month's marks. New data
    (another reading of everyone) drops them all.
    """

    def __init__(self, kept: int = KEPT_SHUFFLES) -> None:
        self._of: InPrison | None = None
        self._shuffles: LRUCache[str, tuple[Prisoner, ...]] = LRUCache(maxsize=kept)

    def shuffle(self, inside: InPrison, seed: str) -> tuple[Prisoner, ...]:
        """Return the shuffle of everyone in `inside` by this seed, made once and kept."""
        if inside is not self._of:
            self._shuffles.clear()
            self._of = inside
        shuffle = self._shuffles.get(seed)
        if shuffle is None:
            shuffle = self._shuffles[seed] = shuffled(inside.people.values(), seed)
        return shuffle


class BotData:
    """Application-wide state: the services, set in post_init and gone after post_shutdown."""

    def __init__(self) -> None:
        self._services: Services | None = None
        # (chat id, user id) -> is an admin, as Telegram said lately; see handlers.permissions.
        self.admin_checks: TTLCache[tuple[int, int], bool] = TTLCache(
            maxsize=ADMIN_CHECKS_KEPT, ttl=ADMIN_CHECK_SECONDS
        )
        # Per-user flood control (see handlers.flood).
        self.flood = FloodGuard()
        # What features do on the worker that leads, at each of its planner runs (bot.delivery),
        # and when the data changed (an import, an upload, a sync, a new day), each given the
        # application; handlers.register adds them, so that the wiring calls features without
        # importing them.
        self.while_leading: list[Hook] = []
        self.on_data_change: list[Hook] = []
        # What a feature does when one of its kinds of chat state expires unused (by kind; see
        # handlers.chat_state).
        self.on_state_expired: dict[str, StateHook] = {}
        # The planner and dispatcher, while the bot delivers messages (see bot.delivery); after
        # queueing messages, set `delivery.outbox_changed` so that they go out at once.
        self.delivery: Delivery | None = None
        # Held while this is the only process allowed to run the bot (see storage.run_lock).
        self.run_lock: RunLock | None = None
        # The calendar (see handlers.calendar): everyone in prison as of the data's version,
        # read once per version...
        self.calendar_people: InPrison | None = None
        self.calendar_reading = asyncio.Lock()
        # ...the dates of each local day and the coming days, and their lines in each language,
        # made once per date and version off the event loop...
        self.calendar_days: MadeFiles[CalendarIndex] = MadeFiles()
        self.calendar_lines: MadeFiles[WrittenLines] = MadeFiles()
        # ...and the files: everyone's are kept, and made in the background after new data.
        self.calendar_files: MadeFiles[CalendarFile] = MadeFiles()
        # Each chat's shuffle of the people letters may reach (handlers.letters).
        self.letter_shuffles = KeptShuffles()
        # Letter-writing evening kits (see handlers.evening): PDFs made one at a time off the
        # event loop, the latest few kept; and a limit per chat, so that nobody, a group's
        # members taking turns included, has the bot make PDFs in a loop.
        self.evening_kits: MadeFiles[bytes] = MadeFiles()
        self.evening_limit = FloodGuard(
            burst=EVENING_KITS_BURST, period=EVENING_KITS_PERIOD, mute=EVENING_KITS_PERIOD
        )

    @property
    def services(self) -> Services:
        """Return the services; they exist from start-up until shut-down."""
        if self._services is None:
            raise RuntimeError("services are used before start-up or after shut-down")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value

    async def close(self) -> None:
        """Stop delivering and making calendars, and close the services, if they were opened."""
        for made in (
            self.calendar_days,
            self.calendar_lines,
            self.calendar_files,
            self.evening_kits,
        ):
            await made.stop()
        if self.delivery is not None:
            await self.delivery.stop()
            self.delivery = None
        if self.run_lock is not None:
            await self.run_lock.release()
            self.run_lock = None
        if self._services is not None:
            await self._services.close()
            self._services = None

    async def data_changed(self, application: Any) -> None:
        """Tell every feature that keeps something made from the data to look again."""
        for hook in self.on_data_change:
            await hook(application)


Hook = Callable[[Any], Awaitable[None]]
StateHook = Callable[[Any, ExpiredState], Awaitable[None]]
ChatData = dict[Any, Any]
UserData = dict[Any, Any]


class BotContext(CallbackContext[ExtBot[Any], UserData, ChatData, BotData]):
    """The context every handler and job receives; python-telegram-bot makes one per update."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        # The update's chat as stored, read once per update (handlers.common.stored_chat).
        self.stored_chats: dict[int, Chat | None] = {}

    @property
    def services(self) -> Services:
        """Return the shared services."""
        return self.bot_data.services


BotApplication = Application[ExtBot[Any], BotContext, UserData, ChatData, BotData, Any]
