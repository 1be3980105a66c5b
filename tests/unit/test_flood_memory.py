"""Flood control remembers a sender only while it matters: through a pause, not after it."""

from __future__ import annotations

from bot.flood import FloodGuard


async def test_a_muted_sender_who_keeps_sending_stays_muted() -> None:
    now = [0.0]
    guard = FloodGuard(burst=1, period=10.0, mute=30.0, clock=lambda: now[0])
    assert await guard.admit(7) is True

    now[0] = 20.0
    assert await guard.admit(7) is None  # paused until 50
    now[0] = 35.0  # later than the first update and a full period and pause

    assert await guard.admit(7) is False


async def test_a_sender_unseen_for_a_while_starts_afresh() -> None:
    now = [0.0]
    guard = FloodGuard(burst=1, period=10.0, mute=30.0, clock=lambda: now[0])
    assert await guard.admit(7) is True
    assert await guard.admit(7) is None

    now[0] = 100.0

    assert await guard.admit(7) is True
