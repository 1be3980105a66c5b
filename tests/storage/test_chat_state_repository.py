"""The chat_state table: a chat's pending questions and lists, read by whichever worker asks."""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta

from bot.domain.chat import ChatType
from storage.chat_states import WHOLE_CHAT, ChatStateRepository
from storage.chats import ChatRepository
from storage.sql import SQLDatabase

HOUR = timedelta(hours=1)


async def test_a_state_is_read_back_until_it_expires(db: SQLDatabase, now: datetime) -> None:
    states = ChatStateRepository(db)
    data = {"prompt_id": 17, "ids": ["ihar-losik"], "name": "Мінск"}

    await states.put(5, WHOLE_CHAT, "question", data, expires_at=now + HOUR)

    assert await states.get(5, WHOLE_CHAT, "question", now=now) == data
    assert await states.get(5, WHOLE_CHAT, "question", now=now + HOUR) is None
    assert await states.get(5, 9, "question", now=now) is None  # another person's
    assert await states.get(6, WHOLE_CHAT, "question", now=now) is None  # another chat's


async def test_a_new_state_replaces_the_old_one_and_its_expiry(
    db: SQLDatabase, now: datetime
) -> None:
    states = ChatStateRepository(db)
    await states.put(5, 9, "draft", {"step": "text"}, expires_at=now + HOUR)

    await states.put(5, 9, "draft", {"step": "time"}, expires_at=now + 2 * HOUR)

    assert await states.get(5, 9, "draft", now=now + HOUR) == {"step": "time"}


async def test_of_two_takes_at_once_one_gets_the_state(db: SQLDatabase, now: datetime) -> None:
    states = ChatStateRepository(db)
    await states.put(5, 9, "draft", {"token": "abc"}, expires_at=now + HOUR)

    taken = await asyncio.gather(*(states.take(5, 9, "draft", now=now) for _ in range(2)))

    assert sorted(taken, key=repr) == [None, {"token": "abc"}]
    assert await states.get(5, 9, "draft", now=now) is None


async def test_an_expired_state_is_not_taken_but_swept_once(db: SQLDatabase, now: datetime) -> None:
    states = ChatStateRepository(db)
    await states.put(5, 9, "draft", {"token": "old"}, expires_at=now)
    await states.put(6, 0, "question", {"prompt_id": 1}, expires_at=now + HOUR)

    assert await states.take(5, 9, "draft", now=now) is None
    await states.put(5, 9, "draft", {"token": "old"}, expires_at=now)
    swept = await states.take_expired(now=now)

    assert [(s.kind, s.chat_id, s.user_id, s.data) for s in swept] == [
        ("draft", 5, 9, {"token": "old"})
    ]
    assert await states.take_expired(now=now) == []
    assert await states.get(6, 0, "question", now=now) == {"prompt_id": 1}


async def test_forgetting_a_chat_takes_its_states_even_unstored(
    db: SQLDatabase, now: datetime
) -> None:
    states, chats = ChatStateRepository(db), ChatRepository(db)
    await chats.ensure(
        5, ChatType.PRIVATE, language="en", timezone="UTC", alert_time=time(10), now=now
    )
    await states.put(5, 0, "lists", {"ids": []}, expires_at=now + HOUR)
    await states.put(7, 0, "lists", {"ids": []}, expires_at=now + HOUR)  # never stored
    await states.put(8, 0, "lists", {"ids": []}, expires_at=now + HOUR)

    assert await chats.delete(5)
    assert not await chats.delete(7)

    assert await states.get(5, 0, "lists", now=now) is None
    assert await states.get(7, 0, "lists", now=now) is None
    assert await states.get(8, 0, "lists", now=now) == {"ids": []}


async def test_a_group_that_moves_takes_its_states_along(db: SQLDatabase, now: datetime) -> None:
    states = ChatStateRepository(db)
    await states.put(-5, 0, "question", {"prompt_id": 3}, expires_at=now + HOUR)
    await states.put(-100, 0, "question", {"prompt_id": 99}, expires_at=now + HOUR)
    await states.put(-100, 0, "lists", {"ids": ["a"]}, expires_at=now + HOUR)

    await states.move(-5, -100)

    assert await states.get(-5, 0, "question", now=now) is None
    assert await states.get(-100, 0, "question", now=now) == {"prompt_id": 3}
    assert await states.get(-100, 0, "lists", now=now) == {"ids": ["a"]}
