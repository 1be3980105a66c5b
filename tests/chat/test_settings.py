"""/settings: every change is made by pressing buttons and confirmed by editing the menu."""

from __future__ import annotations

import os
from datetime import time

import pytest

from bot.context import BotApplication
from bot.domain.chat import ALL_KINDS, AlertKind, Chat
from bot.sandbox.models import ChatMessage
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from handlers import zone_question
from tests.chat.helpers import press_data, snapshot, time_out


async def _chat(bot_app: BotApplication, chat_id: int) -> Chat:
    chat = await bot_app.bot_data.services.chats.get(chat_id)
    assert chat is not None
    return chat


async def _open(user: SimulatedUser) -> ChatMessage:
    [menu] = await user.send("/settings")
    return menu


async def test_the_menu_shows_the_chat_settings(user: SimulatedUser) -> None:
    menu = await _open(user)

    assert "Settings for this chat" in menu.text
    assert "Language: English" in menu.text
    assert "Time zone: Minsk (Europe/Minsk)" in menu.text
    assert "Daily message at: 10:00" in menu.text
    assert "Birthdays, early enough to post a card" in menu.text
    assert "Messages are on" in menu.text
    assert "Write again: a reminder 4 weeks after a letter" in menu.text
    assert menu.button_texts == [
        "🌐 Language",
        "🕘 Time zone",
        "⏰ Time",
        "🔔 What to send",
        "✍️ Write again",
        "👥 Follow everyone in prison",
        "⏸ Pause all messages",
        "✓ Done",
    ]


