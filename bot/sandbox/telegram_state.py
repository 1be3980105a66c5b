"""An in-memory Telegram server for one bot, shared by the fake request layer and the HTTP fake.

The state knows the bot, the users and chats it has seen, every message in those chats, every
call the bot made, and the updates waiting to be fetched. ``handle`` answers one Bot API call
with the JSON Telegram would send (see ``bot.sandbox.bot_api``); the ``*_update`` builders make
incoming updates with the fields Telegram fills in. Nothing here does I/O or waits: the fakes
built on it subscribe to changes and wait themselves.
"""

from __future__ import annotations

import itertools
import math
import mimetypes
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox import bot_api
from bot.sandbox.html_entities import utf16_length
from bot.sandbox.models import (
    ApiCall,
    ApiError,
    ChatMessage,
    Edit,
    FakeChat,
    FakeUser,
    JsonDict,
    StoredFile,
    UploadedFile,
    chat_member,
    scope_key,
)

# The fake's own token: it opens nothing but this in-memory state. Joined from its two parts
# so that secret scanners, rightly strict about token-shaped strings, do not take it for one.
DEFAULT_TOKEN = ":".join(("123456789", "TEST-token-for-the-fake-bot-api-server"))
BOT_USERNAME = "solidarity_test_bot"
BOT_FIRST_NAME = "Solidarity Test Bot"

# Update kinds Telegram leaves out unless a bot asks for them by name.
OPT_IN_UPDATE_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

DEFAULT_FAULT_DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


# The methods flood control limits: those that post a message into a chat.
FLOOD_LIMITED_METHODS = frozenset({"sendMessage", "sendDocument"})


@dataclass
class _Fault:
    method: str  # lower case
    error: ApiError
    remaining: int
    chat_id: int | None


@dataclass
class FloodControl:
    """Telegram's flood limits on sending, enforced over sliding windows of the state's clock.

    A send is refused with 429 "Too Many Requests: retry after N" (and parameters.retry_after
    = N, the whole seconds until the window has room again, at least 1) when it would be more
    than ``per_second`` sends in any second overall, more than ``per_chat_per_second`` to one
    private chat in a second, or more than ``per_group_per_minute`` to one group or channel
    (a negative chat id) in a minute. Only accepted sends fill the windows. ``throttled``
    counts the refusals by the limit hit: "overall", "chat" or "group".
    """

    per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    methods: frozenset[str] = FLOOD_LIMITED_METHODS
    accepted: int = 0
    throttled: Counter[str] = field(default_factory=Counter)
    _overall: deque[float] = field(default_factory=deque, repr=False)
    _chats: dict[int, deque[float]] = field(default_factory=dict, repr=False)

    @property
    def throttled_total(self) -> int:
        """Return how many sends were refused with 429."""
        return sum(self.throttled.values())

    def check(self, chat_id: int, now: float) -> None:
        """Raise the 429 Telegram gives if a send to chat_id now would break a limit."""
        if chat_id < 0:
            chat_limit, chat_window = self.per_group_per_minute, 60.0
            chat_reason = "group"
        else:
            chat_limit, chat_window = self.per_chat_per_second, 1.0
            chat_reason = "chat"
        sent = self._chats.get(chat_id)
        if sent is not None:
            self._refuse_if_full(chat_reason, sent, chat_limit, chat_window, now)
        self._refuse_if_full("overall", self._overall, self.per_second, 1.0, now)

    def record(self, chat_id: int, now: float) -> None:
        """Count an accepted send to chat_id at now."""
        self.accepted += 1
        self._overall.append(now)
        self._chats.setdefault(chat_id, deque()).append(now)

    def _refuse_if_full(
        self, reason: str, sent: deque[float], limit: int, window: float, now: float
    ) -> None:
        # A send exactly `window` seconds ago has left the window.
        while sent and sent[0] <= now - window:
            sent.popleft()
        if len(sent) < limit:
            return
        # Room comes back when the send that made the window full leaves it.
        retry_after = max(1, math.ceil(sent[-limit] + window - now))
        self.throttled[reason] += 1
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )


