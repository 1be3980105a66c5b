"""How a Telegram message looks in a terminal: styled text, readable links, numbered buttons.

Pure functions of a message's text and entities (what a Telegram app draws from), so the
console shows what people will see, not the HTML the bot sent. With ``ansi`` the styles become
terminal escape codes; without (a pipe, a file) they are dropped and links still show their
address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.sandbox.html_entities import parse_html

JsonDict = dict[str, Any]

# Escape codes that switch a style on and off again, by entity type.
_ANSI: dict[str, tuple[str, str]] = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "pre": ("\x1b[36m", "\x1b[39m"),
    "spoiler": ("\x1b[7m", "\x1b[27m"),
    "text_link": ("\x1b[4m", "\x1b[24m"),
    "url": ("\x1b[4m", "\x1b[24m"),
}
DIM, UNDIM = "\x1b[2m", "\x1b[22m"
# Control characters but tab and newline: in a terminal they could move the cursor, clear the
# screen or set the title. Data from an imported list or a message must never do that.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"
QUOTE_MARK = "│ "
LINK_MARK = " ↗"


@dataclass(frozen=True, slots=True)
class Choice:
    """A button on the screen, pressed by typing its number."""

    number: int
    button: JsonDict
    # The chat and message the button is on; None for a message not in any chat (inline).
    chat_id: int | None
    message_id: int | None


def printable(text: str) -> str:
    """Return text with each control character replaced by a visible mark, one for one.

    One for one, so that entity offsets still point at the same characters.
    """
    return _CONTROL.sub(REPLACEMENT, text)


def _python_indexes(text: str) -> list[int]:
    """Map each UTF-16 offset (Telegram's unit) to an index into the Python string."""
    indexes: list[int] = []
    for index, char in enumerate(text):
        indexes.append(index)
        if ord(char) > 0xFFFF:  # two UTF-16 code units
            indexes.append(index)
    indexes.append(len(text))
    return indexes


def render_text(text: str, entities: Sequence[Mapping[str, Any]], *, ansi: bool) -> str:
    """Return text with its entities drawn: styles (with ansi), link addresses, quote marks."""
    text = printable(text)
    indexes = _python_indexes(text)

    def at(offset: int) -> int:
        return indexes[max(0, min(offset, len(indexes) - 1))]

    # (position, 0 for a closing mark or 1 for an opening one, nesting order, mark)
    marks: list[tuple[int, int, int, str]] = []
    for entity in entities:
        kind = str(entity.get("type", ""))
        start = at(int(entity.get("offset", 0)))
        end = at(int(entity.get("offset", 0)) + int(entity.get("length", 0)))
        length = end - start
        if kind in {"blockquote", "expandable_blockquote"}:
            marks.append((start, 1, -length, QUOTE_MARK))
            for position in range(start, end - 1):
                if text[position] == "\n":
                    marks.append((position + 1, 1, -length, QUOTE_MARK))
            continue
        if ansi and kind in _ANSI:
            on, off = _ANSI[kind]
            marks.append((start, 1, -length, on))
            marks.append((end, 0, length, off))
        if kind == "text_link" and entity.get("url"):
            address = f" ({printable(str(entity['url']))})"
            marks.append((end, 0, length + 1, f"{DIM}{address}{UNDIM}" if ansi else address))
    marks.sort(key=lambda mark: mark[:3])
    pieces: list[str] = []
    last = 0
    for position, _, _, mark in marks:
        pieces.append(text[last:position])
        pieces.append(mark)
        last = position
    pieces.append(text[last:])
    return "".join(pieces)


def render_html(source: str, *, ansi: bool) -> str:
    """Return HTML-formatted text (an inline result's message) as render_text draws it."""
    text, entities = parse_html(source)
    return render_text(text, entities, ansi=ansi)


def button_label(button: Mapping[str, Any]) -> str:
    """Return a button's text, marked when it opens a link rather than asking the bot."""
    text = printable(str(button.get("text", "")))
    return text + LINK_MARK if "url" in button else text


def number_buttons(
    rows: Sequence[Sequence[JsonDict]],
    first: int,
    *,
    chat_id: int | None,
    message_id: int | None,
    ansi: bool,
) -> tuple[list[str], list[Choice]]:
    """Number a keyboard's buttons from first on; return one line per row and the choices."""
    lines: list[str] = []
    choices: list[Choice] = []
    number = first
    for row in rows:
        cells = []
        for button in row:
            tag = f"[{number}]"
            cells.append(f"{DIM}{tag}{UNDIM} " if ansi else f"{tag} ")
            cells[-1] += button_label(button)
            choices.append(Choice(number, dict(button), chat_id, message_id))
            number += 1
        lines.append("   ".join(cells))
    return lines, choices
