"""Bring a data set into the database: parse, compare, then write it in one transaction.

Shared by the CLI's `import`, the first start (bundled data set) and, later, uploads in chat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.domain.dataset import (
    DatasetDiff,
    Format,
    ParseResult,
    detect_format,
    diff,
    merge_names,
    parse,
)
from bot.domain.prisoner import Prisoner
from bot.services import Services
from storage.news import NewsRepository
from storage.prisoners import ImportRecord

# Rows written per step; progress is reported between steps.
BATCH = 500

Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file cannot be read or its format cannot be told; `kind` names the Fluent text."""

    def __init__(self, kind: str, **args: str) -> None:
        super().__init__(kind)
        self.kind = kind
        self.args_ = args


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing a file would do: the parsed rows and how they differ from the database."""

    source: str
    format: Format
    parsed: ParseResult
    diff: DatasetDiff

    @property
    def ok(self) -> bool:
        """Tell whether the file is valid, so it may be applied."""
        return not self.parsed.errors


def read_dataset(path: Path, fmt: Format | None) -> tuple[bytes, Format]:
    """Read the file and settle its format, or raise ImportFileError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError("file-missing", path=str(path)) from None
    except OSError as error:
        raise ImportFileError(
            "file-unreadable", path=str(path), detail=error.strerror or ""
        ) from None
    chosen = fmt or detect_format(data)
    if chosen is None:
        raise ImportFileError("format-unknown", path=str(path))
    return data, chosen


async def plan_import(services: Services, data: bytes, fmt: Format, source: str) -> ImportPlan:
    """Parse `data` and compare it with what the database holds."""
    parsed = parse(data, fmt, source_name=source)
    existing = {} if parsed.errors else {p.id: p for p in await services.prisoners.all()}
    # An export in one language names people in one script; keep the stored names in the others,
    # so that the English, Russian and Belarusian exports together give each person all three.
    merged = merge_names(parsed.prisoners, existing, parsed.language)
    parsed = replace(parsed, prisoners=merged)
    return ImportPlan(source, fmt, parsed, diff(existing, parsed.prisoners))


async def apply_import(
    services: Services, plan: ImportPlan, *, prune: bool = False, progress: Progress | None = None
) -> None:
    """Write a valid plan in one transaction: upserts, optional removals, and the import record."""
    if not plan.ok:
        raise ValueError("a plan with errors cannot be applied")
    changed_ids = {p.id for p in plan.diff.added} | {c.id for c in plan.diff.changed}
    rows: Sequence[Prisoner] = [p for p in plan.parsed.prisoners if p.id in changed_ids]
    removed = list(plan.diff.missing_from_file) if prune else []
    now = services.clock()
    news = NewsRepository(services.db)
    async with services.db.transaction() as conn:
        for start in range(0, len(rows), BATCH):
            result = await services.prisoners.upsert_many(
                rows[start : start + BATCH], conn, now=now
            )
            # Each status change is news for the person's followers, stored with the change.
            await news.record_in(conn, result.status_news, now)
            if progress is not None:
                progress(min(start + BATCH, len(rows)), len(rows))
        if removed:
            await services.prisoners.delete_many(removed, conn)
        await services.prisoners.record_import(
            conn,
            ImportRecord(
                imported_at=now,
                source=plan.source,
                format=plan.format.value,
                added=len(plan.diff.added),
                changed=len(plan.diff.changed),
                status_changes=len(plan.diff.status_changes),
                total=len(plan.parsed.prisoners),
            ),
        )


async def import_bundled_if_empty(services: Services) -> int:
    """Import DATASET_PATH when the database holds nobody yet; return how many were imported."""
    if await services.prisoners.count() > 0:
        return 0
    path = services.settings.dataset_path
    data, fmt = read_dataset(path, None)
    plan = await plan_import(services, data, fmt, path.name)
    if not plan.ok:
        raise ImportFileError("dataset-invalid", path=str(path), count=str(len(plan.parsed.errors)))
    await apply_import(services, plan)
    return len(plan.parsed.prisoners)
