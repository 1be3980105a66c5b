"""Updates of many chats at once, each chat's in order: the bot's update processor."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.updates import PerChatUpdateProcessor, ordering_key


def message(update_id: int, chat_id: int, text: str = "hi") -> Update:
    """Build a real text message update from a user in their private chat."""
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
                "text": text,
            },
        },
        None,
    )


def press(update_id: int, chat_id: int, data: str) -> Update:
    """Build a real button press on a message in a private chat."""
    return Update.de_json(
        {
            "update_id": update_id,
            "callback_query": {
                "id": str(update_id),
                "chat_instance": "1",
                "data": data,
                "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": chat_id, "type": "private"},
                    "text": "card",
                },
            },
        },
        None,
    )


def inline(update_id: int, user_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "inline_query": {
                "id": str(update_id),
                "from": {"id": user_id, "is_bot": False, "first_name": "A"},
                "query": "Losik",
                "offset": "",
            },
        },
        None,
    )


async def test_two_presses_of_one_chat_are_handled_in_order() -> None:
    processor = PerChatUpdateProcessor()
    handled: list[str] = []
    first_may_finish = asyncio.Event()

    async def handle(name: str, wait: asyncio.Event | None = None) -> None:
        handled.append(f"{name} started")
        if wait is not None:
            await wait.wait()
        handled.append(f"{name} done")

    first = asyncio.create_task(
        processor.process_update(press(1, 7, "fol:x"), handle("follow", first_may_finish))
    )
    second = asyncio.create_task(processor.process_update(press(2, 7, "unf:x"), handle("unfollow")))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert handled == ["follow started"]  # the second press waits, though it would be quick

    first_may_finish.set()
    await asyncio.gather(first, second)

    assert handled == ["follow started", "follow done", "unfollow started", "unfollow done"]


async def test_a_slow_chat_does_not_delay_another() -> None:
    processor = PerChatUpdateProcessor()
    slow_may_finish = asyncio.Event()
    fast_done = asyncio.Event()

    async def slow() -> None:
        await slow_may_finish.wait()

    async def fast() -> None:
        fast_done.set()

    slow_task = asyncio.create_task(processor.process_update(message(1, 100), slow()))
    fast_task = asyncio.create_task(processor.process_update(message(2, 200), fast()))

    await asyncio.wait_for(fast_done.wait(), timeout=5)
    assert not slow_task.done()
    slow_may_finish.set()
    await asyncio.gather(slow_task, fast_task)


async def test_many_updates_of_many_chats_keep_each_chats_order() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=4)
    seen: dict[int, list[int]] = {}

    async def handle(chat_id: int, number: int) -> None:
        # Later updates finish sooner, so any overtaking would show.
        await asyncio.sleep(0.001 * (number % 3))
        seen.setdefault(chat_id, []).append(number)

    tasks = [
        asyncio.create_task(processor.process_update(message(n, n % 5), handle(n % 5, n)))
        for n in range(100)
    ]
    await asyncio.gather(*tasks)

    assert seen == {chat: list(range(chat, 100, 5)) for chat in range(5)}


async def test_a_cancelled_update_lets_the_next_one_of_its_chat_go() -> None:
    processor = PerChatUpdateProcessor()
    blocked = asyncio.Event()
    ran: list[str] = []

    async def forever() -> None:
        await blocked.wait()

    async def later() -> None:
        ran.append("later")

    stuck = asyncio.create_task(processor.process_update(message(1, 9), forever()))
    queued = asyncio.create_task(processor.process_update(message(2, 9), later()))
    await asyncio.sleep(0)
    stuck.cancel()
    await asyncio.gather(stuck, return_exceptions=True)
    await asyncio.wait_for(queued, timeout=5)

    assert ran == ["later"]


def test_updates_are_ordered_by_chat_then_by_user() -> None:
    assert ordering_key(message(1, 42)) == 42
    assert ordering_key(press(2, 43, "x")) == 43
    assert ordering_key(inline(3, 44)) == 44
    assert ordering_key(object()) is None


def test_the_bot_processes_updates_concurrently_per_chat(settings: Settings) -> None:
    application: Any = build_application(settings)

    assert isinstance(application.update_processor, PerChatUpdateProcessor)
    assert application.update_processor.max_concurrent_updates > 1
