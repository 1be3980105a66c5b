"""The checks Telegram applies to what a bot sends: text, formatting, keyboards, commands."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from telegram.constants import MessageLimit

from bot.sandbox.html_entities import EntityParseError, parse_html, utf16_length
from bot.sandbox.models import ApiError, JsonDict

MESSAGE_LENGTH_LIMIT: int = MessageLimit.MAX_TEXT_LENGTH
CAPTION_LENGTH_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes of UTF-8
CALLBACK_ANSWER_LIMIT = 200
INLINE_RESULTS_LIMIT = 50
COMMANDS_LIMIT = 100
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
DESCRIPTION_LIMIT = 512
SHORT_DESCRIPTION_LIMIT = 120

_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")
_WHITESPACE = " \t\n\r\f\v\u00a0"


@dataclass
class FormattedText:
    """Text as the recipient sees it, and its entities."""

    text: str
    entities: list[JsonDict]


def json_value(value: Any, name: str) -> Any:
    """Accept an object parameter given as a value or as its JSON text, like the Bot API."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError.bad_request(f"can't parse {name} JSON object") from None
    return value


def format_text(
    text: Any,
    parse_mode: str | None,
    entities: Any = None,
    *,
    caption: bool = False,
) -> FormattedText:
    """Parse a message text or caption and check its length after parsing."""
    limit = CAPTION_LENGTH_LIMIT if caption else MESSAGE_LENGTH_LIMIT
    if text is None or text == "":
        if caption:
            return FormattedText("", [])
        raise ApiError.bad_request("message text is empty")
    source = str(text)
    if entities is not None:
        visible, parsed = source, list(json_value(entities, "entities"))
    else:
        visible, parsed = _parse(source, parse_mode)
    visible, parsed = _strip(visible, parsed)
    if not visible and not caption:
        raise ApiError.bad_request("message text is empty")
    if len(visible) > limit:
        detail = "message caption is too long" if caption else "message is too long"
        raise ApiError.bad_request(detail)
    return FormattedText(visible, parsed)


def _parse(source: str, parse_mode: str | None) -> tuple[str, list[JsonDict]]:
    mode = (parse_mode or "").lower()
    if not mode:
        return source, []
    if mode == "html":
        try:
            return parse_html(source)
        except EntityParseError as error:
            raise ApiError.bad_request(f"can't parse entities: {error}") from None
    if mode in ("markdown", "markdownv2"):
        # Markdown is accepted but not interpreted: the project formats with HTML.
        return source, []
    raise ApiError.bad_request(f"unsupported parse_mode {parse_mode!r}")


def _strip(text: str, entities: list[JsonDict]) -> tuple[str, list[JsonDict]]:
    """Trim surrounding whitespace as Telegram does, keeping entities on the same characters."""
    stripped = text.strip(_WHITESPACE)
    if stripped == text:
        return text, entities
    shift = utf16_length(text[: len(text) - len(text.lstrip(_WHITESPACE))])
    end = utf16_length(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        stop = min(entity["offset"] + entity["length"] - shift, end)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept


def check_reply_markup(markup: Any) -> JsonDict | None:
    """Return the reply markup as a dict after Telegram's checks, or None when absent."""
    if markup is None:
        return None
    markup = json_value(markup, "reply_markup")
    if not isinstance(markup, dict):
        raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        for row in _rows(markup["keyboard"], "keyboard"):
            for button in row:
                text = button if isinstance(button, str) else button.get("text")
                if not text:
                    raise ApiError.bad_request("keyboard button text must be non-empty")
    return markup


def _rows(rows: Any, field: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request(f'field "{field}" must be an Array of Array')
    return rows


def _check_inline_keyboard(rows: Any) -> None:
    for row in _rows(rows, "inline_keyboard"):
        for button in row:
            if not isinstance(button, dict):
                raise ApiError.bad_request("can't parse inline keyboard button")
            if not button.get("text"):
                raise ApiError.bad_request("BUTTON_TEXT_INVALID")
            if not any(action in button for action in _BUTTON_ACTIONS):
                raise ApiError.bad_request("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                data = str(button["callback_data"]).encode()
                if not 1 <= len(data) <= CALLBACK_DATA_LIMIT:
                    raise ApiError.bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not str(button["url"]).startswith(_URL_SCHEMES):
                raise ApiError.bad_request(
                    f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL"
                )


def check_commands(commands: Any) -> list[JsonDict]:
    """Return the bot commands after the checks setMyCommands applies."""
    commands = json_value(commands, "commands")
    if not isinstance(commands, list):
        raise ApiError.bad_request("can't parse commands JSON object")
    if len(commands) > COMMANDS_LIMIT:
        raise ApiError.bad_request("too many commands")
    for command in commands:
        if not COMMAND_RE.fullmatch(str(command.get("command", ""))):
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise ApiError.bad_request("command description must be non-empty")
    return [{"command": c["command"], "description": c["description"]} for c in commands]


def check_inline_results(results: Any) -> list[JsonDict]:
    """Return inline query results after the checks answerInlineQuery applies."""
    results = json_value(results, "results")
    if not isinstance(results, list):
        raise ApiError.bad_request("can't parse results JSON object")
    if len(results) > INLINE_RESULTS_LIMIT:
        raise ApiError.bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode()) <= 64:
            raise ApiError.bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise ApiError.bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        content = result.get("input_message_content")
        if content and "message_text" in content:
            format_text(content["message_text"], content.get("parse_mode"), content.get("entities"))
        check_reply_markup(result.get("reply_markup"))
    return results
