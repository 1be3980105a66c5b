"""When a chat hears from the bot: its daily message, news held over the night, the weekly prompt.

Pure: `now` is an aware moment passed in; local dates and times follow the chat's time zone,
through daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.domain.chat import Chat
from bot.domain.timezones import zone

# News is not sent at night in the chat's time zone: from NIGHT_STARTS until MORNING.
NIGHT_STARTS = time(22, 0)
MORNING = time(8, 0)
# The weekly prompt looks this many days ahead, the day itself included.
WEEK = 7


def local_now(chat: Chat, now: datetime) -> datetime:
    """Return the moment `now` on the chat's own clock."""
    return now.astimezone(zone(chat.timezone))


def due_digest_date(chat: Chat, now: datetime) -> date | None:
    """Return the chat's local date once its alert time has come today, else None.

    On a day when clocks spring forward over the alert time, the digest is due from the first
    local time after it; when they fall back, the local date is the same for both passes, so
    a digest planned once per local date is never doubled.
    """
    local = local_now(chat, now)
    return local.date() if local.time() >= chat.alert_time else None


def is_night(chat: Chat, now: datetime) -> bool:
    """Tell whether it is night in the chat's time zone."""
    moment = local_now(chat, now).time()
    return moment >= NIGHT_STARTS or moment < MORNING


def news_not_before(chat: Chat, now: datetime) -> datetime:
    """Return when news may reach the chat: now by day; at night, the next morning.

    The morning moment is the chat's alert time when that falls in the daytime, else MORNING.
    """
    if not is_night(chat, now):
        return now
    local = local_now(chat, now)
    day = local.date() if local.time() < MORNING else local.date() + timedelta(days=1)
    at = chat.alert_time if MORNING <= chat.alert_time < NIGHT_STARTS else MORNING
    morning = datetime.combine(day, at, tzinfo=local.tzinfo)
    return max(now, morning.astimezone(UTC))


def is_weekly_day(local_date: date, weekday: int) -> bool:
    """Tell whether the weekly prompt comes with this local date's message."""
    return local_date.weekday() == weekday


def week_ahead(local_date: date) -> tuple[date, date]:
    """Return the first and last day the weekly prompt covers."""
    return local_date, local_date + timedelta(days=WEEK - 1)