@dataclass
class RandomFaults:
    """Server errors (500, 502) answered to a share of the calls of each method; off by default.

    ``probabilities`` maps a method name (any letter case) to the share of its calls that fail;
    the key "*" covers the methods not named. Every method draws from its own generator, seeded
    with ``seed`` and the method's name, so the same seed fails the same calls of a method however
    calls of other methods interleave with them. A failed call does nothing: the fault comes
    before the method runs, so a failed sendMessage delivered nothing. ``injected`` counts the
    faults by method and ``calls`` the calls looked at, by method (canonical names).
    """

    probabilities: dict[str, float]
    seed: int = 0
    codes: tuple[int, ...] = (500, 502)
    injected: Counter[str] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)
    _generators: dict[str, random.Random] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.probabilities = {name.lower(): p for name, p in self.probabilities.items()}
        for name, share in self.probabilities.items():
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"the share of failing {name} calls must be in 0..1: {share}")
        if not self.codes:
            raise ValueError("give at least one status code")

    @property
    def injected_total(self) -> int:
        """Return how many calls were answered with an injected error."""
        return sum(self.injected.values())

    def share(self, method: str) -> float:
        """Return the share of calls of method that fail."""
        return self.probabilities.get(method.lower(), self.probabilities.get("*", 0.0))

    def draw(self, method: str) -> ApiError | None:
        """Decide the fate of one call of method: the error to answer, or None to serve it."""
        self.calls[method] += 1
        generator = self._generators.get(method)
        if generator is None:
            # Reproducible faults, not secrets: a seeded generator is the point.
            generator = self._generators[method] = random.Random(f"{self.seed}:{method}")  # noqa: S311
        # Two draws for every call, failing or not, so each call's fate depends only on its rank.
        roll, code = generator.random(), generator.choice(self.codes)
        if roll >= self.share(method):
            return None
        self.injected[method] += 1
        return ApiError(code, DEFAULT_FAULT_DESCRIPTIONS.get(code, "Internal Server Error"))


