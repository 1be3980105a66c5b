"""Render a prisoner's card and its buttons in the chat's language (pure: no Telegram calls)."""

from __future__ import annotations

import html
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram._utils.types import JSONDict

from bot.domain import actions
from bot.domain.card import TextField, card_facts, charges_in, text_in
from bot.domain.durations import Span
from bot.domain.freshness import shows_place
from bot.domain.letters.follow_up import ArrivalCounts
from bot.domain.prisoner import Letters, Prisoner, Status
from bot.l10n import Translator, long_date

DEEP_LINK_PREFIX = "p_"
# Free-text fields are cut on cards so that a card always fits Telegram's 4,096 characters.
FIELD_LIMIT = 300
WRITE_PREFIX = "write:"
WROTE_PREFIX = "lw:"
# "Did the letter arrive?": the person, the month of the mark and the answer follow.
ARRIVAL_PREFIX = "la:"
CARD_PREFIX = "card:"
FOLLOW_PREFIX = "fol:"
UNFOLLOW_PREFIX = "unf:"


def gender(prisoner: Prisoner) -> str:
    """Return the Fluent selector for grammatical gender: female, male, or unknown."""
    return prisoner.gender.value if prisoner.gender else "unknown"


def display_name(prisoner: Prisoner, language: str) -> str:
    """Return the name in the script of the chat's language where the data has it."""
    by_language = {"be": prisoner.name_be, "ru": prisoner.name_ru}
    return by_language.get(language) or prisoner.name


def _date(t: Translator, value: date) -> str:
    return long_date(value, t.language)


def _text(t: Translator, prisoner: Prisoner, field: TextField) -> str | None:
    """Return a free-text field in the chat's language where the record has it."""
    return text_in(prisoner, field, t.language)


def span_words(t: Translator, span: Span) -> str:
    """Say a span in years and months, as in "4 years 5 months"."""
    parts = []
    if span.years:
        parts.append(t("span-years", count=span.years))
    if span.months or not span.years:
        parts.append(t("span-months", count=span.months))
    return " ".join(parts)


def status_line(t: Translator, prisoner: Prisoner) -> str:
    changed = prisoner.status_changed_on
    g = gender(prisoner)
    match prisoner.status:
        case Status.IMPRISONED:
            since = prisoner.detained_on or changed
            if since is None:
                return t("card-status-imprisoned-undated", gender=g)
            return t("card-status-imprisoned", since=_date(t, since), gender=g)
        case Status.RELEASED | Status.DECEASED:
            key = f"card-status-{prisoner.status.value}"
            return (
                t(key, since=_date(t, changed), gender=g)
                if changed
                else t(f"{key}-undated", gender=g)
            )
        case _:
            return t("card-status-persecuted", gender=g)


def may_write(prisoner: Prisoner, today: date, address_max_age_days: int) -> bool:
    """Tell whether to offer the address for letters: they reach the person, and it is current."""
    return actions.may_write(prisoner, today, address_max_age_days)


# A card reads the same to everyone who opens it in one language on one day, and most lookups
# open the same few people: each card's text and buttons are made once and kept, up to this many.
CARDS_KEPT = 2048


class KeptKeyboard(InlineKeyboardMarkup):
    """A keyboard kept to be sent again and again: it is turned into the Bot API's form once.

    python-telegram-bot rebuilds that form at every send, which for a card's buttons costs more
    than finding the card.
    """

    __slots__ = ("_sent_form",)

    def __init__(self, inline_keyboard: list[list[InlineKeyboardButton]]) -> None:
        super().__init__(inline_keyboard)
        with self._unfrozen():
            self._sent_form: JSONDict | None = None

    def to_dict(self, recursive: bool = True) -> JSONDict:
        if not recursive:
            return super().to_dict(recursive)
        if self._sent_form is None:
            with self._unfrozen():
                self._sent_form = super().to_dict()
        # A copy of the top: whoever is given it may change it; the rows are never changed.
        return dict(self._sent_form)


