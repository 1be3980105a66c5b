"""Fetching the published list: what operators get for each way a source can fail."""

from __future__ import annotations

import base64
import logging
import zlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpx
import pytest

from bot.fetching import (
    ACCEPT,
    DEFAULT_MAX_BYTES,
    USER_AGENT,
    Fetched,
    FetchError,
    FetchProblem,
    NotModified,
    fetch_source,
    redact_url,
    source_problem,
)
from tests.fakes.source_server import (
    SourceResponse,
    SourceServer,
    Trickle,
    refused_url,
    repeated,
)

pytest_plugins = ["tests.fakes.source_server"]

LIST = b"id,name,status\n1,Ales Bialiatski,in prison\n"
THIRTY_MB = 30 * 1024 * 1024
LOGIN_PAGE = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>...</body></html>"
PASSWORD = "pa55-w0rd-x"
QUERY_TOKEN = "tok-123-secret"


async def fetch_problem(url: str, **options: Any) -> FetchError:
    """Fetch `url` and return the FetchError it must end in."""
    with pytest.raises(FetchError) as caught:
        await fetch_source(url, **options)
    return caught.value


def gzip_bytes(pieces: Iterable[bytes]) -> bytes:
    """Gzip the pieces one at a time, so that a large body never sits in memory whole."""
    compressor = zlib.compressobj(wbits=31)
    compressed = [compressor.compress(piece) for piece in pieces]
    return b"".join([*compressed, compressor.flush()])


def with_credentials(url: str) -> str:
    """Return `url` with a user, PASSWORD and a query carrying QUERY_TOKEN."""
    return url.replace("http://", f"http://alice:{PASSWORD}@") + f"?token={QUERY_TOKEN}"


class LoopbackOnly(httpx.AsyncBaseTransport):
    """A real transport that records every host contacted and never leaves this machine."""

    def __init__(self) -> None:
        self.hosts: list[str] = []
        self._transport = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        if request.url.host != "127.0.0.1":
            raise httpx.ConnectError("tests stay on this machine", request=request)
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()


@pytest.fixture
async def loopback_client() -> AsyncIterator[tuple[httpx.AsyncClient, LoopbackOnly]]:
    transport = LoopbackOnly()
    async with httpx.AsyncClient(transport=transport) as client:
        yield client, transport


# -- a list, and the same list again ------------------------------------------------------------


async def test_a_list_comes_with_its_validators(source_server: SourceServer) -> None:
    source_server.script(
        SourceResponse(
            headers={
                "Content-Type": "text/csv",
                "ETag": '"v1"',
                "Last-Modified": "Wed, 01 Jul 2026 10:00:00 GMT",
            },
            body=LIST,
        )
    )

    result = await fetch_source(source_server.url)

    assert result == Fetched(
        data=LIST, etag='"v1"', last_modified="Wed, 01 Jul 2026 10:00:00 GMT", size=len(LIST)
    )
    [request] = source_server.requests
    assert request.headers["User-Agent"] == USER_AGENT == "solidarity-bot (+data sync)"
    assert request.headers["Accept"] == ACCEPT
    assert "If-None-Match" not in request.headers
    assert "If-Modified-Since" not in request.headers


async def test_an_unchanged_list_is_answered_304_and_a_changed_one_in_full(
    source_server: SourceServer,
) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Wed, 01 Jul 2026 10:00:00 GMT"}
    source_server.script(
        SourceResponse(headers=validators, body=LIST, honour_conditional=True),
        SourceResponse(headers=validators, body=LIST, honour_conditional=True),
        SourceResponse(headers={"ETag": '"v2"'}, body=LIST + b"2,Nasta Loika,in prison\n"),
    )
    first = await fetch_source(source_server.url)
    assert isinstance(first, Fetched)

    again = await fetch_source(
        source_server.url, etag=first.etag, last_modified=first.last_modified
    )
    changed = await fetch_source(
        source_server.url, etag=first.etag, last_modified=first.last_modified
    )

    assert again == NotModified()
    assert isinstance(changed, Fetched)
    assert changed.etag == '"v2"'
    assert b"Nasta Loika" in changed.data
    conditional = source_server.requests[1]
    assert conditional.headers["If-None-Match"] == '"v1"'
    assert conditional.headers["If-Modified-Since"] == "Wed, 01 Jul 2026 10:00:00 GMT"
    assert [request.status for request in source_server.requests] == [200, 304, 200]


