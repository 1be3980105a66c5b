"""How storage writes moments in time: UTC, ISO 8601, to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def encode_timestamp(moment: datetime) -> str:
    """Return an aware datetime as UTC ISO 8601 text, to the second."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no timezone; pass an aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def decode_timestamp(text: str) -> datetime:
    """Return the aware datetime that encode_timestamp wrote."""
    return datetime.fromisoformat(text)