def render_card(
    prisoner: Prisoner,
    t: Translator,
    today: date,
    *,
    address_max_age_days: int,
    arrivals: ArrivalCounts | None = None,
) -> str:
    """Return the card as Telegram HTML; every value is escaped by the translator.

    The address is shown only while it is current (see `may_write`); a released or deceased
    person's place is never shown, whatever the data says. `arrivals`, the answers about
    letters to the person's facility, are shown under the letters from MIN_ANSWERS up.
    """
    # The day of the last sync is no part of a record's equality, but the card shows it.
    return _card(prisoner, prisoner.synced_on, t, today, address_max_age_days, arrivals)


@lru_cache(maxsize=CARDS_KEPT)
def _card(
    prisoner: Prisoner,
    synced_on: date | None,
    t: Translator,
    today: date,
    address_max_age_days: int,
    arrivals: ArrivalCounts | None,
) -> str:
    facts = card_facts(prisoner, today)
    name = display_name(prisoner, t.language)
    other_names = [
        n for n in (prisoner.name, prisoner.name_be, prisoner.name_ru) if n and n != name
    ]
    head = [f"<b>{html.escape(name)}</b>"]
    if other_names:
        head.append(f"<i>{html.escape(' · '.join(dict.fromkeys(other_names)))}</i>")
    status = [status_line(t, prisoner)]
    if facts.inside is not None:
        key = "card-inside-now" if facts.still_inside else "card-inside-then"
        days = t("span-days", count=facts.inside.days)
        status.append(t(key, span=span_words(t, facts.inside), days=days, gender=gender(prisoner)))
    status_note = _text(t, prisoner, "status_note")
    if status_note:
        status.append(html.escape(_short(status_note)))
    case: list[str] = []
    if prisoner.detained_on:
        case.append(t("card-detained", date=_date(t, prisoner.detained_on)))
    sentence = _text(t, prisoner, "sentence")
    if sentence and prisoner.sentenced_on:
        case.append(
            t(
                "card-sentence-dated",
                sentence=_short(sentence),
                date=_date(t, prisoner.sentenced_on),
            )
        )
    elif sentence:
        case.append(t("card-sentence", sentence=_short(sentence)))
    charges = charges_in(prisoner, t.language)
    if charges:
        case.append(t("card-charges", charges=_short("; ".join(charges))))
    facility = _text(t, prisoner, "facility")
    if facility and shows_place(prisoner):
        case.append(t("card-facility", facility=_short(facility)))
    organization = _text(t, prisoner, "organization")
    if organization:
        case.append(t("card-organization", organization=_short(organization)))
    letters = _letters(t, prisoner, name, may_write(prisoner, today, address_max_age_days))
    sections = [head, status, case, [letters, _arrivals(t, prisoner, arrivals)]]
    summary = _text(t, prisoner, "summary")
    if summary:
        sections.append([html.escape(_short(summary))])
    sections.append(_provenance(t, prisoner, facts.stale))
    return "\n\n".join("\n".join(line for line in s if line) for s in sections if any(s))


def _letters(t: Translator, prisoner: Prisoner, name: str, writable: bool) -> str:
    if prisoner.status is not Status.IMPRISONED:
        return ""
    if prisoner.letters is Letters.YES:
        if prisoner.mailing_address and not writable:
            return address_may_have_changed(t, prisoner)
        if prisoner.mailing_address:
            return t(
                "card-letters-yes",
                name=name,
                address=_short(prisoner.mailing_address),
                gender=gender(prisoner),
            )
        return t("card-letters-yes-no-address", name=name, gender=gender(prisoner))
    key = "card-letters-no" if prisoner.letters is Letters.NO else "card-letters-unknown"
    return t(key, gender=gender(prisoner))


def _arrivals(t: Translator, prisoner: Prisoner, arrivals: ArrivalCounts | None) -> str:
    """Say how many supporters who wrote to the person's facility got a reply, if enough did."""
    facility = _text(t, prisoner, "facility")
    if arrivals is None or not arrivals.shown or not facility or not shows_place(prisoner):
        return ""
    line = t(
        "card-arrivals",
        facility=_short(facility),
        reply=arrivals.reply,
        answers=arrivals.answers,
    )
    if arrivals.returned:
        line += " " + t("card-arrivals-returned", returned=arrivals.returned)
    return line


