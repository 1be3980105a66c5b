"""python-telegram-bot's requests to the Bot API over aiohttp rather than httpx.

python-telegram-bot lets a bot bring its own networking (`telegram.request.BaseRequest`). The
bot answers many chats at once, and measured under a burst of lookups its HTTPXRequest spent
more CPU than the handlers: httpx parses HTTP in pure Python (h11) and checks every pooled
connection on every request. aiohttp parses in C and hands out pooled connections in constant
time, so the same requests cost a fraction of that (bench/throughput.py prints the CPU per
update).

Requests without files go as one JSON body, as the Bot API accepts them; uploads as multipart
form data. Errors come out as python-telegram-bot's own: a timeout is `TimedOut`, any other
failure to talk to the server `NetworkError`; what the server answers is for `BaseRequest` to
read, as with httpx.
"""

from __future__ import annotations

import json

import aiohttp
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Seconds, as python-telegram-bot's HTTPXRequest has them.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
JSON_HEADERS = {"Content-Type": "application/json"}
Headers = dict[str, str]


class AiohttpRequest(BaseRequest):
    """Make the bot's Bot API calls on a pool of at most `connections` keep-alive connections."""

    __slots__ = ("_connect_timeout", "_connections", "_pool_timeout", "_read_timeout", "_session")

    def __init__(
        self,
        connections: int = 1,
        *,
        read_timeout: float | None = READ_TIMEOUT,
        connect_timeout: float | None = CONNECT_TIMEOUT,
        pool_timeout: float | None = POOL_TIMEOUT,
    ) -> None:
        """Keep up to `connections` connections; timeouts in seconds (None: wait for ever)."""
        self._connections = connections
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """Return how long a call waits for the answer unless it says otherwise (seconds)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the connection pool (python-telegram-bot calls this before the first request)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
                # Bot API answers are JSON: python-telegram-bot decodes them itself.
                auto_decompress=True,
            )

    async def shutdown(self) -> None:
        """Close the pool and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one call; return the HTTP status and the body as the server answered them.

        aiohttp has no timeout for writing a request: a call that cannot be written in time
        fails by its read timeout instead.
        """
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = aiohttp.ClientTimeout(
            total=None,
            # aiohttp counts the wait for a free pooled connection as part of connecting.
            connect=_sum(
                _given(pool_timeout, self._pool_timeout),
                _given(connect_timeout, self._connect_timeout),
            ),
            sock_read=_given(read_timeout, self._read_timeout),
        )
        try:
            data, headers = _body(request_data)
            async with session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """Return a call's own timeout, or the default where it left it out."""
    if isinstance(value, (int, float)) or value is None:
        return value
    return default


def _sum(*values: float | None) -> float | None:
    """Add timeouts; any of them None (no limit) makes the sum None."""
    return None if any(value is None for value in values) else sum(v for v in values if v)


def _body(request_data: RequestData | None) -> tuple[bytes | aiohttp.FormData | None, Headers]:
    """Return the request's body and the headers that say what it is."""
    if request_data is None:
        return None, {}
    if not request_data.contains_files:
        return json.dumps(request_data.parameters).encode(), JSON_HEADERS
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (file_name, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form, {}
