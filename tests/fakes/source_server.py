"""A local HTTP server publishing a scripted list, as an NGO's site would, for the data sync.

    async with SourceServer() as server:
        server.script(
            SourceResponse(body=b"id,name\\n1,Ales\\n", headers={"ETag": '"v1"'},
                           honour_conditional=True),
        )
        first = await fetch_source(server.url)
        second = await fetch_source(server.url, etag='"v1"')      # answered 304
        assert server.requests[1].headers["If-None-Match"] == '"v1"'

Or take the ``source_server`` fixture: ``pytest_plugins = ["tests.fakes.source_server"]``.

It listens on 127.0.0.1 on a free port. Each GET (or HEAD) to a path takes the next response of
that path's script (``script(..., path=...)``; ``DEFAULT_PATH`` unless said); when a script runs
out its last response repeats, and a path without a script answers 404. Every request, to any
path and whatever its method, is recorded in ``requests`` as it arrives, before any delay.

A response can wait before answering (``delay``), send its body slowly (``trickle``), answer
304 to a matching conditional request (``honour_conditional``), go without Content-Length
(``chunked``), and produce its body while sending it (a callable body, see ``repeated``), so
that a 30 MB list never sits in memory. Waits end at once when the server closes.

PYTEST_DONT_REWRITE: this module asserts nothing, and the marker lets a test module both import
from it and load it with ``pytest_plugins`` without pytest warning that it came too late.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType

import pytest
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

DEFAULT_PATH = "/list.csv"
# Pieces written at a time when nothing asks for a trickle.
WRITE_SIZE = 64 * 1024

# A body: the bytes themselves, or a function making them piece by piece for each request.
Body = bytes | Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class Trickle:
    """Send a body in pieces of `chunk_size` bytes, `interval` seconds apart."""

    chunk_size: int = 1
    interval: float = 0.05


@dataclass(frozen=True)
class SourceResponse:
    """One scripted answer.

    A bytes body is sent with its Content-Length unless `chunked`; a callable body is sent
    chunked unless `headers` give a Content-Length (which then need not be true). Headers are
    sent as given, so Content-Encoding: gzip goes with a body the test compressed itself.
    """

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Body = b""
    delay: float = 0.0
    trickle: Trickle | None = None
    # Answer 304 (no body) when If-None-Match names the ETag, or when, without If-None-Match,
    # If-Modified-Since equals Last-Modified: servers really compare these strings for equality.
    honour_conditional: bool = False
    chunked: bool = False


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the server saw it, with the status it was (or is being) answered."""

    method: str
    path: str
    query: str
    headers: CIMultiDictProxy[str]
    status: int


def repeated(piece: bytes, total: int) -> Callable[[], Iterator[bytes]]:
    """Return a body of `total` bytes, `piece` over and over, made while it is sent."""
    block = piece * max(1, WRITE_SIZE // len(piece))

    def pieces() -> Iterator[bytes]:
        whole, rest = divmod(total, len(block))
        for _ in range(whole):
            yield block
        if rest:
            yield block[:rest]

    return pieces


@contextlib.contextmanager
def refused_url(path: str = DEFAULT_PATH) -> Iterator[str]:
    """Yield an http URL on 127.0.0.1 where connecting is refused.

    The port stays bound (without listening) for the block, so nothing else can take it.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}{path}"


class SourceServer:
    """A scripted HTTP server on 127.0.0.1 (a free port); see the module docstring."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port: int | None = None
        self.requests: list[RecordedRequest] = []
        self._scripts: dict[str, list[SourceResponse]] = {}
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()

    async def __aenter__(self) -> SourceServer:
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
        """Listen on a free port of `host`."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._serve)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        """Cut every wait and trickle short, then stop listening and drop every connection."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- script and addresses --------------------------------------------------------------

    def script(self, *responses: SourceResponse, path: str = DEFAULT_PATH) -> None:
        """Answer the next requests to `path` with `responses` in order, then the last again."""
        if not responses:
            raise ValueError("a script needs at least one response")
        self._scripts[path] = list(responses)

    @property
    def root_url(self) -> str:
        """Return http://127.0.0.1:port, without a path."""
        if self.port is None:
            raise RuntimeError("the server is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """Return the URL of DEFAULT_PATH."""
        return self.url_for(DEFAULT_PATH)

    def url_for(self, path: str) -> str:
        """Return the URL of `path` on this server."""
        return f"{self.root_url}{path}"

    def requests_to(self, path: str = DEFAULT_PATH) -> list[RecordedRequest]:
        """Return the requests made to `path`, in order."""
        return [request for request in self.requests if request.path == path]

    # -- HTTP ------------------------------------------------------------------------------

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        answer = self._answer_to(request)
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path,
                query=request.query_string,
                headers=CIMultiDictProxy(CIMultiDict(request.headers)),
                status=answer.status,
            )
        )
        await self._pause(answer.delay)
        response = web.StreamResponse(status=answer.status, headers=answer.headers)
        if answer.chunked:
            response.enable_chunked_encoding()
        elif isinstance(answer.body, bytes) and "Content-Length" not in response.headers:
            response.content_length = len(answer.body)
        # The client may give up (a timeout, a size limit) while we send: that is the point.
        with contextlib.suppress(ConnectionError):
            await response.prepare(request)
            await self._send_body(response, answer)
        return response

    def _answer_to(self, request: web.Request) -> SourceResponse:
        """Take the next scripted response for the request, or the 304 or error it gets."""
        if request.method not in ("GET", "HEAD"):
            return SourceResponse(status=405, headers={"Allow": "GET, HEAD"})
        script = self._scripts.get(request.path)
        if not script:
            return SourceResponse(status=404)
        scripted = script.pop(0) if len(script) > 1 else script[0]
        if scripted.honour_conditional and _matches_conditional(scripted, request):
            return _not_modified(scripted)
        return scripted

    async def _send_body(self, response: web.StreamResponse, answer: SourceResponse) -> None:
        size = answer.trickle.chunk_size if answer.trickle else WRITE_SIZE
        interval = answer.trickle.interval if answer.trickle else 0.0
        first = True
        for piece in _pieces(answer.body, size):
            if not first:
                await self._pause(interval)
            if self._closing.is_set():
                return
            await response.write(piece)
            first = False
        await response.write_eof()

    async def _pause(self, seconds: float) -> None:
        """Wait `seconds`, or less if the server closes meanwhile."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), seconds)


def _pieces(body: Body, size: int) -> Iterator[bytes]:
    """Yield the body in pieces of at most `size` bytes."""
    for block in [body] if isinstance(body, bytes) else body():
        view = memoryview(block)
        for start in range(0, len(view), size):
            yield bytes(view[start : start + size])


def _matches_conditional(scripted: SourceResponse, request: web.Request) -> bool:
    """Tell whether the request's validators match the scripted response's."""
    headers = CIMultiDict(scripted.headers)
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip() for tag in if_none_match.split(",")}
        return "*" in tags or headers.get("ETag") in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    return if_modified_since is not None and if_modified_since == headers.get("Last-Modified")


def _not_modified(scripted: SourceResponse) -> SourceResponse:
    """Return the 304 answer standing for `scripted`: its validators, no body."""
    kept = {
        name: value
        for name, value in scripted.headers.items()
        if name.lower() in ("etag", "last-modified", "cache-control")
    }
    return replace(scripted, status=304, headers=kept, body=b"", trickle=None, chunked=False)


@pytest.fixture
async def source_server() -> AsyncIterator[SourceServer]:
    """Yield a running SourceServer with an empty script (every path answers 404)."""
    async with SourceServer() as server:
        yield server
