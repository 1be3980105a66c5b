"""Following people: the card's button, /follow, /unfollow, /following and the "everyone" switch."""

from __future__ import annotations

import os

import pytest

import handlers.follow
from bot.context import BotApplication
from bot.sandbox.user import SimulatedUser
from tests.chat.helpers import followed, press_data, snapshot


async def test_the_card_button_follows_and_flips(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    [card] = await user.send("Kalesnikava")

    await user.press("🔔 Follow")

    assert user.last_callback_answer is not None
    assert "You follow Maria Kalesnikava now" in user.last_callback_answer["text"]
    assert user.last_message.message_id == card.message_id  # edited in place, nothing new
    assert user.last_message.button_texts == ["🔕 Stop following", "Share"]
    assert await followed(bot_app, user.id) == ["maria-kalesnikava"]

    await user.press("🔕 Stop following")

    assert user.last_callback_answer is not None
    assert "no longer follow Maria Kalesnikava" in user.last_callback_answer["text"]
    assert user.last_message.button_texts == ["🔔 Follow", "Share"]
    assert await followed(bot_app, user.id) == []


async def test_a_card_opened_again_shows_the_follow_state(user: SimulatedUser) -> None:
    await user.send("Ihar Losik")
    await user.press("🔔 Follow")

    [again] = await user.send("Ігар Лосік")

    assert again.button_texts[0] == "🔕 Stop following"


async def test_a_double_press_follows_once(user: SimulatedUser, bot_app: BotApplication) -> None:
    [card] = await user.send("Ihar Losik")
    follow_data = card.buttons[0]["callback_data"]

    await press_data(user, card, follow_data)
    await press_data(user, card, follow_data)  # the second press of a fast double tap

    assert await followed(bot_app, user.id) == ["ihar-losik"]
    assert user.last_message.button_texts[0] == "🔕 Stop following"


async def test_follow_by_name_follows_the_one_person_meant(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    [reply] = await user.send("/follow Калеснікава")

    assert "You follow Maria Kalesnikava now" in reply.text
    assert await followed(bot_app, user.id) == ["maria-kalesnikava"]


async def test_follow_by_an_ambiguous_name_asks_whom(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    [question] = await user.send("/follow Babaryka")

    assert "Press a name to follow" in question.text
    assert len(question.buttons) == 2
    assert await followed(bot_app, user.id) == []

    await user.press(next(t for t in question.button_texts if t.startswith("Eduard")))

    assert user.last_callback_answer is not None
    assert "You follow Eduard Babaryka now" in user.last_callback_answer["text"]
    assert await followed(bot_app, user.id) == ["eduard-babaryka"]


async def test_follow_without_a_name_explains(user: SimulatedUser, bot_app: BotApplication) -> None:
    [reply] = await user.send("/follow")

    assert "/follow Bialiatski" in reply.text
    assert await followed(bot_app, user.id) == []


async def test_follow_of_nobody_known_changes_nothing(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await user.send("/start")
    before = await snapshot(bot_app)

    [reply] = await user.send("/follow Qwxzvbn")

    assert "could not find anyone" in reply.text
    assert await snapshot(bot_app) == before


async def test_following_lists_people_and_unfollows_in_place(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    for name in ("Ihar Losik", "Kalesnikava", "Znak"):
        await user.send(f"/follow {name}")

    [listing] = await user.send("/following")

    assert "You follow 3 people" in listing.text
    names = [t.split(" · ")[0] for t in listing.button_texts if " · " in t]
    assert names == ["Ihar Losik", "Maksim Znak", "Maria Kalesnikava"]

    unfollow_losik = listing.inline_keyboard[0][1]
    assert unfollow_losik["text"] == "✖"
    await press_data(user, listing, unfollow_losik["callback_data"])

    assert user.last_callback_answer is not None
    assert "no longer follow Ihar Losik" in user.last_callback_answer["text"]
    assert user.last_message.message_id == listing.message_id
    assert "You follow 2 people" in user.last_message.text
    assert sorted(await followed(bot_app, user.id)) == ["maksim-znak", "maria-kalesnikava"]


async def test_following_pages_through_a_long_list(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    services = bot_app.bot_data.services
    await user.send("/start")
    for person in await services.prisoners.all():
        await services.follows.follow(user.id, person.id, limit=100, now=services.clock())

    [listing] = await user.send("/following")

    assert "You follow 32 people" in listing.text
    pages = [[t for t in listing.button_texts if " · " in t]]
    for _ in range(3):
        await user.press("More ›")
        pages.append([t for t in user.last_message.button_texts if " · " in t])
    assert [len(page) for page in pages] == [8, 8, 8, 8]
    assert len({name for page in pages for name in page}) == 32
    assert "More ›" not in user.last_message.button_texts
    for page in reversed(pages[:-1]):
        await user.press("‹ Back")
        assert [t for t in user.last_message.button_texts if " · " in t] == page


async def test_following_when_following_nobody(user: SimulatedUser) -> None:
    [listing] = await user.send("/following")

    assert "do not follow anyone yet" in listing.text
    assert listing.button_texts == ["👥 Follow everyone in prison"]


async def test_follow_everyone_is_one_switch(user: SimulatedUser, bot_app: BotApplication) -> None:
    await user.send("/following")

    await user.press("👥 Follow everyone in prison")

    assert "Following everyone in prison: 18 people today" in user.last_message.text
    assert "do not follow anyone" not in user.last_message.text
    chat = await bot_app.bot_data.services.chats.get(user.id)
    assert chat is not None
    assert chat.follow_all
    await user.press("✅ Following everyone in prison · stop")
    chat = await bot_app.bot_data.services.chats.get(user.id)
    assert chat is not None
    assert not chat.follow_all


async def test_unfollow_by_name(user: SimulatedUser, bot_app: BotApplication) -> None:
    await user.send("/follow Kalesnikava")
    await user.send("/follow Ihar Losik")

    [reply] = await user.send("/unfollow Калесникова")

    assert "no longer follow Maria Kalesnikava" in reply.text
    assert await followed(bot_app, user.id) == ["ihar-losik"]


async def test_unfollow_of_someone_not_followed_says_so(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await user.send("/follow Ihar Losik")
    before = await snapshot(bot_app)

    [reply] = await user.send("/unfollow Kalesnikava")

    assert "do not follow anyone called “Kalesnikava”" in reply.text
    assert await snapshot(bot_app) == before


async def test_what_was_typed_is_said_back_as_written(user: SimulatedUser) -> None:
    await user.send("/follow Ihar Losik")

    [reply] = await user.send("/unfollow Tom & <Jerry>")

    assert "do not follow anyone called “Tom & <Jerry>”" in reply.text


async def test_unfollow_without_a_name_shows_the_list(user: SimulatedUser) -> None:
    await user.send("/follow Ihar Losik")

    [listing] = await user.send("/unfollow")

    assert "You follow one person" in listing.text


async def test_the_cap_is_explained_and_nothing_more_is_followed(
    user: SimulatedUser, bot_app: BotApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handlers.follow, "MAX_FOLLOWS", 2)
    await user.send("/follow Ihar Losik")
    await user.send("/follow Znak")

    [card] = await user.send("Kalesnikava")
    await user.press("🔔 Follow")

    assert user.last_callback_answer is not None
    assert user.last_callback_answer["show_alert"] is True
    assert "up to 2 people" in user.last_callback_answer["text"]
    assert card.button_texts[0] == "🔔 Follow"
    assert sorted(await followed(bot_app, user.id)) == ["ihar-losik", "maksim-znak"]


@pytest.mark.parametrize(
    "data",
    [
        "fol:nobody-at-all",
        "unf:nobody-at-all",
        "fol:",
        "pick:../../etc",
        "flu:0:nobody",
        "flu:x:ihar-losik",
        "flu:99999999:ihar-losik",
        "fla:maybe",
        "fl:-1",
        "fl:abc",
        "card:",
        "totally-unknown",
        pytest.param(os.urandom(32).hex(), id="random"),
    ],
)
async def test_forged_follow_buttons_change_nothing(
    user: SimulatedUser, bot_app: BotApplication, data: str
) -> None:
    [card] = await user.send("Ihar Losik")
    await user.press("🔔 Follow")
    before = await snapshot(bot_app)

    await press_data(user, card, data)

    assert await snapshot(bot_app) == before
    assert user.last_callback_answer is not None
    assert user.last_callback_answer["text"]


async def test_a_person_removed_from_the_list_cannot_be_followed(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    [_card] = await user.send("Ihar Losik")
    services = bot_app.bot_data.services
    async with services.db.transaction() as conn:
        await services.prisoners.delete_many(["ihar-losik"], conn)

    await user.press("🔔 Follow")

    assert user.last_callback_answer is not None
    assert "could not find that person" in user.last_callback_answer["text"]
    assert await followed(bot_app, user.id) == []
