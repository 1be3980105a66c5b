"""News: status changes recorded by the import that applies them, and fanned out exactly once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from bot.config import Settings
from bot.domain.chat import ChatType
from bot.domain.dataset import Format
from bot.domain.news import NewsItem, NewsKind, StatusNews
from bot.domain.prisoner import Prisoner, Status
from bot.importing import apply_import, plan_import
from bot.services import Services
from storage.chats import ChatRepository
from storage.database import Database
from storage.news import NewsRepository
from storage.outbox import DeliveryKind, NewDelivery, Outbox, news_key
from storage.prisoners import PrisonerRepository
from tests.postgres import FOREIGN_KEY_FAILED, INTEGRITY_ERRORS

JANE = {"id": "jane-doe", "name": "Jane Doe", "status": "imprisoned"}
JOHN = {"id": "john-roe", "name": "John Roe", "status": "imprisoned"}
BOB = {"id": "bob-poe", "name": "Bob Poe", "status": "released"}
FREED = StatusNews("jane-doe", Status.IMPRISONED, Status.RELEASED, None)


@pytest.fixture
async def services(settings: Settings, now: datetime) -> AsyncIterator[Services]:
    """Open the bot's services on a fresh database, with the clock stopped at `now`."""
    opened = await Services.open(settings, clock=lambda: now)
    yield opened
    await opened.close()


async def _import(services: Services, *records: dict[str, str], prune: bool = False) -> None:
    data = json.dumps(list(records)).encode()
    plan = await plan_import(services, data, Format.CANONICAL, "people.json")
    assert plan.ok, plan.parsed.errors
    await apply_import(services, plan, prune=prune)


async def _seed(db: Database, now: datetime, *people: Prisoner) -> None:
    async with db.transaction() as conn:
        await PrisonerRepository(db).upsert_many(people, conn, now=now)


async def _record(db: Database, now: datetime, *items: StatusNews) -> list[NewsItem]:
    async with db.transaction() as conn:
        await NewsRepository(db).record_in(conn, items, now)
    return await NewsRepository(db).unfanned()


def _delivery(chat_id: int, news_id: int, now: datetime) -> NewDelivery:
    return NewDelivery(
        chat_id=chat_id,
        key=news_key(chat_id, news_id),
        kind=DeliveryKind.NEWS,
        text="<b>Jane Doe</b> is free",
        not_before=now,
    )


async def test_an_import_records_each_status_change(services: Services, now: datetime) -> None:
    await _import(services, JANE, JOHN, BOB)
    after_additions = await NewsRepository(services.db).unfanned()

    await _import(
        services,
        {**JANE, "status": "released", "status_changed_on": "2025-12-13"},
        {**JOHN, "summary": "A teacher."},
        BOB,
        {"id": "alice-moe", "name": "Alice Moe", "status": "imprisoned"},
    )
    news = await NewsRepository(services.db).unfanned()

    assert after_additions == []
    assert [(item.prisoner_id, item.old_status, item.new_status) for item in news] == [
        ("jane-doe", Status.IMPRISONED, Status.RELEASED)
    ]
    assert (news[0].changed_on, news[0].recorded_at, news[0].fanned_out_at) == (
        date(2025, 12, 13),
        now,
        None,
    )
    assert await NewsRepository(services.db).get(news[0].id) == news[0]


async def test_unchanged_and_removed_people_are_not_news(services: Services) -> None:
    await _import(services, JANE, JOHN, BOB)

    await _import(services, JANE, JOHN, BOB)
    await _import(services, JANE, prune=True)

    assert await NewsRepository(services.db).unfanned() == []
    assert await services.prisoners.count() == 1


async def test_removing_a_person_removes_their_news(services: Services) -> None:
    await _import(services, JANE, JOHN)
    await _import(services, {**JANE, "status": "released"}, {**JOHN, "status": "deceased"})

    await _import(services, {**JOHN, "status": "deceased"}, prune=True)

    news = await NewsRepository(services.db).unfanned()
    assert [(item.prisoner_id, item.new_status, item.changed_on) for item in news] == [
        ("john-roe", Status.DECEASED, None)
    ]


async def test_upsert_reports_each_status_change_with_both_statuses(
    db: Database, now: datetime
) -> None:
    jane = Prisoner("jane-doe", "Jane Doe")
    john = Prisoner("john-roe", "John Roe", status=Status.RELEASED)
    await _seed(db, now, jane, john)

    async with db.transaction() as conn:
        result = await PrisonerRepository(db).upsert_many(
            [
                replace(jane, status=Status.RELEASED, status_changed_on=date(2025, 12, 14)),
                replace(john, summary="Free since spring."),
                Prisoner("alice-moe", "Alice Moe"),
            ],
            conn,
            now=now,
        )

    assert result.status_changed == ("jane-doe",)
    assert result.status_news == (
        StatusNews("jane-doe", Status.IMPRISONED, Status.RELEASED, date(2025, 12, 14)),
    )


