"""The chats table: first contact creates a chat, later contact never overwrites its settings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.chat import ALL_KINDS, AlertKind, Chat, ChatType
from bot.domain.prisoner import Prisoner
from storage.chats import ChatCounts, ChatRepository
from storage.database import Database
from storage.follows import FollowRepository
from storage.prisoners import PrisonerRepository
from tests.postgres import CHECK_FAILED, INTEGRITY_ERRORS


async def _ensure(
    repo: ChatRepository,
    chat_id: int,
    now: datetime,
    *,
    type: ChatType = ChatType.PRIVATE,
    language: str = "be",
) -> Chat:
    return await repo.ensure(chat_id, type, language, "Europe/Minsk", time(9, 0), now)


async def test_first_contact_stores_the_chat(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)

    chat = await _ensure(repo, 42, now)

    assert chat == Chat(
        chat_id=42,
        type=ChatType.PRIVATE,
        language="be",
        timezone="Europe/Minsk",
        alert_time=time(9, 0),
        active=True,
        created_at=now,
    )
    assert chat.kinds == ALL_KINDS
    assert (chat.paused, chat.follow_all, chat.updated_at) == (False, False, None)
    assert await repo.get(42) == chat


async def test_ensure_does_not_overwrite_the_chosen_language(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now, language="be")

    again = await _ensure(repo, 42, now + timedelta(days=3), language="en")

    assert again.language == "be"
    assert again.created_at == now


async def test_group_and_channel_ids_are_negative(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)

    await _ensure(repo, -1001234567890, now, type=ChatType.CHANNEL)

    stored = await repo.get(-1001234567890)
    assert stored is not None
    assert stored.type is ChatType.CHANNEL


async def test_unknown_chat_is_none(db: Database) -> None:
    assert await ChatRepository(db).get(7) is None


async def test_alert_time_is_kept_to_the_minute(db: Database, now: datetime) -> None:
    chat = await ChatRepository(db).ensure(
        1, ChatType.PRIVATE, "ru", "Europe/Warsaw", time(18, 45, 30), now
    )

    assert chat.alert_time == time(18, 45)


async def test_created_at_is_stored_in_utc(db: Database) -> None:
    minsk_noon = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Minsk"))

    chat = await _ensure(ChatRepository(db), 1, minsk_noon)

    assert chat.created_at == minsk_noon
    assert chat.created_at.utcoffset() == timedelta(0)
    assert chat.created_at.hour == 9


async def test_set_active_marks_a_blocked_chat_and_back(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)
    kicked, back = now + timedelta(days=1), now + timedelta(days=2)

    assert await repo.set_active(42, False, now=kicked) is True
    blocked = await repo.get(42)
    assert await repo.set_active(42, True, now=back) is True
    unblocked = await repo.get(42)

    assert blocked is not None
    assert (blocked.active, blocked.updated_at) == (False, kicked)
    assert unblocked is not None
    assert (unblocked.active, unblocked.updated_at) == (True, back)
    assert unblocked.created_at == now
    assert await repo.set_active(404, False, now=back) is False
    assert await repo.get(404) is None


async def test_active_lists_only_reachable_chats(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    for chat_id in (3, 1, 2):
        await _ensure(repo, chat_id, now)
    await repo.set_active(2, False, now=now)

    assert [chat.chat_id for chat in await repo.active()] == [1, 3]


async def test_update_settings_changes_only_what_is_given(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)
    later = now + timedelta(hours=5)

    chat = await repo.update_settings(
        42, now=later, timezone="Europe/Vilnius", alert_time=time(20, 15)
    )

    assert chat is not None
    assert (chat.language, chat.timezone, chat.alert_time) == ("be", "Europe/Vilnius", time(20, 15))
    assert (chat.kinds, chat.paused, chat.follow_all) == (ALL_KINDS, False, False)
    assert (chat.created_at, chat.updated_at) == (now, later)
    assert await repo.get(42) == chat
    assert await repo.update_settings(404, now=later, language="en") is None
    assert await repo.get(404) is None


async def test_delete_forgets_the_chat(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    assert await repo.delete(42) is True

    assert await repo.get(42) is None
    assert await repo.delete(42) is False


async def test_counts_by_activity_and_kind(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    assert await repo.counts() == ChatCounts(0, 0, 0, 0, 0)
    await _ensure(repo, 1, now)
    await _ensure(repo, 2, now)
    await _ensure(repo, -3, now, type=ChatType.SUPERGROUP)
    await _ensure(repo, -4, now, type=ChatType.GROUP)
    await _ensure(repo, -1005, now, type=ChatType.CHANNEL)
    await repo.set_active(2, False, now=now)
    await repo.set_active(-1005, False, now=now)

    counts = await repo.counts()

    assert counts == ChatCounts(active=3, inactive=2, private=2, groups=2, channels=1)


async def test_naive_creation_time_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone"):
        await _ensure(ChatRepository(db), 1, datetime(2025, 1, 1))  # noqa: DTZ001

    assert await ChatRepository(db).get(1) is None


async def test_update_settings_stores_the_chosen_kinds(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    # Any iterable will do, duplicates included.
    chosen = await repo.update_settings(
        42, now=now, kinds=iter([AlertKind.WEEKLY, AlertKind.NEWS, AlertKind.NEWS])
    )
    untouched = await repo.update_settings(42, now=now, language="en")

    assert chosen is not None
    assert chosen.kinds == {AlertKind.NEWS, AlertKind.WEEKLY}
    assert chosen.wants(AlertKind.NEWS)
    assert not chosen.wants(AlertKind.BIRTHDAYS)
    assert untouched is not None
    assert untouched.kinds == {AlertKind.NEWS, AlertKind.WEEKLY}
    assert untouched.language == "en"
    assert await repo.get(42) == untouched


async def test_no_kinds_at_all_is_kept_apart_from_keeping_them(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    silent = await repo.update_settings(42, now=now, kinds=[])
    stored = await repo.get(42)

    assert silent is not None
    assert silent.kinds == frozenset()
    assert stored == silent
    assert not any(silent.wants(kind) for kind in AlertKind)


async def test_pause_and_follow_all_switch_on_and_back_off(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)
    later = now + timedelta(minutes=1)

    on = await repo.update_settings(42, now=now, paused=True, follow_all=True)
    # False is a value to store, not "keep what is there".
    off = await repo.update_settings(42, now=later, paused=False, follow_all=False)

    assert on is not None
    assert (on.paused, on.follow_all, on.updated_at) == (True, True, now)
    assert not on.wants(AlertKind.NEWS)
    assert off is not None
    assert (off.paused, off.follow_all, off.updated_at) == (False, False, later)
    assert off.wants(AlertKind.NEWS)
    assert off.kinds == ALL_KINDS
    assert await repo.get(42) == off


async def test_updated_at_is_stored_in_utc(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)
    warsaw_evening = datetime(2025, 12, 15, 21, 0, tzinfo=ZoneInfo("Europe/Warsaw"))

    chat = await repo.update_settings(42, now=warsaw_evening, paused=True)

    assert chat is not None
    assert chat.updated_at == warsaw_evening
    assert chat.updated_at.utcoffset() == timedelta(0)
    assert chat.updated_at.hour == 20


async def test_naive_update_time_is_refused_and_changes_nothing(
    db: Database, now: datetime
) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    with pytest.raises(ValueError, match="timezone"):
        await repo.update_settings(42, now=datetime(2025, 1, 1), paused=True)  # noqa: DTZ001

    stored = await repo.get(42)
    assert stored is not None
    assert (stored.paused, stored.updated_at) == (False, None)


async def test_kinds_a_later_release_dropped_are_ignored(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)
    async with db.transaction() as conn:
        await conn.execute('UPDATE chats SET kinds = \'["news", "fireworks"]\'')

    stored = await repo.get(42)

    assert stored is not None
    assert stored.kinds == {AlertKind.NEWS}


async def test_kinds_must_be_a_json_array(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    with pytest.raises(INTEGRITY_ERRORS, match=CHECK_FAILED):
        async with db.transaction() as conn:
            await conn.execute("UPDATE chats SET kinds = '{\"news\": true}'")

    stored = await repo.get(42)
    assert stored is not None
    assert stored.kinds == ALL_KINDS


async def test_planning_again_makes_every_chat_due_on_an_earlier_day(
    db: Database, now: datetime
) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)
    await _ensure(repo, 43, now)
    later, earlier = now.date() + timedelta(days=30), now.date() + timedelta(days=2)
    async with db.transaction() as conn:
        await repo.mark_planned_in(conn, [(42, later), (43, later)])
    assert await repo.due_in_zone("Europe/Minsk", earlier, time(12, 0)) == []

    assert await repo.plan_again() == 2

    assert await repo.due_in_zone("Europe/Minsk", earlier, time(12, 0)) == [42, 43]
    assert await repo.plan_again() == 0, "nothing is left to plan again"


async def test_the_planner_reads_due_chats_with_whom_they_follow(
    db: Database, now: datetime
) -> None:
    repo = ChatRepository(db)
    for chat_id in (41, 42, 43):
        await _ensure(repo, chat_id, now)
    async with db.transaction() as conn:
        await PrisonerRepository(db).upsert_many(
            [Prisoner("ales-bialiatski", "Ales Bialiatski"), Prisoner("maria-kalesnikava", "M")],
            conn,
            now=now,
        )
    follows = FollowRepository(db)
    for prisoner_id in ("maria-kalesnikava", "ales-bialiatski"):
        await follows.follow(42, prisoner_id, limit=100, now=now)
    await repo.update_settings(43, kinds={AlertKind.NEWS}, follow_all=True, now=now)
    today = now.date()
    async with db.transaction() as conn:
        await repo.mark_planned_in(conn, [(41, today - timedelta(days=1))])

    due = await repo.due_in_zone("Europe/Minsk", today, time(9, 0))
    recipients = await repo.recipients([43, 41, 42, 404])

    assert due == [41, 42, 43]
    assert await repo.due_in_zone("Europe/Minsk", today, time(8, 59)) == []
    assert [
        (chat.chat_id, chat.language, chat.kinds, chat.follow_all, sorted(chat.follows))
        for chat in recipients
    ] == [
        (41, "be", ALL_KINDS, False, []),
        (42, "be", ALL_KINDS, False, ["ales-bialiatski", "maria-kalesnikava"]),
        (43, "be", {AlertKind.NEWS}, True, []),
    ]
    # Only a chat never planned, or planned again after a change, may have today's message.
    assert [chat.planned_on for chat in recipients] == [today - timedelta(days=1), None, None]
