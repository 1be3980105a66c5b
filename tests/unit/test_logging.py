"""The token never reaches a log line, whoever logs it and however."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import REDACTED, configure_logging
from tests.conftest import TEST_TOKEN


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    configure_logging("DEBUG", secrets=[TEST_TOKEN])
    stream = io.StringIO()
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    yield stream
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


def test_token_in_message_arguments_and_tracebacks_is_redacted(captured: io.StringIO) -> None:
    log = logging.getLogger("telegram.ext.Updater")
    log.info("POST https://api.telegram.org/bot%s/getUpdates", TEST_TOKEN)
    log.warning(f"literal {TEST_TOKEN}")  # noqa: G004 - the filter must catch this too
    try:
        raise RuntimeError(f"failed calling /bot{TEST_TOKEN}/sendMessage")
    except RuntimeError:
        log.exception("request failed")
    output = captured.getvalue()
    assert TEST_TOKEN not in output
    assert output.count(REDACTED) == 3
    assert "request failed" in output


@pytest.mark.usefixtures("captured")
def test_libraries_that_log_urls_or_updates_stay_quiet_at_debug() -> None:
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("telegram.ext.ExtBot").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("bot.app").getEffectiveLevel() == logging.DEBUG


@pytest.mark.usefixtures("captured")
def test_database_statements_with_chat_ids_are_not_logged_at_debug() -> None:
    assert logging.getLogger("aiosqlite").getEffectiveLevel() == logging.INFO
