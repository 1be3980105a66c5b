"""The campaigns table: messages operators send to many chats, and how far each has gone.

A campaign is stored together with one outbox row per recipient, in one transaction, so it is
either queued in full or not at all. Its rows wait in the outbox until `send_at` (their
`not_before`), which is why a scheduled campaign survives a restart. A campaign is "scheduled"
until none of its rows waits any more ("sent") or an operator cancels it ("cancelled").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.outbox import DeliveryKind, DeliveryState, NewDelivery, Outbox, delivery_key
from storage.sql import Connection, Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp

# What the outbox records on rows an operator cancelled.
CANCELLED_REASON = "campaign cancelled"


class AudienceKind(StrEnum):
    """Who a campaign is for."""

    ALL = "all"
    FOLLOWERS = "followers"
    LANGUAGE = "language"


class CampaignState(StrEnum):
    """Where a campaign stands."""

    SCHEDULED = "scheduled"
    SENT = "sent"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCampaign:
    """A campaign the operator confirmed; `button` is (text, url) or None."""

    text: str
    button: tuple[str, str] | None
    audience: AudienceKind
    audience_value: str | None
    send_at: datetime
    created_by: int


@dataclass(frozen=True, slots=True)
class ProgressMessage:
    """The message in an operator's chat that shows how a campaign goes, and its language."""

    chat_id: int
    message_id: int
    language: str


@dataclass(frozen=True, slots=True)
class Campaign:
    """One stored campaign."""

    id: int
    text: str
    button: tuple[str, str] | None
    audience: AudienceKind
    audience_value: str | None
    send_at: datetime
    created_by: int
    created_at: datetime
    state: CampaignState
    finished_at: datetime | None
    progress: ProgressMessage | None


async def forget_chat_in(conn: Connection, chat_id: int) -> None:
    """Stop naming a forgotten chat in campaigns, in the caller's transaction (0 is nobody)."""
    await conn.execute("UPDATE campaigns SET created_by = 0 WHERE created_by = ?", (chat_id,))
    await conn.execute(
        "UPDATE campaigns SET progress_chat_id = NULL, progress_message_id = NULL"
        " WHERE progress_chat_id = ?",
        (chat_id,),
    )


def campaign_key(chat_id: int, campaign_id: int) -> str:
    """Return the outbox key of a campaign's message to one chat: `campaign:<chat>:c<id>`."""
    return delivery_key(DeliveryKind.CAMPAIGN, chat_id, f"c{campaign_id}")


_INSERT = """
INSERT INTO campaigns (text, button_text, button_url, audience, audience_value, send_at,
                       created_by, created_at, state, progress_chat_id, progress_message_id,
                       progress_language)
VALUES (:text, :button_text, :button_url, :audience, :audience_value, :send_at,
        :created_by, :created_at, 'scheduled', :progress_chat_id, :progress_message_id,
        :progress_language)
RETURNING *
"""

# Paused chats asked for silence; an announcement respects that too.
_REACHABLE = "c.active = 1 AND c.paused = 0"
_AUDIENCES = {
    AudienceKind.ALL: f"SELECT c.chat_id FROM chats AS c WHERE {_REACHABLE} ORDER BY c.chat_id",  # noqa: S608
    # As with news of a status change: chats that follow everyone in prison follow this person
    # while they are inside.
    AudienceKind.FOLLOWERS: f"""
        SELECT c.chat_id FROM chats AS c
        WHERE {_REACHABLE}
          AND (EXISTS (SELECT 1 FROM follows AS f
                       WHERE f.chat_id = c.chat_id AND f.prisoner_id = :value)
               OR (c.follow_all = 1 AND EXISTS (SELECT 1 FROM prisoners AS p
                                                WHERE p.id = :value AND p.status = 'imprisoned')))
        ORDER BY c.chat_id
    """,  # noqa: S608
    AudienceKind.LANGUAGE: f"""
        SELECT c.chat_id FROM chats AS c WHERE {_REACHABLE} AND c.language = :value
        ORDER BY c.chat_id
    """,  # noqa: S608
}