async def test_language_changes_in_place_and_the_menu_speaks_it(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    menu = await _open(user)
    await user.press("🌐 Language")
    assert user.last_message.button_texts == ["✅ English", "Беларуская", "Русский", "‹ Back"]

    await user.press("Беларуская")

    assert len(user.messages) == 1  # confirmed by editing, no new message
    assert user.last_message.message_id == menu.message_id
    assert "Беларуская" in user.last_message.text
    assert "Мінск (Europe/Minsk)" in user.last_message.text
    assert "Settings for this chat" not in user.last_message.text
    assert (await _chat(bot_app, user.id)).language == "be"
    [help_text] = await user.send("/help")
    assert "/settings" in help_text.text
    assert "What I can do" not in help_text.text


async def test_a_common_time_zone_is_one_press(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await _open(user)
    await user.press("🕘 Time zone")
    assert "✅ Minsk" in user.last_message.button_texts

    await user.press("Warsaw")

    assert "Time zone: Warsaw (Europe/Warsaw)" in user.last_message.text
    assert (await _chat(bot_app, user.id)).timezone == "Europe/Warsaw"


async def test_a_typed_time_zone_is_checked_then_stored(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    menu = await _open(user)
    await user.press("🕘 Time zone")
    [prompt] = await user.press("⌨️ Type another…")
    assert "Europe/Warsaw" in prompt.text
    assert prompt.reply_markup is not None
    assert prompt.reply_markup.get("force_reply")

    for wrong in ("Mars/Olympus", "UTC+99", "<b>Minsk</b>"):
        [error] = await user.send(wrong, reply_to=prompt)
        assert "I do not know the time zone" in error.text
        assert (await _chat(bot_app, user.id)).timezone == "Europe/Minsk"
        prompt = error
    assert "&lt;b&gt;Minsk&lt;/b&gt;" in (error.raw_text or "")

    [done] = await user.send("america/new york", reply_to=prompt)

    assert "Time zone: New York (America/New_York)" in done.text
    assert (await _chat(bot_app, user.id)).timezone == "America/New_York"
    assert "New York (America/New_York)" in user.state.message(user.id, menu.message_id).text  # type: ignore[union-attr]


async def test_an_offset_is_a_time_zone(user: SimulatedUser, bot_app: BotApplication) -> None:
    await _open(user)
    await user.press("🕘 Time zone")
    [prompt] = await user.press("⌨️ Type another…")

    await user.send("UTC+3", reply_to=prompt)

    assert (await _chat(bot_app, user.id)).timezone == "UTC+03:00"


async def test_text_that_does_not_answer_the_prompt_is_a_name(user: SimulatedUser) -> None:
    await _open(user)
    await user.press("🕘 Time zone")
    await user.press("⌨️ Type another…")

    [card] = await user.send("Kalesnikava")  # not a reply: the user moved on

    assert card.text.startswith("Maria Kalesnikava")


async def test_cancel_leaves_the_time_zone_as_it_was(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await _open(user)
    await user.press("🕘 Time zone")
    [prompt] = await user.press("⌨️ Type another…")

    [kept] = await user.send("/cancel")

    assert kept.text == "The time zone stays as it was."
    [card] = await user.send("Kalesnikava", reply_to=prompt)  # no longer an answer
    assert card.text.startswith("Maria Kalesnikava")
    assert (await _chat(bot_app, user.id)).timezone == "Europe/Minsk"
    [unknown] = await user.send("/cancel")  # nothing to cancel now
    assert "I do not know that command" in unknown.text


async def test_a_question_left_unanswered_is_dropped_quietly(
    started_bot: BotApplication, telegram_state: TelegramState
) -> None:
    user = SimulatedUser(started_bot, telegram_state)
    await _open(user)
    await user.press("🕘 Time zone")
    [prompt] = await user.press("⌨️ Type another…")

    await time_out(started_bot, zone_question.WAIT)

    assert user.last_message.message_id == prompt.message_id  # nothing more was said
    [card] = await user.send("Kalesnikava", reply_to=prompt)
    assert card.text.startswith("Maria Kalesnikava")
    assert (await _chat(started_bot, user.id)).timezone == "Europe/Minsk"


async def test_alert_time_is_chosen_in_whole_hours(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await _open(user)
    await user.press("⏰ Time")
    hours = [t for t in user.last_message.button_texts if t != "‹ Back"]
    assert len(hours) == 24
    assert "✅ 10" in hours

    await user.press("18")

    assert "Daily message at: 18:00" in user.last_message.text
    assert (await _chat(bot_app, user.id)).alert_time == time(18, 0)


async def test_write_again_is_chosen_in_weeks_or_turned_off(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await _open(user)
    await user.press("✍️ Write again")
    choices = [t for t in user.last_message.button_texts if t != "‹ Back"]
    assert choices == ["Off", "2 weeks", "3 weeks", "✅ 4 weeks", "6 weeks", "8 weeks"]

    await user.press("6 weeks")
    assert "Write again: a reminder 6 weeks after a letter" in user.last_message.text
    assert (await _chat(bot_app, user.id)).write_again_weeks == 6

    await user.press("✍️ Write again")
    await user.press("Off")
    assert "Write again: no reminders" in user.last_message.text
    assert (await _chat(bot_app, user.id)).write_again_weeks == 0

    # Weeks the menu does not offer are refused, and nothing changes.
    for weeks in ("5", "99", "-2", "x"):
        await press_data(user, user.last_message, f"set:{user.id}:again:{weeks}")
        assert (await _chat(bot_app, user.id)).write_again_weeks == 0


async def test_kinds_toggle_and_a_double_press_does_not_undo(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await _open(user)
    await user.press("🔔 What to send")
    birthdays = "✅ Birthdays, early enough to post a card"
    button = user.last_message.button(birthdays)
    assert button is not None

    await user.press(birthdays)
    await press_data(user, user.last_message, button["callback_data"])  # the fast second tap

    chat = await _chat(bot_app, user.id)
    assert chat.kinds == ALL_KINDS - {AlertKind.BIRTHDAYS}
    assert "Birthdays, early enough to post a card" in user.last_message.button_texts
    await user.press("‹ Back")
    assert "Birthdays" not in user.last_message.text


async def test_switching_every_kind_off_says_nothing_is_sent(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await _open(user)
    await user.press("🔔 What to send")
    for label in list(user.last_message.button_texts):
        if label.startswith("✅"):
            await user.press(label)

    await user.press("‹ Back")

    assert "I send: nothing" in user.last_message.text
    assert (await _chat(bot_app, user.id)).kinds == frozenset()


async def test_pause_and_resume(user: SimulatedUser, bot_app: BotApplication) -> None:
    await _open(user)

    await user.press("⏸ Pause all messages")

    assert "Messages are paused" in user.last_message.text
    assert (await _chat(bot_app, user.id)).paused
    await user.press("▶️ Resume messages")
    assert "Messages are on" in user.last_message.text
    assert not (await _chat(bot_app, user.id)).paused


async def test_done_closes_the_menu(user: SimulatedUser) -> None:
    await _open(user)

    await user.press("✓ Done")

    assert user.last_message.button_texts == []
    assert "Time zone" in user.last_message.text


async def test_a_double_press_on_a_setting_is_harmless(user: SimulatedUser) -> None:
    menu = await _open(user)
    await user.press("⏸ Pause all messages")
    pause = f"set:{user.id}:pause"

    await press_data(user, menu, pause)  # the same press again: nothing new to show

    assert user.last_callback_answer is not None
    assert len(user.messages) == 1


@pytest.mark.parametrize(
    "action",
    [
        "lang:xx",
        "lang:" + "e" * 40,
        "tz:6",
        "tz:-1",
        "tz:Mars",
        "time:24",
        "time:-1",
        "time:ab",
        "kind:everything:on",
        "kind:news",
        "all:maybe",
        "unknown",
        "",
    ],
)
async def test_forged_settings_buttons_change_nothing(
    user: SimulatedUser, bot_app: BotApplication, action: str
) -> None:
    menu = await _open(user)
    before = await snapshot(bot_app)

    await press_data(user, menu, f"set:{user.id}:{action}")

    assert await snapshot(bot_app) == before
    assert user.last_callback_answer is not None
    assert "expired" in user.last_callback_answer["text"]


@pytest.mark.parametrize(
    "data",
    [
        "set:",
        "set:abc:pause",
        "set:1" + "0" * 30 + ":pause",
        pytest.param(os.urandom(32).hex(), id="random"),
    ],
)
async def test_malformed_settings_data_changes_nothing(
    user: SimulatedUser, bot_app: BotApplication, data: str
) -> None:
    menu = await _open(user)
    before = await snapshot(bot_app)

    await press_data(user, menu, data)

    assert await snapshot(bot_app) == before


async def test_another_chats_settings_cannot_be_changed(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    other = SimulatedUser(bot_app, user.state)
    await other.send("/settings")
    menu = await _open(user)
    before = await snapshot(bot_app)

    await press_data(user, menu, f"set:{other.id}:pause")
    await press_data(user, menu, f"set:{other.id}:lang:be")

    assert await snapshot(bot_app) == before
    assert user.last_callback_answer is not None
    assert "expired" in user.last_callback_answer["text"]


async def test_a_menu_after_forget_has_expired(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    menu = await _open(user)
    await user.send("/forget")
    await user.press("Yes, erase everything")

    await press_data(user, menu, f"set:{user.id}:pause")

    assert user.last_callback_answer is not None
    assert "expired" in user.last_callback_answer["text"]
    assert await bot_app.bot_data.services.chats.get(user.id) is None


async def test_an_app_in_another_language_gets_english_and_a_hint(
    bot_app: BotApplication, user: SimulatedUser
) -> None:
    german = SimulatedUser(bot_app, user.state, language_code="de")
    [welcome] = await german.send("/start")
    assert "thank you for being here" in welcome.text
    assert "/settings" in welcome.text
    assert "Belarusian or Russian" in welcome.text

    [again] = await german.send("/help")
    assert "Belarusian or Russian" not in again.text
    [english] = await user.send("/start")
    assert "Belarusian or Russian" not in english.text
