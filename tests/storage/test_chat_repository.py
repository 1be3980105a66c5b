"""The chats table: first contact creates a chat, later contact never overwrites its settings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.chat import Chat, ChatType
from storage.chats import ChatRepository
from storage.database import Database


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

    assert await repo.set_active(42, False) is True
    blocked = await repo.get(42)
    assert await repo.set_active(42, True) is True
    unblocked = await repo.get(42)

    assert blocked is not None
    assert blocked.active is False
    assert unblocked is not None
    assert unblocked.active is True
    assert await repo.set_active(404, False) is False


async def test_active_lists_only_reachable_chats(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    for chat_id in (3, 1, 2):
        await _ensure(repo, chat_id, now)
    await repo.set_active(2, False)

    assert [chat.chat_id for chat in await repo.active()] == [1, 3]


async def test_update_settings_changes_only_what_is_given(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    chat = await repo.update_settings(42, timezone="Europe/Vilnius", alert_time=time(20, 15))

    assert chat is not None
    assert (chat.language, chat.timezone, chat.alert_time) == ("be", "Europe/Vilnius", time(20, 15))
    assert await repo.get(42) == chat
    assert await repo.update_settings(404, language="en") is None


async def test_delete_forgets_the_chat(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 42, now)

    assert await repo.delete(42) is True

    assert await repo.get(42) is None
    assert await repo.delete(42) is False


async def test_count_by_type_and_activity(db: Database, now: datetime) -> None:
    repo = ChatRepository(db)
    await _ensure(repo, 1, now)
    await _ensure(repo, 2, now)
    await _ensure(repo, -3, now, type=ChatType.SUPERGROUP)
    await _ensure(repo, -4, now, type=ChatType.SUPERGROUP)
    await repo.set_active(2, False)

    counts = await repo.count_by_type()

    assert counts[ChatType.PRIVATE, True] == 1
    assert counts[ChatType.PRIVATE, False] == 1
    assert counts[ChatType.SUPERGROUP, True] == 2
    assert counts[ChatType.CHANNEL, True] == 0
    assert sum(counts.values()) == 4
    assert len(counts) == 8


async def test_naive_creation_time_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone"):
        await _ensure(ChatRepository(db), 1, datetime(2025, 1, 1))  # noqa: DTZ001

    assert await ChatRepository(db).get(1) is None
