"""A python-telegram-bot request layer that answers from a TelegramState, without a network.

PTB sends every Bot API call through ``BaseRequest.do_request``; ``FakeRequest`` decodes the
parameters and files of that call, lets the state answer, and hands back the JSON bytes. The
bot under test runs its real code path (serialisation, error mapping, ``RetryAfter``...).

Network trouble, off unless a test asks: ``latency`` delays every answer by a seeded random
time; ``async with request.unreachable():`` refuses every call, as a dropped connection would,
and ends a long poll waiting at that moment the same way.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from telegram.error import NetworkError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from bot.sandbox.models import JsonDict, UploadedFile
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.waiting import long_poll

API_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")

UNAUTHORIZED: JsonDict = {"ok": False, "error_code": 401, "description": "Unauthorized"}
NOT_FOUND: JsonDict = {"ok": False, "error_code": 404, "description": "Not Found"}

AppT = TypeVar("AppT", bound=Application[Any, Any, Any, Any, Any, Any])

# What PTB's own request layer raises when Telegram cannot be reached.
UNREACHABLE = "httpx.ConnectError: All connection attempts failed"


@dataclass
class Latency:
    """A delay before every answer, drawn uniformly from [low, high] seconds by a seeded RNG.

    ``delays`` keeps every delay drawn, in order (getUpdates' long wait not included).
    """

    low: float = 0.0
    high: float = 0.2
    seed: int = 0
    delays: list[float] = field(default_factory=list)
    _generator: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.low <= self.high:
            raise ValueError(f"need 0 <= low <= high, got {self.low} and {self.high}")
        # Reproducible delays, not secrets: a seeded generator is the point.
        self._generator = random.Random(self.seed)  # noqa: S311

    def draw(self) -> float:
        delay = self._generator.uniform(self.low, self.high)
        self.delays.append(delay)
        return delay


def decode_request_data(
    request_data: RequestData | None,
) -> tuple[JsonDict, dict[str, UploadedFile]]:
    """Return the parameters (plain JSON values) and uploaded files of a PTB request."""
    if request_data is None:
        return {}, {}
    params = json.loads(json.dumps(request_data.parameters))
    files = {}
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content.read() if hasattr(content, "read") else content
        files[name] = UploadedFile(filename or name, bytes(data), mime_type)
    return params, files


def _json(status: int, body: JsonDict) -> tuple[int, bytes]:
    return status, json.dumps(body).encode()


class FakeRequest(BaseRequest):
    """Answer the bot's Bot API calls and file downloads from a TelegramState."""

    def __init__(
        self,
        state: TelegramState,
        *,
        max_poll_wait: float | None = None,
        latency: Latency | None = None,
    ) -> None:
        self.state = state
        # getUpdates waits at most this long, whatever timeout the bot asks for.
        self.max_poll_wait = max_poll_wait
        self.latency = latency
        # Calls refused while unreachable, long polls cut included.
        self.refused = 0
        self._offline = False

    @asynccontextmanager
    async def unreachable(self) -> AsyncIterator[None]:
        """Refuse every call for the body of an ``async with`` block; the state keeps going."""
        self._offline = True
        self.state.notify()  # a long poll waiting now is cut
        try:
            yield
        finally:
            self._offline = False
            self.state.notify()

    def _refuse_if_offline(self) -> None:
        if self._offline:
            self.refused += 1
            self.state.notify()
            raise NetworkError(UNREACHABLE)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to open: there is no connection."""

    async def shutdown(self) -> None:
        """Nothing to close: there is no connection."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        self._refuse_if_offline()
        status, body = await self._answer(url, request_data)
        if self.latency is not None:
            await asyncio.sleep(self.latency.draw())
            # Cut on its way back: what the call did is done, but the bot never hears of it.
            self._refuse_if_offline()
        return status, body

    async def _answer(self, url: str, request_data: RequestData | None) -> tuple[int, bytes]:
        path = urlsplit(url).path
        if match := FILE_PATH.search(path):
            if not self.state.is_valid_token(unquote(match["token"])):
                return _json(401, UNAUTHORIZED)
            content = self.state.download(unquote(match["path"]))
            return (200, content) if content is not None else _json(404, NOT_FOUND)
        match = API_PATH.search(path)
        if match is None:
            return _json(404, NOT_FOUND)
        if not self.state.is_valid_token(unquote(match["token"])):
            return _json(401, UNAUTHORIZED)
        params, files = decode_request_data(request_data)
        if match["method"].lower() == "getupdates":
            answer = await long_poll(
                self.state, params, max_wait=self.max_poll_wait, stopping=lambda: self._offline
            )
            # Cut by an outage: the bot never sees the answer, and the updates stay queued.
            self._refuse_if_offline()
            return _json(*answer)
        return _json(*self.state.handle(match["method"], params, files))


def fake_application_builder(
    state: TelegramState,
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """Return an ApplicationBuilder whose bot talks to state; add handlers after build()."""
    return (
        ApplicationBuilder()
        .token(state.token)
        .request(FakeRequest(state))
        .get_updates_request(FakeRequest(state))
    )


@asynccontextmanager
async def running_application(
    application: AppT,
    *,
    start: bool = False,
) -> AsyncIterator[AppT]:
    """Initialise the application (getMe goes to the fake) and run its post_init hook, as
    run_polling does; with start=True also start it (job queue included). Undo it all on exit."""
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        if start:
            await application.start()
        try:
            yield application
        finally:
            if start:
                await application.stop()
                if application.post_stop is not None:
                    await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
