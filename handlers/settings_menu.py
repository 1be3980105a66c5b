"""The /settings menu as text and buttons (pure: no Telegram calls, no storage)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from babel import Locale
from babel.dates import get_timezone, get_timezone_location
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.chat import AlertKind, Chat, ChatType
from bot.domain.timezones import COMMON_ZONES
from bot.l10n import Translator
from handlers.callbacks import SettingsPress, encode

HOURS_PER_ROW = 6
# Kinds in the order the menu lists them.
KIND_ORDER = (
    AlertKind.ANNIVERSARIES,
    AlertKind.MILESTONES,
    AlertKind.BIRTHDAYS,
    AlertKind.NEWS,
    AlertKind.WEEKLY,
)


class Screen(StrEnum):
    """The parts of the menu; each press shows one of them in place of the last."""

    HOME = "home"
    LANGUAGE = "lang"
    TIMEZONE = "tz"
    TIME = "time"
    KINDS = "kinds"
    WRITE_AGAIN = "again"


# The write-again intervals the menu offers, in weeks; 0 is off.
WRITE_AGAIN_CHOICES = (0, 2, 3, 4, 6, 8)


@dataclass(frozen=True, slots=True)
class MenuState:
    """What the menu shows besides the chat's own settings."""

    follows: int
    # The bot's write-again interval (WRITE_AGAIN_WEEKS), for a chat that has not chosen one.
    write_again_default: int
    # The channel's name when the menu manages a channel from a private chat.
    channel: str | None = None


def language_name(language: str) -> str:
    """Return a language's own name for itself, as in "беларуская"."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def zone_city(name: str, language: str) -> str:
    """Return a zone's city in the chat's language ("Варшава"), or the offset's own name."""
    if "/" not in name:
        return name  # UTC or a fixed offset such as UTC+03:00
    return str(get_timezone_location(get_timezone(name), locale=language, return_city=True))


def zone_label(name: str, language: str) -> str:
    """Return a zone's city in the chat's language and its name: "Варшава (Europe/Warsaw)"."""
    city = zone_city(name, language)
    return city if city == name else f"{city} ({name})"


def settings_text(chat: Chat, t: Translator, state: MenuState) -> str:
    """Describe the chat's settings, in its own language."""
    kinds = [t(f"kind-{kind.value}") for kind in KIND_ORDER if kind in chat.kinds]
    lines = [
        t("settings-title-channel", channel=state.channel)
        if state.channel
        else t("settings-title"),
        "",
        t("settings-language", language=language_name(chat.language)),
        t("settings-timezone", zone=zone_label(chat.timezone, t.language)),
        t("settings-time", time=chat.alert_time.strftime("%H:%M")),
        t("settings-kinds", kinds="".join(f"\n  • {kind}" for kind in kinds))
        if kinds
        else t("settings-kinds", kinds=t("settings-kinds-none")),
        t("settings-follows", count=state.follows)
        if not chat.follow_all
        else t("settings-follows-everyone", count=state.follows),
        _write_again_line(t, chat.write_again_after(state.write_again_default)),
        "",
        t("settings-paused") if chat.paused else t("settings-active"),
    ]
    if chat.type is ChatType.CHANNEL:
        lines += ["", t("settings-channel-note")]
    return "\n".join(lines)


def _write_again_line(t: Translator, weeks: int) -> str:
    if weeks <= 0:
        return t("settings-write-again-off")
    return t("settings-write-again", weeks=weeks)


def settings_keyboard(
    chat: Chat,
    t: Translator,
    screen: Screen,
    languages: tuple[str, ...],
    write_again_default: int,
) -> InlineKeyboardMarkup:
    """Return the buttons of one screen of the menu."""
    match screen:
        case Screen.LANGUAGE:
            rows = [
                [_choice(t, chat, language_name(code), code == chat.language, "lang", code)]
                for code in languages
            ]
        case Screen.TIMEZONE:
            zones = [
                _choice(
                    t,
                    chat,
                    zone_city(name, t.language),
                    name == chat.timezone,
                    "tz",
                    index,
                )
                for index, name in enumerate(COMMON_ZONES)
            ]
            rows = [zones[i : i + 2] for i in range(0, len(zones), 2)]
            rows.append([_button(t("settings-button-timezone-other"), chat, "tzask")])
        case Screen.TIME:
            hours = [
                _choice(t, chat, f"{hour:02d}", hour == chat.alert_time.hour, "time", hour)
                for hour in range(24)
            ]
            rows = [hours[i : i + HOURS_PER_ROW] for i in range(0, 24, HOURS_PER_ROW)]
        case Screen.KINDS:
            rows = [
                # The button names the state it sets, so a double press sets it twice, not back.
                [
                    _choice(
                        t,
                        chat,
                        t(f"kind-{kind.value}"),
                        kind in chat.kinds,
                        "kind",
                        kind.value,
                        "off" if kind in chat.kinds else "on",
                    )
                ]
                for kind in KIND_ORDER
            ]
        case Screen.WRITE_AGAIN:
            weeks = chat.write_again_after(write_again_default)
            rows = [
                [
                    _choice(
                        t,
                        chat,
                        t("settings-write-again-choice", weeks=choice)
                        if choice
                        else t("settings-write-again-choice-off"),
                        choice == weeks,
                        "again",
                        choice,
                    )
                    for choice in WRITE_AGAIN_CHOICES[i : i + 3]
                ]
                for i in range(0, len(WRITE_AGAIN_CHOICES), 3)
            ]
        case _:
            return _home_keyboard(chat, t)
    rows.append([_button(t("settings-button-back"), chat, Screen.HOME.value)])
    return InlineKeyboardMarkup(rows)


def _home_keyboard(chat: Chat, t: Translator) -> InlineKeyboardMarkup:
    pause = (
        _button(t("settings-button-resume"), chat, "resume")
        if chat.paused
        else _button(t("settings-button-pause"), chat, "pause")
    )
    everyone = (
        _button(t("follow-all-button-off"), chat, "all", "off")
        if chat.follow_all
        else _button(t("follow-all-button-on"), chat, "all", "on")
    )
    return InlineKeyboardMarkup(
        [
            [
                _button(t("settings-button-language"), chat, Screen.LANGUAGE.value),
                _button(t("settings-button-timezone"), chat, Screen.TIMEZONE.value),
            ],
            [
                _button(t("settings-button-time"), chat, Screen.TIME.value),
                _button(t("settings-button-kinds"), chat, Screen.KINDS.value),
            ],
            [_button(t("settings-button-write-again"), chat, Screen.WRITE_AGAIN.value)],
            [everyone],
            [pause],
            [_button(t("settings-button-done"), chat, "done")],
        ]
    )


def _button(text: str, chat: Chat, *parts: str | int) -> InlineKeyboardButton:
    press = SettingsPress(chat.chat_id, tuple(map(str, parts)))
    return InlineKeyboardButton(text, callback_data=encode(press))


def _choice(
    t: Translator, chat: Chat, label: str, chosen: bool, *parts: str | int
) -> InlineKeyboardButton:
    text = t.format(
        "settings-chosen" if chosen else "settings-not-chosen", {"label": label}, escape=False
    )
    return _button(text, chat, *parts)