class TelegramState:
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
        self.calls: list[ApiCall] = []

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
        self.waiting_polls = 0  # getUpdates requests waiting for an update right now

        self.bot_status: dict[int, str] = {}  # chat id -> the bot's membership status
        self.owners: dict[int, int] = {}
        self.admins: dict[int, list[int]] = {}
        self.member_status: dict[tuple[int, int], str] = {}

        self._forbidden: dict[int, str] = {}
        self._missing_chats: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._faults: list[_Fault] = []
        # Off unless a test asks for it: see enforce_flood_limits and fail_at_random.
        self.flood: FloodControl | None = None
        self.random_faults: RandomFaults | None = None

        self._last_message_id: dict[int, int] = {}
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(1001)
        self._query_ids = itertools.count(4_000_000_001)
        self._file_ids = itertools.count(1)
        self._poll_generation = 0
        self._listeners: list[Callable[[], None]] = []

    # -- answering calls -------------------------------------------------------------------

    def handle(
        self, method: str, params: JsonDict, files: dict[str, UploadedFile] | None = None
    ) -> tuple[int, JsonDict]:
        """Answer one Bot API call: return the HTTP status and the JSON body."""
        files = files or {}
        name = bot_api.canonical_name(method)
        flood_chat: int | None = None
        try:
            self._raise_injected_fault(name, params)
            flood_chat = self._check_flood(name, params)
            result = bot_api.call(self, name, params, files)
        except ApiError as error:
            status, body = error.error_code, error.to_body()
        else:
            status, body = 200, {"ok": True, "result": result}
            if self.flood is not None and flood_chat is not None:
                self.flood.record(flood_chat, self.clock())
        self.calls.append(ApiCall(name, params, files, status, body))
        self.notify()
        return status, body

    def is_valid_token(self, token: str) -> bool:
        return token == self.token

    # -- waiting support -------------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call listener after every change; return a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def notify(self) -> None:
        """Tell every listener that something changed."""
        for listener in list(self._listeners):
            listener()

    def begin_poll(self) -> int:
        """Start a getUpdates request; an older one still waiting is now in conflict."""
        self._poll_generation += 1
        self.notify()
        return self._poll_generation

    def is_current_poll(self, generation: int) -> bool:
        return generation == self._poll_generation

    # -- fault injection -------------------------------------------------------------------

    def block(self, chat_id: int) -> None:
        """Make the user block the bot: sends to the chat fail with 403."""
        self.bot_status[chat_id] = "kicked"

    def unblock(self, chat_id: int) -> None:
        self.bot_status[chat_id] = "member"
        self._forbidden.pop(chat_id, None)

    def deactivate(self, chat_id: int) -> None:
        """Make the user delete their account: sends fail with 403."""
        self._forbidden[chat_id] = "user is deactivated"

    def chat_not_found(self, chat_id: int) -> None:
        """Make every call about this chat fail with 400 "chat not found"."""
        self._missing_chats.add(chat_id)

    def migrate(self, chat_id: int, new_chat_id: int) -> FakeChat:
        """Upgrade a group to a supergroup: calls with the old id fail with migrate_to_chat_id."""
        old = self.chats.get(chat_id)
        title = old.title if old else "Solidarity supergroup"
        self._migrated[chat_id] = new_chat_id
        return self.add_chat(FakeChat(id=new_chat_id, type="supergroup", title=title))

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        count: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next count calls of method (for chat_id, if given) fail with this error."""
        parameters: JsonDict = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if description is None:
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
                parameters.setdefault("retry_after", retry_after or 1)
            else:
                description = DEFAULT_FAULT_DESCRIPTIONS.get(error_code, "Internal Server Error")
        error = ApiError(error_code, description, parameters or None)
        self._faults.append(_Fault(method.lower(), error, count, chat_id))

    def _raise_injected_fault(self, method: str, params: JsonDict) -> None:
        for fault in self._faults:
            if fault.method != method.lower():
                continue
            if fault.chat_id is not None and str(params.get("chat_id")) != str(fault.chat_id):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            raise fault.error
        if self.random_faults is not None and (error := self.random_faults.draw(method)):
            raise error

    def fail_at_random(
        self,
        probabilities: dict[str, float],
        *,
        seed: int = 0,
        codes: tuple[int, ...] = (500, 502),
    ) -> RandomFaults:
        """Answer a share of each method's calls with a server error, chosen by a seeded RNG.

        Off by default; faults set with fail_next come first. Return the RandomFaults, whose
        ``injected`` counts the errors answered; set ``state.random_faults`` to None to stop.
        """
        self.random_faults = RandomFaults(dict(probabilities), seed, tuple(codes))
        return self.random_faults

    def enforce_flood_limits(
        self,
        per_second: int = 30,
        per_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
        *,
        methods: frozenset[str] = FLOOD_LIMITED_METHODS,
    ) -> FloodControl:
        """Refuse sends beyond Telegram's flood limits with 429, as Telegram does; off by default.

        Return the FloodControl, whose ``throttled`` counts the refusals; set ``state.flood``
        to None to lift the limits again.
        """
        self.flood = FloodControl(
            per_second, per_chat_per_second, per_group_per_minute, frozenset(methods)
        )
        return self.flood

    def _check_flood(self, method: str, params: JsonDict) -> int | None:
        """Raise 429 if this send breaks a flood limit; return the chat id it counts against."""
        if self.flood is None or method not in self.flood.methods:
            return None
        raw = params.get("chat_id")
        if isinstance(raw, str) and raw.startswith("@"):
            try:
                chat_id = self.chat_by_username(raw).id
            except ApiError:
                return None  # the method itself answers "chat not found"
        else:
            try:
                chat_id = int(str(raw))
            except ValueError:
                return None  # the method itself refuses the parameter
        self.flood.check(chat_id, self.clock())
        return chat_id

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

    # -- what the bot did ------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[ChatMessage]:
        """Return the messages the bot sent (to one chat, if given), oldest first."""
        return [m for m in self.sent if chat_id is None or m.chat_id == chat_id]

    def last_sent(self, chat_id: int | None = None) -> ChatMessage | None:
        sent = self.sent_messages(chat_id)
        return sent[-1] if sent else None

    def message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        return self.messages.get((chat_id, message_id))

    def calls_to(self, method: str) -> list[ApiCall]:
        """Return the calls of one method (any letter case), oldest first."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def get_commands(
        self, scope: JsonDict | None = None, language_code: str = ""
    ) -> list[JsonDict]:
        """Return the command menu set for this scope and language, as getMyCommands would."""
        return list(self.commands.get((scope_key(scope), language_code), []))

    # -- updates ---------------------------------------------------------------------------

    def push_update(self, update: JsonDict) -> JsonDict:
        """Queue an update for getUpdates."""
        self.updates.append(update)
        self.notify()
        return update

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

    def _update(self, kind: str, payload: JsonDict) -> JsonDict:
        return {"update_id": next(self._update_ids), kind: payload}

    def message_update(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        text: str = "",
        *,
        reply_to: ChatMessage | None = None,
    ) -> JsonDict:
        """Build a text message update; a leading /command gets its bot_command entity."""
        chat = self._chat_of(user, chat)
        message = self.new_message(
            chat, user, text=text, entities=command_entities(text), reply_to=reply_to
        )
        kind = "channel_post" if chat.type == "channel" else "message"
        return self._update(kind, message.to_api())

    def forwarded_update(
        self, user: FakeUser, source: FakeChat, text: str, chat: FakeChat | None = None
    ) -> JsonDict:
        """Build a message in which user forwards a post of the channel `source`."""
        chat = self._chat_of(user, chat)
        self.add_chat(source)
        post = self.new_message(source, self.user_or_placeholder(user.id), text=text)
        origin = {
            "type": "channel",
            "chat": source.to_api(),
            "message_id": post.message_id,
            "date": post.date,
        }
        message = self.new_message(chat, user, text=text, extra={"forward_origin": origin})
        return self._update("message", message.to_api())

    def migration_updates(
        self, user: FakeUser, group: FakeChat, supergroup_id: int
    ) -> tuple[JsonDict, JsonDict]:
        """Upgrade a group to a supergroup; return the two service messages Telegram sends."""
        supergroup = self.migrate(group.id, supergroup_id)
        old = self.new_message(group, user, extra={"migrate_to_chat_id": supergroup_id})
        new = self.new_message(supergroup, user, extra={"migrate_from_chat_id": group.id})
        return self._update("message", old.to_api()), self._update("message", new.to_api())

    def edited_message_update(self, message: ChatMessage, text: str) -> JsonDict:
        """Build the update Telegram sends when a user edits their message."""
        message.text = text
        message.entities = command_entities(text)
        message.edit_date = self.now()
        kind = "edited_channel_post" if message.chat.type == "channel" else "edited_message"
        return self._update(kind, message.to_api())

    def document_update(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        filename: str = "document.csv",
        content: bytes = b"",
        mime_type: str | None = None,
        *,
        caption: str | None = None,
    ) -> JsonDict:
        """Build a message with a document, registered for getFile and download."""
        chat = self._chat_of(user, chat)
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self.register_file(content, file_name=filename, mime_type=mime_type)
        message = self.new_message(
            chat,
            user,
            document=stored.document(),
            caption=caption,
            caption_entities=command_entities(caption or ""),
        )
        return self._update("message", message.to_api())

    def callback_update(self, user: FakeUser, message: ChatMessage, data: str) -> JsonDict:
        """Build the callback query a press on an inline button of message sends."""
        query_id = str(next(self._query_ids))
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": message.to_api(),
            "chat_instance": str(abs(message.chat_id) * 31 + 7),
            "data": data,
        }
        self.callback_queries[query_id] = query
        return self._update("callback_query", query)

    def inline_query_update(
        self, user: FakeUser, query: str, *, offset: str = "", chat_type: str = "sender"
    ) -> JsonDict:
        """Build an inline query typed after the bot's username."""
        query_id = str(next(self._query_ids))
        payload = {
            "id": query_id,
            "from": user.to_api(),
            "query": query,
            "offset": offset,
            "chat_type": chat_type,
        }
        self.inline_queries[query_id] = payload
        return self._update("inline_query", payload)

    def my_chat_member_update(
        self, user: FakeUser, chat: FakeChat, old_status: str, new_status: str
    ) -> JsonDict:
        """Build a change of the bot's own membership, made by user, and apply it."""
        self.add_chat(chat)
        self.bot_status[chat.id] = new_status
        payload = {
            "chat": chat.to_api(),
            "from": user.to_api(),
            "date": self.now(),
            "old_chat_member": chat_member(self.bot, old_status),
            "new_chat_member": chat_member(self.bot, new_status),
        }
        return self._update("my_chat_member", payload)

    def blocked_update(self, user: FakeUser) -> JsonDict:
        """Build the update sent when user blocks the bot."""
        return self.my_chat_member_update(user, self._chat_of(user, None), "member", "kicked")

    def unblocked_update(self, user: FakeUser) -> JsonDict:
        """Build the update sent when user restarts the bot after blocking it."""
        return self.my_chat_member_update(user, self._chat_of(user, None), "kicked", "member")

    def added_to_chat_update(
        self, user: FakeUser, chat: FakeChat, *, status: str = "member"
    ) -> JsonDict:
        """Build the update sent when user adds the bot to a group or channel."""
        return self.my_chat_member_update(user, chat, "left", status)

    def removed_from_chat_update(self, user: FakeUser, chat: FakeChat) -> JsonDict:
        """Build the update sent when user removes the bot from a group or channel."""
        old = self.bot_status.get(chat.id, "member")
        return self.my_chat_member_update(user, chat, old, "left")

    def _chat_of(self, user: FakeUser, chat: FakeChat | None) -> FakeChat:
        self.users.setdefault(user.id, user)
        if chat is None:
            chat = self.chats.get(user.id) or FakeChat.private(user)
        return self.add_chat(chat)


def update_kind(update: JsonDict) -> str:
    return next(key for key in update if key != "update_id")


def is_allowed(kind: str, allowed: list[str] | None) -> bool:
    """Return whether a bot gets this update kind: the kinds it named, else all but opt-in ones."""
    if not allowed:
        return kind not in OPT_IN_UPDATE_KINDS
    return kind in allowed


def command_entities(text: str) -> list[JsonDict]:
    """Return the bot_command entity Telegram adds to a text starting with /command."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]
