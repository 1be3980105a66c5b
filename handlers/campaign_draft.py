"""A /campaign draft: what it holds, how its answers and presses are read, its buttons, labels.

Nothing here sends a message; handlers.campaigns asks the questions. The draft is kept in the
database (handlers.chat_state) for the operator's chat, so that any worker takes the next step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from urllib.parse import urlsplit

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)

from bot.context import BotContext
from bot.domain.prisoner import Prisoner
from bot.domain.telegram_html import HtmlIssue, HtmlProblem, is_link_allowed
from bot.domain.timezones import zone
from bot.l10n import Translator
from bot.rendering.cards import display_name
from bot.services import Services
from handlers.callbacks import DraftChoice, DraftPress, encode
from handlers.chat_state import Kept
from handlers.common import translator
from handlers.lookup import person_button
from handlers.settings_menu import language_name
from storage.campaigns import AudienceKind

# A draft left unanswered this long is closed, and the operator told.
WAIT = timedelta(hours=1)
# The longest button text the bot writes; longer labels are refused.
MAX_BUTTON_LABEL = 64
TIME_FORMAT = "%Y-%m-%d %H:%M"
# Entities that mean the operator formatted the text in their app rather than writing HTML.
FORMATTING_ENTITIES = frozenset(
    {
        MessageEntity.BOLD,
        MessageEntity.ITALIC,
        MessageEntity.UNDERLINE,
        MessageEntity.STRIKETHROUGH,
        MessageEntity.SPOILER,
        MessageEntity.CODE,
        MessageEntity.PRE,
        MessageEntity.TEXT_LINK,
        MessageEntity.TEXT_MENTION,
        MessageEntity.BLOCKQUOTE,
        MessageEntity.EXPANDABLE_BLOCKQUOTE,
        MessageEntity.CUSTOM_EMOJI,
    }
)
_ESCAPES = {"<": "&lt;", "&": "&amp;"}


class Step(StrEnum):
    """What a draft waits for: the answer to its latest question."""

    TEXT = "text"
    BUTTON = "button"
    AUDIENCE = "audience"
    PERSON = "person"
    LANGUAGE = "language"
    TIME = "time"
    CONFIRM = "confirm"


@dataclass(slots=True)
class Draft:
    """A campaign being written; nothing of it is a campaign before Send."""

    token: str
    chat_id: int
    user_id: int
    # The operator's language, for the notice that the draft was closed unanswered.
    language: str
    step: Step = Step.TEXT
    # The latest question; a reply to it is its answer. Its buttons go when the next comes.
    prompt_id: int | None = None
    prompt_has_buttons: bool = False
    text: str = ""
    button: tuple[str, str] | None = None
    audience: AudienceKind = AudienceKind.ALL
    audience_value: str | None = None
    # People offered as buttons when a name matched several.
    candidates: tuple[str, ...] = ()
    # None: at once.
    send_at: datetime | None = None


# The open draft of an operator in their private chat (one per chat and person).
DRAFTS = Kept("campaign_draft", Draft, WAIT)


# -- reading answers and presses -------------------------------------------------------------


async def answer_expired(update: Update, context: BotContext) -> None:
    """Answer a press of a button that belongs to an older step or draft."""
    if update.callback_query is not None:
        t = await translator(update, context)
        await update.callback_query.answer(t("campaign-expired"), show_alert=True)


def parse_link_button(text: str) -> tuple[str, str] | None:
    """Read "https://link Button words" as (words, link), or None if it is not shaped so."""
    parts = text.split(maxsplit=1)
    if len(parts) != 2:
        return None
    url, label = parts[0], " ".join(parts[1].split())
    if not 0 < len(label) <= MAX_BUTTON_LABEL:
        return None
    if urlsplit(url).scheme.lower() not in ("http", "https") or not is_link_allowed(url):
        return None
    return label, url


def parse_send_time(text: str, where: tzinfo) -> datetime | None:
    """Read "YYYY-MM-DD HH:MM" as a moment in the given time zone, or None if it is not one."""
    try:
        return datetime.strptime(" ".join(text.split()), TIME_FORMAT).replace(tzinfo=where)
    except ValueError:
        return None


def html_source(message: Message) -> str:
    """Return the text as HTML: formatting done in the app becomes tags, typed tags stay."""
    entities = message.entities or ()
    if any(entity.type in FORMATTING_ENTITIES for entity in entities):
        return message.text_html
    return message.text or ""


def problem_text(t: Translator, problem: HtmlProblem) -> str:
    """Say what is wrong with a campaign text, naming the tag, link or entity."""
    args = {"detail": problem.detail}
    if problem.issue is HtmlIssue.UNESCAPED:
        args["escaped"] = _ESCAPES.get(problem.detail, problem.detail)
    return t.format(f"campaign-html-{problem.issue.value}", args)


# -- buttons ---------------------------------------------------------------------------------


def campaign_markup(button: tuple[str, str] | None) -> InlineKeyboardMarkup | None:
    """Return the link button under a campaign message, as the dispatcher will send it."""
    if button is None:
        return None
    label, url = button
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


def _button(text: str, token: str, choice: DraftChoice, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(DraftPress(choice, token, value)))


def _cancel(t: Translator, token: str) -> InlineKeyboardButton:
    return _button(t("campaign-button-cancel"), token, "cancel")


def text_reply(t: Translator) -> ForceReply:
    """Ask for the text in the reply field."""
    return ForceReply(selective=True, input_field_placeholder=t("campaign-text-placeholder"))


def person_reply(t: Translator) -> ForceReply:
    """Ask for a person's name in the reply field."""
    return ForceReply(selective=True, input_field_placeholder=t("campaign-person-placeholder"))


