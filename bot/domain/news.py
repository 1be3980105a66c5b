"""News about a person: a new status (release, death, re-arrest) or a move to another prison.

Plain data that imports record, the planner fans out and the renderers write; storage keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.prisoner import Status


class NewsKind(StrEnum):
    """What happened: a new status (release, death, re-arrest) or a move to another prison."""

    STATUS = "status"
    TRANSFER = "transfer"


@dataclass(frozen=True, slots=True)
class StatusNews:
    """News to record: a status change (stored status, then the imported one) or a transfer.

    A transfer keeps the status (imprisoned) and says where the person was and is now, with the
    new address when the data has one.
    """

    prisoner_id: str
    old_status: Status
    new_status: Status
    changed_on: date | None
    kind: NewsKind = NewsKind.STATUS
    old_facility: str | None = None
    facility: str | None = None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One recorded status change; fanned_out_at is None until it is queued to followers."""

    id: int
    prisoner_id: str
    old_status: Status
    new_status: Status
    changed_on: date | None
    recorded_at: datetime
    fanned_out_at: datetime | None
    kind: NewsKind = NewsKind.STATUS
    old_facility: str | None = None
    facility: str | None = None
    address: str | None = None