async def test_a_304_to_an_unconditional_request_is_a_status_problem(
    source_server: SourceServer,
) -> None:
    source_server.script(SourceResponse(status=304))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.HTTP_STATUS
    assert "304" in error.detail


async def test_a_utf8_bom_is_kept_for_the_parsers(source_server: SourceServer) -> None:
    body = b"\xef\xbb\xbf" + LIST
    source_server.script(SourceResponse(headers={"Content-Type": "text/csv"}, body=body))

    result = await fetch_source(source_server.url)

    assert isinstance(result, Fetched)
    assert result.data == body
    assert result.size == len(body)


async def test_a_compressed_list_arrives_decompressed(source_server: SourceServer) -> None:
    source_server.script(
        SourceResponse(headers={"Content-Encoding": "gzip"}, body=gzip_bytes([LIST]))
    )

    result = await fetch_source(source_server.url)

    assert isinstance(result, Fetched)
    assert result.data == LIST


# -- answers that are not the list ------------------------------------------------------------


@pytest.mark.parametrize("status", [403, 404, 500, 503])
async def test_an_error_status_names_the_code(source_server: SourceServer, status: int) -> None:
    source_server.script(SourceResponse(status=status, body=b"oops"))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.HTTP_STATUS
    assert str(status) in error.detail


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param("text/html; charset=utf-8", LOGIN_PAGE, id="by-content-type"),
        pytest.param("text/plain", b"\xef\xbb\xbf\r\n  \n" + LOGIN_PAGE, id="by-body"),
        pytest.param("text/csv", b"<html><body>Captcha</body></html>", id="by-body-no-doctype"),
    ],
)
async def test_a_web_page_instead_of_the_list_is_refused(
    source_server: SourceServer, content_type: str, body: bytes
) -> None:
    source_server.script(SourceResponse(headers={"Content-Type": content_type}, body=body))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.HTML
    assert "Sign in" not in error.detail


@pytest.mark.parametrize("body", [b"", b"\xef\xbb\xbf\n \n"])
async def test_an_empty_answer_is_refused(source_server: SourceServer, body: bytes) -> None:
    source_server.script(SourceResponse(headers={"Content-Type": "text/csv"}, body=body))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.EMPTY


# -- size --------------------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_list_over_the_default_limit_is_too_large(
    source_server: SourceServer, chunked: bool
) -> None:
    headers = {} if chunked else {"Content-Length": str(THIRTY_MB)}
    source_server.script(SourceResponse(headers=headers, body=repeated(b"1,x\n", THIRTY_MB)))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.TOO_LARGE
    assert str(DEFAULT_MAX_BYTES) in error.detail


async def test_a_declared_size_over_the_limit_is_refused_without_reading_the_body(
    source_server: SourceServer,
) -> None:
    # One piece, then the server stalls: reading on would end in a timeout instead.
    source_server.script(
        SourceResponse(
            headers={"Content-Length": str(THIRTY_MB)},
            body=repeated(b"x", THIRTY_MB),
            trickle=Trickle(chunk_size=1024, interval=60.0),
        )
    )

    error = await fetch_problem(source_server.url, timeout=5.0)

    assert error.problem is FetchProblem.TOO_LARGE


async def test_the_limit_applies_to_the_decompressed_body(source_server: SourceServer) -> None:
    compressed = gzip_bytes(repeated(b"\0", THIRTY_MB)())
    assert len(compressed) < DEFAULT_MAX_BYTES // 100
    source_server.script(SourceResponse(headers={"Content-Encoding": "gzip"}, body=compressed))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.TOO_LARGE


