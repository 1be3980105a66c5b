"""Fetch the published prisoner list over HTTP: conditional, bounded in time and size, discreet.

Only the fetch: parsing and applying the list are the callers'. Nothing here retries (the caller
backs off), and nothing logged or raised carries the URL's credentials, its query or the body.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import cast

import httpx

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT_SECONDS = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "solidarity-bot (+data sync)"
ACCEPT = "text/csv, application/json;q=0.9, */*;q=0.5"
NOT_A_URL = "[not a URL]"

_REDACTED = "[redacted]"
_DETAIL_LENGTH = 200
_UTF8_BOM = b"\xef\xbb\xbf"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<title",
    b"<meta",
    b"<script",
    b"<!--",
)
# How much of the body is looked at for an HTML start: enough for leading blank lines.
_SNIFF_BYTES = 4096
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_URL_IN_TEXT = re.compile(r"[a-z][a-z0-9+.-]*://[^\s'\"<>]+", re.IGNORECASE)


class FetchProblem(StrEnum):
    """What went wrong with a fetch; each value names a text shown to operators."""

    BAD_URL = "bad-url"
    NETWORK = "network"
    TIMEOUT = "timeout"
    HTTP_STATUS = "http-status"
    TOO_LARGE = "too-large"
    HTML = "html"
    EMPTY = "empty"


class FetchError(Exception):
    """A fetch that brought no list; `detail` is short and safe to log and show operators."""

    def __init__(self, problem: FetchProblem, detail: str) -> None:
        super().__init__(problem, detail)
        self.problem = problem
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.problem.value}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The list's bytes as served (decompressed, a UTF-8 BOM kept) and its validators."""

    # Up to 20 MB: kept out of the repr so that a logged or failing value stays readable.
    data: bytes = field(repr=False)
    etag: str | None
    last_modified: str | None
    size: int


@dataclass(frozen=True, slots=True)
class NotModified:
    """The server answered 304 to our conditional request: the list is as we have it."""


# -- URLs --------------------------------------------------------------------------------------


def source_problem(url: str) -> FetchProblem | None:
    """Return BAD_URL if the list may not be fetched from `url`, without fetching it."""
    return FetchProblem.BAD_URL if _url_flaw(url) else None


def redact_url(url: str) -> str:
    """Return `url` as scheme://host[:port]/path: no credentials, query or fragment."""
    try:
        return _redacted(httpx.URL(url))
    except httpx.InvalidURL:
        return NOT_A_URL


def _redacted(url: httpx.URL) -> str:
    """Return `url` without credentials, query or fragment (NOT_A_URL if it is not absolute)."""
    if not url.scheme or not url.host:
        return NOT_A_URL
    return str(url.copy_with(username=None, password=None, query=None, fragment=None))


def _url_flaw(url: str) -> str | None:
    """Say why the list may not be fetched from `url`, or return None."""
    try:
        return _parsed_url_flaw(httpx.URL(url))
    except httpx.InvalidURL:
        return "not a URL"


def _parsed_url_flaw(url: httpx.URL) -> str | None:
    """Say why the list may not be fetched from `url`, or return None."""
    if url.scheme not in ("http", "https") or not url.host:
        return "not an http(s) URL"
    # httpx takes "exa mple.org" and port 99999 without complaint; a request would fail later.
    if not _is_host(url.raw_host.decode("ascii", errors="replace")):
        return "not a valid host"
    if url.port is not None and not 0 < url.port < 65536:
        return "not a valid port"
    if url.scheme == "http" and not _is_loopback(url.host):
        return "use https (plain http only for this machine: 127.0.0.1, ::1, localhost)"
    return None


def _is_host(host: str) -> bool:
    """Tell whether `host` is an IP address or a DNS name (IDNs in their xn-- form)."""
    if _ip_address(host) is not None:
        return True
    labels = host.removesuffix(".").split(".")
    return len(host) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in labels)


