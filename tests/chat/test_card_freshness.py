"""Honest cards: an address is offered only while it is current, and a card says how old it is.

People are moved between prisons; a letter to an address confirmed long ago may be lost. The
dates here are relative to the day the test runs (the bot's clock is stopped at that moment).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from babel.dates import format_date

from bot.context import BotApplication
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.sandbox.models import ChatMessage
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser

ADDRESS = "Colony No. 4 & Co, 246035 Homiel"
FACILITY = "Penal colony No. 4, Homiel"
SOURCE = "https://example.org/people/anna?list=1&page=2"
# ADDRESS_MAX_AGE_DAYS, as the settings have it by default.
MAX_AGE = 45
ANNA = Prisoner(
    id="anna-kind",
    name="Anna Kind",
    name_be="Ганна Добрая",
    name_ru="Анна Добрая",
    gender=Gender.FEMALE,
    detained_on=date(2022, 5, 1),
    status=Status.IMPRISONED,
    facility=FACILITY,
    mailing_address=ADDRESS,
    letters=Letters.YES,
    source_url=SOURCE,
)


def long_date(day: date, language: str = "en") -> str:
    # The bot's English is British: "3 December 2026".
    return format_date(day, "long", locale="en_GB" if language == "en" else language)


async def store(
    bot_app: BotApplication, person: Prisoner, *, synced_on: date | None = None
) -> None:
    """Store the person as an import would; `synced_on`: a sync contained the record that day."""
    services = bot_app.bot_data.services
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([person], conn, now=services.clock())
        if synced_on is not None:
            await services.prisoners.mark_synced(conn, [person.id], synced_on)


async def open_card(user: SimulatedUser, person: Prisoner = ANNA) -> ChatMessage:
    [card] = await user.send(f"/start p_{person.id}")
    return card


@pytest.mark.parametrize("age", [0, 3, MAX_AGE])
async def test_an_address_confirmed_lately_is_shown_with_the_write_button(
    user: SimulatedUser, bot_app: BotApplication, today: date, age: int
) -> None:
    await store(bot_app, replace(ANNA, verified_on=today - timedelta(days=age)))

    card = await open_card(user)

    assert "Letters reach Anna Kind." in card.text
    assert f"Address: {ADDRESS}" in card.text
    assert f"As of {long_date(today - timedelta(days=age))}." in card.text
    assert "may have changed" not in card.text
    [guide] = await user.press("How to write")
    assert "How to write to Anna Kind" in guide.text
    assert ADDRESS in guide.text


@pytest.mark.parametrize("age", [MAX_AGE + 1, 89])
async def test_an_address_confirmed_long_ago_is_replaced_by_where_to_check_it(
    user: SimulatedUser, bot_app: BotApplication, today: date, age: int
) -> None:
    confirmed = today - timedelta(days=age)
    await store(bot_app, replace(ANNA, verified_on=confirmed))

    card = await open_card(user)

    assert (
        f"Letters reach Anna Kind, but the address may have changed since "
        f"{long_date(confirmed)}, so it is not shown here." in card.text
    )
    assert ADDRESS not in card.text
    assert "Homiel" in card.text  # where she is held is still said...
    assert "Colony No. 4" not in card.text  # ...the address to write to is not
    assert (
        '<a href="https://example.org/people/anna?list=1&amp;page=2">'
        "check the current address at the source</a>" in (card.raw_text or "")
    )
    assert "How to write" not in card.button_texts
    assert f"As of {long_date(confirmed)}." in card.text  # not yet 90 days: not marked stale


async def test_a_record_never_confirmed_and_without_a_source_says_whom_to_ask(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    await store(bot_app, replace(ANNA, verified_on=None, source_url=None))

    card = await open_card(user)

    assert "the address may have changed since it was last confirmed" in card.text
    assert "with the human rights defenders who keep the list" in card.text
    assert "These facts have not been confirmed by a source yet." in card.text
    assert ADDRESS not in card.text
    assert "How to write" not in card.button_texts


async def test_a_sync_that_contained_the_record_confirms_it_again(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    verified = today - timedelta(days=200)
    await store(bot_app, replace(ANNA, verified_on=verified))
    old = await open_card(user)

    await store(bot_app, replace(ANNA, verified_on=verified), synced_on=today - timedelta(days=1))
    synced = await open_card(user)

    assert f"As of {long_date(verified)}; this may be out of date." in old.text
    assert ADDRESS not in old.text
    assert f"As of {long_date(today - timedelta(days=1))}." in synced.text
    assert long_date(verified) not in synced.text
    assert "out of date" not in synced.text
    assert f"Address: {ADDRESS}" in synced.text
    assert "How to write" in synced.button_texts


@pytest.mark.parametrize("status", [Status.RELEASED, Status.DECEASED])
async def test_a_released_or_dead_person_s_place_and_address_are_never_shown(
    user: SimulatedUser, bot_app: BotApplication, today: date, status: Status
) -> None:
    # The file still names the prison and its address, freshly confirmed.
    await store(
        bot_app,
        replace(
            ANNA, status=status, status_changed_on=today - timedelta(days=5), verified_on=today
        ),
    )

    card = await open_card(user)

    assert "Homiel" not in card.text
    assert "Place:" not in card.text
    assert "letters" not in card.text.lower()
    assert card.button_texts == ["🔔 Follow", "Share"]


async def test_the_write_button_on_a_card_grown_old_explains_instead_of_giving_the_address(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    confirmed = today - timedelta(days=40)
    await store(bot_app, replace(ANNA, verified_on=confirmed))
    card = await open_card(user)
    assert "How to write" in card.button_texts
    services = bot_app.bot_data.services
    later = services.clock() + timedelta(days=10)
    services.clock = lambda: later

    [answer] = await user.press("How to write", message=card)

    # The guide still helps to write, but gives no address to post the letter to.
    assert "How to write to Anna Kind" in answer.text
    assert ADDRESS not in answer.text
    assert "Куда:" not in answer.text
    assert f"the address may have changed since {long_date(confirmed)}" in answer.text
    assert f'<a href="{SOURCE.replace("&", "&amp;")}">' in (answer.raw_text or "")


async def test_the_write_button_after_a_release_shows_the_card_as_it_is_now(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    await store(bot_app, replace(ANNA, verified_on=today))
    card = await open_card(user)
    await store(
        bot_app,
        replace(ANNA, verified_on=today, status=Status.RELEASED, status_changed_on=today),
    )

    [answer] = await user.press("How to write", message=card)

    assert answer.text.startswith("Anna Kind")
    assert "Released on" in answer.text
    assert ADDRESS not in answer.text
    assert "How to write" not in answer.button_texts


async def test_an_inline_card_leaves_out_an_old_address(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    await store(bot_app, replace(ANNA, verified_on=today - timedelta(days=60)))
    await bot_app.bot_data.services.refresh_search()

    results = await user.inline("Anna Kind")

    [article] = [r for r in results if r["id"] == ANNA.id]
    assert ADDRESS.replace("&", "&amp;") not in article["input_message_content"]["message_text"]
    buttons = [b["text"] for row in article["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["Share"]


@pytest.mark.parametrize(
    ("language", "name", "said"),
    [
        ("be", "Ганна Добрая", "Ганна Добрая атрымлівае лісты, але адрас мог змяніцца з {date}"),
        ("ru", "Анна Добрая", "Анна Добрая получает письма, но адрес мог измениться с {date}"),
    ],
)
async def test_an_old_address_is_explained_in_belarusian_and_russian(
    bot_app: BotApplication,
    telegram_state: TelegramState,
    today: date,
    language: str,
    name: str,
    said: str,
) -> None:
    confirmed = today - timedelta(days=60)
    await store(bot_app, replace(ANNA, verified_on=confirmed))
    user = SimulatedUser(bot_app, telegram_state, language_code=language)

    card = await open_card(user)

    assert card.text.startswith(name)
    assert said.format(date=long_date(confirmed, language)) in card.text
    assert ADDRESS not in card.text
    assert "source" not in card.text.lower()
