"""Purging the outbox: finished rows past their time go, everything still needed stays."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.domain.chat import ChatType
from storage.campaigns import AudienceKind, CampaignRepository, NewCampaign, campaign_key
from storage.chats import ChatRepository
from storage.database import Database
from storage.outbox import DeliveryKind, DeliveryState, NewDelivery, Outbox, digest_key, news_key

LEASE = timedelta(seconds=60)
KEEP = timedelta(days=30)


async def _chat(db: Database, chat_id: int, now: datetime) -> None:
    await ChatRepository(db).ensure(
        chat_id, ChatType.PRIVATE, "en", "Europe/Minsk", time(9, 0), now
    )


def _news(chat_id: int, news_id: int, not_before: datetime) -> NewDelivery:
    return NewDelivery(
        chat_id=chat_id,
        key=news_key(chat_id, news_id),
        kind=DeliveryKind.NEWS,
        text=f"News {news_id}",
        not_before=not_before,
    )


async def _states(outbox: Outbox, chat_ids: range) -> dict[int, list[DeliveryState]]:
    return {chat_id: [row.state for row in await outbox.rows_for(chat_id)] for chat_id in chat_ids}


async def test_finished_rows_older_than_the_limit_go_and_the_rest_stay(
    db: Database, now: datetime
) -> None:
    outbox = Outbox(db)
    queued = now - timedelta(days=40)
    for chat_id in range(1, 7):
        await _chat(db, chat_id, queued)
        await outbox.enqueue([_news(chat_id, 1, queued)], now=queued)
    claimed = {row.chat_id: row.id for row in await outbox.claim(now=queued, lease=LEASE, limit=9)}
    await outbox.mark_sent(claimed[1], message_id=1, now=queued)
    await outbox.mark_failed(claimed[2], error="BadRequest", now=queued)
    await outbox.cancel_chat(3, reason="Forbidden")
    # Sent only ten days ago, after retries: its last change is recent.
    await outbox.mark_sent(claimed[4], message_id=4, now=now - timedelta(days=10))
    # Waiting to be tried again, and still being sent: neither has finished.
    await outbox.retry_later(claimed[5], not_before=queued, error="NetworkError", now=queued)

    purged = await outbox.purge_finished(older_than=now - KEEP, keep_digests_from=now.date())

    assert purged == 3
    assert await _states(outbox, range(1, 7)) == {
        1: [],
        2: [],
        3: [],
        4: [DeliveryState.SENT],
        5: [DeliveryState.PENDING],
        6: [DeliveryState.SENDING],
    }


async def test_nothing_is_purged_twice_and_batches_end_with_the_rows(
    db: Database, now: datetime
) -> None:
    outbox = Outbox(db)
    queued = now - timedelta(days=31)
    await _chat(db, 1, queued)
    for news_id in range(5):
        await outbox.enqueue([_news(1, news_id, queued)], now=queued)
        [row] = await outbox.claim(now=queued, lease=LEASE, limit=1)
        await outbox.mark_sent(row.id, message_id=news_id, now=queued)

    first = await outbox.purge_finished(
        older_than=now - KEEP, keep_digests_from=now.date(), batch=2
    )
    again = await outbox.purge_finished(older_than=now - KEEP, keep_digests_from=now.date())

    assert (first, again) == (5, 0)
    assert await outbox.rows_for(1) == []


async def test_a_digest_for_a_day_that_may_still_be_today_stays(
    db: Database, now: datetime
) -> None:
    outbox = Outbox(db)
    queued = now - timedelta(days=2)
    await _chat(db, 1, queued)
    days = [now.date() - timedelta(days=n) for n in (3, 2, 1)]
    for local_date in days:
        await outbox.enqueue(
            [
                NewDelivery(
                    chat_id=1,
                    key=digest_key(1, local_date),
                    kind=DeliveryKind.DIGEST,
                    local_date=local_date,
                    text="Today",
                    not_before=queued,
                )
            ],
            now=queued,
        )
        [row] = await outbox.claim(now=queued, lease=LEASE, limit=1)
        await outbox.mark_sent(row.id, message_id=1, now=queued)

    purged = await outbox.purge_finished(
        older_than=now - timedelta(days=1), keep_digests_from=days[1]
    )

    assert purged == 1
    assert [row.local_date for row in await outbox.rows_for(1)] == days[1:]


async def test_a_campaign_keeps_its_rows_until_it_has_finished(db: Database, now: datetime) -> None:
    outbox = Outbox(db)
    campaigns = CampaignRepository(db, outbox)
    sent_at = now - timedelta(days=40)
    for chat_id in (1, 2):
        await _chat(db, chat_id, sent_at)
    new = NewCampaign(
        text="Write a letter",
        button=None,
        audience=AudienceKind.ALL,
        audience_value=None,
        send_at=sent_at,
        created_by=42,
    )
    finished = await campaigns.create(new, [1], progress=None, now=sent_at)
    running = await campaigns.create(new, [2], progress=None, now=sent_at)
    for row in await outbox.claim(now=sent_at, lease=LEASE, limit=5):
        await outbox.mark_sent(row.id, message_id=row.chat_id, now=sent_at)
    await campaigns.finish(finished.id, now=sent_at)

    purged = await outbox.purge_finished(older_than=now - KEEP, keep_digests_from=now.date())

    assert purged == 1
    assert [row.key for row in await outbox.rows_for(1)] == []
    assert [row.key for row in await outbox.rows_for(2)] == [campaign_key(2, running.id)]
    # The progress of the campaign still being sent counts its message; the link of the other
    # went with its row.
    assert (await campaigns.delivery_counts(running.id))[DeliveryState.SENT] == 1
    assert sum((await campaigns.delivery_counts(finished.id)).values()) == 0
    assert await db.fetchval("SELECT count(*) FROM campaign_deliveries") == 1
