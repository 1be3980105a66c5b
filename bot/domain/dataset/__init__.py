"""Prisoner data sets: parse and check uploaded files, compare them, write them back.

Pure domain code: bytes in, values out. Errors are codes with arguments, rendered by the
localisation layer (`bot/locales/*/import.ftl`) through `report_messages`.
"""

from bot.domain.dataset.compare import (
    DatasetDiff,
    FieldChange,
    FieldValue,
    PrisonerChange,
    StatusChange,
    diff,
)
from bot.domain.dataset.errors import ErrorCode, RowError
from bot.domain.dataset.merge import merge_names
from bot.domain.dataset.parse import (
    FORMAT_NAMES,
    SOURCE_FORMATS,
    Format,
    ParseResult,
    detect_format,
    format_named,
    parse,
)
from bot.domain.dataset.report import (
    Message,
    diff_messages,
    error_message,
    error_messages,
    report_messages,
    summary_message,
)
from bot.domain.dataset.writer import write_canonical_csv

__all__ = [
    "FORMAT_NAMES",
    "SOURCE_FORMATS",
    "DatasetDiff",
    "ErrorCode",
    "FieldChange",
    "FieldValue",
    "Format",
    "Message",
    "ParseResult",
    "PrisonerChange",
    "RowError",
    "StatusChange",
    "detect_format",
    "diff",
    "diff_messages",
    "error_message",
    "error_messages",
    "format_named",
    "merge_names",
    "parse",
    "report_messages",
    "summary_message",
    "write_canonical_csv",
]
