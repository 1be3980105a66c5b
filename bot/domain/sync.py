"""When a sync from the published list may apply by itself, and when to try again after a failure.

A source can break in ways that look like news: an export cut short, a filter left on, a page of
another list. Such a file would remove people or change many statuses at once, so it waits for an
operator (fail closed) instead of telling followers something untrue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

# After a failure the next try comes this soon, then twice as late each time, up to the interval.
FIRST_RETRY = timedelta(minutes=1)
# Failures in a row after which operators are told.
FAILURES_BEFORE_NOTICE = 3


class HoldReason(StrEnum):
    """Why a sync waits for an operator; each has a text `sync-hold-<value>`."""

    REMOVALS = "removals"
    STATUS_CHANGES = "status-changes"
    SHRINK = "shrink"


@dataclass(frozen=True, slots=True)
class HoldRules:
    """The limits a sync may reach without an operator."""

    removals_percent: float = 2.0
    status_changes: int = 25
    shrink_percent: float = 10.0


def hold_reasons(
    *,
    current: int,
    removals: int,
    status_changes: int,
    records: int,
    previous_records: int | None,
    rules: HoldRules,
) -> list[HoldReason]:
    """List why a sync must wait for an operator; empty when it may apply at once.

    `current` is how many people the database holds, `records` how many the new file holds and
    `previous_records` how many the last applied file held (None before the first sync).
    """
    reasons: list[HoldReason] = []
    if current and removals * 100 > rules.removals_percent * current:
        reasons.append(HoldReason.REMOVALS)
    if status_changes > rules.status_changes:
        reasons.append(HoldReason.STATUS_CHANGES)
    if previous_records and (previous_records - records) * 100 > rules.shrink_percent * (
        previous_records
    ):
        reasons.append(HoldReason.SHRINK)
    return reasons


def retry_delay(failures: int, interval: timedelta) -> timedelta:
    """Return how long to wait before the next sync after `failures` failures in a row."""
    if failures <= 0:
        return interval
    # 1, 2, 4, 8 ... minutes: a passing fault heals quickly, a lasting one is not hammered.
    backoff: timedelta = FIRST_RETRY * (2 ** min(failures - 1, 20))
    return min(backoff, interval)
