"""The dispatcher: drains the outbox under Telegram's limits and records every outcome.

Limits: every call that names a chat goes through the Application's rate limiter (see
bot.app), so these sends, handlers' replies and edits share one budget: SEND_RATE_PER_SECOND
in all and twenty a minute per group. The outbox's sends also keep to a pace of their own,
`Settings.outbox_rate`: at most Telegram's free rate for bulk messages (about 30 a second),
or, with PAID_BROADCAST, SEND_RATE_PER_SECOND (up to 1000) as paid broadcasts
(`allow_paid_broadcast`), which the Application's budget lets pass. Each chat's own pace is
kept in the outbox, on the injected clock, whichever way it is sent: after a send, a private
chat's next message waits a second, a group's or a channel's three.

A row is claimed with a lease before it is sent; a crash leaves it "sending", and the next
start returns it to the queue, so kill -9 loses nothing. Sends Telegram took are recorded a few
together (MARK_WAIT), so only a message in flight at that instant, or sent in the last moment
and not yet recorded, may go twice. A graceful stop lets the sends on their way finish and be
recorded, and gives the rest of the batch back to the queue at once.

Outcomes: `RetryAfter` pauses all sending as long as Telegram says and retries; `Forbidden`
(blocked, kicked, deactivated) and "chat not found" make the chat inactive and cancel its
queue; `ChatMigrated` moves the chat to its new id and resends; network errors, timeouts and
server errors retry with growing pauses, then fail with the error recorded.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.domain.buttons import Button, CallbackButton
from bot.domain.chat import ChatType
from bot.pacing import Pace
from bot.services import Services
from storage.outbox import OutboxRow, SentMark

logger = logging.getLogger(__name__)

# Network trouble: retry after 5 s, 10 s, 20 s... up to this many attempts in all.
MAX_ATTEMPTS = 6
FIRST_BACKOFF = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=10)
# With nothing due, look again at least this often (seconds; writers also signal changes).
IDLE_WAIT = 5.0
# Each chat's pace: one message a second in private chats, twenty a minute (one every three
# seconds, evenly) in groups and channels.
PER_CHAT = timedelta(seconds=1)
PER_GROUP = timedelta(seconds=3)
# Sends handed to the bot at once. The rate limiter spaces them; a few at a time keep it busy
# while answers are on their way, and no more, so that a RetryAfter stops sending at once
# instead of after a queue of sends already waiting in the limiter.
IN_FLIGHT = 5
# How long Telegram takes to answer a send, about (seconds): at high rates, enough sends are on
# their way at once to cover it (`in_flight`).
ANSWER_TIME = 0.05
# Sends Telegram took are recorded together: as many as are on their way at once, or what was
# sent in this long, whichever comes first. A crash before they are recorded sends them again,
# as it does the sends on their way: at most twice `in_flight` messages may come twice.
MARK_WAIT = timedelta(milliseconds=100)

Sleep = Callable[[float], Awaitable[None]]


def in_flight(rate: float) -> int:
    """Return how many sends the dispatcher hands to the bot at once at `rate` a second."""
    return max(IN_FLIGHT, math.ceil(rate * ANSWER_TIME))


class OutboxChanged:
    """The signal "the outbox changed": whoever queues messages sets it, the dispatcher waits."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def set(self) -> None:
        """Say that something was queued (or became due): the dispatcher looks at once."""
        self._event.set()

    async def wait(self, seconds: float, sleep: Sleep = asyncio.sleep) -> None:
        """Return once the signal is set, or after `seconds` slept with `sleep`; then clear it."""
        await _sleep_unless(self._event, seconds, sleep)
        self._event.clear()


async def _sleep_unless(event: asyncio.Event, seconds: float, sleep: Sleep) -> None:
    """Return once `event` is set, or after `seconds` slept with `sleep`."""
    if event.is_set():
        return
    happened = asyncio.ensure_future(event.wait())
    timer = asyncio.ensure_future(sleep(seconds))
    try:
        await asyncio.wait((happened, timer), return_when=asyncio.FIRST_COMPLETED)
    finally:
        happened.cancel()
        timer.cancel()


