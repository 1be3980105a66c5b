"""Two workers on one database: a question one of them asked, the other takes the answer to.

Behind a proxy, each update of a chat may reach another worker. Two bots run here on one
database (the SQLite file, and PostgreSQL) and one fake Telegram; each step of a conversation
goes to the other bot than the step before, as a round-robin proxy would send it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.domain.prisoner import Prisoner, Status
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from tests.chat.helpers import press_data, store
from tests.chat.test_letters import LOSIK
from tests.postgres import PostgresServer

ADMIN_ID = 42  # ADMIN_IDS in the test settings


@dataclass
class Workers:
    a: BotApplication
    b: BotApplication
    state: TelegramState

    def person(self, user_id: int | None = None) -> tuple[SimulatedUser, SimulatedUser]:
        """Return one person as seen by each worker: the same user, chat and messages."""
        on_a = SimulatedUser(self.a, self.state, user_id)
        return on_a, SimulatedUser(self.b, self.state, on_a.id)


@pytest.fixture(params=["sqlite", "postgresql"])
async def workers(
    request: pytest.FixtureRequest, settings: Settings, telegram_state: TelegramState
) -> AsyncIterator[Workers]:
    """Yield two bots on one database (each backend in turn) and one fake Telegram."""
    async with AsyncExitStack() as stack:
        if request.param == "postgresql":
            # Asked for here, not as a parameter, so that SQLite's runs never start PostgreSQL.
            server: PostgresServer = request.getfixturevalue("postgres_server")
            url = await server.create()
            stack.push_async_callback(server.drop, url)
            settings = settings.model_copy(update={"database_url": SecretStr(url)})
        bots = [
            await stack.enter_async_context(
                running_application(
                    build_application(
                        settings, request=FakeRequest(telegram_state), rate_limits=False
                    )
                )
            )
            for _ in range(2)
        ]
        yield Workers(bots[0], bots[1], telegram_state)


async def test_the_time_zone_asked_on_one_worker_is_set_by_the_other(workers: Workers) -> None:
    on_a, on_b = workers.person()
    await on_a.send("/settings")
    await on_a.press("🕘 Time zone")
    [prompt] = await on_a.press("⌨️ Type another…")

    [unknown] = await on_b.send("Atlantis", reply_to=prompt)
    [done] = await on_a.send("Vilnius", reply_to=unknown)

    assert "I do not know the time zone" in unknown.text
    assert "Europe/Vilnius" in done.text
    chat = await workers.b.bot_data.services.chats.get(on_a.id)
    assert chat is not None
    assert chat.timezone == "Europe/Vilnius"
    [card] = await on_b.send("Kalesnikava", reply_to=prompt)  # answered: a name again
    assert card.text.startswith("Maria Kalesnikava")


async def test_cancel_on_one_worker_ends_the_question_asked_on_the_other(
    workers: Workers,
) -> None:
    on_a, on_b = workers.person()
    await on_a.send("/settings")
    await on_a.press("🕘 Time zone")
    [prompt] = await on_a.press("⌨️ Type another…")

    [kept] = await on_b.send("/cancel")

    assert kept.text == "The time zone stays as it was."
    [card] = await on_a.send("Kalesnikava", reply_to=prompt)
    assert card.text.startswith("Maria Kalesnikava")


async def test_a_campaign_draft_goes_from_worker_to_worker_and_is_sent_once(
    workers: Workers,
) -> None:
    supporter, _ = workers.person(2001)
    await supporter.send("/start")
    on_a, on_b = workers.person(ADMIN_ID)

    [prompt] = await on_a.send("/campaign")
    [ask_button] = await on_b.send("<b>Write</b> to Maria today", reply_to=prompt)
    await on_a.press("No button", message=ask_button)
    await on_b.press("All active chats")
    [_, summary] = await on_a.press("Now")
    send = summary.buttons[0]["callback_data"]
    await on_b.press("✅ Send", message=summary)
    await press_data(on_a, summary, send)  # a second press, on the other worker

    assert "link button" in ask_button.text
    assert on_b.last_callback_answer is not None
    assert not on_b.last_callback_answer.get("show_alert")
    assert on_a.last_callback_answer is not None
    assert on_a.last_callback_answer.get("show_alert")  # the draft was gone
    campaigns = workers.a.bot_data.services.db
    assert await campaigns.fetchval("SELECT count(*) FROM campaigns") == 1
    assert await campaigns.fetchval("SELECT count(*) FROM chat_state") == 0


async def test_a_reply_to_a_guide_sent_by_one_worker_is_checked_by_the_other(
    workers: Workers,
) -> None:
    on_a, on_b = workers.person()
    await store(workers.a, LOSIK)
    await on_a.send(f"/start p_{LOSIK.id}")
    [guide] = await on_a.press("How to write")

    [answer] = await on_b.send("Дорогой Игорь! Скоро свобода.", reply_to=guide)

    assert "«свобода»" in answer.text


async def test_a_result_list_shown_by_one_worker_pages_on_the_other(workers: Workers) -> None:
    services = workers.a.bot_data.services
    namesakes = [
        Prisoner(id=f"babaryka-{i}", name=f"Person{i} Babaryka", status=Status.IMPRISONED)
        for i in range(10)
    ]
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many(namesakes, conn, now=services.clock())
    for bot in (workers.a, workers.b):
        await bot.bot_data.services.refresh_search()
    on_a, on_b = workers.person()

    [listed] = await on_a.send("Babaryka")
    first_page = set(listed.button_texts[:-1])
    await on_b.press("More…", message=listed)

    assert on_b.last_callback_answer is not None
    assert not on_b.last_callback_answer.get("show_alert")
    second_page = set(on_b.last_message.button_texts)
    assert second_page
    assert not first_page & second_page
