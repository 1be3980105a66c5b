"""Logging for the entry point only: levels, format, and a filter that hides secrets."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[REDACTED]"


class RedactSecrets(logging.Filter):
    """Replace every occurrence of the given secrets in a record's final message."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message once, scrub it, and keep the record."""
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self._secrets:
            message = message.replace(secret, REDACTED)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
        record.msg, record.args = message, None
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`; quiet the HTTP client, which logs URLs with the token in them."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # The send budget does not retry (max_retries=0): it hands every 429 to its caller, and the
    # outbox logs and honours it. The limiter's own traceback for each would only alarm.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    # At DEBUG, python-telegram-bot logs whole updates and request parameters: people's messages,
    # names and usernames. Its own debugging output therefore never goes below INFO.
    # aiosqlite logs every statement with its parameters (chat ids) at DEBUG; asyncpg may too.
    for talkative in ("telegram", "aiosqlite", "asyncpg"):
        logging.getLogger(talkative).setLevel(max(logging.getLevelName(level), logging.INFO))