class CampaignRepository:
    """Store campaigns, queue their messages, and follow or stop them."""

    def __init__(self, db: SQLDatabase, outbox: Outbox) -> None:
        """Use the given database; campaign messages go into `outbox`."""
        self._db = db
        self._outbox = outbox

    async def audience(self, kind: AudienceKind, value: str | None = None) -> list[int]:
        """Return the ids of the chats a campaign for this audience would reach now."""
        rows = await self._db.fetchall(_AUDIENCES[kind], {"value": value})
        return [row[0] for row in rows]

    async def create(
        self,
        campaign: NewCampaign,
        chat_ids: Sequence[int],
        *,
        progress: ProgressMessage | None,
        now: datetime,
    ) -> Campaign:
        """Store a campaign and queue its message to each chat, all in one transaction."""
        if campaign.audience is AudienceKind.ALL and campaign.audience_value is not None:
            raise ValueError("a campaign for all chats takes no audience value")
        button_text, button_url = campaign.button or (None, None)
        params = {
            "text": campaign.text,
            "button_text": button_text,
            "button_url": button_url,
            "audience": campaign.audience.value,
            "audience_value": campaign.audience_value,
            "send_at": encode_timestamp(campaign.send_at),
            "created_by": campaign.created_by,
            "created_at": encode_timestamp(now),
            "progress_chat_id": progress.chat_id if progress else None,
            "progress_message_id": progress.message_id if progress else None,
            "progress_language": progress.language if progress else None,
        }
        buttons = (((button_text, button_url),),) if button_text and button_url else ()
        async with self._db.transaction() as conn:
            row = await conn.fetchone(_INSERT, params)
            if row is None:
                raise LookupError("the new campaign was not returned")
            stored = _campaign_from_row(row)
            deliveries = [
                NewDelivery(
                    chat_id=chat_id,
                    key=campaign_key(chat_id, stored.id),
                    kind=DeliveryKind.CAMPAIGN,
                    text=campaign.text,
                    buttons=buttons,
                    not_before=campaign.send_at,
                )
                for chat_id in dict.fromkeys(chat_ids)
            ]
            await self._outbox.enqueue_campaign_in(conn, stored.id, deliveries, now)
        return stored

    async def get(self, campaign_id: int) -> Campaign | None:
        """Return the campaign with this id, or None."""
        row = await self._db.fetchone("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
        return None if row is None else _campaign_from_row(row)

    async def unfinished(self) -> list[Campaign]:
        """Return the campaigns still scheduled or being sent, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM campaigns WHERE state = 'scheduled' ORDER BY id"
        )
        return [_campaign_from_row(row) for row in rows]

    async def delivery_counts(self, campaign_id: int) -> dict[DeliveryState, int]:
        """Return how many of the campaign's messages are in each delivery state."""
        return await self._outbox.counts_for_campaign(campaign_id)

    async def cancel(self, campaign_id: int, *, now: datetime) -> int | None:
        """Stop a scheduled campaign and cancel its messages not sent yet; return how many.

        Return None if the campaign is unknown or no longer scheduled (sent or cancelled).
        """
        async with self._db.transaction() as conn:
            cancelled = await conn.execute(
                "UPDATE campaigns SET state = 'cancelled', finished_at = ?"
                " WHERE id = ? AND state = 'scheduled'",
                (encode_timestamp(now), campaign_id),
            )
            if cancelled == 0:
                return None
            return await self._outbox.cancel_campaign_in(conn, campaign_id, reason=CANCELLED_REASON)

    async def finish(self, campaign_id: int, *, now: datetime) -> bool:
        """Record that nothing of a scheduled campaign waits any more; False if not scheduled."""
        async with self._db.transaction() as conn:
            finished = await conn.execute(
                "UPDATE campaigns SET state = 'sent', finished_at = ?"
                " WHERE id = ? AND state = 'scheduled'",
                (encode_timestamp(now), campaign_id),
            )
            return finished > 0


def _campaign_from_row(row: Row) -> Campaign:
    """Return the campaign a row of the campaigns table stores."""
    button = (
        (row["button_text"], row["button_url"])
        if row["button_text"] is not None and row["button_url"] is not None
        else None
    )
    return Campaign(
        id=row["id"],
        text=row["text"],
        button=button,
        audience=AudienceKind(row["audience"]),
        audience_value=row["audience_value"],
        send_at=decode_timestamp(row["send_at"]),
        created_by=row["created_by"],
        created_at=decode_timestamp(row["created_at"]),
        state=CampaignState(row["state"]),
        finished_at=None if row["finished_at"] is None else decode_timestamp(row["finished_at"]),
        progress=None
        if row["progress_chat_id"] is None or row["progress_message_id"] is None
        else ProgressMessage(
            row["progress_chat_id"], row["progress_message_id"], row["progress_language"] or ""
        ),
    )
