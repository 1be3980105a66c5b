"""Operators in the chat: /stats, imports by upload, campaign actions; nobody else reaches them."""

from __future__ import annotations

import pytest

from bot.config import BUNDLED_DATASET
from bot.context import BotApplication
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from storage.outbox import DeliveryKind
from tests.chat.helpers import bundled_with, followed, press_data, snapshot

ADMIN_ID = 42  # ADMIN_IDS in the test settings


@pytest.fixture
def admin(bot_app: BotApplication, telegram_state: TelegramState) -> SimulatedUser:
    return SimulatedUser(bot_app, telegram_state, ADMIN_ID)


RELEASE_POCZOBUT = {"andrzej-poczobut": {"status": "released", "status_changed_on": "2026-03-25"}}


async def test_stats_tells_an_operator_how_the_bot_is_doing(
    admin: SimulatedUser, user: SimulatedUser
) -> None:
    await user.send("/follow Kalesnikava")

    [report] = await admin.send("/stats")

    assert "How the bot is doing" in report.text
    assert "Chats: 1 active, 0 inactive (1 private, 0 groups, 0 channels)" in report.text
    assert "Follows: 1" in report.text
    assert "People: 32, 18 in prison" in report.text
    assert "Last import:" in report.text
    assert "Planner last ran: not yet" in report.text


@pytest.mark.parametrize("command", ["/stats", "/actions", "/addaction https://x.org Sign"])
async def test_admin_commands_look_unknown_to_everyone_else(
    user: SimulatedUser, bot_app: BotApplication, command: str
) -> None:
    await user.send("/start")
    before = await snapshot(bot_app)

    [reply] = await user.send(command)

    assert reply.text == "I do not know that command. /help lists what I can do."
    assert await snapshot(bot_app) == before
    assert await bot_app.bot_data.services.actions.all() == []


async def test_an_upload_shows_the_changes_and_imports_on_confirmation(
    admin: SimulatedUser, user: SimulatedUser, bot_app: BotApplication
) -> None:
    services = bot_app.bot_data.services
    await user.send("/follow Пачобут")

    [report] = await admin.send_document("belarus.csv", bundled_with(**RELEASE_POCZOBUT))

    assert "Andrzej Poczobut" in report.text
    assert "imprisoned" in report.text
    assert "released" in report.text
    assert report.button_texts == ["✅ Import", "✖ Cancel"]
    person = await services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "imprisoned"  # nothing written before the yes

    await admin.press("✅ Import")

    assert "Imported belarus.csv: 0 added, 1 changed, 1 status changes" in admin.last_message.text
    person = await services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "released"
    news = [r for r in await services.outbox.rows_for(user.id) if r.kind is DeliveryKind.NEWS]
    assert len(news) == 1
    assert "Andrzej Poczobut is free" in news[0].text
    [stats] = await admin.send("/stats")
    assert "import belarus.csv" in stats.text


async def test_a_cancelled_upload_imports_nothing(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    before = await snapshot(bot_app)
    await admin.send_document("belarus.csv", bundled_with(**RELEASE_POCZOBUT))

    await admin.press("✖ Cancel")

    assert admin.last_message.text == "Cancelled. Nothing was imported."
    person = await bot_app.bot_data.services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "imprisoned"
    assert await snapshot(bot_app) == before


async def test_a_file_with_errors_is_reported_and_nothing_written(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    broken = bundled_with(**{"ihar-losik": {"birth_date": "20.05.1992", "status": "free"}})

    [report] = await admin.send_document("belarus.csv", broken)

    assert "20.05.1992" in report.text
    assert "Nothing was imported" in report.text
    assert report.button_texts == []


async def test_a_file_that_changes_nothing_says_so(admin: SimulatedUser) -> None:
    [report] = await admin.send_document("belarus.csv", BUNDLED_DATASET.read_bytes())

    assert "nothing to import" in report.text
    assert report.button_texts == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "is not a CSV or JSON file"),
        ("big.csv", b"id,name\n" + b"x" * (11 * 1024 * 1024), "too big"),
        ("notes.txt", b"just some notes\nabout nothing", "cannot tell what"),
    ],
)
async def test_files_that_are_not_lists_are_refused_kindly(
    admin: SimulatedUser, bot_app: BotApplication, name: str, content: bytes, expected: str
) -> None:
    before = await snapshot(bot_app)

    [reply] = await admin.send_document(name, content)

    assert expected in reply.text
    assert await snapshot(bot_app) == before


