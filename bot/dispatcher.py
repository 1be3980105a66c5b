"""The dispatcher: drains the outbox under Telegram's limits and records every outcome.

Limits (aiolimiter's leaky buckets): SEND_RATE_PER_SECOND messages a second in all, one a
second per chat, twenty a minute per group. A row is claimed with a lease before it is sent;
a crash leaves it "sending", and the next start returns it to the queue, so kill -9 loses
nothing and only a message in flight at that instant may go twice.

Outcomes: `RetryAfter` pauses all sending as long as Telegram says and retries; `Forbidden`
(blocked, kicked, deactivated) and "chat not found" make the chat inactive and cancel its
queue; `ChatMigrated` moves the chat to its new id and resends; network errors, timeouts and
server errors retry with growing pauses, then fail with the error recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiolimiter import AsyncLimiter
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.domain.chat import ChatType
from bot.services import Services
from storage.outbox import OutboxRow

logger = logging.getLogger(__name__)

# A claimed row stays ours this long; a send never takes nearly as long.
LEASE = timedelta(minutes=2)
# Network trouble: retry after 5 s, 10 s, 20 s... up to this many attempts in all.
MAX_ATTEMPTS = 6
FIRST_BACKOFF = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=10)
# With nothing due, look again at least this often (the planner also wakes the dispatcher).
IDLE_WAIT = 5.0
# Sends that may follow one another at once. A bucket of two would make up for late wake-ups,
# but at Telegram's edge its bursts bring 429s, and each costs a whole second of pause.
OVERALL_BURST = 1
# (messages, seconds) per chat: one a second in private chats, twenty a minute (one every three
# seconds, evenly) in groups and channels.
PER_CHAT = (1, 1.0)
PER_GROUP = (1, 3.0)
# Per-chat buckets are kept for chats sent to recently; older ones are dropped.
KEPT_BUCKETS = 10_000

Sleep = Callable[[float], Awaitable[None]]


class Dispatcher:
    """Send what the outbox holds, as fast as Telegram allows and no faster."""

    def __init__(self, services: Services, bot: Bot, *, sleep: Sleep = asyncio.sleep) -> None:
        """Send with `bot`; `sleep` waits (tests pass one that records instead)."""
        self.services = services
        self.bot = bot
        self.sleep = sleep
        rate = services.settings.send_rate_per_second
        # A bucket of one, refilled every 1/rate seconds: no bursts, so no second ever holds
        # more than `rate` sends, which is how Telegram counts.
        self._overall = AsyncLimiter(OVERALL_BURST, OVERALL_BURST / rate)
        self._per_chat: dict[int, AsyncLimiter] = {}
        self._paused_until: datetime | None = None
        self._wake = asyncio.Event()
        # Big enough that the pause to claim the next batch is rare (it costs a few sends).
        self.batch = max(1, int(rate * 10))

    def wake(self) -> None:
        """Look at the outbox now: the planner has queued something."""
        self._wake.set()

    async def run_forever(self) -> None:
        """Send until cancelled; rows left "sending" by a crash go back to the queue first."""
        released = await self.services.outbox.release_leases()
        if released:
            logger.info("Returned %d interrupted deliveries to the queue", released)
        while True:
            try:
                sent = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("The dispatcher failed; trying again shortly")
                sent = 0
            if not sent:
                await self._idle()

    async def drain_once(self) -> int:
        """Claim a batch of due rows and send them; return how many were claimed."""
        now = self.services.clock()
        rows = await self.services.outbox.claim(now=now, lease=LEASE, limit=self.batch)
        if rows:
            await asyncio.gather(*(self._deliver(row) for row in rows))
        return len(rows)

    async def _idle(self) -> None:
        now = self.services.clock()
        due = await self.services.outbox.next_due(now)
        wait = IDLE_WAIT if due is None else min(IDLE_WAIT, (due - now).total_seconds())
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=max(wait, 0.05))

    async def _deliver(self, row: OutboxRow) -> None:
        async with self._bucket(row.chat_id):
            await self._take_a_slot()
            try:
                message = await self._send(row)
            except Exception as error:
                await self._failed(row, error)
                return
        await self.services.outbox.mark_sent(
            row.id, message_id=message.message_id, now=self.services.clock()
        )

    async def _send(self, row: OutboxRow) -> Message:
        markup = None
        if row.buttons:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(text, url=url) for text, url in line]
                    for line in row.buttons
                ]
            )
        return await self.bot.send_message(
            row.chat_id,
            row.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )

    def _bucket(self, chat_id: int) -> AsyncLimiter:
        bucket = self._per_chat.get(chat_id)
        if bucket is None:
            if len(self._per_chat) > KEPT_BUCKETS:
                self._per_chat.clear()
            # Groups and channels have negative ids.
            rate, period = PER_GROUP if chat_id < 0 else PER_CHAT
            bucket = self._per_chat[chat_id] = AsyncLimiter(rate, period)
        return bucket

    async def _take_a_slot(self) -> None:
        """Wait for a place in the overall rate, outside any pause Telegram asked for.

        A slot taken just before a pause began is given up and taken again after it: slots
        saved up during a pause would all be used at once and bring the next 429.
        """
        while True:
            await self._wait_for_pause()
            await self._overall.acquire()
            if self._paused_until is None or self._paused_until <= self.services.clock():
                return

    async def _wait_for_pause(self) -> None:
        while self._paused_until is not None:
            left = (self._paused_until - self.services.clock()).total_seconds()
            if left <= 0:
                self._paused_until = None
                break
            await self.sleep(left)

    async def _failed(self, row: OutboxRow, error: Exception) -> None:
        services = self.services
        outbox, now = services.outbox, services.clock()
        kind = type(error).__name__
        match error:
            case RetryAfter():
                wait = error.retry_after
                delay = wait if isinstance(wait, timedelta) else timedelta(seconds=wait)
                until = now + delay
                if self._paused_until is None or until > self._paused_until:
                    self._paused_until = until
                logger.warning("Telegram asked to wait %s s before sending more", delay.seconds)
                await outbox.retry_later(row.id, not_before=until, error=kind, now=now)
            case ChatMigrated():
                await services.chats.move(
                    row.chat_id, error.new_chat_id, type=ChatType.SUPERGROUP, now=now
                )
                await outbox.retry_later(row.id, not_before=now, error=kind, now=now)
            case Forbidden() | BadRequest() if _chat_gone(error):
                logger.info("Chat %s can no longer be reached: %s", row.chat_id, error.message)
                await outbox.mark_failed(row.id, error=f"{kind}: {error.message}", now=now)
                await services.chats.set_active(row.chat_id, False, now=now)
                await outbox.cancel_chat(row.chat_id, reason=f"{kind}: {error.message}")
            case BadRequest():
                # The message itself is wrong (bad HTML, too long): sending it again cannot help.
                logger.error("Delivery %s refused: %s", row.id, error.message)
                await outbox.mark_failed(row.id, error=f"{kind}: {error.message}", now=now)
            case _ if row.attempts < MAX_ATTEMPTS:
                backoff = min(FIRST_BACKOFF * 2 ** (row.attempts - 1), MAX_BACKOFF)
                detail = error.message if isinstance(error, NetworkError) else kind
                logger.warning("Delivery %s will be retried: %s", row.id, detail)
                await outbox.retry_later(
                    row.id, not_before=now + backoff, error=f"{kind}: {detail}", now=now
                )
            case _:
                logger.error("Delivery %s failed after %d attempts", row.id, row.attempts)
                await outbox.mark_failed(row.id, error=kind, now=now)


def _chat_gone(error: Forbidden | BadRequest) -> bool:
    """Tell whether an error means the chat cannot receive messages any more."""
    if isinstance(error, Forbidden):
        return True
    text = error.message.lower()
    return "chat not found" in text or "user is deactivated" in text