async def test_a_list_of_exactly_the_limit_is_accepted(source_server: SourceServer) -> None:
    source_server.script(SourceResponse(body=LIST, chunked=True))

    result = await fetch_source(source_server.url, max_bytes=len(LIST))
    error = await fetch_problem(source_server.url, max_bytes=len(LIST) - 1)

    assert isinstance(result, Fetched)
    assert error.problem is FetchProblem.TOO_LARGE


# -- time and network --------------------------------------------------------------------------


async def test_a_server_slower_than_the_timeout_times_out(source_server: SourceServer) -> None:
    source_server.script(SourceResponse(body=LIST, delay=30.0))

    error = await fetch_problem(source_server.url, timeout=0.3)

    assert error.problem is FetchProblem.TIMEOUT


async def test_a_body_trickling_past_the_timeout_is_cut_off(source_server: SourceServer) -> None:
    # Each piece comes well within the timeout, so only the limit on the whole fetch ends it.
    source_server.script(
        SourceResponse(body=LIST * 100, trickle=Trickle(chunk_size=10, interval=0.05))
    )

    error = await fetch_problem(source_server.url, timeout=0.3)

    assert error.problem is FetchProblem.TIMEOUT


async def test_a_refused_connection_is_a_network_problem() -> None:
    with refused_url() as url:
        error = await fetch_problem(url)

    assert error.problem is FetchProblem.NETWORK


# -- redirects ---------------------------------------------------------------------------------


async def test_a_redirect_on_the_same_server_is_followed(source_server: SourceServer) -> None:
    source_server.script(SourceResponse(status=302, headers={"Location": "/v2/list.csv"}))
    source_server.script(SourceResponse(body=LIST), path="/v2/list.csv")

    result = await fetch_source(with_credentials(source_server.url))

    assert isinstance(result, Fetched)
    assert result.data == LIST
    assert [request.path for request in source_server.requests] == ["/list.csv", "/v2/list.csv"]
    # Same origin: the credentials still apply.
    assert all("Authorization" in request.headers for request in source_server.requests)


async def test_a_redirect_to_plain_http_elsewhere_is_refused_before_going_there(
    source_server: SourceServer,
    loopback_client: tuple[httpx.AsyncClient, LoopbackOnly],
) -> None:
    client, transport = loopback_client
    source_server.script(
        SourceResponse(status=302, headers={"Location": "http://example.org/list.csv?k=v"})
    )

    error = await fetch_problem(source_server.url, client=client)

    assert error.problem is FetchProblem.BAD_URL
    assert "http://example.org/list.csv" in error.detail
    assert "k=v" not in error.detail
    assert transport.hosts == ["127.0.0.1"]


async def test_a_public_server_may_not_redirect_to_this_machine() -> None:
    contacted: list[str] = []

    def public_server(request: httpx.Request) -> httpx.Response:
        contacted.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(public_server)) as client:
        error = await fetch_problem("https://lists.example.org/list.csv", client=client)

    assert error.problem is FetchProblem.BAD_URL
    assert contacted == ["https://lists.example.org/list.csv"]


async def test_credentials_do_not_follow_a_redirect_to_another_server(
    source_server: SourceServer,
) -> None:
    async with SourceServer() as mirror:
        mirror.script(SourceResponse(body=LIST))
        source_server.script(SourceResponse(status=301, headers={"Location": mirror.url}))

        result = await fetch_source(with_credentials(source_server.url))

        assert isinstance(result, Fetched)
        [first] = source_server.requests
        [second] = mirror.requests
    assert "Authorization" in first.headers
    assert "Authorization" not in second.headers


async def test_endless_redirects_end_in_a_status_problem(source_server: SourceServer) -> None:
    source_server.script(SourceResponse(status=302, headers={"Location": "/list.csv"}))

    error = await fetch_problem(source_server.url)

    assert error.problem is FetchProblem.HTTP_STATUS
    assert "redirect" in error.detail


