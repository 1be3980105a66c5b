"""When a chat hears from the bot, on its own clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.chat import Chat, ChatType
from bot.domain.schedule import due_digest_date, is_night, news_not_before, week_ahead


def _chat(timezone: str = "Europe/Minsk", alert: time = time(10, 0)) -> Chat:
    return Chat(
        chat_id=1,
        type=ChatType.PRIVATE,
        language="en",
        timezone=timezone,
        alert_time=alert,
        active=True,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 7, 14, 6, 59, tzinfo=UTC), None),  # 09:59 in Minsk
        (datetime(2026, 7, 14, 7, 0, tzinfo=UTC), date(2026, 7, 14)),
        (datetime(2026, 7, 14, 20, 59, tzinfo=UTC), date(2026, 7, 14)),  # 23:59
        (datetime(2026, 7, 14, 21, 0, tzinfo=UTC), None),  # 00:00 on the 15th
    ],
)
def test_the_digest_is_due_from_the_alert_time_on_the_local_date(
    now: datetime, expected: date | None
) -> None:
    assert due_digest_date(_chat(), now) == expected


def test_a_chat_east_of_utc_is_already_on_the_next_day() -> None:
    now = datetime(2026, 7, 14, 22, 0, tzinfo=UTC)  # 07:00 on the 15th in Tokyo
    assert due_digest_date(_chat("Asia/Tokyo", time(6, 0)), now) == date(2026, 7, 15)


def test_a_fixed_offset_zone_works_like_a_named_one() -> None:
    now = datetime(2026, 7, 14, 7, 0, tzinfo=UTC)
    assert due_digest_date(_chat("UTC+03:00"), now) == date(2026, 7, 14)
    assert due_digest_date(_chat("UTC-05:30"), now) is None  # 01:30 there


@pytest.mark.parametrize(
    ("hour_utc", "night"), [(18, False), (19, True), (23, True), (4, True), (5, False)]
)
def test_night_is_from_ten_to_eight_local(hour_utc: int, night: bool) -> None:
    assert is_night(_chat(), datetime(2026, 7, 14, hour_utc, 30, tzinfo=UTC)) is night


def test_news_by_day_goes_at_once() -> None:
    now = datetime(2026, 7, 14, 12, 0, tzinfo=UTC)
    assert news_not_before(_chat(), now) == now


def test_news_late_in_the_evening_waits_for_the_next_alert_time() -> None:
    now = datetime(2026, 7, 14, 20, 0, tzinfo=UTC)  # 23:00 in Minsk
    assert news_not_before(_chat(), now) == datetime(2026, 7, 15, 7, 0, tzinfo=UTC)


def test_news_after_midnight_waits_for_the_same_morning() -> None:
    now = datetime(2026, 7, 14, 1, 0, tzinfo=UTC)  # 04:00 in Minsk
    assert news_not_before(_chat(), now) == datetime(2026, 7, 14, 7, 0, tzinfo=UTC)


def test_news_for_a_night_owl_alert_time_waits_only_until_eight() -> None:
    now = datetime(2026, 7, 14, 20, 0, tzinfo=UTC)  # 23:00 in Minsk, alert at 23:00
    assert news_not_before(_chat(alert=time(23, 0)), now) == datetime(2026, 7, 15, 5, 0, tzinfo=UTC)


def test_news_held_over_a_spring_forward_night_comes_at_the_local_morning() -> None:
    # 29 March 2026 in Warsaw: the clocks go from 02:00 to 03:00.
    now = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # 00:00 local
    morning = news_not_before(_chat("Europe/Warsaw", time(9, 0)), now)
    assert morning == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 summer time


def test_the_week_ahead_starts_today() -> None:
    assert week_ahead(date(2026, 12, 27)) == (date(2026, 12, 27), date(2027, 1, 2))
