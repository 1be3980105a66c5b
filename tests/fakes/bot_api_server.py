"""A local Bot API server over HTTP, for running the real bot process against a fake Telegram.

    async with FakeBotApiServer() as server:
        bot = await start_bot_process(env=server.env())   # BOT_API_BASE_URL=server.base_url ...
        server.send_text(alice, None, "/start")
        reply = await server.wait_for_message(alice.id)

It serves ``/bot<token>/<method>`` (GET or POST; query string, form, JSON or multipart bodies)
and ``/file/bot<token>/<file_path>`` from a ``TelegramState``. getUpdates long-polls with
offsets, limit and allowed_updates; while a webhook is set, updates are POSTed to it instead.
Test-side waits are driven by the state's change notifications, never by sleeping.

Network faults, all off unless a test asks: ``add_latency`` delays every answer by a seeded
random time; ``go_offline`` / ``go_online`` (or ``async with server.unreachable():``) stop
listening on the port, dropping every connection, and listen on the same port again. Errors
answered by Telegram itself are the state's: ``fail_next``, ``fail_at_random``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import unquote

import aiohttp
from aiohttp import web

from bot.sandbox.models import ApiCall, ChatMessage, FakeChat, FakeUser, JsonDict, UploadedFile
from bot.sandbox.request import NOT_FOUND, UNAUTHORIZED, Latency
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.sandbox.waiting import long_poll, wait_for

T = TypeVar("T")

DEFAULT_WAIT = 10.0
MAX_UPLOAD_BYTES = 64 * 1024 * 1024

# Parameters whose value is text even when it looks like JSON ("123", "true").
STRING_PARAMETERS = frozenset(
    {
        "action",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "certificate",
        "custom_title",
        "description",
        "document",
        "emoji",
        "file_id",
        "inline_message_id",
        "inline_query_id",
        "ip_address",
        "language_code",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "photo",
        "query",
        "secret_token",
        "short_description",
        "sticker",
        "switch_pm_parameter",
        "switch_pm_text",
        "text",
        "thumbnail",
        "title",
        "url",
        "video",
        "voice",
    }
)


def decode_form_value(name: str, value: str) -> Any:
    """Decode one form field as the Bot API does: JSON for numbers, booleans and objects."""
    if name in STRING_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_parameters(request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
    """Return the parameters and files of a Bot API request, from wherever they were sent."""
    params: JsonDict = {name: decode_form_value(name, v) for name, v in request.query.items()}
    files: dict[str, UploadedFile] = {}
    if not request.can_read_body:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params, files
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            files[name] = UploadedFile(value.filename, value.file.read(), value.content_type)
        else:
            params[name] = decode_form_value(name, str(value))
    return params, files


def _update_chat_id(update: JsonDict) -> int | None:
    for payload in update.values():
        if not isinstance(payload, dict):
            continue
        message = payload.get("message", payload)
        chat = message.get("chat") if isinstance(message, dict) else None
        if chat:
            return int(chat["id"])
    return None


class FakeBotApiServer:
    """A Bot API HTTP server on 127.0.0.1 (a free port), backed by a TelegramState."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        state: TelegramState | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        # A webhook on this machine has no certificate: let plain http ones through.
        self.state = state or TelegramState(token, allow_http_webhooks=True)
        self.host = host
        self.port: int | None = None
        self.webhook_errors: list[str] = []
        # Off by default: see add_latency and go_offline.
        self.latency: Latency | None = None
        self.outages = 0
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self._webhook_task: asyncio.Task[None] | None = None
        self._message_cursor: dict[int, int] = {}
        self._call_cursor: dict[str, int] = {}

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> FakeBotApiServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        await self._listen(0)
        self._webhook_task = asyncio.create_task(self._deliver_to_webhook())

    async def _listen(self, port: int) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._serve_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._serve_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _stop_listening(self) -> None:
        """Answer waiting long polls, then close the listening socket and every connection."""
        self._stopping = True
        self.state.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def close(self) -> None:
        """Answer waiting long polls, stop webhook delivery and close the listening socket."""
        self._stopping = True
        self.state.notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        await self._stop_listening()

    # -- network faults --------------------------------------------------------------------

    def add_latency(self, low: float = 0.0, high: float = 0.2, *, seed: int = 0) -> Latency:
        """Delay every answer by a random time in [low, high] seconds (seeded); off by default.

        Set ``server.latency`` to None to answer at once again.
        """
        self.latency = Latency(low, high, seed)
        return self.latency

    @property
    def online(self) -> bool:
        """Whether the server listens (it is, from start until go_offline or close)."""
        return self._runner is not None

    async def go_offline(self) -> None:
        """Become unreachable: stop listening and drop every connection, keeping all state.

        Long polls waiting at that moment are answered first (updates stay queued until a
        later getUpdates confirms them, as on Telegram); after that, connecting to the port is
        refused, and updates pushed meanwhile wait. Webhook delivery pauses too.
        """
        assert self.online, "the server is not listening"
        await self._stop_listening()
        self._stopping = False
        self.outages += 1

    async def go_online(self) -> None:
        """Listen again on the same port, after go_offline."""
        assert not self.online, "the server is not offline"
        assert self.port is not None, "the server was never started"
        await self._listen(self.port)
        self.state.notify()

    @contextlib.asynccontextmanager
    async def unreachable(self) -> AsyncIterator[None]:
        """Be offline for the body of an ``async with`` block."""
        await self.go_offline()
        try:
            yield
        finally:
            await self.go_online()

    # -- addresses -------------------------------------------------------------------------

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def root_url(self) -> str:
        assert self.port is not None, "the server is not started"
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The value for BOT_API_BASE_URL / ApplicationBuilder.base_url."""
        return f"{self.root_url}/bot"

    @property
    def file_url(self) -> str:
        """The value for BOT_API_FILE_URL / ApplicationBuilder.base_file_url."""
        return f"{self.root_url}/file/bot"

    def env(self) -> dict[str, str]:
        """Return the environment variables that point the bot at this server."""
        return {
            "BOT_TOKEN": self.token,
            "BOT_API_BASE_URL": self.base_url,
            "BOT_API_FILE_URL": self.file_url,
        }

    # -- HTTP ------------------------------------------------------------------------------

    async def _serve_method(self, request: web.Request) -> web.Response:
        if not self.state.is_valid_token(unquote(request.match_info["token"])):
            return web.json_response(UNAUTHORIZED, status=401)
        method = request.match_info["method"]
        try:
            params, files = await read_parameters(request)
        except ValueError:
            body = {"ok": False, "error_code": 400, "description": "Bad Request: can't parse JSON"}
            return web.json_response(body, status=400)
        if method.lower() == "getupdates":
            status, body = await long_poll(self.state, params, stopping=lambda: self._stopping)
        else:
            status, body = self.state.handle(method, params, files)
        if self.latency is not None:
            await asyncio.sleep(self.latency.draw())
        return web.json_response(body, status=status)

    async def _serve_file(self, request: web.Request) -> web.Response:
        if not self.state.is_valid_token(unquote(request.match_info["token"])):
            return web.json_response(UNAUTHORIZED, status=401)
        content = self.state.download(request.match_info["file_path"])
        if content is None:
            return web.json_response(NOT_FOUND, status=404)
        return web.Response(body=content, content_type="application/octet-stream")

    async def _deliver_to_webhook(self) -> None:
        """POST queued updates, one at a time and in order, while a webhook is set."""

        def next_delivery() -> tuple[JsonDict, JsonDict] | None:
            webhook = self.state.webhook
            if webhook is None or not self.online:
                return None
            updates = self.state.deliverable_updates(1)
            return (webhook, updates[0]) if updates else None

        async with aiohttp.ClientSession() as session:
            while True:
                delivery = await wait_for(self.state, next_delivery, seconds=3600)
                if delivery is None:
                    continue
                webhook, update = delivery
                headers = {}
                if webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(webhook["secret_token"])
                try:
                    async with session.post(webhook["url"], json=update, headers=headers) as reply:
                        delivered = 200 <= reply.status < 300
                        error = f"Wrong response from the webhook: {reply.status} {reply.reason}"
                except aiohttp.ClientError as exc:
                    delivered, error = False, f"Connection failed: {exc}"
                if delivered:
                    self.state.updates.remove(update)
                    self.state.notify()
                else:
                    webhook["last_error_message"] = error
                    self.webhook_errors.append(error)
                    # Telegram retries later; a short pause keeps a failing hook from spinning.
                    await asyncio.sleep(0.2)

    # -- driving the bot -------------------------------------------------------------------

    def push_update(self, update: JsonDict) -> JsonDict:
        """Queue an update; later waits for that chat look only at messages sent after it."""
        chat_id = _update_chat_id(update)
        if chat_id is not None:
            self._message_cursor[chat_id] = len(self.state.sent_messages(chat_id))
        return self.state.push_update(update)

    def send_text(self, user: FakeUser, chat: FakeChat | None, text: str) -> JsonDict:
        """Queue a text message from user (in their private chat when chat is None)."""
        return self.push_update(self.state.message_update(user, chat, text))

    def send_document(
        self,
        user: FakeUser,
        chat: FakeChat | None,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
    ) -> JsonDict:
        """Queue a message with a file the bot can download."""
        update = self.state.document_update(
            user, chat, filename, content, mime_type, caption=caption
        )
        return self.push_update(update)

    def press(self, user: FakeUser, message: ChatMessage, button_text: str) -> JsonDict:
        """Queue the callback query of pressing an inline button of message."""
        button = message.button(button_text)
        assert button is not None, f"no button {button_text!r} on {message!r}"
        assert "callback_data" in button, f"button {button_text!r} has no callback data"

        return self.push_update(self.state.callback_update(user, message, button["callback_data"]))

    # -- waiting for the bot ---------------------------------------------------------------

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[ChatMessage], bool] | None = None,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the failure message names the wait
    ) -> ChatMessage:
        """Return the next message the bot sends to chat_id (matching predicate, if given).

        "Next" means after the last update pushed for that chat and after the message the
        previous wait returned, so consecutive waits walk through the conversation.
        """
        start = self._message_cursor.get(chat_id, 0)

        def probe() -> tuple[int, ChatMessage] | None:
            sent = self.state.sent_messages(chat_id)
            for index in range(start, len(sent)):
                if predicate is None or predicate(sent[index]):
                    return index, sent[index]
            return None

        found = await wait_for(self.state, probe, timeout)
        if found is None:
            raise AssertionError(
                f"the bot sent no matching message to chat {chat_id} within {timeout} s; "
                f"it sent there: {self.state.sent_messages(chat_id)[start:]}; "
                f"its last calls: {self.state.calls[-8:]}"
            )
        index, message = found
        self._message_cursor[chat_id] = index + 1
        return message

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the failure message names the wait
    ) -> ApiCall:
        """Return the next call of method (matching predicate) not returned by an earlier wait."""
        key = method.lower()
        start = self._call_cursor.get(key, 0)

        def probe() -> tuple[int, ApiCall] | None:
            calls = self.state.calls_to(method)
            for index in range(start, len(calls)):
                if predicate is None or predicate(calls[index]):
                    return index, calls[index]
            return None

        found = await wait_for(self.state, probe, timeout)
        if found is None:
            raise AssertionError(
                f"the bot made no matching {method} call within {timeout} s; "
                f"its last calls: {self.state.calls[-8:]}"
            )
        index, call = found
        self._call_cursor[key] = index + 1
        return call

    async def wait_until(
        self,
        condition: Callable[[], T | None],
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the failure message names the wait
        what: str = "",
    ) -> T:
        """Return condition's first truthy value, re-checked whenever the state changes."""
        found = await wait_for(self.state, condition, timeout)
        if found is None:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        return found
