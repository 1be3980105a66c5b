"""Render letters' texts: a /write suggestion, the letter guide, a draft's check (pure).

Every value from the data or from the writer goes through the translator, which escapes it; the
lines built here escape what they add themselves.
"""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.card import text_in
from bot.domain.freshness import shows_place
from bot.domain.letters.check import DraftCheck, WarningCode
from bot.domain.letters.envelope import AddressState, envelope
from bot.domain.letters.names import (
    Language,
    LetterName,
    letter_language,
    letter_name,
)
from bot.domain.prisoner import Letters, Prisoner
from bot.l10n import Translator
from bot.rendering.cards import (
    FIELD_LIMIT,
    address_may_have_changed,
    display_name,
    gender,
    may_write,
    status_line,
)

# The summary line of a suggestion: "who the person is in two lines".
SUMMARY_LIMIT = 200
# Matched words quoted back to the writer, at most this many per warning.
WORDS_SHOWN = 5


def suggestion_text(
    prisoner: Prisoner, t: Translator, today: date, *, address_max_age_days: int
) -> str:
    """Return /write's suggestion: the name, who the person is in two lines, the address."""
    name = display_name(prisoner, t.language)
    first = status_line(t, prisoner)
    facility = text_in(prisoner, "facility", t.language)
    if facility and shows_place(prisoner):
        first = f"{first} · {html.escape(shortened(facility, FIELD_LIMIT))}"
    lines = [t("write-suggestion-title", name=name), first]
    about = text_in(prisoner, "summary", t.language) or text_in(prisoner, "sentence", t.language)
    if about:
        lines.append(html.escape(shortened(about, SUMMARY_LIMIT)))
    if may_write(prisoner, today, address_max_age_days) and prisoner.mailing_address:
        lines += ["", t("write-suggestion-address", address=prisoner.mailing_address)]
    elif prisoner.letters is Letters.YES and prisoner.mailing_address:
        lines += ["", address_may_have_changed(t, prisoner)]
    else:
        lines += ["", t("write-suggestion-no-address", gender=gender(prisoner))]
    return "\n".join(lines)


def suggestion_keyboard(
    prisoner_id: str, t: Translator, *, guide: str, wrote: str, another: str
) -> InlineKeyboardMarkup:
    """How to write and I wrote side by side, Another below; the data is the caller's."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("letters-button-how"), callback_data=guide),
                InlineKeyboardButton(t("letters-button-wrote"), callback_data=wrote),
            ],
            [InlineKeyboardButton(t("letters-button-another"), callback_data=another)],
        ]
    )


def guide_text(
    prisoner: Prisoner,
    t: Translator,
    skeletons: dict[Language, Translator],
    today: date,
    *,
    address_max_age_days: int,
) -> str:
    """Return the letter guide: what gets through, two skeleton letters, the envelope block.

    `skeletons` holds the Russian and Belarusian translators, whose `letter-skeleton` is the
    letter in that language.
    """
    name = display_name(prisoner, t.language)
    parts = [t("letter-guide-title", name=name, gender=gender(prisoner)), t("letter-guide-rules")]
    for language in ("ru", "be"):
        letter = letter_name(prisoner, language)
        greeting = letter.greeting if letter else display_name(prisoner, language)
        skeleton = skeletons[language](
            "letter-skeleton", name=greeting, gender=_letter_gender(prisoner, letter)
        )
        parts.append(f"{t(f'letter-guide-in-{language}')}\n<blockquote>{skeleton}</blockquote>")
    if t.language not in skeletons:
        meaning = t("letter-skeleton", name=display_name(prisoner, t.language), gender="unknown")
        parts.append(f"{t('letter-guide-meaning')}\n<blockquote>{meaning}</blockquote>")
    block_language = letter_language(t.language)
    block = envelope(
        prisoner,
        block_language,
        today=today,
        address_max_age_days=address_max_age_days,
    )
    envelope_lines = "\n".join(html.escape(line) for line in block.lines)
    envelope_part = [t("letter-guide-envelope"), f"<code>{envelope_lines}</code>"]
    if block.address is AddressState.OUTDATED:
        envelope_part.append(address_may_have_changed(t, prisoner))
    elif block.address is AddressState.MISSING:
        envelope_part.append(t("letter-guide-no-address"))
    if not block.cyrillic:
        envelope_part.append(t("letter-guide-not-cyrillic"))
    parts.append("\n".join(envelope_part))
    parts.append(t("letter-guide-reply"))
    return "\n\n".join(parts)


def check_text(check: DraftCheck, t: Translator) -> str:
    """Return what the check found, in the chat's language, with what to do instead."""
    if check.ok:
        lines = [t("draft-ok")]
    else:
        lines = [t("draft-found")]
        for warning in check.warnings:
            words = ", ".join(f"«{w}»" for w in warning.words()[:WORDS_SHOWN])
            match warning.code:
                case WarningCode.RISKY_WORDS:
                    topic = t(f"draft-topic-{warning.topic}")
                    lines.append(t("draft-risky-words", topic=topic, words=words))
                case WarningCode.TOO_LONG:
                    lines.append(
                        t("draft-too-long", count=warning.count or 0, limit=warning.limit or 0)
                    )
                case WarningCode.EMPTY | WarningCode.EMOJI:
                    lines.append(t(f"draft-{warning.code}"))
                case _:
                    lines.append(t(f"draft-{warning.code}", words=words))
    if check.suggestions:
        lines += ["", t("draft-suggestions")]
        lines += [t(f"draft-suggest-{s}") for s in check.suggestions]
    return "\n".join(lines)


def _letter_gender(prisoner: Prisoner, letter: LetterName | None) -> str:
    chosen = prisoner.gender or (letter.gender if letter else None)
    return chosen.value if chosen is not None else "unknown"


def shortened(text: str, limit: int) -> str:
    """Return the text, cut with an ellipsis to at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