def _is_loopback(host: str) -> bool:
    """Tell whether `host` names this machine: localhost, 127.0.0.0/8 or ::1."""
    address = _ip_address(host)
    return host == "localhost" or (address is not None and address.is_loopback)


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Return `host` as an IP address, or None if it is a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


# -- fetching ----------------------------------------------------------------------------------


async def fetch_source(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,  # noqa: ASYNC109 - bounds httpx as well
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.AsyncClient | None = None,
) -> Fetched | NotModified:
    """Fetch the list at `url`, or learn that it has not changed since `etag`/`last_modified`.

    Raises FetchError. A given `client` is used and left open; credentials come from `url`
    alone (the client's own auth, redirect and timeout settings are not used).
    """
    shown = redact_url(url)
    try:
        result = await _fetch(
            url,
            _request_headers(etag, last_modified),
            seconds=timeout,
            max_bytes=max_bytes,
            client=client,
        )
    except FetchError as error:
        logger.info("Fetching %s failed: %s", shown, error)
        raise
    if isinstance(result, NotModified):
        logger.info("Fetched %s: HTTP 304, not modified", shown)
    else:
        logger.info("Fetched %s: HTTP 200, %d bytes", shown, result.size)
    return result


def _request_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """Return the headers of a request, conditional when we hold validators."""
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


async def _fetch(
    url: str,
    headers: dict[str, str],
    *,
    seconds: float,
    max_bytes: int,
    client: httpx.AsyncClient | None,
) -> Fetched | NotModified:
    """Fetch within `seconds` overall, turning httpx's errors into FetchErrors."""
    flaw = _url_flaw(url)
    if flaw is not None:
        raise FetchError(FetchProblem.BAD_URL, flaw)
    target = httpx.URL(url)
    try:
        # httpx's timeouts bound each step (connect, each read); this bounds the whole, so a
        # server that trickles a byte a second is cut off too.
        async with asyncio.timeout(seconds):
            if client is not None:
                return await _follow(client, target, headers, seconds, max_bytes)
            async with httpx.AsyncClient() as own_client:
                return await _follow(own_client, target, headers, seconds, max_bytes)
    except (TimeoutError, httpx.TimeoutException) as error:
        raise FetchError(FetchProblem.TIMEOUT, _timeout_detail(error, seconds)) from None
    except httpx.HTTPError as error:
        # `from None`: httpx's exception holds the request, whose URL has the query in it.
        raise FetchError(FetchProblem.NETWORK, _network_detail(error, _secrets(target))) from None


async def _follow(
    client: httpx.AsyncClient,
    target: httpx.URL,
    headers: dict[str, str],
    seconds: float,
    max_bytes: int,
) -> Fetched | NotModified:
    """Send the request and follow redirects by hand, checking each URL before going there."""
    # The credentials go as an explicit auth, not in the URL, which httpx would log in full.
    request = client.build_request(
        "GET",
        target.copy_with(username=None, password=None),
        headers=headers,
        timeout=httpx.Timeout(seconds),
    )
    auth = _basic_auth(target)
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    for _ in range(MAX_REDIRECTS + 1):
        response = await client.send(request, auth=auth, stream=True, follow_redirects=False)
        try:
            if response.next_request is None:
                return await _read(response, conditional=conditional, max_bytes=max_bytes)
            request = _checked_redirect(target, response.next_request)
        finally:
            await response.aclose()
        # httpx has already dropped the Authorization header if the redirect leaves the origin;
        # sending `auth` again would put it back.
        auth = None
    raise FetchError(FetchProblem.HTTP_STATUS, f"more than {MAX_REDIRECTS} redirects")


def _basic_auth(url: httpx.URL) -> httpx.BasicAuth | None:
    """Return the basic auth for the user:password in `url`, if it has any."""
    if not url.username and not url.password:
        return None
    return httpx.BasicAuth(url.username, url.password)


