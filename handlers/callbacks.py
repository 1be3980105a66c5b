"""Callback data: what the bot's buttons carry, written by `encode` and read by `decode`.

Each kind of button is a dataclass with a prefix; its fields follow, separated by colons:
`fl:2` is `FollowingPage(page=2)`. Telegram hands back whatever data a client sends, so
`decode` reads it as untrusted input: data not shaped exactly as `encode` writes it (another
prefix, a part missing or too many, a number with a sign or more digits than any of the
bot's) is None, and the handler answers it as an expired button. Whether a value names
something real (a person, a page that exists, a chat the presser manages) is the handler's
to check.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import (
    Annotated,
    ClassVar,
    Literal,
    Self,
    TypeVar,
    get_args,
    get_origin,
    get_type_hints,
)

from telegram.constants import InlineKeyboardButtonLimit

from bot.notices import SYNC_PREFIX
from bot.rendering.cards import ARRIVAL_PREFIX, WRITE_PREFIX, WROTE_PREFIX

# Positions, row ids and chat ids: never longer than this, well inside SQLite's integers.
MAX_DIGITS = 18


@dataclass(frozen=True, slots=True)
class Digits:
    """How a number field is written: at most `most` digits, with a minus sign if `signed`."""

    most: int = MAX_DIGITS
    signed: bool = False


# The one number that may be negative: groups and channels have negative ids.
ChatId = Annotated[int, Digits(signed=True)]
# A page of a list: no list of the bot's has a thousand pages.
PAGE_RULE = Digits(3)
Page = Annotated[int, PAGE_RULE]
# How a switch is written: a button names the state it sets, so a double press sets it twice.
SWITCH = {"on": True, "off": False}


def number(text: str, *, signed: bool = False, digits: int = MAX_DIGITS) -> int | None:
    """Read a whole number as the bot writes one (`signed`: a minus sign allowed), or None."""
    written = text.removeprefix("-") if signed else text
    if 0 < len(written) <= digits and written.isascii() and written.isdecimal():
        return int(text)
    return None


@dataclass(frozen=True, slots=True)
class Press:
    """The data of a button; subclasses name their prefix and fields."""

    prefix: ClassVar[str]

    def parts(self) -> list[str]:
        """Return the fields as written after the prefix (a trailing empty optional left out)."""
        written: list[str] = []
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, tuple):
                written += value
            elif isinstance(value, bool):
                written.append("on" if value else "off")
            elif value != "" or field.default is dataclasses.MISSING:
                written.append(str(value))
        return written

    @classmethod
    def read(cls, parts: list[str]) -> Self | None:
        """Return the press these parts write, or None if they are not shaped as its fields."""
        readers, required, rest = _layout(cls)
        fits = len(parts) > len(readers) if rest else required <= len(parts) <= len(readers)
        if not fits:
            return None
        values = [reader(part) for reader, part in zip(readers, parts, strict=False)]
        if any(value is None for value in values):
            return None
        if rest:
            values.append(tuple(parts[len(readers) :]))
        return cls(*values)


P = TypeVar("P", bound=Press)


def encode(press: Press) -> str:
    """Return the callback data of a button; it must fit Telegram's 64 bytes."""
    data = ":".join((press.prefix, *press.parts()))
    if len(data.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        raise ValueError(f"callback data longer than Telegram allows: {data!r}")
    return data


def decode(data: str | None, *kinds: type[P]) -> P | None:
    """Return the press of the first of `kinds` that the data is, or None if it is none."""
    for kind in kinds:
        if data is not None and data.startswith(f"{kind.prefix}:"):
            press = kind.read(data.removeprefix(f"{kind.prefix}:").split(":"))
            if press is not None:
                return press
    return None


def pattern(*kinds: type[Press]) -> str:
    """Return the regular expression a CallbackQueryHandler matches these kinds' data with."""
    return "^(" + "|".join(re.escape(f"{kind.prefix}:") for kind in kinds) + ")"


Reader = Callable[[str], object]
Layout = tuple[tuple[Reader, ...], int, bool]
_LAYOUTS: dict[type[Press], Layout] = {}


def _layout(kind: type[Press]) -> Layout:
    """Return a reader per field, how many fields are required, and whether the last field
    (a tuple) takes the rest of the parts."""
    if kind not in _LAYOUTS:
        hints = get_type_hints(kind, include_extras=True)
        fields = dataclasses.fields(kind)
        rest = bool(fields) and get_origin(hints[fields[-1].name]) is tuple
        plain = fields[:-1] if rest else fields
        required = sum(1 for field in plain if field.default is dataclasses.MISSING)
        _LAYOUTS[kind] = tuple(_reader(hints[field.name]) for field in plain), required, rest
    return _LAYOUTS[kind]


def _reader(hint: object) -> Reader:
    if hint is int:
        return number
    if get_origin(hint) is Annotated:
        rule = get_args(hint)[1]
        return functools.partial(number, signed=rule.signed, digits=rule.most)
    if hint is bool:
        return SWITCH.get
    if hint is str:
        return lambda text: text or None
    if get_origin(hint) is Literal:
        choices = get_args(hint)
        return lambda text: text if text in choices else None
    raise TypeError(f"no reader for a field of type {hint!r}")


# -- the bot's buttons -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MorePage(Press):
    """The next page of a result list (handlers.lookup)."""

    prefix: ClassVar[str] = "more"
    page: Page


@dataclass(frozen=True, slots=True)
class FollowingPage(Press):
    """A page of /following."""

    prefix: ClassVar[str] = "fl"
    page: Page


@dataclass(frozen=True, slots=True)
class FollowingUnfollow(Press):
    """Stop following a person from a page of /following (or of /unfollow's choices)."""

    prefix: ClassVar[str] = "flu"
    page: Page
    prisoner_id: str


@dataclass(frozen=True, slots=True)
class FollowAll(Press):
    """Follow everyone in prison, or stop (/following's switch)."""

    prefix: ClassVar[str] = "fla"
    on: bool


class Scope(StrEnum):
    """Whose dates /upcoming shows; the value is its letter in the buttons' data."""

    FOLLOWED = "f"
    EVERYONE = "a"


@dataclass(frozen=True, slots=True)
class UpcomingPage(Press):
    """A page of /upcoming: `up:f3`, `up:a3`, or `up:3` (the chat's follows decide the scope)."""

    prefix: ClassVar[str] = "up"
    page: Page
    scope: Scope | None = None

    def parts(self) -> list[str]:
        return [f"{self.scope or ''}{self.page}"]

    @classmethod
    def read(cls, parts: list[str]) -> Self | None:
        text = parts[0] if len(parts) == 1 else ""
        scope = Scope(text[0]) if text[:1] in tuple(Scope) else None
        page = number(text.removeprefix(scope or ""), digits=PAGE_RULE.most)
        return None if page is None else cls(page, scope)


@dataclass(frozen=True, slots=True)
class SettingsPress(Press):
    """A button of the settings menu of a chat: a screen to show or a setting to change."""

    prefix: ClassVar[str] = "set"
    chat_id: ChatId
    action: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RetireAction(Press):
    """Retire a campaign action (an operator's /actions)."""

    prefix: ClassVar[str] = "adm:act:retire"
    action_id: int


@dataclass(frozen=True, slots=True)
class ImportAnswer(Press):
    """Import an uploaded file, or not (an operator's answer)."""

    prefix: ClassVar[str] = "adm:imp"
    answer: Literal["yes", "no"]
    token: str


@dataclass(frozen=True, slots=True)
class SyncAnswer(Press):
    """Apply or discard a held sync (bot.notices writes these buttons)."""

    prefix: ClassVar[str] = SYNC_PREFIX.removesuffix(":")
    action: str
    token: str


@dataclass(frozen=True, slots=True)
class StopCampaign(Press):
    """Cancel what a campaign has not sent yet (its progress message)."""

    prefix: ClassVar[str] = "adm:camp:stop"
    campaign_id: int


DraftChoice = Literal[
    "nobutton", "all", "followers", "language", "person", "lang", "now", "send", "cancel"
]


@dataclass(frozen=True, slots=True)
class DraftPress(Press):
    """A choice in a /campaign draft, for the draft with this token (`value`: which one)."""

    prefix: ClassVar[str] = "adm:camp"
    choice: DraftChoice
    token: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class LetterGuide(Press):
    """How to write to a person: the letter guide (on cards and /write)."""

    prefix: ClassVar[str] = WRITE_PREFIX.removesuffix(":")
    prisoner_id: str


@dataclass(frozen=True, slots=True)
class IWrote(Press):
    """ "✉️ I wrote": the chat wrote to the person this month."""

    prefix: ClassVar[str] = WROTE_PREFIX.removesuffix(":")
    prisoner_id: str


@dataclass(frozen=True, slots=True)
class UndoWrote(Press):
    """Take back an "I wrote" of the month `month` (YYYY-MM)."""

    prefix: ClassVar[str] = "lu"
    prisoner_id: str
    month: str


@dataclass(frozen=True, slots=True)
class AnotherPerson(Press):
    """/write's "➡️ Another": the person after this one."""

    prefix: ClassVar[str] = "ln"
    prisoner_id: str


@dataclass(frozen=True, slots=True)
class ArrivalAnswer(Press):
    """An answer to "Did the letter arrive?" about the mark of `month` (YYYY-MM)."""

    prefix: ClassVar[str] = ARRIVAL_PREFIX.removesuffix(":")
    prisoner_id: str
    month: str
    # One letter: bot.rendering.digests.ANSWER_CODES.
    answer: str


# A kit holds at most 50 people (handlers.evening): two digits.
KIT_SIZE_RULE = Digits(2)


@dataclass(frozen=True, slots=True)
class EveningPlace(Press):
    """/evening's choice among several places: a kit of `count` people of the place `place`.

    `place` is a short token of the place's name (handlers.evening), not the name, which may be
    longer than a button's data allows.
    """

    prefix: ClassVar[str] = "ev"
    count: Annotated[int, KIT_SIZE_RULE]
    place: str
