"""Looking people up in a chat: any spelling, a card worth sharing, kind answers otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.context import BotApplication
from bot.domain.prisoner import Letters
from bot.sandbox.models import FakeChat
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser


@pytest.fixture(autouse=True)
def fixed_today(bot_app: BotApplication) -> None:
    """Pin the bot's clock so durations on cards are exact."""
    bot_app.bot_data.services.clock = lambda: datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("query", ["Пачобут", "Почобут", "Poczobut", "poczobut andrzej"])
async def test_any_spelling_opens_the_card(user: SimulatedUser, query: str) -> None:
    [card] = await user.send(query)
    assert card.text.startswith("Andrzej Poczobut")
    assert "Анджэй Пачобут" in card.text
    assert "In prison since 25 March 2021" in card.text
    assert "5 years 2 months behind bars (1,903 days)" in card.text
    assert "Sentence: 8 years (sentenced on 8 February 2023)" in card.text
    assert "As of 19 March 2026." in card.text
    assert "It is not known whether letters reach" in card.text
    assert card.button_texts == ["🔔 Follow", "Share"]


async def test_released_person_shows_time_spent_inside_and_no_letters(user: SimulatedUser) -> None:
    [card] = await user.send("Бяляцкі")
    assert "Released on 13 December 2025" in card.text
    assert "Spent 4 years 4 months behind bars (1,613 days)" in card.text
    assert "letters" not in card.text.lower()


async def test_share_button_carries_the_deep_link(user: SimulatedUser) -> None:
    [card] = await user.send("Kalesnikava")
    share = card.button("Share")
    assert share is not None
    link = parse_qs(urlsplit(share["url"]).query)["url"][0]
    assert link == "https://t.me/solidarity_test_bot?start=p_maria-kalesnikava"


async def test_deep_link_opens_the_card(user: SimulatedUser) -> None:
    [card] = await user.send("/start p_ihar-losik")
    assert card.text.startswith("Ihar Losik")


@pytest.mark.parametrize("payload", ["p_../../x", "p_" + "a" * 200, "p_nobody-here", "p_"])
async def test_forged_deep_links_get_a_kind_answer(user: SimulatedUser, payload: str) -> None:
    [reply] = await user.send(f"/start {payload}")
    assert "could not find that person" in reply.text


async def test_surname_alone_lists_everyone_with_it(user: SimulatedUser) -> None:
    [reply] = await user.send("Babaryka")
    assert "2 people" in reply.text
    assert sorted(reply.button_texts) == [
        "Eduard Babaryka · 🔒 2020",
        "Viktar Babaryka · 🕊 2020",
    ]
    [card] = await user.press("Viktar Babaryka · 🕊 2020")
    assert card.text.startswith("Viktar Babaryka")


async def test_find_works_in_groups(bot_app: BotApplication, telegram_state: TelegramState) -> None:
    member = SimulatedUser(bot_app, telegram_state, chat=FakeChat.group())
    [card] = await member.send("/find@solidarity_test_bot Калеснікава")
    assert card.text.startswith("Maria Kalesnikava")
    [usage] = await member.send("/find")
    assert "/find Kalesnikava" in usage.text


async def test_group_chatter_is_not_a_lookup(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    member = SimulatedUser(bot_app, telegram_state, chat=FakeChat.group())
    assert await member.send("Kalesnikava") == []


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "1234",
        "   ",
        "😀😀😀",
        "\u200b\u200f\u202e",
        "<b>x</b> & '; DROP TABLE",
        "x" * 5000,
    ],
)
async def test_non_names_get_a_kind_answer_and_no_card(user: SimulatedUser, text: str) -> None:
    [reply] = await user.send(text)
    assert "Share" not in reply.button_texts
    assert "find" in reply.text.lower() or "name" in reply.text.lower()
    assert len(reply.text) < 600


async def test_none_found_quotes_the_query_escaped(user: SimulatedUser) -> None:
    [reply] = await user.send("<i>Nobody</i> Xyzzy")
    assert "“<i>Nobody</i> Xyzzy”" in reply.text
    assert "/about" in reply.text


