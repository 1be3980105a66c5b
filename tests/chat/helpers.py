"""What chat tests look at and do: stored rows, forged buttons, timeouts, data sets, letters."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, time, timedelta

from bot.config import BUNDLED_DATASET
from bot.context import BotApplication, BotContext
from bot.domain.chat import ChatType
from bot.domain.prisoner import Prisoner
from bot.sandbox.models import ChatMessage
from bot.sandbox.user import SimulatedUser
from handlers.chat_state import sweep_expired


async def run_job(
    application: BotApplication, job: Callable[[BotContext], Awaitable[None]]
) -> None:
    """Run one of the bot's jobs now, as its job queue would."""
    jobs = application.job_queue
    assert jobs is not None
    scheduled = jobs.run_once(job, when=timedelta(days=1))
    await scheduled.run(application)
    scheduled.schedule_removal()


async def rows_about(bot_app: BotApplication, chat_id: int) -> dict[str, int]:
    """Return, for every table with a chat_id column, how many rows name this chat."""
    db = bot_app.bot_data.services.db
    tables = [
        row[0]
        for row in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    counts = {}
    for table in tables:
        columns = {row[1] for row in await db.fetchall(f"PRAGMA table_info({table})")}
        if "chat_id" in columns:
            value = await db.fetchval(f"SELECT count(*) FROM {table} WHERE chat_id = ?", (chat_id,))  # noqa: S608
            assert isinstance(value, int)
            counts[table] = value
    return counts


async def snapshot(bot_app: BotApplication) -> list[tuple[object, ...]]:
    """Return every stored chat and follow, to show that something changed nothing."""
    db = bot_app.bot_data.services.db
    chats = await db.fetchall("SELECT * FROM chats ORDER BY chat_id")
    follows = await db.fetchall("SELECT * FROM follows ORDER BY chat_id, prisoner_id")
    return [tuple(row) for row in chats] + [tuple(row) for row in follows]


async def press_data(user: SimulatedUser, message: ChatMessage, data: str) -> list[ChatMessage]:
    """Press a button with this callback data on message, as a forged or stale client would."""
    update = user.state.callback_update(user.user, message, data)
    replies = await user.process(update)
    user.last_callback_answer = user.state.callback_answers.get(update["callback_query"]["id"])
    assert user.last_callback_answer is not None, f"the bot did not answer {data!r}"
    return replies


async def time_out(bot_app: BotApplication, waited: timedelta) -> None:
    """Sweep the bot's questions as its timer would once `waited` has passed; assert one went."""
    later = bot_app.bot_data.services.clock() + waited + timedelta(seconds=1)
    assert await sweep_expired(bot_app, later), f"nothing waits for as little as {waited}"


async def followed(bot_app: BotApplication, chat_id: int) -> list[str]:
    """Return the ids of the people a chat follows."""
    return await bot_app.bot_data.services.follows.followed_by(chat_id)


def bundled_with(*, without: int = 0, **changes: dict[str, str]) -> bytes:
    """Return the bundled data set as CSV, less its last `without` people, some fields changed."""
    rows = list(csv.DictReader(BUNDLED_DATASET.read_text(encoding="utf-8").splitlines()))
    rows = rows[: len(rows) - without]
    for row in rows:
        row.update(changes.get(row["id"], {}))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


async def store(bot_app: BotApplication, person: Prisoner) -> None:
    """Store the person as confirmed today, as an import would."""
    services = bot_app.bot_data.services
    person = replace(person, verified_on=services.clock().date())
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([person], conn, now=services.clock())


async def mark_by_others(bot_app: BotApplication, person_id: str, chats: int, day: date) -> None:
    """Say, in `chats` other private chats, that each wrote to the person this month."""
    services = bot_app.bot_data.services
    for chat_id in range(9001, 9001 + chats):
        await services.chats.ensure(
            chat_id, ChatType.PRIVATE, "en", "Europe/Minsk", time(10), services.clock()
        )
        await services.letters.mark(chat_id, person_id, today=day, now=services.clock())
