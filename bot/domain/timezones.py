"""Time zones people type: IANA names like `Europe/Warsaw` and offsets like `UTC+3`."""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# The zones most of the first audience lives in, offered as buttons; any other can be typed.
COMMON_ZONES = (
    "Europe/Minsk",
    "Europe/Warsaw",
    "Europe/Vilnius",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
)

_OFFSET = re.compile(
    r"(?:UTC|GMT|UT)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?:(?::|\.|\s*)(?P<minutes>\d{2}))?",
    re.IGNORECASE,
)
# Real offsets run from UTC-12:00 to UTC+14:00.
_WEST_LIMIT = timedelta(hours=-12)
_EAST_LIMIT = timedelta(hours=14)
MAX_NAME_LENGTH = 64


@cache
def _zones_by_folded_name() -> dict[str, str]:
    # `localtime` is the server's own zone, a link that can change under a stored setting.
    return {name.casefold(): name for name in available_timezones() if name != "localtime"}


def parse_timezone(text: str) -> str | None:
    """Return the canonical name of the zone a person typed, or None if it is not one.

    IANA names are matched without regard to case, with spaces read as underscores
    (`europe/warsaw`, `America/New York`). Offsets (`UTC+3`, `GMT-05:30`, `+3`) become
    `UTC+03:00`; a bare `UTC` or `GMT` is `UTC`.
    """
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        return None
    if cleaned.casefold() in ("utc", "gmt", "ut", "z"):
        return "UTC"
    offset = _OFFSET.fullmatch(cleaned)
    if offset is not None:
        return _offset_name(offset)
    return _zones_by_folded_name().get(cleaned.replace(" ", "_").casefold())


def _offset_name(match: re.Match[str]) -> str | None:
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if minutes >= 60:
        return None
    sign = -1 if match["sign"] in "-−" else 1
    delta = sign * timedelta(hours=hours, minutes=minutes)
    if not _WEST_LIMIT <= delta <= _EAST_LIMIT:
        return None
    if not delta:
        return "UTC"
    return f"UTC{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"


def zone(name: str) -> tzinfo:
    """Return the tzinfo of a name parse_timezone returned; unknown names raise ValueError."""
    if name == "UTC":
        return UTC
    if name.startswith("UTC") and len(name) == 9:
        sign = -1 if name[3] == "-" else 1
        return timezone(sign * timedelta(hours=int(name[4:6]), minutes=int(name[7:9])), name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error