async def test_a_supporter_s_file_is_not_imported(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    [reply] = await user.send_document("belarus.csv", bundled_with(**RELEASE_POCZOBUT))

    assert "Send me a person's name" in reply.text
    person = await bot_app.bot_data.services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "imprisoned"


async def test_forged_import_buttons_change_nothing(
    admin: SimulatedUser, user: SimulatedUser, bot_app: BotApplication
) -> None:
    [question] = await admin.send_document("belarus.csv", bundled_with(**RELEASE_POCZOBUT))
    confirm = question.buttons[0]["callback_data"]
    [own] = await user.send("/start")

    await press_data(user, own, confirm)  # someone else replays the operator's button
    await press_data(admin, question, "adm:imp:yes:00000000")  # a stale token

    person = await bot_app.bot_data.services.prisoners.get("andrzej-poczobut")
    assert person is not None
    assert person.status.value == "imprisoned"
    assert admin.last_callback_answer is not None
    assert "expired" in admin.last_callback_answer["text"]


async def test_campaign_actions_are_added_listed_and_retired_in_the_chat(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    services = bot_app.bot_data.services

    [added] = await admin.send(
        "/addaction valiantsin-stefanovich https://example.org/sign Sign for Valiantsin"
    )
    assert "Added action 1: Sign for Valiantsin" in added.text
    [action] = await services.actions.live()
    assert action.prisoner_id == "valiantsin-stefanovich"
    assert action.url == "https://example.org/sign"

    [listing] = await admin.send("/actions")
    assert "Sign for Valiantsin" in listing.text
    await admin.press("Retire 1")

    assert await services.actions.live() == []
    assert "no campaign actions yet" in admin.last_message.text
    [stats] = await admin.send("/stats")
    assert "action-added" in stats.text
    assert "action-retired" in stats.text


async def test_an_action_without_words_gets_the_usage(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    [reply] = await admin.send("/addaction https://example.org")

    assert "/addaction https://link" in reply.text
    assert await bot_app.bot_data.services.actions.all() == []


async def test_unknown_commands_get_a_pointer_to_help(user: SimulatedUser) -> None:
    [reply] = await user.send("/nonsense")

    assert "/help" in reply.text


async def test_following_is_untouched_by_an_operator_import(
    admin: SimulatedUser, user: SimulatedUser, bot_app: BotApplication
) -> None:
    await user.send("/follow Пачобут")
    await admin.send_document("belarus.csv", bundled_with(**RELEASE_POCZOBUT))
    await admin.press("✅ Import")

    assert await followed(bot_app, user.id) == ["andrzej-poczobut"]


async def test_an_operator_who_asks_to_be_forgotten_leaves_no_audit_entries(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    await admin.send("/start")
    await admin.send("/addaction https://example.org/sign Sign it")
    assert await bot_app.bot_data.services.audit.latest() != []

    await admin.send("/forget")
    await admin.press("Yes, erase everything")

    assert await bot_app.bot_data.services.audit.latest() == []


async def test_a_file_with_a_thousand_status_changes_is_reported_briefly_and_applied(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    # bench/upload.py times the same with 10,000.
    from dataclasses import replace
    from datetime import date

    from bot.domain.dataset import write_canonical_csv
    from bot.domain.prisoner import Prisoner, Status

    services = bot_app.bot_data.services
    people = [Prisoner(id=f"person-{n:05d}", name=f"Person {n:05d}") for n in range(1_200)]
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many(people, conn, now=services.clock())
    freed = [replace(p, status=Status.RELEASED, status_changed_on=date(2026, 1, 1)) for p in people]
    others = [p for p in await services.prisoners.all() if not p.id.startswith("person-")]
    listing = write_canonical_csv([*others, *freed]).encode()

    [report] = await admin.send_document("everyone.csv", listing)

    assert len(report.text) <= 4096
    assert "1,200" in report.text
    assert "more" in report.text
    await admin.press("✅ Import")

    assert "1,200 status changes" in admin.last_message.text
    released = await services.prisoners.count_by_status()
    assert released.get(Status.RELEASED, 0) >= 1_200
    assert await services.db.fetchval("SELECT count(*) FROM news") == 1_200
    assert await services.news.unfanned() == []  # nobody follows them: queued to no one


async def test_file_names_in_plain_replies_are_shown_as_they_are(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    [refused] = await admin.send_document("Tom & Jerry's <list>.jpg", b"\xff\xd8\xff" + b"0" * 50)
    assert "Tom & Jerry's <list>.jpg" in refused.text

    await admin.send_document("A&B.csv", bundled_with(**RELEASE_POCZOBUT))
    await admin.press("✅ Import")
    assert admin.last_message.text.startswith("Imported A&B.csv:")
