"""Flood control: one sender who floods gets one notice and a pause; nobody else is slowed."""

from __future__ import annotations

from bot.context import BotApplication
from bot.flood import BURST, FloodGuard
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser


async def test_a_flooding_sender_gets_one_notice_then_silence(
    user: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    other = SimulatedUser(bot_app, telegram_state)
    replies = []
    for _ in range(BURST):
        replies += await user.send("/help")
    assert len(replies) == BURST  # a burst this size is fine

    [notice] = await user.send("/help")
    ignored = [await user.send("Kalesnikava") for _ in range(5)]
    [answer] = await other.send("/help")

    assert "Please slow down" in notice.text
    assert ignored == [[]] * 5
    assert "What I can do" in answer.text


async def test_the_pause_ends_and_the_bucket_refills() -> None:
    now = [0.0]
    guard = FloodGuard(burst=3, period=0.2, mute=30.0, clock=lambda: now[0])

    verdicts = [await guard.admit(7) for _ in range(4)]
    assert verdicts == [True, True, True, None]
    assert await guard.admit(7) is False  # muted
    assert await guard.admit(8) is True  # someone else is not slowed

    now[0] = 29.0
    assert await guard.admit(7) is False  # still muted, on the guard's clock
    now[0] = 60.0
    assert await guard.admit(7) is True  # the pause is over and the bucket full again