class Dispatcher:
    """Send what the outbox holds, as fast as Telegram allows and no faster."""

    def __init__(self, services: Services, bot: Bot, *, sleep: Sleep = asyncio.sleep) -> None:
        """Send with `bot`; `sleep` waits on the services' clock (tests pass one that moves it)."""
        self.services = services
        self.bot = bot
        self.sleep = sleep
        self.outbox_changed = OutboxChanged()
        self._paused_until: datetime | None = None
        settings = services.settings
        rate = settings.outbox_rate
        self._in_flight = asyncio.Semaphore(in_flight(rate))
        # The rate, as the Application's budget keeps it (bot.pacing); paid broadcasts pass by
        # that budget and keep to this pace alone.
        self._pace = Pace(rate)
        self._paid = settings.paid_broadcast
        self._stopping = asyncio.Event()
        # Rows of the batch being sent that were not handed to Telegram before a stop.
        self._unsent: list[int] = []
        # Sends Telegram took that are not recorded yet: recorded together, a few at a time.
        self._sent: list[SentMark] = []
        self._marks_kept = in_flight(rate)
        # Big enough that the pause to claim the next batch is rare (it costs a few sends).
        self.batch = max(1, int(rate * 10))

    def stop_sending(self) -> None:
        """Send nothing more: sends already handed to Telegram finish and are marked.

        Rows claimed but not handed to Telegram go back to the queue at once (`Outbox.release`),
        so a graceful stop sends nothing twice and holds nothing back from the next sender.
        """
        self._stopping.set()
        self.outbox_changed.set()

    def resume_sending(self) -> None:
        """Undo `stop_sending`, before `run_forever` runs again (this worker leads again)."""
        self._stopping.clear()

    async def run_forever(self, *, release_leases: bool = True) -> None:
        """Send until stopped or cancelled.

        With `release_leases` (the database's only worker) rows left "sending" by a crash go
        back first. Among several workers another may still be sending its rows: they come back
        when their lease runs out instead.
        """
        if release_leases:
            released = await self.services.outbox.release_leases()
            if released:
                logger.info("Returned %d interrupted deliveries to the queue", released)
        while not self._stopping.is_set():
            try:
                sent = await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("The dispatcher failed; trying again shortly")
                sent = 0
            if not sent and not self._stopping.is_set():
                await self._idle()

    async def drain_once(self) -> int:
        """Claim a batch of due rows and send them; return how many were claimed."""
        now = self.services.clock()
        # A claimed row stays ours this long (OUTBOX_LEASE_SECONDS); a batch takes far less.
        lease = timedelta(seconds=self.services.settings.outbox_lease_seconds)
        rows = await self.services.outbox.claim(now=now, lease=lease, limit=self.batch)
        if rows:
            try:
                await asyncio.gather(*(self._deliver(row) for row in rows))
            finally:
                await self._record_sent()
        if self._unsent:
            unsent, self._unsent = self._unsent, []
            released = await self.services.outbox.release(unsent)
            logger.info("Stopping: %d messages not sent yet went back to the queue", released)
        return len(rows)

    async def _idle(self) -> None:
        now = self.services.clock()
        due = await self.services.outbox.next_due(now)
        wait = IDLE_WAIT if due is None else min(IDLE_WAIT, (due - now).total_seconds())
        await self.outbox_changed.wait(max(wait, 0.05), self.sleep)

    async def _deliver(self, row: OutboxRow) -> None:
        async with self._in_flight:
            await self._wait_for_pause()
            if self._stopping.is_set():
                self._unsent.append(row.id)
                return
            try:
                message = await self._send(row)
            except Exception as error:
                await self._failed(row, error)
                return
            now = self.services.clock()
            self._sent.append(
                SentMark(
                    row.id,
                    message.message_id,
                    now,
                    # Groups and channels have negative ids.
                    now + (PER_GROUP if row.chat_id < 0 else PER_CHAT),
                )
            )
        if self._sent and (
            len(self._sent) >= self._marks_kept
            or self.services.clock() - self._sent[0].sent_at >= MARK_WAIT
        ):
            await self._record_sent()

    async def _record_sent(self) -> None:
        """Record the sends not recorded yet, in one transaction."""
        marks, self._sent = self._sent, []
        await self.services.outbox.mark_sent_many(marks)

    async def _send(self, row: OutboxRow) -> Message:
        markup = None
        if row.buttons:
            markup = InlineKeyboardMarkup(
                [[_keyboard_button(button) for button in line] for line in row.buttons]
            )
        await self._pace.acquire()
        return await self.bot.send_message(
            row.chat_id,
            row.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            # Only ever True: left out, the call is a free one.
            allow_paid_broadcast=True if self._paid else None,
        )

    async def _wait_for_pause(self) -> None:
        """Wait, on the services' clock, until the pause Telegram asked for is over or a stop."""
        while self._paused_until is not None and not self._stopping.is_set():
            left = (self._paused_until - self.services.clock()).total_seconds()
            if left <= 0:
                self._paused_until = None
                break
            await _sleep_unless(self._stopping, left, self.sleep)

    async def _failed(self, row: OutboxRow, error: Exception) -> None:
        services = self.services
        outbox, now = services.outbox, services.clock()
        kind = type(error).__name__
        match error:
            case RetryAfter():
                # What was sent before the pause is recorded now, not after it.
                await self._record_sent()
                wait = error.retry_after
                delay = wait if isinstance(wait, timedelta) else timedelta(seconds=wait)
                until = now + delay
                # Before anything is awaited: the sends waiting for a place see the pause.
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


def _keyboard_button(button: Button) -> InlineKeyboardButton:
    """Return the Telegram button a stored one stands for: a link, or data sent back."""
    if isinstance(button, CallbackButton):
        return InlineKeyboardButton(button.text, callback_data=button.data)
    text, url = button
    return InlineKeyboardButton(text, url=url)
