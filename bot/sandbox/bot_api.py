"""The Bot API methods the fake server implements, each answering like Telegram does.

Every method takes the state, the decoded parameters and the uploaded files, and returns the
``result`` of a successful answer or raises ``ApiError``. Unknown methods answer 404, like
Telegram's server; add a method here when the bot starts to use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.sandbox.models import (
    ApiError,
    ChatMessage,
    FakeChat,
    JsonDict,
    StoredFile,
    UploadedFile,
    chat_member,
    scope_key,
)
from bot.sandbox.server_data import ServerData
from bot.sandbox.validation import (
    CALLBACK_ANSWER_LIMIT,
    DESCRIPTION_LIMIT,
    SHORT_DESCRIPTION_LIMIT,
    check_commands,
    check_inline_results,
    check_reply_markup,
    format_text,
    json_value,
)

Method = Callable[[ServerData, JsonDict, dict[str, UploadedFile]], Any]

METHODS: dict[str, Method] = {}
_NAMES: dict[str, str] = {}

DOWNLOAD_SIZE_LIMIT = 20 * 1024 * 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def method(name: str) -> Callable[[Method], Method]:
    """Register a function as the implementation of a Bot API method."""

    def register(function: Method) -> Method:
        METHODS[name] = function
        _NAMES[name.lower()] = name
        return function

    return register


def canonical_name(name: str) -> str:
    """Return the documented spelling of a method name; Bot API names ignore letter case."""
    return _NAMES.get(name.lower(), name)


def call(state: ServerData, name: str, params: JsonDict, files: dict[str, UploadedFile]) -> Any:
    implementation = METHODS.get(canonical_name(name))
    if implementation is None:
        raise ApiError(404, "Not Found")
    return implementation(state, params, files)


# -- parameters ----------------------------------------------------------------------------


def _required(params: JsonDict, name: str, missing: str | None = None) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise ApiError.bad_request(missing or f"{name} is empty")
    return value


def _int(value: Any, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value)
    raise ApiError.bad_request(f"invalid {name} specified")


def _flag(params: JsonDict, name: str) -> bool:
    value = params.get(name)
    return value is True or str(value).lower() == "true"


def paid_broadcast(params: JsonDict) -> bool:
    """Tell whether a call asks to be a paid broadcast (`allow_paid_broadcast`), which may go
    past the overall flood limit (see FloodControl); any other call is a free one."""
    return _flag(params, "allow_paid_broadcast")


def _target_chat(state: ServerData, params: JsonDict, *, sending: bool = True) -> FakeChat:
    raw = _required(params, "chat_id")
    if isinstance(raw, str) and raw.startswith("@"):
        chat = state.chat_by_username(raw)
        state.check_chat(chat.id, sending=sending)
        return chat
    chat_id = _int(raw, "chat_id")
    state.check_chat(chat_id, sending=sending)
    return state.chat(chat_id)


def _reply_target(state: ServerData, chat: FakeChat, params: JsonDict) -> ChatMessage | None:
    if params.get("reply_parameters") is not None:
        reply = json_value(params["reply_parameters"], "reply_parameters")
        message_id = _int(reply.get("message_id"), "message_id")
        chat_id = _int(reply.get("chat_id", chat.id), "chat_id")
        allow_missing = bool(reply.get("allow_sending_without_reply"))
    elif params.get("reply_to_message_id") is not None:
        message_id = _int(params["reply_to_message_id"], "reply_to_message_id")
        chat_id = chat.id
        allow_missing = _flag(params, "allow_sending_without_reply")
    else:
        return None
    target = state.message(chat_id, message_id)
    if target is None or target.deleted:
        if allow_missing:
            return None
        raise ApiError.bad_request("message to be replied not found")
    return target


def _input_file(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile], name: str
) -> StoredFile:
    value = params.get(name)
    upload = None
    if value is None:
        upload = files.get(name)
    elif isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
    if upload is not None:
        if not upload.content:
            raise ApiError.bad_request("file must be non-empty")
        return state.register_file(
            upload.content, file_name=upload.filename, mime_type=upload.mime_type
        )
    if value is None:
        raise ApiError.bad_request(f"there is no {name} in the request")
    if str(value).startswith(("http://", "https://")):
        raise ApiError.bad_request("failed to get HTTP URL content")
    stored = state.files.get(str(value))
    if stored is None:
        raise ApiError.bad_request("wrong file identifier/HTTP URL specified")
    return stored


def _language(params: JsonDict) -> str:
    code = str(params.get("language_code") or "")
    if code and not re.fullmatch(r"[a-z]{2}", code):
        raise ApiError.bad_request("invalid language code specified")
    return code


def _scope(params: JsonDict) -> JsonDict | None:
    if params.get("scope") is None:
        return None
    scope = json_value(params["scope"], "scope")
    if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
        raise ApiError.bad_request("can't parse BotCommandScope JSON object")
    if scope["type"].startswith("chat") and "chat_id" not in scope:
        raise ApiError.bad_request("chat_id is empty")
    return scope


# -- the bot and its profile ---------------------------------------------------------------


@method("getMe")
def get_me(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
    return {
        **state.bot.to_api(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("logOut")
def log_out(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    return True


@method("close")
def close(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    return True


@method("setMyCommands")
def set_my_commands(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    commands = check_commands(_required(params, "commands"))
    key = (scope_key(_scope(params)), _language(params))
    if commands:
        state.commands[key] = commands
    else:
        state.commands.pop(key, None)
    return True


@method("getMyCommands")
def get_my_commands(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> list[JsonDict]:
    return state.get_commands(_scope(params), _language(params))


@method("deleteMyCommands")
def delete_my_commands(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    state.commands.pop((scope_key(_scope(params)), _language(params)), None)
    return True


def _set_text(store: dict[str, str], params: JsonDict, name: str, limit: int) -> bool:
    text = str(params.get(name) or "")
    if len(text) > limit:
        raise ApiError.bad_request(f"{name} is too long")
    language = _language(params)
    if text:
        store[language] = text
    else:
        store.pop(language, None)
    return True


def _get_text(store: dict[str, str], params: JsonDict) -> str:
    language = _language(params)
    return store.get(language, store.get("", ""))


@method("setMyDescription")
def set_my_description(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    return _set_text(state.descriptions, params, "description", DESCRIPTION_LIMIT)


@method("getMyDescription")
def get_my_description(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict:
    return {"description": _get_text(state.descriptions, params)}


@method("setMyShortDescription")
def set_my_short_description(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> bool:
    return _set_text(state.short_descriptions, params, "short_description", SHORT_DESCRIPTION_LIMIT)


@method("getMyShortDescription")
def get_my_short_description(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict:
    return {"short_description": _get_text(state.short_descriptions, params)}


@method("setMyName")
def set_my_name(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    return _set_text(state.names, params, "name", 64)


@method("getMyName")
def get_my_name(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
    return {"name": _get_text(state.names, params) or state.bot.first_name}


@method("setChatMenuButton")
def set_chat_menu_button(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> bool:
    return True


@method("getChatMenuButton")
def get_chat_menu_button(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict:
    return {"type": "commands"}


# -- updates and webhooks ------------------------------------------------------------------


def prepare_get_updates(state: ServerData, params: JsonDict) -> int:
    """Apply getUpdates' offset and allowed_updates; return its limit."""
    if state.webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    if params.get("allowed_updates") is not None:
        state.allowed_updates = list(json_value(params["allowed_updates"], "allowed_updates"))
    state.confirm_updates(_int(params.get("offset", 0), "offset"))
    return min(max(_int(params.get("limit", 100), "limit"), 1), 100)


