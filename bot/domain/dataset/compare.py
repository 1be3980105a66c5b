"""Compare an incoming data set with the current one, field by field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.prisoner import FIELDS, Prisoner, Status

# The value of one Prisoner field: text (enums are text too), a date, a list, or nothing.
FieldValue = str | date | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field whose value differs."""

    field: str
    old: FieldValue
    new: FieldValue


@dataclass(frozen=True, slots=True)
class PrisonerChange:
    """A person present on both sides whose record differs."""

    before: Prisoner
    after: Prisoner
    changes: list[FieldChange]

    @property
    def id(self) -> str:
        """Return the person's id."""
        return self.after.id

    @property
    def name(self) -> str:
        """Return the person's name as the incoming file gives it."""
        return self.after.name


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A new status for a person: news that followers are alerted to."""

    id: str
    name: str
    old: Status
    new: Status


@dataclass(frozen=True, slots=True)
class DatasetDiff:
    """What importing a file would change; every list is ordered by id."""

    added: list[Prisoner]
    changed: list[PrisonerChange]
    unchanged_count: int
    missing_from_file: list[str]
    status_changes: list[StatusChange]

    @property
    def is_empty(self) -> bool:
        """Tell whether the file matches the current data exactly."""
        return not (self.added or self.changed or self.missing_from_file)


def diff(existing: Mapping[str, Prisoner], incoming: Sequence[Prisoner]) -> DatasetDiff:
    """Compare the current people, by id, with those of a file; ids in a file must be unique."""
    by_id: dict[str, Prisoner] = {}
    for prisoner in incoming:
        if prisoner.id in by_id:
            msg = f"duplicate id in incoming data: {prisoner.id}"
            raise ValueError(msg)
        by_id[prisoner.id] = prisoner
    added: list[Prisoner] = []
    changed: list[PrisonerChange] = []
    status_changes: list[StatusChange] = []
    unchanged = 0
    for prisoner_id in sorted(by_id):
        after = by_id[prisoner_id]
        before = existing.get(prisoner_id)
        if before is None:
            added.append(after)
            continue
        changes = field_changes(before, after)
        if not changes:
            unchanged += 1
            continue
        changed.append(PrisonerChange(before, after, changes))
        if before.status != after.status:
            status_changes.append(StatusChange(after.id, after.name, before.status, after.status))
    missing = sorted(prisoner_id for prisoner_id in existing if prisoner_id not in by_id)
    return DatasetDiff(added, changed, unchanged, missing, status_changes)


def field_changes(before: Prisoner, after: Prisoner) -> list[FieldChange]:
    """List the fields whose values differ, in canonical column order."""
    changes: list[FieldChange] = []
    for field in FIELDS:
        old: FieldValue = getattr(before, field)
        new: FieldValue = getattr(after, field)
        if old != new:
            changes.append(FieldChange(field, old, new))
    return changes