async def test_a_sticker_gets_a_hint(user: SimulatedUser, telegram_state: TelegramState) -> None:
    update = telegram_state.message_update(user.user, user.chat, "x")
    message = update["message"]
    del message["text"]
    message.pop("entities", None)
    message["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "s1u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    [reply] = await user.process(update)
    assert "Maria Kalesnikava" in reply.text


async def test_write_guide_where_letters_reach(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    from dataclasses import replace

    services = bot_app.bot_data.services
    person = await services.prisoners.get("andrzej-poczobut")
    assert person is not None
    # Confirmed today: an address is offered only while it is current.
    writable = replace(
        person,
        letters=Letters.YES,
        mailing_address="Colony No. 1 & Co, Navapolatsk",
        verified_on=services.clock().date(),
    )
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([writable], conn, now=services.clock())
    [card] = await user.send("Poczobut")
    assert "Letters reach Andrzej Poczobut." in card.text
    assert "Colony No. 1 &amp; Co" in card.raw_text
    [guide] = await user.press("How to write")
    assert "How to write to Andrzej Poczobut" in guide.text
    assert "Colony No. 1 & Co, Navapolatsk" in guide.text


async def test_inline_query_offers_matching_cards(user: SimulatedUser) -> None:
    results = await user.inline("Калеснікава")
    assert [r["id"] for r in results] == ["maria-kalesnikava"]
    [article] = results
    assert article["title"] == "Maria Kalesnikava"
    assert article["description"] == "🕊 Released on 13 December 2025"
    content = article["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith("<b>Maria Kalesnikava</b>")
    # Cards come in the user's language: Telegram must not hand them to someone else.
    assert user.last_inline_answer is not None
    assert user.last_inline_answer["is_personal"] is True


async def test_empty_inline_query_offers_people_in_prison(user: SimulatedUser) -> None:
    results = await user.inline("")
    assert 0 < len(results) <= 20
    assert "eduard-babaryka" in {r["id"] for r in results}
    assert all(r["description"].startswith("🔒") for r in results)


@pytest.mark.parametrize("query", ["hello", "x" * 256, "\u202e\u200b"])
async def test_inline_non_names_offer_nothing(user: SimulatedUser, query: str) -> None:
    assert await user.inline(query) == []


async def test_nobody_found_suggests_the_closest_names(user: SimulatedUser) -> None:
    [reply] = await user.send("Labkovskiy Vladimir")
    assert "Did you mean" in reply.text
    assert reply.button_texts[0].startswith("Uladzimir Labkovich")
    [card] = await user.press(reply.button_texts[0])
    assert card.text.startswith("Uladzimir Labkovich")


def _bundled() -> list[tuple[str, str, str]]:
    from bot.config import BUNDLED_DATASET
    from bot.domain.dataset import Format, parse

    people = parse(BUNDLED_DATASET.read_bytes(), Format.CANONICAL, source_name="b").prisoners
    cases = []
    for person in people:
        surname = person.name.split()[-1]
        # A typo: one letter of the surname dropped.
        misspelt = person.name.replace(surname, surname[:3] + surname[4:])
        for query in (person.name_be or person.name, person.name, misspelt):
            cases.append((person.id, person.name, query))
    return cases


@pytest.mark.parametrize(("person_id", "name", "query"), _bundled())
async def test_everyone_is_found_from_cyrillic_latin_and_a_typo(
    user: SimulatedUser, person_id: str, name: str, query: str
) -> None:
    [reply] = await user.send(query)
    if reply.text.startswith(name):
        return
    assert any(text.startswith(name) for text in reply.button_texts), (query, reply)


async def test_long_result_lists_page_by_eight(
    user: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    from bot.domain.prisoner import Prisoner, Status

    services = bot_app.bot_data.services
    namesakes = [
        Prisoner(id=f"babaryka-{i}", name=f"Person{i} Babaryka", status=Status.IMPRISONED)
        for i in range(10)
    ]
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many(namesakes, conn, now=services.clock())
    await services.refresh_search()

    [reply] = await user.send("Babaryka")
    assert "12 people" in reply.text
    assert len(reply.button_texts) == 9
    assert reply.button_texts[-1] == "More…"
    first_page = set(reply.button_texts[:-1])
    await user.press("More…")
    second_page = set(user.last_message.button_texts)
    assert len(second_page) == 4
    assert not first_page & second_page

    forged = telegram_state.callback_update(user.user, user.last_message, "more:abc")
    await user.process(forged)
    answer = telegram_state.callback_answers[forged["callback_query"]["id"]]
    assert "expired" in answer["text"]


async def test_a_card_with_every_field_at_its_longest_still_fits(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    from dataclasses import replace

    services = bot_app.bot_data.services
    person = await services.prisoners.get("andrzej-poczobut")
    assert person is not None
    long = "Ж" * 1999 + "&"
    bloated = replace(
        person,
        status_note=long,
        sentence=long,
        charges=(long, long),
        facility=long,
        mailing_address=long,
        letters=Letters.YES,
        organization=long,
        summary=long,
    )
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([bloated], conn, now=services.clock())
    [card] = await user.send("/start p_andrzej-poczobut")
    assert card.text.startswith("Andrzej Poczobut")
    assert len(card.text) <= 4096
    assert "…" in card.text


async def test_forged_page_numbers_are_refused_kindly(
    user: SimulatedUser, telegram_state: TelegramState
) -> None:
    [reply] = await user.send("Babaryka")
    for data in ("more:²", "more:-1", "more:99999999", "more:"):
        forged = telegram_state.callback_update(user.user, reply, data)
        await user.process(forged)
        assert "expired" in telegram_state.callback_answers[forged["callback_query"]["id"]]["text"]
