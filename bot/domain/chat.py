"""A chat the bot talks to and its delivery settings; nothing about the people in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from bot.domain.letters.follow_up import weeks_between_letters


class ChatType(StrEnum):
    """The kind of Telegram chat, as the Bot API names it."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


class AlertKind(StrEnum):
    """A kind of message a chat can choose to get."""

    # Arrest and sentence anniversaries.
    ANNIVERSARIES = "anniversaries"
    # Round numbers of days behind bars (100, 365, 500, 1000...).
    MILESTONES = "milestones"
    # Birthdays, with a reminder early enough to post a card.
    BIRTHDAYS = "birthdays"
    # Releases, re-arrests and deaths of people the chat follows.
    NEWS = "news"
    # The weekly solidarity prompt.
    WEEKLY = "weekly"


ALL_KINDS = frozenset(AlertKind)

# A chat may follow this many people one by one; "everyone in the calendar" is one switch.
MAX_FOLLOWS = 100


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
    kinds: frozenset[AlertKind] = ALL_KINDS
    # The chat asked for silence; its follows and settings stay.
    paused: bool = False
    # Follows everyone currently in prison, including people added later.
    follow_all: bool = False
    updated_at: datetime | None = None
    # Weeks after an "I wrote" before the daily message suggests writing again; None: the
    # bot's WRITE_AGAIN_WEEKS, 0: never.
    write_again_weeks: int | None = None

    def write_again_after(self, default: int) -> int:
        """Return the chat's write-again interval in weeks (0: off), given the bot's default."""
        return weeks_between_letters(self.write_again_weeks, default)

    @property
    def is_group(self) -> bool:
        """Tell whether several people share this chat (a group or supergroup)."""
        return self.type in (ChatType.GROUP, ChatType.SUPERGROUP)

    def wants(self, kind: AlertKind) -> bool:
        """Tell whether the chat gets messages of this kind now."""
        return self.active and not self.paused and kind in self.kinds
