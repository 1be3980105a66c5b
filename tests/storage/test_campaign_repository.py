"""Campaigns: stored with their messages in one go, counted, cancelled, finished, upgraded."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from bot.domain.chat import ChatType
from bot.domain.prisoner import Prisoner, Status
from storage.campaigns import (
    CANCELLED_REASON,
    AudienceKind,
    CampaignRepository,
    CampaignState,
    NewCampaign,
    ProgressMessage,
    campaign_key,
)
from storage.chats import ChatRepository
from storage.database import Database
from storage.follows import FollowRepository
from storage.migrations import MIGRATIONS
from storage.outbox import DeliveryKind, DeliveryState, NewDelivery, Outbox, news_key
from storage.prisoners import PrisonerRepository
from storage.timestamps import encode_timestamp
from tests.postgres import CHECK_FAILED, FOREIGN_KEY_FAILED, INTEGRITY_ERRORS

ADMIN = 42
LEASE = timedelta(seconds=60)


@pytest.fixture
def outbox(db: Database) -> Outbox:
    return Outbox(db)


@pytest.fixture
def campaigns(db: Database, outbox: Outbox) -> CampaignRepository:
    return CampaignRepository(db, outbox)


async def _chat(db: Database, chat_id: int, now: datetime, language: str = "en") -> None:
    chat_type = ChatType.PRIVATE if chat_id > 0 else ChatType.GROUP
    await ChatRepository(db).ensure(chat_id, chat_type, language, "Europe/Minsk", time(9), now)


async def _people(db: Database, now: datetime) -> None:
    async with db.transaction() as conn:
        await PrisonerRepository(db).upsert_many(
            [
                Prisoner("maria-kalesnikava", "Maria Kalesnikava"),
                Prisoner("ales-bialiatski", "Ales Bialiatski", status=Status.RELEASED),
            ],
            conn,
            now=now,
        )


def _campaign(
    send_at: datetime,
    *,
    audience: AudienceKind = AudienceKind.ALL,
    value: str | None = None,
    button: tuple[str, str] | None = ("Sign", "https://example.org/sign"),
) -> NewCampaign:
    return NewCampaign(
        text="<b>Write a letter</b> today",
        button=button,
        audience=audience,
        audience_value=value,
        send_at=send_at,
        created_by=ADMIN,
    )


async def test_a_campaign_is_stored_with_one_waiting_message_per_chat(
    db: Database, campaigns: CampaignRepository, outbox: Outbox, now: datetime
) -> None:
    for chat_id in (1, 2, -3):
        await _chat(db, chat_id, now)
    send_at = now + timedelta(hours=2)
    progress = ProgressMessage(ADMIN, 77, "en")

    campaign = await campaigns.create(_campaign(send_at), [1, 2, -3, 2], progress=progress, now=now)

    assert campaign.state is CampaignState.SCHEDULED
    assert campaign.send_at == send_at
    assert campaign.created_by == ADMIN
    assert campaign.created_at == now
    assert campaign.button == ("Sign", "https://example.org/sign")
    assert campaign.progress == progress
    assert await campaigns.get(campaign.id) == campaign
    for chat_id in (1, 2, -3):
        [row] = await outbox.rows_for(chat_id)
        assert row.key == campaign_key(chat_id, campaign.id) == f"campaign:{chat_id}:c{campaign.id}"
        assert row.kind is DeliveryKind.CAMPAIGN
        assert row.text == "<b>Write a letter</b> today"
        assert row.buttons == ((("Sign", "https://example.org/sign"),),)
        assert row.not_before == send_at
    counts = await campaigns.delivery_counts(campaign.id)
    assert counts[DeliveryState.PENDING] == 3
    # Not due yet: nothing to claim until send_at.
    assert await outbox.claim(now=now, lease=LEASE, limit=10) == []
    assert len(await outbox.claim(now=send_at, lease=LEASE, limit=10)) == 3


async def test_a_failed_store_leaves_neither_campaign_nor_messages(
    db: Database, campaigns: CampaignRepository, outbox: Outbox, now: datetime
) -> None:
    await _chat(db, 1, now)

    # Chat 999 is unknown: its outbox row breaks a foreign key, and everything is rolled back.
    with pytest.raises(INTEGRITY_ERRORS, match=FOREIGN_KEY_FAILED):
        await campaigns.create(_campaign(now), [1, 999], progress=None, now=now)

    assert await db.fetchval("SELECT count(*) FROM campaigns") == 0
    assert await outbox.rows_for(1) == []
    assert await campaigns.unfinished() == []


async def test_audiences_reach_active_chats_that_have_not_paused(
    db: Database, campaigns: CampaignRepository, now: datetime
) -> None:
    await _people(db, now)
    chats, follows = ChatRepository(db), FollowRepository(db)
    await _chat(db, 1, now, "be")  # follows Maria
    await _chat(db, 2, now, "ru")  # follows Ales
    await _chat(db, 3, now, "be")  # follows everyone in prison
    await _chat(db, 4, now, "be")  # follows Maria, but blocked the bot
    await _chat(db, 5, now, "en")  # follows Maria, but paused the messages
    await follows.follow(1, "maria-kalesnikava", limit=10, now=now)
    await follows.follow(2, "ales-bialiatski", limit=10, now=now)
    await chats.update_settings(3, follow_all=True, now=now)
    await follows.follow(4, "maria-kalesnikava", limit=10, now=now)
    await chats.set_active(4, False, now=now)
    await follows.follow(5, "maria-kalesnikava", limit=10, now=now)
    await chats.update_settings(5, paused=True, now=now)

    assert await campaigns.audience(AudienceKind.ALL) == [1, 2, 3]
    assert await campaigns.audience(AudienceKind.FOLLOWERS, "maria-kalesnikava") == [1, 3]
    # Ales is free: "everyone in prison" no longer covers him.
    assert await campaigns.audience(AudienceKind.FOLLOWERS, "ales-bialiatski") == [2]
    assert await campaigns.audience(AudienceKind.FOLLOWERS, "nobody-known") == []
    assert await campaigns.audience(AudienceKind.LANGUAGE, "be") == [1, 3]
    assert await campaigns.audience(AudienceKind.LANGUAGE, "en") == []


async def test_cancelling_stops_only_this_campaigns_waiting_messages(
    db: Database, campaigns: CampaignRepository, outbox: Outbox, now: datetime
) -> None:
    for chat_id in (1, 2, 3):
        await _chat(db, chat_id, now)
    first = await campaigns.create(_campaign(now), [1, 2, 3], progress=None, now=now)
    other = await campaigns.create(_campaign(now), [1, 2], progress=None, now=now)
    await outbox.enqueue(
        [
            NewDelivery(
                chat_id=3, key=news_key(3, 1), kind=DeliveryKind.NEWS, text="News", not_before=now
            )
        ],
        now=now,
    )
    [sent] = [row for row in await outbox.rows_for(1) if row.key == campaign_key(1, first.id)]
    await outbox.mark_sent(sent.id, message_id=10, now=now)

    cancelled = await campaigns.cancel(first.id, now=now)

    assert cancelled == 2
    stored = await campaigns.get(first.id)
    assert stored is not None
    assert stored.state is CampaignState.CANCELLED
    assert stored.finished_at == now
    counts = await campaigns.delivery_counts(first.id)
    assert (counts[DeliveryState.SENT], counts[DeliveryState.CANCELLED]) == (1, 2)
    assert counts[DeliveryState.PENDING] == 0
    rows = {row.key: row for chat in (1, 2, 3) for row in await outbox.rows_for(chat)}
    assert rows[campaign_key(2, first.id)].last_error == CANCELLED_REASON
    assert (await campaigns.delivery_counts(other.id))[DeliveryState.PENDING] == 2
    assert rows[news_key(3, 1)].state is DeliveryState.PENDING
    assert await campaigns.cancel(first.id, now=now) is None
    assert [c.id for c in await campaigns.unfinished()] == [other.id]


async def test_a_finished_campaign_cannot_be_cancelled(
    db: Database, campaigns: CampaignRepository, outbox: Outbox, now: datetime
) -> None:
    await _chat(db, 1, now)
    campaign = await campaigns.create(_campaign(now, button=None), [1], progress=None, now=now)
    [row] = await outbox.claim(now=now, lease=LEASE, limit=5)
    await outbox.mark_failed(row.id, error="BadRequest: x", now=now)

    assert await campaigns.finish(campaign.id, now=now)

    assert not await campaigns.finish(campaign.id, now=now)
    assert await campaigns.cancel(campaign.id, now=now) is None
    stored = await campaigns.get(campaign.id)
    assert stored is not None
    assert stored.state is CampaignState.SENT
    assert stored.button is None
    assert (await campaigns.delivery_counts(campaign.id))[DeliveryState.FAILED] == 1
    assert await campaigns.unfinished() == []


async def test_a_forgotten_chat_leaves_the_campaign_counts(
    db: Database, campaigns: CampaignRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await _chat(db, 2, now)
    campaign = await campaigns.create(_campaign(now), [1, 2], progress=None, now=now)

    await ChatRepository(db).delete(2)

    assert (await campaigns.delivery_counts(campaign.id))[DeliveryState.PENDING] == 1
    assert await db.fetchval("SELECT count(*) FROM campaign_deliveries") == 1


async def test_a_database_of_the_previous_release_gains_campaigns_and_keeps_its_queue(
    db_path: Path, now: datetime
) -> None:
    previous = await Database.open(db_path, MIGRATIONS[:5])
    # Stored as that release did: today's ChatRepository reads today's columns.
    async with previous.transaction() as conn:
        await conn.execute(
            "INSERT INTO chats (chat_id, type, language, timezone, alert_time, active, created_at)"
            " VALUES (1, 'private', 'en', 'Europe/Minsk', '09:00', 1, ?)",
            (encode_timestamp(now),),
        )
    await Outbox(previous).enqueue(
        [
            NewDelivery(
                chat_id=1, key=news_key(1, 7), kind=DeliveryKind.NEWS, text="News", not_before=now
            )
        ],
        now=now,
    )
    await previous.close()

    db = await Database.open(db_path)
    try:
        outbox = Outbox(db)
        campaigns = CampaignRepository(db, outbox)
        [kept] = await outbox.rows_for(1)
        campaign = await campaigns.create(_campaign(now), [1], progress=None, now=now)
        counts = await campaigns.delivery_counts(campaign.id)
    finally:
        await db.close()

    assert db.schema_version == MIGRATIONS[-1].version
    assert kept.key == news_key(1, 7)
    assert kept.state is DeliveryState.PENDING
    assert counts[DeliveryState.PENDING] == 1


async def test_the_schema_refuses_a_half_button_and_an_audience_without_its_value(
    db: Database, now: datetime
) -> None:
    stamp = now.isoformat()
    insert = (
        "INSERT INTO campaigns (text, button_text, button_url, audience, audience_value,"
        " send_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 42, ?)"
    )
    for values in [
        ("x", "Sign", None, "all", None),
        ("x", "Sign", "javascript:alert(1)", "all", None),
        ("x", None, None, "followers", None),
        ("x", None, None, "all", "be"),
        ("", None, None, "all", None),
    ]:
        with pytest.raises(INTEGRITY_ERRORS, match=CHECK_FAILED):
            async with db.transaction() as conn:
                await conn.execute(insert, (*values, stamp, stamp))
