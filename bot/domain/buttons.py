"""Buttons as plain data: what a message carries under it, stored with it in the outbox."""

from __future__ import annotations

# One inline-keyboard button: (text, url).
Button = tuple[str, str]
# Rows of buttons, top to bottom.
Buttons = tuple[tuple[Button, ...], ...]