def button_keyboard(t: Translator, token: str) -> InlineKeyboardMarkup:
    """[No button] [Cancel] under the question about a link button."""
    return InlineKeyboardMarkup(
        [[_button(t("campaign-button-none"), token, "nobutton"), _cancel(t, token)]]
    )


def audience_keyboard(t: Translator, token: str) -> InlineKeyboardMarkup:
    """One button per kind of audience, and Cancel."""
    return InlineKeyboardMarkup(
        [
            [_button(t("campaign-audience-all"), token, "all")],
            [_button(t("campaign-audience-followers"), token, "followers")],
            [_button(t("campaign-audience-language"), token, "language")],
            [_cancel(t, token)],
        ]
    )


def language_keyboard(
    t: Translator, token: str, languages: tuple[str, ...]
) -> InlineKeyboardMarkup:
    """One button per language the bot speaks, and Cancel."""
    return InlineKeyboardMarkup(
        [
            [_button(language_name(code), token, "lang", code) for code in languages],
            [_cancel(t, token)],
        ]
    )


def people_keyboard(t: Translator, token: str, people: list[Prisoner]) -> InlineKeyboardMarkup:
    """One button per candidate (by position in the draft's list), and Cancel."""
    rows = [
        [person_button(person, t, encode(DraftPress("person", token, str(index))))]
        for index, person in enumerate(people)
    ]
    return InlineKeyboardMarkup([*rows, [_cancel(t, token)]])


def time_keyboard(t: Translator, token: str) -> InlineKeyboardMarkup:
    """[Now] [Cancel] under the question about the time."""
    return InlineKeyboardMarkup(
        [[_button(t("campaign-time-now"), token, "now"), _cancel(t, token)]]
    )


def confirm_keyboard(t: Translator, token: str, *, can_send: bool) -> InlineKeyboardMarkup:
    """[Send] [Cancel] under the summary; only Cancel when nobody would get the message."""
    send = [_button(t("campaign-button-send"), token, "send")] if can_send else []
    return InlineKeyboardMarkup([[*send, _cancel(t, token)]])


# -- labels ----------------------------------------------------------------------------------


async def audience_label(
    services: Services, t: Translator, kind: AudienceKind, value: str | None
) -> str:
    """Name an audience in plain text ("the chats that follow Maria Kalesnikava")."""
    match kind:
        case AudienceKind.FOLLOWERS:
            person = await services.prisoners.get(value or "")
            name = display_name(person, t.language) if person is not None else value
            return t.format("campaign-audience-followers-label", {"name": name}, escape=False)
        case AudienceKind.LANGUAGE:
            language = language_name(value or "")
            return t.format(
                "campaign-audience-language-label", {"language": language}, escape=False
            )
    return t.format("campaign-audience-all-label", escape=False)


def when_label(services: Services, t: Translator, moment: datetime | None) -> str:
    """Name the time a campaign goes out, in the bot's own time zone ("now" for at once)."""
    if moment is None:
        return t.format("campaign-when-now", escape=False)
    zone_name = services.settings.default_timezone
    local = moment.astimezone(zone(zone_name))
    return t.format(
        "campaign-when-at", {"time": local.strftime(TIME_FORMAT), "zone": zone_name}, escape=False
    )


def example_time(services: Services) -> str:
    """Return a time an hour or two ahead, on the hour, as the operator would write it."""
    local = services.clock().astimezone(zone(services.settings.default_timezone))
    return (local + timedelta(hours=2)).strftime("%Y-%m-%d %H:00")