def _checked_redirect(origin: httpx.URL, redirect: httpx.Request) -> httpx.Request:
    """Return `redirect` if it may be followed; raise BAD_URL before contacting it otherwise."""
    flaw = _parsed_url_flaw(redirect.url)
    if flaw is None and _is_loopback(redirect.url.host) and not _is_loopback(origin.host):
        # A public server must not point the bot at services listening on its own machine.
        flaw = "a public server may not redirect to this machine"
    if flaw is not None:
        raise FetchError(FetchProblem.BAD_URL, f"redirected to {_redacted(redirect.url)}: {flaw}")
    return redirect


async def _read(
    response: httpx.Response, *, conditional: bool, max_bytes: int
) -> Fetched | NotModified:
    """Turn the final answer into the list, NotModified, or a FetchError."""
    status = response.status_code
    if status == httpx.codes.NOT_MODIFIED and conditional:
        return NotModified()
    if status != httpx.codes.OK:
        raise FetchError(FetchProblem.HTTP_STATUS, _status_detail(status, conditional))
    _check_headers(response.headers, max_bytes)
    data = await _read_body(response, max_bytes)
    _check_body(data)
    return Fetched(
        data=data,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        size=len(data),
    )


def _status_detail(status: int, conditional: bool) -> str:
    """Describe an unusable status for operators."""
    detail = f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
    if status == httpx.codes.NOT_MODIFIED and not conditional:
        return f"{detail} to a request that was not conditional"
    return detail


def _check_headers(headers: httpx.Headers, max_bytes: int) -> None:
    """Refuse an HTML page or a declared size over the limit before reading the body."""
    media_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media_type in _HTML_TYPES:
        raise FetchError(FetchProblem.HTML, f"the server sent a web page ({media_type})")
    declared = _content_length(headers)
    if declared is not None and declared > max_bytes:
        raise FetchError(
            FetchProblem.TOO_LARGE,
            f"the server announced {declared} bytes; the limit is {max_bytes}",
        )


def _content_length(headers: httpx.Headers) -> int | None:
    """Return the declared Content-Length, or None if there is none that makes sense."""
    try:
        return int(headers.get("Content-Length", ""))
    except ValueError:
        return None


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """Read the decompressed body, stopping as soon as it grows past `max_bytes`."""
    body = bytearray()
    # aclosing: leaving the loop early must not leave httpx's generator for the GC to finish.
    # httpx types it as an AsyncIterator; it is an async generator, which has aclose().
    chunks = cast("AsyncGenerator[bytes, None]", response.aiter_bytes())
    async with contextlib.aclosing(chunks):
        async for chunk in chunks:
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(FetchProblem.TOO_LARGE, f"the body is over {max_bytes} bytes")
    return bytes(body)


def _check_body(data: bytes) -> None:
    """Refuse an empty body or a web page served as something else."""
    if not data.removeprefix(_UTF8_BOM).strip():
        raise FetchError(FetchProblem.EMPTY, "the server sent an empty body")
    start = data[:_SNIFF_BYTES].removeprefix(_UTF8_BOM).lstrip().lower()
    if start.startswith(_HTML_STARTS):
        raise FetchError(FetchProblem.HTML, "the server sent a web page")


# -- error details -----------------------------------------------------------------------------


def _timeout_detail(error: Exception, seconds: float) -> str:
    """Describe which time limit a fetch ran into."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"could not connect within {seconds:g} s"
    if isinstance(error, httpx.TimeoutException):
        return f"the server sent nothing for {seconds:g} s"
    return f"the list did not arrive within {seconds:g} s"


def _network_detail(error: httpx.HTTPError, secrets: Iterable[str]) -> str:
    """Describe a transport error without any URL's credentials or query."""
    message = _URL_IN_TEXT.sub(lambda found: redact_url(found.group()), str(error))
    for secret in secrets:
        message = message.replace(secret, _REDACTED)
    detail = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return detail[:_DETAIL_LENGTH]


def _secrets(url: httpx.URL) -> list[str]:
    """Return the parts of `url` that must never be shown, longest first, decoded and not."""
    parts = {
        url.username,
        url.password,
        url.userinfo.decode("ascii"),
        url.query.decode("ascii"),
        str(url.params),
    }
    return sorted((part for part in parts if part), key=len, reverse=True)
