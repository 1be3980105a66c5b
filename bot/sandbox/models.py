"""Plain records of the fake Telegram server: users, chats, messages, files, calls and errors."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer such as ``400 Bad Request: chat not found``."""

    def __init__(
        self, error_code: int, description: str, parameters: JsonDict | None = None
    ) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad_request(cls, detail: str) -> ApiError:
        return cls(400, f"Bad Request: {detail}")

    @classmethod
    def forbidden(cls, detail: str) -> ApiError:
        return cls(403, f"Forbidden: {detail}")

    def to_body(self) -> JsonDict:
        body: JsonDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class FakeUser:
    """A Telegram user (or the bot itself) as it appears in updates."""

    id: int
    first_name: str = "Test"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass
class FakeChat:
    """A chat: private chats share their id with the user, groups and channels are negative."""

    id: int
    type: str = "private"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def private(cls, user: FakeUser) -> FakeChat:
        return cls(
            id=user.id,
            type="private",
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
        )

    @classmethod
    def group(cls, id: int = -4001, title: str = "Solidarity group") -> FakeChat:
        return cls(id=id, type="group", title=title)

    @classmethod
    def supergroup(cls, id: int = -1001000000001, title: str = "Solidarity supergroup") -> FakeChat:
        return cls(id=id, type="supergroup", title=title)

    @classmethod
    def channel(
        cls,
        id: int = -1002000000001,
        title: str = "Solidarity channel",
        username: str | None = None,
    ) -> FakeChat:
        return cls(id=id, type="channel", title=title, username=username)

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "type": self.type}
        for name in ("title", "username", "first_name", "last_name"):
            value = getattr(self, name)
            if value:
                data[name] = value
        return data


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    mime_type: str | None = None


@dataclass
class StoredFile:
    """A file the server knows: what getFile describes and the download URL serves."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def file_size(self) -> int:
        return len(self.content)

    def document(self) -> JsonDict:
        data: JsonDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data


@dataclass(eq=False)
class ChatMessage:
    """A message in a chat, sent by a user or by the bot; edits change it in place."""

    chat: FakeChat
    message_id: int
    sender: FakeUser
    date: int
    text: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    raw_text: str | None = None  # the text or caption parameter exactly as the bot sent it
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    caption: str | None = None
    caption_entities: list[JsonDict] = field(default_factory=list)
    document: JsonDict | None = None
    reply_to: ChatMessage | None = None
    edit_date: int | None = None
    deleted: bool = False
    # Fields of other message kinds, as the Bot API names them (forward_origin, migrate_to_chat_id).
    extra: JsonDict = field(default_factory=dict)

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def from_bot(self) -> bool:
        return self.sender.is_bot

    @property
    def inline_keyboard(self) -> list[list[JsonDict]]:
        """Return the rows of inline buttons, or an empty list."""
        if not self.reply_markup:
            return []
        return list(self.reply_markup.get("inline_keyboard", []))

    @property
    def buttons(self) -> list[JsonDict]:
        return [button for row in self.inline_keyboard for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [button["text"] for button in self.buttons]

    def button(self, text: str) -> JsonDict | None:
        """Return the inline button with exactly this text, if there is one."""
        return next((button for button in self.buttons if button["text"] == text), None)

    def to_api(self) -> JsonDict:
        """Return the message as the Bot API serialises it."""
        data: JsonDict = {
            "message_id": self.message_id,
            "from": self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.chat.type == "channel":
            del data["from"]
            data["sender_chat"] = self.chat.to_api()
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = self.entities
        if self.document is not None:
            data["document"] = self.document
        if self.caption is not None:
            data["caption"] = self.caption
            if self.caption_entities:
                data["caption_entities"] = self.caption_entities
        if self.reply_to is not None:
            reply = self.reply_to.to_api()
            reply.pop("reply_to_message", None)
            data["reply_to_message"] = reply
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        data.update(self.extra)
        # Telegram echoes only inline keyboards back; reply keyboards stay on the client.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        return data

    def __repr__(self) -> str:
        body = self.text if self.text is not None else f"[document] {self.caption or ''}"
        buttons = f" buttons={self.button_texts}" if self.buttons else ""
        return f"<ChatMessage {self.chat.id}/{self.message_id}: {body!r}{buttons}>"


@dataclass
class Edit:
    """One edit the bot made: the method and the new content."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    reply_markup: JsonDict | None


@dataclass
class ApiCall:
    """One request the bot made, with decoded parameters and the answer it got."""

    method: str
    params: JsonDict
    files: dict[str, UploadedFile]
    status: int
    response: JsonDict
    # When the server answered, on the state's clock (TelegramState.clock): compare calls with
    # one another, as in "no send within 3 s after the 429".
    at: float = field(default_factory=time.monotonic, compare=False)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        return self.response.get("description")

    def __repr__(self) -> str:
        params = json.dumps(self.params, ensure_ascii=False, default=str)
        if len(params) > 200:
            params = params[:200] + "..."
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"<ApiCall {self.method} {params} -> {outcome}>"


def scope_key(scope: JsonDict | None) -> str:
    """Return the canonical text of a BotCommandScope (none means the default scope)."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_post_messages",
    "can_edit_messages",
    "can_pin_messages",
)


def chat_member(user: FakeUser, status: str) -> JsonDict:
    """Return a ChatMember object with the fields its status requires."""
    member: JsonDict = {"user": user.to_api(), "status": status}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(_ADMIN_RIGHTS, True))
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in ("member", "left"):
        raise ValueError(f"unsupported chat member status {status!r}")
    return member
