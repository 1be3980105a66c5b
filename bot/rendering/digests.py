"""The daily message, news and the weekly prompt as Telegram HTML (pure: no calls, no storage).

A digest lists each person with today's events and one concrete thing to do; buttons open the
people's cards in the bot. A digest longer than Telegram allows is split between people.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from telegram.constants import MessageLimit

from bot.domain.actions import CampaignAction, for_person, for_week, may_write
from bot.domain.buttons import Button, Buttons, CallbackButton
from bot.domain.card import text_in
from bot.domain.events import Event, EventKind, card_post_by, without_repeats
from bot.domain.letters.follow_up import Arrival, ArrivalQuestion, FollowUps
from bot.domain.news import NewsItem, NewsKind
from bot.domain.prisoner import Prisoner, Status
from bot.l10n import Translator, day_month, long_date
from bot.rendering.cards import (
    ARRIVAL_PREFIX,
    FIELD_LIMIT,
    deep_link,
    display_name,
    gender,
    wrote_data,
)

# Telegram's limit for one message; parts are cut between people to stay under it.
MESSAGE_LIMIT: int = MessageLimit.MAX_TEXT_LENGTH
# At most this many card buttons under one message.
MAX_BUTTONS = 10
_EVENT_KEYS = {
    EventKind.DETENTION_ANNIVERSARY: "detention-anniversary",
    EventKind.SENTENCE_ANNIVERSARY: "sentence-anniversary",
    EventKind.DAYS_MILESTONE: "days-milestone",
    EventKind.BIRTHDAY_SOON: "birthday-soon",
    EventKind.BIRTHDAY: "birthday",
}


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message: its HTML text and rows of (text, url) buttons."""

    text: str
    buttons: Buttons = field(default=())


def _date(t: Translator, value: date) -> str:
    """Write a day of the year as the language does: "14 July", "14 ліпеня"."""
    return day_month(value, t.language)


def _args(t: Translator, person: Prisoner) -> dict[str, str]:
    return {"name": display_name(person, t.language), "gender": gender(person)}


def event_line(t: Translator, event: Event, person: Prisoner, *, under_name: bool = False) -> str:
    """Say what today is for this person.

    `under_name` is for a line under the person's name, as in a digest: languages that would
    only repeat the name leave it out there ("Сёння 5 гадоў з дня затрымання.").
    """
    args: dict[str, object] = {**_args(t, person)}
    if event.years is not None:
        args["years"] = event.years
        args["age"] = event.years
    if event.days is not None:
        args["days"] = event.days
    if event.birthday is not None:
        args["birthday"] = _date(t, event.birthday)
    key = f"event-{_EVENT_KEYS[event.kind]}"
    return t(f"{key}-under-name" if under_name else key, **args)


def action_line(
    t: Translator,
    events: Sequence[Event],
    person: Prisoner,
    *,
    today: date,
    address_max_age_days: int,
    card_by: date | None = None,
) -> str:
    """Return the one thing to do for a person: a card, a letter, or sharing the story.

    A card or a letter is asked for only with an address current on `today` (see `may_write`):
    a letter to a prison the person has left is lost. A card is asked for with a birthday
    reminder among `events`, or when `card_by` (the last day to post a card for a coming
    birthday) is given.
    """
    writable = may_write(person, today, address_max_age_days)
    address = person.mailing_address if writable else None
    args = _args(t, person)
    if address:
        address = address[:FIELD_LIMIT]
        soon = next((e for e in events if e.kind is EventKind.BIRTHDAY_SOON), None)
        post_by = soon.post_by if soon is not None else card_by
        if post_by is not None:
            return t("action-card", post_by=_date(t, post_by), address=address, **args)
        return t("action-letter", address=address, **args)
    return t("action-share", **args)


def person_block(
    t: Translator,
    person: Prisoner,
    events: Sequence[Event],
    actions: Sequence[CampaignAction] = (),
    *,
    today: date,
    address_max_age_days: int,
    mark: str = "",
) -> str:
    """Return a person's name, the day's events, the one thing to do and the operators' action.

    `mark` goes before the name (the calendar marks the people a chat follows).
    """
    lines = [f"{mark}<b>{html.escape(display_name(person, t.language))}</b>"]
    lines += [event_line(t, event, person, under_name=True) for event in without_repeats(events)]
    lines.append(
        action_line(t, events, person, today=today, address_max_age_days=address_max_age_days)
    )
    campaign = for_person(actions, person.id, t.language)
    if campaign is not None:
        lines.append(campaign_line(t, campaign, "action-campaign"))
    return "\n".join(lines)


def card_button(t: Translator, person: Prisoner, bot_username: str) -> tuple[str, str]:
    """Return the (text, url) of a button that opens the person's card in the bot."""
    label = t.format("digest-button-card", _args(t, person), escape=False)
    return label, deep_link(bot_username, person.id)


