"""Buttons as plain data: what a message carries under it, stored with it in the outbox."""

from __future__ import annotations

from typing import NamedTuple


class CallbackButton(NamedTuple):
    """A button that sends `data` back to the bot when pressed (as "✉️ I wrote" does)."""

    text: str
    data: str


# One inline-keyboard button: (text, url), or a CallbackButton (a (text, data) tuple too, told
# apart with isinstance).
Button = tuple[str, str] | CallbackButton
# Rows of buttons, top to bottom.
Buttons = tuple[tuple[Button, ...], ...]
