"""Inline keyboards, built by pure functions from texts and ids."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.l10n import Translator

FORGET_YES = "forget:yes"
FORGET_NO = "forget:no"


def forget_confirmation(t: Translator) -> InlineKeyboardMarkup:
    """Ask to confirm erasing the chat's data; the safe choice comes second."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t("forget-button-yes"), callback_data=FORGET_YES)],
            [InlineKeyboardButton(t("forget-button-no"), callback_data=FORGET_NO)],
        ]
    )
