"""The planner keeps the records between runs, and every change to them shows at the next run."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from bot.domain.dataset import Format
from bot.importing import apply_import, plan_import
from bot.planner import Planner
from bot.services import Services
from storage.outbox import DeliveryKind
from tests.delivery.conftest import Clock, add_chat

ADDRESS = "Prison 1, Street 2, 220000 Minsk, Belarus"
# Tuesday 14 July 2026: Test Person's birthday is on 28 July, a card goes by 18 July.
TODAY = datetime(2026, 7, 14, 8, 0, tzinfo=UTC)


def person_record(*, verified_on: date, address: str = ADDRESS) -> dict[str, str]:
    return {
        "id": "test-person",
        "name": "Test Person",
        "status": "imprisoned",
        "birth_date": "1990-07-28",
        "detained_on": "2024-01-10",
        "letters": "yes",
        "mailing_address": address,
        "verified_on": verified_on.isoformat(),
    }


async def _import(services: Services, *records: dict[str, str]) -> None:
    plan = await plan_import(services, json.dumps(records).encode(), Format.CANONICAL, "x.json")
    assert plan.ok, plan.parsed.errors
    await apply_import(services, plan)


async def _digest(services: Services, chat_id: int) -> str:
    """Return the text of the chat's daily message (a move is news besides)."""
    [text] = [
        row.text
        for row in await services.outbox.rows_for(chat_id)
        if row.kind is DeliveryKind.DIGEST
    ]
    return text


async def test_an_import_shows_in_the_next_run_s_messages(
    services: Services, planner: Planner, clock: Clock
) -> None:
    clock.set(TODAY)
    await _import(services, person_record(verified_on=TODAY.date()))
    await add_chat(services, 1, follows=("test-person",))
    await planner.run(clock.now)

    # The same second, as a fast import could be: the import itself tells of the change.
    await _import(services, person_record(verified_on=TODAY.date(), address="Colony 3, Vitebsk"))
    await add_chat(services, 2, follows=("test-person",))
    await planner.run(clock.now)

    assert ADDRESS in await _digest(services, 1)
    assert "Colony 3, Vitebsk" in await _digest(services, 2)


async def test_a_sync_that_confirms_a_record_shows_its_address_at_the_next_run(
    services: Services, planner: Planner, clock: Clock
) -> None:
    clock.set(TODAY)
    # Confirmed 46 days ago: too long for the address to be offered.
    await _import(services, person_record(verified_on=TODAY.date() - timedelta(days=46)))
    await add_chat(services, 1, follows=("test-person",))
    await planner.run(clock.now)

    # A sync finds the record unchanged in today's list: only its synced_on changes.
    async with services.db.transaction() as conn:
        await services.prisoners.mark_synced(conn, ["test-person"], TODAY.date())
    await add_chat(services, 2, follows=("test-person",))
    await planner.run(clock.now)

    assert ADDRESS not in await _digest(services, 1)
    assert ADDRESS in await _digest(services, 2)


async def test_a_record_removed_by_an_import_is_gone_from_the_next_run(
    services: Services, planner: Planner, clock: Clock
) -> None:
    clock.set(TODAY)
    await _import(services, person_record(verified_on=TODAY.date()))
    await add_chat(services, 1)
    await services.chats.update_settings(1, follow_all=True, now=clock.now)
    await planner.run(clock.now)

    async with services.db.transaction() as conn:
        await services.prisoners.delete_many(["test-person"], conn)
    await add_chat(services, 2)
    await services.chats.update_settings(2, follow_all=True, now=clock.now)
    await planner.run(clock.now)

    assert "Test Person" in await _digest(services, 1)
    assert await services.outbox.rows_for(2) == []
