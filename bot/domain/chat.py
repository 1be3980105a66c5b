"""A chat the bot talks to and its delivery settings; nothing about the people in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum


class ChatType(StrEnum):
    """The kind of Telegram chat, as the Bot API names it."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


@dataclass(frozen=True, slots=True)
class Chat:
    """One chat: where to send, in which language, at what local time, and whether it still can."""

    chat_id: int
    type: ChatType
    language: str
    timezone: str
    alert_time: time
    # False once Telegram refuses delivery (bot blocked, kicked, chat deleted).
    active: bool
    created_at: datetime
