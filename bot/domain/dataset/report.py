"""Describe a parse result and a diff as localisable messages: Fluent ids with their arguments.

Front ends render each pair through the localisation layer (`bot/locales/*/import.ftl`); no
text is produced here. Line numbers and byte offsets are passed as text, so that no locale
formats them like quantities ("1,204").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from bot.domain.dataset.compare import DatasetDiff, FieldChange, FieldValue
from bot.domain.dataset.errors import RowError, display_value
from bot.domain.dataset.parse import ParseResult

Args = dict[str, str | int]
Message = tuple[str, Args]

ERROR_PREFIX = "import-error-"
# Error details that locate something rather than count it.
_POSITIONS = frozenset({"line", "other_line", "offset", "position", "index"})

T = TypeVar("T")


def report_messages(
    errors: Sequence[RowError],
    diff: DatasetDiff | None = None,
    *,
    limit: int | None = None,
    skipped: int = 0,
) -> list[Message]:
    """List a file's errors or, when it has none, what importing it would change.

    A file with errors is not imported, so its diff is left out. `limit` caps each list
    (errors, added, changed, ...); a "more" message counts the rest. `skipped` records, left
    out as people not recognised as political prisoners, are counted first.
    """
    messages = skipped_messages(skipped)
    if errors:
        return messages + error_messages(errors, limit=limit)
    return messages + ([] if diff is None else diff_messages(diff, limit=limit))


def skipped_messages(skipped: int) -> list[Message]:
    """Count the records left out because Viasna does not recognise them as political prisoners."""
    return [("import-skipped-not-recognised", {"count": skipped})] if skipped else []


def summary_message(result: ParseResult) -> Message:
    """Say how many records a file held and how many of them were read without errors."""
    return (
        "import-read",
        {"source": result.source_name, "count": result.rows_read, "valid": len(result.prisoners)},
    )


def error_messages(errors: Sequence[RowError], *, limit: int | None = None) -> list[Message]:
    """List the errors under a heading that counts them."""
    if not errors:
        return []
    shown, rest = _cap(errors, limit)
    messages: list[Message] = [("import-errors", {"count": len(errors)})]
    messages += [error_message(error) for error in shown]
    if rest:
        messages.append(("import-errors-more", {"count": rest}))
    return messages


def error_message(error: RowError) -> Message:
    """Describe one error with the `import-error-<code>` message."""
    args: Args = {}
    if error.line is not None:
        args["line"] = str(error.line)
    if error.column is not None:
        args["column"] = error.column
    if error.value is not None:
        args["value"] = error.value
    for key, value in error.detail.items():
        args[key] = str(value) if key in _POSITIONS else value
    return (ERROR_PREFIX + error.code.value, args)


def diff_messages(diff: DatasetDiff, *, limit: int | None = None) -> list[Message]:
    """Describe what an import would change, status changes first."""
    if diff.is_empty:
        return [("import-diff-nothing", {"count": diff.unchanged_count})]
    messages: list[Message] = []
    if diff.status_changes:
        shown, rest = _cap(diff.status_changes, limit)
        messages.append(("import-diff-status-changes", {"count": len(diff.status_changes)}))
        messages += [
            (
                "import-diff-status-change-item",
                {
                    "id": change.id,
                    "name": change.name,
                    "old": change.old.value,
                    "new": change.new.value,
                },
            )
            for change in shown
        ]
        messages += _more(rest)
    if diff.added:
        shown_added, rest = _cap(diff.added, limit)
        messages.append(("import-diff-added", {"count": len(diff.added)}))
        messages += [
            ("import-diff-added-item", {"id": prisoner.id, "name": prisoner.name})
            for prisoner in shown_added
        ]
        messages += _more(rest)
    if diff.changed:
        shown_changed, rest = _cap(diff.changed, limit)
        messages.append(("import-diff-changed", {"count": len(diff.changed)}))
        for person in shown_changed:
            messages.append(("import-diff-changed-item", {"id": person.id, "name": person.name}))
            messages += [field_change_message(change) for change in person.changes]
        messages += _more(rest)
    if diff.missing_from_file:
        shown_ids, rest = _cap(diff.missing_from_file, limit)
        messages.append(("import-diff-missing", {"count": len(diff.missing_from_file)}))
        messages += [("import-diff-missing-item", {"id": prisoner_id}) for prisoner_id in shown_ids]
        messages += _more(rest)
    if diff.unchanged_count:
        messages.append(("import-diff-unchanged", {"count": diff.unchanged_count}))
    return messages


def field_change_message(change: FieldChange) -> Message:
    """Describe one changed field: set, cleared, or changed from one value to another."""
    old, new = _shown(change.old), _shown(change.new)
    if old is None and new is not None:
        return ("import-diff-field-set", {"field": change.field, "new": new})
    if new is None and old is not None:
        return ("import-diff-field-cleared", {"field": change.field, "old": old})
    return (
        "import-diff-field-changed",
        {"field": change.field, "old": old or "", "new": new or ""},
    )


def _shown(value: FieldValue) -> str | None:
    """Show a field value on one short line; None when it is empty."""
    if value is None or value == ():
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return display_value(" | ".join(value))
    return display_value(value)


def _cap(items: Sequence[T], limit: int | None) -> tuple[Sequence[T], int]:
    """Split a list into the part to show and the number of items left out."""
    if limit is None or len(items) <= limit:
        return items, 0
    return items[:limit], len(items) - limit


def _more(rest: int) -> list[Message]:
    """Count the items a capped list left out."""
    return [("import-diff-more", {"count": rest})] if rest else []
