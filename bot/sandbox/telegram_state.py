"""An in-memory Telegram server for one bot, shared by the fake request layer and the HTTP fake.

The state knows what ``ServerData`` (server_data.py) holds: the bot, the users and chats it has
seen, every message in those chats and the updates waiting to be fetched; here it also records
every call the bot made. ``handle`` answers one Bot API call with the JSON Telegram would send
(see ``bot.sandbox.bot_api``); the ``*_update`` builders make incoming updates with the fields
Telegram fills in. Nothing here does I/O or waits: the fakes built on it subscribe to changes and
wait themselves.
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

from bot.sandbox import bot_api
from bot.sandbox.html_entities import utf16_length
from bot.sandbox.models import (
    ApiCall,
    ApiError,
    ChatMessage,
    FakeChat,
    FakeUser,
    JsonDict,
    UploadedFile,
    chat_member,
)
from bot.sandbox.server_data import (
    BOT_FIRST_NAME,
    BOT_USERNAME,
    DEFAULT_TOKEN,
    OPT_IN_UPDATE_KINDS,
    ServerData,
)

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "OPT_IN_UPDATE_KINDS",
    "FloodControl",
    "RandomFaults",
    "TelegramState",
    "command_entities",
]

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
    (a negative chat id) in a minute. A paid broadcast (``allow_paid_broadcast``) may go past
    the overall limit, up to ``paid_per_second`` sends of both kinds in a second; the per-chat
    and per-group limits hold for it too. Only accepted sends fill the windows. ``throttled``
    counts the refusals by the limit hit: "overall", "chat" or "group"; ``accepted_paid``
    counts the paid broadcasts among the ``accepted`` sends.
    """

    per_second: int = 30
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    methods: frozenset[str] = FLOOD_LIMITED_METHODS
    paid_per_second: int = 1000
    accepted: int = 0
    accepted_paid: int = 0
    throttled: Counter[str] = field(default_factory=Counter)
    _overall: deque[float] = field(default_factory=deque, repr=False)
    _chats: dict[int, deque[float]] = field(default_factory=dict, repr=False)

    @property
    def throttled_total(self) -> int:
        """Return how many sends were refused with 429."""
        return sum(self.throttled.values())

    def check(self, chat_id: int, now: float, *, paid: bool = False) -> None:
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
        overall = self.paid_per_second if paid else self.per_second
        self._refuse_if_full("overall", self._overall, overall, 1.0, now)

    def record(self, chat_id: int, now: float, *, paid: bool = False) -> None:
        """Count an accepted send to chat_id at now."""
        self.accepted += 1
        self.accepted_paid += paid
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


class TelegramState(ServerData):
    """A Telegram server for one bot: what it knows, the calls it answered, its faults."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = BOT_USERNAME,
        first_name: str = BOT_FIRST_NAME,
        clock: Callable[[], float] = time.time,
        allow_http_webhooks: bool = False,
    ) -> None:
        super().__init__(
            token,
            username=username,
            first_name=first_name,
            clock=clock,
            allow_http_webhooks=allow_http_webhooks,
        )
        self.calls: list[ApiCall] = []
        self.waiting_polls = 0  # getUpdates requests waiting for an update right now

        self._faults: list[_Fault] = []
        # Off unless a test asks for it: see enforce_flood_limits and fail_at_random.
        self.flood: FloodControl | None = None
        self.random_faults: RandomFaults | None = None

        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_001)
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
        paid = bot_api.paid_broadcast(params)
        try:
            self._raise_injected_fault(name, params)
            flood_chat = self._check_flood(name, params, paid=paid)
            result = bot_api.call(self, name, params, files)
        except ApiError as error:
            status, body = error.error_code, error.to_body()
        else:
            status, body = 200, {"ok": True, "result": result}
            if self.flood is not None and flood_chat is not None:
                self.flood.record(flood_chat, self.clock(), paid=paid)
        self.calls.append(ApiCall(name, params, files, status, body, at=self.clock()))
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
        paid_per_second: int = 1000,
    ) -> FloodControl:
        """Refuse sends beyond Telegram's flood limits with 429, as Telegram does; off by default.

        Return the FloodControl, whose ``throttled`` counts the refusals; set ``state.flood``
        to None to lift the limits again.
        """
        self.flood = FloodControl(
            per_second,
            per_chat_per_second,
            per_group_per_minute,
            frozenset(methods),
            paid_per_second=paid_per_second,
        )
        return self.flood

    def _check_flood(self, method: str, params: JsonDict, *, paid: bool) -> int | None:
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
        self.flood.check(chat_id, self.clock(), paid=paid)
        return chat_id

    # -- what the bot did ------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[ChatMessage]:
        """Return the messages the bot sent (to one chat, if given), oldest first."""
        return [m for m in self.sent if chat_id is None or m.chat_id == chat_id]

    def last_sent(self, chat_id: int | None = None) -> ChatMessage | None:
        sent = self.sent_messages(chat_id)
        return sent[-1] if sent else None

    def calls_to(self, method: str) -> list[ApiCall]:
        """Return the calls of one method (any letter case), oldest first."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    # -- updates ---------------------------------------------------------------------------

    def push_update(self, update: JsonDict) -> JsonDict:
        """Queue an update for getUpdates."""
        self.updates.append(update)
        self.notify()
        return update

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


def command_entities(text: str) -> list[JsonDict]:
    """Return the bot_command entity Telegram adds to a text starting with /command."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]