def wrote_button(t: Translator, person: Prisoner) -> CallbackButton:
    """Return "✉️ I wrote" for the person: it counts for the chat it is pressed in."""
    return CallbackButton(t("letters-button-wrote"), wrote_data(person))


def _person_row(
    t: Translator, person: Prisoner, bot_username: str, *, writable: bool
) -> tuple[Button, ...]:
    """Return the person's buttons: the card, and "I wrote" when a letter may be sent."""
    card = card_button(t, person, bot_username)
    return (card, wrote_button(t, person)) if writable else (card,)


# An answer in a button's data: one letter, so that the longest person id still fits Telegram's
# 64 bytes.
ANSWER_CODES = {Arrival.REPLY: "r", Arrival.RETURNED: "b", Arrival.NO_NEWS: "n"}


def arrival_data(question: ArrivalQuestion, answer: Arrival) -> str:
    """Return the callback data of one answer to "Did the letter arrive?"."""
    code = ANSWER_CODES[answer]
    return f"{ARRIVAL_PREFIX}{question.prisoner_id}:{question.month}:{code}"


def letters_block(
    t: Translator,
    follow_ups: FollowUps,
    people: Mapping[str, Prisoner],
    bot_username: str,
    *,
    shown: frozenset[str] = frozenset(),
) -> tuple[str, Buttons]:
    """Return the lines about the chat's letters, and their buttons (see follow_up).

    People in `shown` have their buttons under the message already.
    """
    lines: list[str] = []
    rows: list[tuple[Button, ...]] = []
    for again in follow_ups.write_again:
        person = people.get(again.prisoner_id)
        if person is None:
            continue
        lines.append(t("letters-write-again", weeks=again.weeks, **_args(t, person)))
        if person.id not in shown:
            rows.append(_person_row(t, person, bot_username, writable=True))
    question = follow_ups.question
    person = None if question is None else people.get(question.prisoner_id)
    if question is not None and person is not None:
        lines.append(
            t(
                "letters-arrival-question",
                date=_date(t, question.written_on),
                **_args(t, person),
            )
        )
        rows += [
            (CallbackButton(t(f"letters-arrival-{answer.value}"), arrival_data(question, answer)),)
            for answer in Arrival
        ]
    return "\n\n".join(lines), tuple(rows)


def campaign_line(t: Translator, action: CampaignAction, key: str) -> str:
    """Show an operator's action, with its link when it has one."""
    if action.url:
        return t(key, text=action.text, url=action.url)
    return t(f"{key}-no-link", text=action.text)


def render_digest(
    t: Translator,
    today: date,
    events: Iterable[Event],
    people: Mapping[str, Prisoner],
    bot_username: str,
    week: Sequence[Event] | None = None,
    actions: Sequence[CampaignAction] = (),
    *,
    address_max_age_days: int,
    follow_ups: FollowUps | None = None,
    wrote_buttons: bool = True,
) -> list[Rendered]:
    """Return the day's message for one chat, in one or more parts; none if there is nothing.

    `events` are today's events of the people the chat follows, `week` (on the day of the weekly
    prompt) the events of the coming days, `actions` the operators' live campaign actions,
    `follow_ups` what to say about the chat's letters. An address is offered only when
    confirmed within `address_max_age_days` of `today`. Without `wrote_buttons` (a channel, whose
    readers cannot speak for it) no person has "✉️ I wrote".
    """
    blocks: list[str] = []
    buttons: list[tuple[Button, ...]] = []
    with_buttons: set[str] = set()
    # People in the order of their first event today; each person's events stay together.
    by_person: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: e.sort_key):
        by_person.setdefault(event.prisoner_id, []).append(event)
    for prisoner_id, person_events in by_person.items():
        person = people.get(prisoner_id)
        if person is None:
            continue
        blocks.append(
            person_block(
                t,
                person,
                person_events,
                actions,
                today=today,
                address_max_age_days=address_max_age_days,
            )
        )
        if len(buttons) < MAX_BUTTONS:
            writable = wrote_buttons and may_write(person, today, address_max_age_days)
            buttons.append(_person_row(t, person, bot_username, writable=writable))
            with_buttons.add(person.id)
    if week is not None:
        block = _week_block(t, week, people, today, address_max_age_days)
        campaign = for_week(actions, t.language, today)
        if campaign is not None:
            block += "\n" + campaign_line(t, campaign, "week-campaign")
        blocks.append(block)
    if follow_ups:
        text, rows = letters_block(
            t, follow_ups, people, bot_username, shown=frozenset(with_buttons)
        )
        if text:
            blocks.append(text)
            buttons += rows
    if not blocks:
        return []
    title = t("digest-title", date=long_date(today, t.language))
    return _split([title, *blocks], tuple(buttons))