async def test_record_in_needs_the_callers_transaction(db: Database, now: datetime) -> None:
    await _seed(db, now, Prisoner("jane-doe", "Jane Doe"))
    item = StatusNews("jane-doe", Status.IMPRISONED, Status.RELEASED, None)

    async with db.transaction() as conn:
        pass

    with pytest.raises(RuntimeError, match="open one first"):
        await NewsRepository(db).record_in(conn, [item], now)

    assert await NewsRepository(db).unfanned() == []


async def test_mark_fanned_out_takes_items_off_the_list(db: Database, now: datetime) -> None:
    await _seed(db, now, Prisoner("jane-doe", "Jane Doe"), Prisoner("john-roe", "John Roe"))
    news = await _record(
        db,
        now,
        StatusNews("jane-doe", Status.IMPRISONED, Status.RELEASED, None),
        StatusNews("john-roe", Status.IMPRISONED, Status.DECEASED, date(2025, 12, 1)),
    )
    later = now + timedelta(minutes=1)

    first = await NewsRepository(db).mark_fanned_out([news[0].id], later)
    again = await NewsRepository(db).mark_fanned_out([news[0].id], later)

    assert (first, again) == (1, 0)
    assert await NewsRepository(db).unfanned() == [news[1]]
    stored = await NewsRepository(db).get(news[0].id)
    assert stored is not None
    assert stored.fanned_out_at == later
    assert await NewsRepository(db).mark_fanned_out([], later) == 0


async def test_fan_out_queues_and_marks_together_once(db: Database, now: datetime) -> None:
    await _seed(db, now, Prisoner("jane-doe", "Jane Doe"))
    for chat_id in (7, 8):
        await ChatRepository(db).ensure(chat_id, ChatType.PRIVATE, "en", "UTC", time(9), now)
    [item] = await _record(db, now, FREED)
    # A delivery queued earlier (say, before a crash) is not queued again.
    await Outbox(db).enqueue([_delivery(8, item.id, now)], now=now)
    repo = NewsRepository(db)

    both = [_delivery(7, item.id, now), _delivery(8, item.id, now)]
    queued = await repo.fan_out(item.id, both, now)
    again = await repo.fan_out(item.id, [_delivery(7, item.id, now)], now)
    unknown = await repo.fan_out(item.id + 1, [_delivery(7, item.id + 1, now)], now)

    assert (queued, again, unknown) == (1, None, None)
    assert await repo.unfanned() == []
    assert [row.key for row in await Outbox(db).rows_for(7)] == [news_key(7, item.id)]
    assert len(await Outbox(db).rows_for(8)) == 1


async def test_a_failed_fan_out_writes_nothing(db: Database, now: datetime) -> None:
    await _seed(db, now, Prisoner("jane-doe", "Jane Doe"))
    await ChatRepository(db).ensure(7, ChatType.PRIVATE, "en", "UTC", time(9), now)
    [item] = await _record(db, now, FREED)

    # Chat 404 does not exist: its row breaks the foreign key, and the whole fan-out rolls back.
    with pytest.raises(INTEGRITY_ERRORS, match=FOREIGN_KEY_FAILED):
        await NewsRepository(db).fan_out(
            item.id, [_delivery(7, item.id, now), _delivery(404, item.id, now)], now
        )

    assert await NewsRepository(db).unfanned() == [item]
    assert await db.fetchval("SELECT count(*) FROM outbox") == 0
    assert await NewsRepository(db).fan_out(item.id, [_delivery(7, item.id, now)], now) == 1


async def test_an_import_records_a_move_to_another_prison_as_a_transfer(
    services: Services, now: datetime
) -> None:
    inside = {**JANE, "facility": "Colony No. 4, Homiel", "mailing_address": "246035, Homiel"}
    await _import(services, inside, {**JOHN, "facility": None}, BOB)

    await _import(
        services,
        {**inside, "facility": "Prison No. 8, Zhodzina", "mailing_address": "222160, Zhodzina"},
        # Gaining a place where none was known tells of no move.
        {**JOHN, "facility": "Colony No. 2, Babrujsk"},
        BOB,
    )
    # Nor does the same place written again in another case, spacing or punctuation.
    await _import(
        services,
        {**inside, "facility": "prison no. 8,  Zhodzina", "mailing_address": "222160 Zhodzina"},
        {**JOHN, "facility": "Colony No. 2, Babrujsk"},
        BOB,
    )

    [item] = await NewsRepository(services.db).unfanned()
    assert item.kind is NewsKind.TRANSFER
    assert (item.prisoner_id, item.old_status, item.new_status) == (
        "jane-doe",
        Status.IMPRISONED,
        Status.IMPRISONED,
    )
    assert (item.old_facility, item.facility, item.address) == (
        "Colony No. 4, Homiel",
        "Prison No. 8, Zhodzina",
        "222160, Zhodzina",
    )
    assert await NewsRepository(services.db).get(item.id) == item


async def test_a_release_with_another_place_is_a_release_not_a_transfer(
    services: Services,
) -> None:
    inside = {**JANE, "facility": "Colony No. 4, Homiel"}
    await _import(services, inside)

    await _import(services, {**inside, "status": "released", "facility": "At home, Minsk"})

    [item] = await NewsRepository(services.db).unfanned()
    assert (item.kind, item.new_status) == (NewsKind.STATUS, Status.RELEASED)