def address_may_have_changed(t: Translator, prisoner: Prisoner) -> str:
    """Say kindly that the address may be out of date, and where to check it before writing."""
    args = {"name": display_name(prisoner, t.language), "gender": gender(prisoner)}
    confirmed = prisoner.confirmed_on
    if confirmed is None:
        head = t("card-address-old-undated", **args)
    else:
        head = t("card-address-old", date=_date(t, confirmed), **args)
    url = _source_url(prisoner)
    check = t("card-address-check", url=url) if url else t("card-address-check-no-source")
    return f"{head}\n{check}"


def _source_url(prisoner: Prisoner) -> str | None:
    """Return the record's source when it is a web address a reader can open."""
    url = prisoner.source_url
    return url if url and url.startswith(("https://", "http://")) else None


def _provenance(t: Translator, prisoner: Prisoner, stale: bool) -> list[str]:
    lines = []
    url = _source_url(prisoner)
    if url:
        lines.append(t("card-source", url=url))
    # Confirmed by the record's own source or by a sync from the published list, the later.
    confirmed = prisoner.confirmed_on
    if confirmed is None:
        lines.append(t("card-unverified"))
    else:
        key = "card-as-of-stale" if stale else "card-as-of"
        lines.append(t(key, date=_date(t, confirmed)))
    return lines


def _short(text: str) -> str:
    return text if len(text) <= FIELD_LIMIT else text[: FIELD_LIMIT - 1].rstrip() + "…"


def wrote_data(prisoner: Prisoner) -> str:
    """Return the callback data of "✉️ I wrote" for the person (handlers.callbacks.IWrote)."""
    return f"{WROTE_PREFIX}{prisoner.id}"


def deep_link(bot_username: str, prisoner_id: str) -> str:
    """Return the link that opens this person's card in the bot."""
    return f"https://t.me/{bot_username}?start={DEEP_LINK_PREFIX}{prisoner_id}"


def card_keyboard(
    prisoner: Prisoner,
    t: Translator,
    bot_username: str,
    *,
    today: date,
    address_max_age_days: int,
    following: bool | None = None,
) -> InlineKeyboardMarkup:
    """Follow or stop following (in chats), share the card, and explain how to write.

    "How to write" is offered only with an address that is current (see `may_write`).
    """
    return _card_keyboard(
        prisoner, prisoner.synced_on, t, bot_username, today, address_max_age_days, following
    )


@lru_cache(maxsize=CARDS_KEPT)
def _card_keyboard(
    prisoner: Prisoner,
    synced_on: date | None,
    t: Translator,
    bot_username: str,
    today: date,
    address_max_age_days: int,
    following: bool | None,
) -> KeptKeyboard:
    link = deep_link(bot_username, prisoner.id)
    share_text = t.format(
        "card-share-text", {"name": display_name(prisoner, t.language)}, escape=False
    )
    share = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(share_text, safe='')}"
    row = [InlineKeyboardButton(t("card-button-share"), url=share)]
    writable = may_write(prisoner, today, address_max_age_days)
    if writable:
        row.append(
            InlineKeyboardButton(
                t("card-button-write"), callback_data=f"{WRITE_PREFIX}{prisoner.id}"
            )
        )
    if following is None:
        # A card posted through inline mode belongs to no chat the bot serves: nobody to follow.
        return KeptKeyboard([row])
    # "I wrote" counts for the chat the card is in; letters to this person may reach them.
    rows = (
        [
            row,
            [InlineKeyboardButton(t("letters-button-wrote"), callback_data=wrote_data(prisoner))],
        ]
        if writable
        else [row]
    )
    if following:
        flip = InlineKeyboardButton(
            t("card-button-unfollow"), callback_data=f"{UNFOLLOW_PREFIX}{prisoner.id}"
        )
    else:
        flip = InlineKeyboardButton(
            t("card-button-follow"), callback_data=f"{FOLLOW_PREFIX}{prisoner.id}"
        )
    return KeptKeyboard([[flip], *rows])