def coming_line(
    t: Translator,
    event: Event,
    person: Prisoner,
    today: date,
    *,
    address_max_age_days: int | None = None,
) -> str:
    """Say what a coming day is for this person, without the day.

    A birthday of a person letters reach says by when to post a card, or, when that day is
    behind `today`, that a card posted now may come late and still counts. Without a way to
    post one (letters not known to arrive, no address, or, with `address_max_age_days`, none
    confirmed that recently) it says only the age.
    """
    args: dict[str, object] = {**_args(t, person)}
    match event.kind:
        case EventKind.BIRTHDAY:
            post_by = card_post_by(event.on)
            if not may_write(person, today, address_max_age_days):
                return t("week-birthday-no-card", age=event.years, **args)
            if post_by < today:
                return t("week-birthday-late", age=event.years, **args)
            return t("week-birthday", age=event.years, post_by=_date(t, post_by), **args)
        case EventKind.DAYS_MILESTONE:
            return t("week-days-milestone", days=event.days, **args)
        case _:
            return t(f"week-{_EVENT_KEYS[event.kind]}", years=event.years, **args)


def _week_block(
    t: Translator,
    week: Sequence[Event],
    people: Mapping[str, Prisoner],
    today: date,
    address_max_age_days: int,
) -> str:
    lines = [t("week-title")]
    for event in sorted(week, key=lambda e: e.sort_key):
        person = people.get(event.prisoner_id)
        if person is None or event.kind is EventKind.BIRTHDAY_SOON:
            continue
        line = coming_line(t, event, person, today, address_max_age_days=address_max_age_days)
        # Both values are Telegram HTML already: the date is Babel's, the line escaped.
        day = html.escape(_date(t, event.on))
        dated = t.format("week-dated", {"date": day, "line": line}, escape=False)
        lines.append(f"• {dated}")
    if len(lines) == 1:
        lines.append(t("week-nothing"))
    lines += ["", t("week-action")]
    return "\n".join(lines)


def split_parts(blocks: Sequence[str]) -> list[tuple[str, range]]:
    """Join blocks into message texts under the limit, cutting only between blocks.

    Return each text with the indexes of the blocks it holds.
    """
    parts: list[tuple[str, range]] = []
    current, first = "", 0
    for index, block in enumerate(blocks):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) > MESSAGE_LIMIT and current:
            parts.append((current, range(first, index)))
            candidate, first = block, index
        current = candidate[:MESSAGE_LIMIT]
    parts.append((current, range(first, len(blocks))))
    return parts


def _split(blocks: list[str], buttons: Buttons) -> list[Rendered]:
    """Join blocks into messages under the limit; the buttons go under the last part."""
    parts = split_parts(blocks)
    # The buttons go under the last part, where the reader ends up.
    return [
        Rendered(text, buttons if i == len(parts) - 1 else ()) for i, (text, _) in enumerate(parts)
    ]


def render_news(t: Translator, item: NewsItem, person: Prisoner, bot_username: str) -> Rendered:
    """Tell a chat that a person it follows was released, re-arrested, has died or was moved."""
    args = _args(t, person)
    if item.kind is NewsKind.TRANSFER:
        text = _transfer(t, item, person, args)
    else:
        text = _status_change(t, item, args)
    label = t.format("digest-button-card", args, escape=False)
    return Rendered(text, (((label, deep_link(bot_username, person.id)),),))


def _status_change(t: Translator, item: NewsItem, args: dict[str, str]) -> str:
    match item.new_status:
        case Status.RELEASED | Status.DECEASED | Status.IMPRISONED as status:
            key = f"news-{status.value}"
        case _:
            key = "news-changed"
    if key == "news-changed":
        head = t(key, **args)
    elif item.changed_on is not None:
        head = t(key, date=long_date(item.changed_on, t.language), **args)
    else:
        head = t(f"{key}-undated", **args)
    return f"{head}\n\n{t(f'{key}-action', **args)}"


def _transfer(t: Translator, item: NewsItem, person: Prisoner, args: dict[str, str]) -> str:
    """Say where the person is now, that the old address may fail, and the new one if known.

    The place is named in the chat's language when the record, still at that place, has it so.
    """
    facility = item.facility
    if facility and facility == person.facility:
        facility = text_in(person, "facility", t.language)
    if facility:
        head = t("news-transfer", facility=facility[:FIELD_LIMIT], **args)
    else:
        head = t("news-transfer-unknown", **args)
    if item.address:
        action = t("news-transfer-action", address=item.address[:FIELD_LIMIT], **args)
    else:
        action = t("news-transfer-action-no-address", **args)
    return f"{head}\n\n{action}"
