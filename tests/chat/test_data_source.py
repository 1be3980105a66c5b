"""Operators and the published list: a held sync asks them once, with Apply and Discard buttons."""

from __future__ import annotations

import pytest

from bot.context import BotApplication
from bot.notices import send_due_notices
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from bot.syncing import Decision, SyncOutcome, sync_once
from storage.outbox import DeliveryKind
from tests.chat.helpers import bundled_with, press_data, snapshot
from tests.fakes.source_server import SourceResponse, SourceServer

pytest_plugins = ["tests.fakes.source_server"]

ADMIN_ID = 42  # ADMIN_IDS in the test settings


@pytest.fixture
def admin(bot_app: BotApplication, telegram_state: TelegramState) -> SimulatedUser:
    return SimulatedUser(bot_app, telegram_state, ADMIN_ID)


RELEASE_POCZOBUT = {"andrzej-poczobut": {"status": "released", "status_changed_on": "2026-11-30"}}


async def sync_and_tell(bot_app: BotApplication, server: SourceServer, body: bytes) -> SyncOutcome:
    services = bot_app.bot_data.services
    server.script(SourceResponse(body=body))
    outcome = await sync_once(services, server.url)
    await send_due_notices(bot_app.bot, services)
    return outcome


def notices(admin: SimulatedUser, words: str) -> list[str]:
    return [m.text for m in admin.messages if words in m.text]


async def test_a_held_list_asks_operators_once_and_apply_tells_followers(
    bot_app: BotApplication, admin: SimulatedUser, user: SimulatedUser, source_server: SourceServer
) -> None:
    services = bot_app.bot_data.services
    await admin.send("/start")
    await user.send("/follow Пачобут")

    outcome = await sync_and_tell(
        bot_app, source_server, bundled_with(without=10, **RELEASE_POCZOBUT)
    )
    await send_due_notices(bot_app.bot, services)

    assert outcome.decision is Decision.HELD
    [asked] = notices(admin, "waiting for you")
    assert "22 people: 0 new, 1 changed, 10 to remove, 1 status changes" in asked
    assert "It would remove 10 of 32 people; more than 2% waits for you." in asked
    assert "Andrzej Poczobut: in prison → released" in asked
    assert [m.button_texts for m in admin.messages if m.text == asked] == [
        ["✅ Apply", "✖ Discard"]
    ]
    person = await services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "imprisoned"

    await admin.press("✅ Apply")

    assert any(
        "Applied: 0 added, 1 changed, 10 removed, 1 status changes" in m.text
        for m in admin.messages
    )
    person = await services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "released"
    assert await services.prisoners.count() == 22
    news = [r for r in await services.outbox.rows_for(user.id) if r.kind is DeliveryKind.NEWS]
    assert len(news) == 1
    assert "Andrzej Poczobut is free" in news[0].text


async def test_discard_leaves_the_data_as_it_was(
    bot_app: BotApplication, admin: SimulatedUser, source_server: SourceServer
) -> None:
    await admin.send("/start")
    before = await snapshot(bot_app)
    await sync_and_tell(bot_app, source_server, bundled_with(without=10))

    await admin.press("✖ Discard")

    assert any("Discarded. The data stays as it was" in m.text for m in admin.messages)
    assert await bot_app.bot_data.services.prisoners.count() == 32
    shown = len(admin.messages)
    again = await sync_and_tell(bot_app, source_server, bundled_with(without=10))
    assert again.decision is Decision.DISCARDED_BEFORE
    assert len(admin.messages) == shown  # the same list is not offered again
    assert (await snapshot(bot_app))[1:] == before[1:]


async def test_a_forged_or_old_button_applies_nothing(
    bot_app: BotApplication, admin: SimulatedUser, user: SimulatedUser, source_server: SourceServer
) -> None:
    services = bot_app.bot_data.services
    await admin.send("/start")
    await sync_and_tell(bot_app, source_server, bundled_with(without=10))
    held = await services.sources.held()
    assert held is not None
    asking = next(m for m in admin.messages if m.button_texts == ["✅ Apply", "✖ Discard"])
    await user.send("/start")

    # Someone else cannot press it, and a token that is not held any more does nothing.
    await press_data(user, user.last_message, f"adm:sync:apply:{held.token}")
    await press_data(admin, asking, "adm:sync:apply:00000000")

    assert await services.prisoners.count() == 32
    assert await services.sources.held() is not None
    assert admin.last_callback_answer is not None


async def test_three_failures_tell_operators_once(
    bot_app: BotApplication, admin: SimulatedUser, source_server: SourceServer
) -> None:
    await admin.send("/start")
    for _ in range(4):
        await sync_and_tell(bot_app, source_server, b"")
    source_server.script(SourceResponse(status=502))
    for _ in range(2):
        await sync_once(bot_app.bot_data.services, source_server.url)
        await send_due_notices(bot_app.bot, bot_app.bot_data.services)

    [told] = notices(admin, "could not be read")
    assert "could not be read 3 times in a row" in told
    assert "the server sent an empty file." in told
    [stats] = await admin.send("/stats")
    assert "6 failures in a row; last problem: the server answered with an error" in stats.text


async def test_stale_data_is_told_once_and_shown_in_stats(
    bot_app: BotApplication, admin: SimulatedUser
) -> None:
    # The bundled list was last confirmed in March 2026: long before DATA_MAX_AGE_DAYS.
    await admin.send("/start")
    services = bot_app.bot_data.services

    await send_due_notices(bot_app.bot, services)
    await send_due_notices(bot_app.bot, services)

    [told] = notices(admin, "The data is")
    assert "days old" in told
    assert "Set DATA_SOURCE_URL" in told
    [stats] = await admin.send("/stats")
    assert "Data source: none (DATA_SOURCE_URL is empty)" in stats.text
    assert "stale" in stats.text


@pytest.mark.parametrize(
    ("language", "words"),
    [("be", "Новая версія спісу чакае"), ("ru", "Новая версия списка ждёт")],
)
async def test_operators_are_asked_in_their_language(
    bot_app: BotApplication,
    admin: SimulatedUser,
    source_server: SourceServer,
    language: str,
    words: str,
) -> None:
    await admin.send("/start")
    await bot_app.bot_data.services.chats.update_settings(
        ADMIN_ID, now=bot_app.bot_data.services.clock(), language=language
    )

    await sync_and_tell(bot_app, source_server, bundled_with(without=10, **RELEASE_POCZOBUT))

    [asked] = notices(admin, words)
    assert "Andrzej Poczobut" in asked or "Андрэй Пачобут" in asked or "Анджей" in asked