# -- URLs and secrets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://lists.example.org/belarus.csv", None),
        ("https://user:pw@lists.example.org:8443/a.csv?x=1", None),
        ("https://пример.бел/list.csv", None),
        ("http://127.0.0.1:8080/list.csv", None),
        ("http://127.3.2.1/list.csv", None),
        ("http://localhost:8080/list.csv", None),
        ("http://[::1]:8080/list.csv", None),
        ("http://example.org/list.csv", FetchProblem.BAD_URL),
        ("http://10.0.0.1/list.csv", FetchProblem.BAD_URL),
        ("ftp://example.org/list.csv", FetchProblem.BAD_URL),
        ("file:///etc/passwd", FetchProblem.BAD_URL),
        ("https://", FetchProblem.BAD_URL),
        ("https://exa mple.org/", FetchProblem.BAD_URL),
        ("https://example.org:99999/", FetchProblem.BAD_URL),
        ("https://example.org:port/", FetchProblem.BAD_URL),
        ("lists.example.org/list.csv", FetchProblem.BAD_URL),
        ("not a url at all", FetchProblem.BAD_URL),
        ("", FetchProblem.BAD_URL),
    ],
)
def test_source_problem_allows_https_and_loopback_http_only(
    url: str, problem: FetchProblem | None
) -> None:
    assert source_problem(url) is problem


async def test_a_bad_url_is_refused_without_a_request(
    loopback_client: tuple[httpx.AsyncClient, LoopbackOnly],
) -> None:
    client, transport = loopback_client

    error = await fetch_problem("http://example.org/list.csv", client=client)

    assert error.problem is FetchProblem.BAD_URL
    assert "https" in error.detail
    assert transport.hosts == []


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://alice:secret@lists.example.org:8443/data/list.csv?token=t#top",
            "https://lists.example.org:8443/data/list.csv",
        ),
        ("https://lists.example.org/list.csv", "https://lists.example.org/list.csv"),
        ("http://[::1]:8080/a.csv?x=1", "http://[::1]:8080/a.csv"),
        ("ftp://bob:pw@files.example.org/x", "ftp://files.example.org/x"),
        ("no url here", "[not a URL]"),
        ("https://alice:secret@host:port/", "[not a URL]"),
    ],
)
def test_redact_url_keeps_only_scheme_host_port_and_path(url: str, shown: str) -> None:
    assert redact_url(url) == shown


async def test_credentials_go_as_basic_auth_and_nowhere_else(
    source_server: SourceServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # httpx logs whole URLs; production keeps it quiet, but even at DEBUG no password may show.
    caplog.set_level(logging.DEBUG, logger="httpx")
    caplog.set_level(logging.DEBUG, logger="httpcore")
    source_server.script(SourceResponse(body=LIST))

    result = await fetch_source(with_credentials(source_server.url))

    assert isinstance(result, Fetched)
    [request] = source_server.requests
    expected = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.query == f"token={QUERY_TOKEN}"
    assert all(PASSWORD not in record.getMessage() for record in caplog.records)
    [line] = [record for record in caplog.records if record.name == "bot.fetching"]
    assert line.levelno == logging.INFO
    assert line.getMessage() == f"Fetched {source_server.url}: HTTP 200, {len(LIST)} bytes"


async def test_errors_and_their_log_lines_show_neither_credentials_nor_query(
    source_server: SourceServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.fetching")
    source_server.script(SourceResponse(status=500))
    with refused_url() as refused:
        errors = [
            await fetch_problem(with_credentials(source_server.url)),
            await fetch_problem(with_credentials(refused)),
            await fetch_problem(with_credentials(source_server.url), timeout=0.0),
        ]

    assert [error.problem for error in errors] == [
        FetchProblem.HTTP_STATUS,
        FetchProblem.NETWORK,
        FetchProblem.TIMEOUT,
    ]
    lines = [record.getMessage() for record in caplog.records if record.name == "bot.fetching"]
    assert len(lines) == 3
    assert f"Fetching {source_server.url} failed: http-status: HTTP 500" in lines[0]
    for text in [*lines, *map(str, errors), *map(repr, errors)]:
        assert PASSWORD not in text
        assert "alice" not in text
        assert QUERY_TOKEN not in text
