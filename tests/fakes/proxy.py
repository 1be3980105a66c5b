"""A small round-robin reverse proxy, as a deployment puts in front of several webhook workers.

Each request goes to the next worker in turn, path, body and headers (the webhook's secret
among them) unchanged; a worker that refuses the connection (it died) is skipped for the next,
as a proxy's passive health check would. It counts what each worker answered.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web

# Headers a webhook request carries that the worker reads.
PASSED_HEADERS = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


class RoundRobinProxy:
    """Listen on 127.0.0.1 and pass each request to the next of `backends` (base URLs)."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self.served = [0] * len(backends)
        self.skipped = [0] * len(backends)
        self._turn = itertools.cycle(range(len(backends)))
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """Return the proxy's base URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._pass)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def close(self) -> None:
        """Stop listening and close the connections to the workers."""
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _pass(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {
            name: request.headers[name] for name in PASSED_HEADERS if name in request.headers
        }
        for _ in self.backends:
            index = next(self._turn)
            try:
                async with self._session.request(
                    request.method,
                    self.backends[index] + request.path_qs,
                    data=body,
                    headers=headers,
                ) as reply:
                    answer = await reply.read()
                    self.served[index] += 1
                    return web.Response(
                        status=reply.status, body=answer, content_type=reply.content_type
                    )
            except aiohttp.ClientConnectionError:
                self.skipped[index] += 1
        return web.Response(status=502, text="no worker answers")


@asynccontextmanager
async def round_robin_proxy(backends: list[str]) -> AsyncIterator[RoundRobinProxy]:
    """Run a RoundRobinProxy in front of `backends` for the block."""
    proxy = RoundRobinProxy(backends)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.close()