@method("getUpdates")
def get_updates(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> list[JsonDict]:
    limit = prepare_get_updates(state, params)
    return state.deliverable_updates(limit)


@method("setWebhook")
def set_webhook(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    url = str(params.get("url") or "")
    if not url:
        state.webhook = None
        return True
    schemes = ("https://", "http://") if state.allow_http_webhooks else ("https://",)
    if not url.startswith(schemes):
        raise ApiError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    state.webhook = {
        "url": url,
        "secret_token": params.get("secret_token"),
        "max_connections": params.get("max_connections", 40),
    }
    if params.get("allowed_updates") is not None:
        state.allowed_updates = list(json_value(params["allowed_updates"], "allowed_updates"))
    if _flag(params, "drop_pending_updates"):
        state.updates.clear()
    return True


@method("deleteWebhook")
def delete_webhook(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    state.webhook = None
    if _flag(params, "drop_pending_updates"):
        state.updates.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict:
    info: JsonDict = {
        "url": state.webhook["url"] if state.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    if state.webhook:
        info["max_connections"] = state.webhook["max_connections"]
    if state.allowed_updates:
        info["allowed_updates"] = state.allowed_updates
    return info


# -- messages ------------------------------------------------------------------------------


@method("sendMessage")
def send_message(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
    chat = _target_chat(state, params)
    parse_mode = params.get("parse_mode")
    formatted = format_text(params.get("text"), parse_mode, params.get("entities"))
    markup = check_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(state, chat, params)
    message = state.new_message(
        chat,
        state.bot,
        text=formatted.text,
        entities=formatted.entities,
        raw_text=str(params["text"]),
        parse_mode=parse_mode,
        reply_markup=markup,
        reply_to=reply_to,
    )
    return message.to_api()


@method("sendDocument")
def send_document(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
    chat = _target_chat(state, params)
    stored = _input_file(state, params, files, "document")
    parse_mode = params.get("parse_mode")
    caption = format_text(
        params.get("caption"), parse_mode, params.get("caption_entities"), caption=True
    )
    markup = check_reply_markup(params.get("reply_markup"))
    reply_to = _reply_target(state, chat, params)
    message = state.new_message(
        chat,
        state.bot,
        document=stored.document(),
        caption=caption.text or None,
        caption_entities=caption.entities,
        raw_text=params.get("caption"),
        parse_mode=parse_mode,
        reply_markup=markup,
        reply_to=reply_to,
    )
    return message.to_api()


@method("sendChatAction")
def send_chat_action(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    _target_chat(state, params)
    if _required(params, "action") not in CHAT_ACTIONS:
        raise ApiError.bad_request("wrong parameter action in request")
    return True


def _editable_message(state: ServerData, params: JsonDict, missing: str) -> ChatMessage:
    chat = _target_chat(state, params)
    message_id = _int(
        _required(params, "message_id", "message identifier is not specified"), "message_id"
    )
    message = state.message(chat.id, message_id)
    if message is None or message.deleted:
        raise ApiError.bad_request(missing)
    if not message.from_bot:
        raise ApiError.bad_request("message can't be edited")
    return message


@method("editMessageText")
def edit_message_text(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict | bool:
    parse_mode = params.get("parse_mode")
    if params.get("inline_message_id"):
        format_text(params.get("text"), parse_mode, params.get("entities"))
        check_reply_markup(params.get("reply_markup"))
        return True
    message = _editable_message(state, params, "message to edit not found")
    if message.text is None:
        raise ApiError.bad_request("there is no text in the message to edit")
    formatted = format_text(params.get("text"), parse_mode, params.get("entities"))
    # Telegram removes the inline keyboard when an edit does not repeat it.
    markup = check_reply_markup(params.get("reply_markup"))
    if (formatted.text, formatted.entities, markup) == (
        message.text,
        message.entities,
        message.reply_markup,
    ):
        raise ApiError.bad_request(NOT_MODIFIED)
    message.text, message.entities = formatted.text, formatted.entities
    message.raw_text, message.parse_mode = str(params["text"]), parse_mode
    message.reply_markup = markup
    state.record_edit("editMessageText", message)
    return message.to_api()


@method("editMessageCaption")
def edit_message_caption(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict | bool:
    parse_mode = params.get("parse_mode")
    if params.get("inline_message_id"):
        return True
    message = _editable_message(state, params, "message to edit not found")
    if message.document is None:
        raise ApiError.bad_request("there is no caption in the message to edit")
    caption = format_text(
        params.get("caption"), parse_mode, params.get("caption_entities"), caption=True
    )
    markup = check_reply_markup(params.get("reply_markup"))
    if (caption.text or None, caption.entities, markup) == (
        message.caption,
        message.caption_entities,
        message.reply_markup,
    ):
        raise ApiError.bad_request(NOT_MODIFIED)
    message.caption, message.caption_entities = caption.text or None, caption.entities
    message.raw_text, message.parse_mode = params.get("caption"), parse_mode
    message.reply_markup = markup
    state.record_edit("editMessageCaption", message)
    return message.to_api()


@method("editMessageReplyMarkup")
def edit_message_reply_markup(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict | bool:
    markup = check_reply_markup(params.get("reply_markup"))
    if params.get("inline_message_id"):
        return True
    message = _editable_message(state, params, "message to edit not found")
    if markup == message.reply_markup:
        raise ApiError.bad_request(NOT_MODIFIED)
    message.reply_markup = markup
    state.record_edit("editMessageReplyMarkup", message)
    return message.to_api()


@method("deleteMessage")
def delete_message(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    chat = _target_chat(state, params)
    message_id = _int(
        _required(params, "message_id", "message identifier is not specified"), "message_id"
    )
    message = state.message(chat.id, message_id)
    if message is None or message.deleted:
        raise ApiError.bad_request("message to delete not found")
    message.deleted = True
    return True


@method("deleteMessages")
def delete_messages(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    chat = _target_chat(state, params)
    for message_id in json_value(_required(params, "message_ids"), "message_ids"):
        message = state.message(chat.id, _int(message_id, "message_ids"))
        if message is not None:
            message.deleted = True
    return True


# -- queries -------------------------------------------------------------------------------


@method("answerCallbackQuery")
def answer_callback_query(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> bool:
    query_id = str(_required(params, "callback_query_id", QUERY_TOO_OLD))
    if query_id not in state.callback_queries or query_id in state.callback_answers:
        raise ApiError.bad_request(QUERY_TOO_OLD)
    text = params.get("text")
    if text is not None and len(str(text)) > CALLBACK_ANSWER_LIMIT:
        raise ApiError.bad_request("MESSAGE_TOO_LONG")
    state.callback_answers[query_id] = {
        "text": text,
        "show_alert": _flag(params, "show_alert"),
        "url": params.get("url"),
        "cache_time": params.get("cache_time"),
    }
    return True


@method("answerInlineQuery")
def answer_inline_query(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> bool:
    query_id = str(_required(params, "inline_query_id", QUERY_TOO_OLD))
    if query_id not in state.inline_queries or query_id in state.inline_answers:
        raise ApiError.bad_request(QUERY_TOO_OLD)
    state.inline_answers[query_id] = {
        "results": check_inline_results(_required(params, "results")),
        "cache_time": params.get("cache_time"),
        "is_personal": _flag(params, "is_personal"),
        "next_offset": params.get("next_offset"),
        "button": json_value(params["button"], "button") if params.get("button") else None,
    }
    return True


# -- chats ---------------------------------------------------------------------------------


@method("getChat")
def get_chat(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
    chat = _target_chat(state, params, sending=False)
    return {
        **chat.to_api(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


@method("getChatMember")
def get_chat_member(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> JsonDict:
    chat = _target_chat(state, params, sending=False)
    user_id = _int(_required(params, "user_id"), "user_id")
    if chat.type == "private" and user_id not in (chat.id, state.bot.id):
        raise ApiError.bad_request("user not found")
    status = state.member_status_of(chat.id, user_id)
    return chat_member(state.user_or_placeholder(user_id), status)


@method("getChatAdministrators")
def get_chat_administrators(
    state: ServerData, params: JsonDict, files: dict[str, UploadedFile]
) -> list[JsonDict]:
    chat = _target_chat(state, params, sending=False)
    if chat.type == "private":
        raise ApiError.bad_request("there are no administrators in the private chat")
    user_ids = [state.owners[chat.id]] if chat.id in state.owners else []
    user_ids += [user_id for user_id in state.admins.get(chat.id, []) if user_id not in user_ids]
    if state.member_status_of(chat.id, state.bot.id) == "administrator":
        user_ids.append(state.bot.id)
    return [
        chat_member(state.user_or_placeholder(user_id), state.member_status_of(chat.id, user_id))
        for user_id in user_ids
    ]


@method("leaveChat")
def leave_chat(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> bool:
    chat = _target_chat(state, params, sending=False)
    state.bot_status[chat.id] = "left"
    return True


# -- files ---------------------------------------------------------------------------------


@method("getFile")
def get_file(state: ServerData, params: JsonDict, files: dict[str, UploadedFile]) -> JsonDict:
    stored = state.files.get(str(_required(params, "file_id")))
    if stored is None:
        raise ApiError.bad_request("wrong file_id or the file is temporarily unavailable")
    if stored.file_size > DOWNLOAD_SIZE_LIMIT:
        raise ApiError.bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
        "file_path": stored.file_path,
    }
