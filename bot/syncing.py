"""One sync from the published list: fetch, read, compare, then apply, hold or refuse.

Shared by the scheduled job (`bot.data_watch`), `solidarity-bot sync` and an operator's Apply. A
sync fails closed: a file that cannot be fetched or read changes nothing, and one that would remove
many people or change many statuses at once waits for an operator (`bot.domain.sync`). Every sync
is written to the audit log with its source, size, records, diff and decision.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from bot.config import Settings
from bot.domain.dataset import Format, detect_format
from bot.domain.dataset.parse import SOURCE_FORMATS
from bot.domain.sync import HoldReason, HoldRules, hold_reasons, retry_delay
from bot.domain.timezones import zone
from bot.fetching import FetchError, NotModified, fetch_source, redact_url
from bot.importing import ImportPlan, apply_import, plan_import
from bot.services import Services
from storage.sources import Applied, HeldSync, NewHeld

logger = logging.getLogger(__name__)

# The audit log's operator id for what the bot does by itself.
SYSTEM = 0
# Status changes named in a held sync's summary.
NAMED_CHANGES = 5


class Decision(StrEnum):
    """What a sync did; each has a text `sync-decision-<value>`."""

    APPLIED = "applied"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not-modified"
    HELD = "held"
    STILL_HELD = "still-held"
    DISCARDED_BEFORE = "discarded-before"
    FAILED = "failed"


class Problem(StrEnum):
    """Why a file was refused after it was fetched; fetch problems use FetchProblem's values."""

    FORMAT_UNKNOWN = "format-unknown"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What one sync found and decided."""

    decision: Decision
    source: str
    size: int = 0
    plan: ImportPlan | None = None
    reasons: tuple[HoldReason, ...] = ()
    problem: str | None = None
    detail: str = ""
    failures: int = 0
    held: HeldSync | None = None
    dry_run: bool = False
    summary: dict[str, object] = field(default_factory=dict)

    @property
    def changed_data(self) -> bool:
        """Tell whether the sync wrote new facts (so the index and followers need a look)."""
        return self.decision is Decision.APPLIED and not self.dry_run

    @property
    def news(self) -> int:
        """Return how many status changes the sync brought."""
        return 0 if self.plan is None else len(self.plan.diff.status_changes)


def hold_rules(settings: Settings) -> HoldRules:
    """Return the limits a sync may reach without an operator, as configured."""
    return HoldRules(settings.sync_hold_removals, settings.sync_hold_status_changes)


def hold_limit(rules: HoldRules, reason: HoldReason) -> str:
    """Return the limit a held sync went past, written for operators ("2", "2.5")."""
    limit = {
        HoldReason.REMOVALS: rules.removals_percent,
        HoldReason.STATUS_CHANGES: rules.status_changes,
        HoldReason.SHRINK: rules.shrink_percent,
    }[reason]
    return f"{limit:g}"


def source_key(url: str) -> str:
    """Return a key that tells sources apart without storing their (secret) addresses."""
    return hashlib.sha256(url.encode()).hexdigest()


async def sync_once(
    services: Services, url: str, format_name: str = "auto", *, dry_run: bool = False
) -> SyncOutcome:
    """Fetch the list at `url` once and apply it, hold it for an operator, or refuse it.

    With `dry_run` nothing is written: the outcome says what a sync would do.
    """
    settings = services.settings
    source, key = redact_url(url), source_key(url)
    state = await services.sources.state()
    known = state.source_key == key and not dry_run
    try:
        answer = await fetch_source(
            url,
            etag=state.etag if known else None,
            last_modified=state.last_modified if known else None,
            timeout=settings.data_source_timeout_seconds,
            max_bytes=settings.data_source_max_bytes,
        )
    except FetchError as error:
        return await _failed(services, source, error.problem.value, error.detail, dry_run)
    now = services.clock()
    if isinstance(answer, NotModified):
        if not dry_run:
            async with services.db.transaction() as conn:
                await services.prisoners.mark_synced(conn, None, _today(services))
                await services.sources.record_not_modified_in(conn, now=now)
        return await _audited(services, SyncOutcome(Decision.NOT_MODIFIED, source, dry_run=dry_run))
    digest = hashlib.sha256(answer.data).hexdigest()
    applied = Applied(key, source, answer.etag, answer.last_modified, digest, 0)
    if known and digest == state.content_hash:
        # The same bytes as last time, from a server without validators: nothing to read.
        async with services.db.transaction() as conn:
            await services.prisoners.mark_synced(conn, None, _today(services))
            await services.sources.record_success_in(
                conn, replace(applied, records=state.records or 0), now=now
            )
        return await _audited(
            services, SyncOutcome(Decision.UNCHANGED, source, size=answer.size, dry_run=dry_run)
        )
    fmt = _format(format_name, answer.data)
    if fmt is None:
        return await _failed(services, source, Problem.FORMAT_UNKNOWN, "", dry_run)
    plan = await plan_import(services, answer.data, fmt, source)
    if not plan.ok:
        detail = str(len(plan.parsed.errors))
        outcome = await _failed(services, source, Problem.INVALID, detail, dry_run)
        return replace(outcome, size=answer.size, plan=plan)
    applied = replace(applied, records=len(plan.parsed.prisoners))
    current = await services.prisoners.count()
    reasons = tuple(
        hold_reasons(
            current=current,
            removals=len(plan.diff.missing_from_file),
            status_changes=len(plan.diff.status_changes),
            records=len(plan.parsed.prisoners),
            previous_records=state.records,
            rules=hold_rules(settings),
        )
    )
    summary = _summary(plan, reasons, current, state.records)
    found = SyncOutcome(
        Decision.APPLIED,
        source,
        size=answer.size,
        plan=plan,
        reasons=reasons,
        dry_run=dry_run,
        summary=summary,
    )
    if dry_run:
        return replace(found, decision=_would(plan, reasons))
    if not reasons:
        decision = await apply_sync(services, plan, applied)
        return await _audited(services, replace(found, decision=decision))
    return await _hold(services, found, fmt, answer.data, applied)


async def apply_sync(services: Services, plan: ImportPlan, applied: Applied) -> Decision:
    """Write a checked file: its changes, removals and news, then what the sync confirmed."""
    if not plan.diff.is_empty:
        await apply_import(services, plan, prune=True)
    async with services.db.transaction() as conn:
        await services.prisoners.mark_synced(
            conn, [p.id for p in plan.parsed.prisoners], _today(services)
        )
        await services.sources.record_success_in(conn, applied, now=services.clock())
        # A newer file replaces one that waited for an operator.
        await services.sources.drop_held_in(conn)
    return Decision.UNCHANGED if plan.diff.is_empty else Decision.APPLIED


async def apply_held(services: Services, token: str, admin_id: int) -> SyncOutcome | None:
    """Apply the held file an operator approved; None when it is no longer held.

    The file is compared with the database again, since the data may have changed meanwhile.
    """
    held = await services.sources.held(token)
    if held is None:
        return None
    plan = await plan_import(services, held.data, Format(held.format), held.source)
    if not plan.ok:  # pragma: no cover - it was read without errors when it was held
        return SyncOutcome(Decision.FAILED, held.source, plan=plan, problem=Problem.INVALID)
    applied = Applied(
        held.source_key,
        held.source,
        held.etag,
        held.last_modified,
        held.content_hash,
        len(plan.parsed.prisoners),
    )
    decision = await apply_sync(services, plan, applied)
    outcome = SyncOutcome(decision, held.source, size=len(held.data), plan=plan)
    return await _audited(services, outcome, admin_id=admin_id, action="sync-apply")


async def discard_held(services: Services, token: str, admin_id: int) -> HeldSync | None:
    """Drop the held file an operator refused; None when it is no longer held."""
    held = await services.sources.discard(token)
    if held is not None:
        detail = f"{held.source}: {held.content_hash[:12]}"
        await services.audit.record(admin_id, "sync-discard", detail, now=services.clock())
    return held


def _format(name: str, data: bytes) -> Format | None:
    chosen = SOURCE_FORMATS.get(name)
    return chosen if chosen is not None else detect_format(data)


def _would(plan: ImportPlan, reasons: tuple[HoldReason, ...]) -> Decision:
    if reasons:
        return Decision.HELD
    return Decision.UNCHANGED if plan.diff.is_empty else Decision.APPLIED


async def _hold(
    services: Services, found: SyncOutcome, fmt: Format, data: bytes, applied: Applied
) -> SyncOutcome:
    state = await services.sources.state()
    held = await services.sources.held()
    now = services.clock()
    if held is not None and held.content_hash == applied.content_hash:
        # The same suspicious file again: operators were asked once already.
        decision, kept = Decision.STILL_HELD, held
    elif state.discarded_hash == applied.content_hash:
        decision, kept = Decision.DISCARDED_BEFORE, None
    else:
        kept = await services.sources.hold(
            NewHeld(
                source=applied.source,
                source_key=applied.source_key,
                format=fmt.value,
                data=data,
                content_hash=applied.content_hash,
                etag=applied.etag,
                last_modified=applied.last_modified,
                summary=found.summary,
            ),
            secrets.token_hex(4),
            now=now,
        )
        decision = Decision.HELD
    await services.sources.record_answer(applied.source, now=now)
    outcome = replace(found, decision=decision, held=kept)
    return await _audited(services, outcome)


async def _failed(
    services: Services, source: str, problem: str, detail: str, dry_run: bool
) -> SyncOutcome:
    failures = 0
    if not dry_run:
        text = f"{problem}: {detail}" if detail else problem
        failures = await services.sources.record_failure(text, source, now=services.clock())
    outcome = SyncOutcome(
        Decision.FAILED, source, problem=problem, detail=detail, failures=failures, dry_run=dry_run
    )
    return await _audited(services, outcome)


async def _audited(
    services: Services, outcome: SyncOutcome, *, admin_id: int = SYSTEM, action: str = "sync"
) -> SyncOutcome:
    """Write the sync to the audit log (a dry run only to the log file) and return it."""
    detail = describe(outcome)
    logger.info("Sync %s", detail)
    if not outcome.dry_run:
        await services.audit.record(admin_id, action, detail, now=services.clock())
    return outcome


def describe(outcome: SyncOutcome) -> str:
    """Say in one line, for the audit log, what a sync found and decided (no personal data)."""
    parts = [outcome.source, f"{outcome.size} bytes"]
    if outcome.plan is not None:
        diff = outcome.plan.diff
        parts += [
            f"{len(outcome.plan.parsed.prisoners)} records",
            f"+{len(diff.added)} ~{len(diff.changed)} -{len(diff.missing_from_file)}",
            f"{len(diff.status_changes)} status changes",
        ]
        if outcome.plan.parsed.skipped:
            parts.append(f"{outcome.plan.parsed.skipped} not recognised")
    if outcome.reasons:
        parts.append("over limits: " + ", ".join(outcome.reasons))
    if outcome.problem is not None:
        parts.append(f"problem: {outcome.problem} {outcome.detail}".rstrip())
    return f"{'; '.join(parts)} -> {outcome.decision.value}"


def _summary(
    plan: ImportPlan, reasons: tuple[HoldReason, ...], current: int, previous: int | None
) -> dict[str, object]:
    diff = plan.diff
    genders = {p.id: p.gender.value for p in plan.parsed.prisoners if p.gender is not None}
    return {
        "records": len(plan.parsed.prisoners),
        "current": current,
        "previous": previous,
        "added": len(diff.added),
        "changed": len(diff.changed),
        "removed": len(diff.missing_from_file),
        "status_changes": len(diff.status_changes),
        "reasons": [reason.value for reason in reasons],
        "first_changes": [
            {
                "id": c.id,
                "name": c.name,
                "gender": genders.get(c.id, "unknown"),
                "old": c.old.value,
                "new": c.new.value,
            }
            for c in diff.status_changes[:NAMED_CHANGES]
        ],
    }


def _today(services: Services) -> date:
    """Return today in the bot's default time zone: the day the sync confirmed the data."""
    return services.clock().astimezone(zone(services.settings.default_timezone)).date()


def next_sync_in(failures: int, interval_minutes: int) -> timedelta:
    """Return when to sync next: the interval, or sooner after failures (see retry_delay)."""
    return retry_delay(failures, timedelta(minutes=interval_minutes))
