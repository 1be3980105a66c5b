"""Groups, channels and a chat's life: admins decide, blocks pause, migrations keep everything."""

from __future__ import annotations

import time

import pytest

from bot.context import ADMIN_CHECK_SECONDS, BotApplication
from bot.domain.chat import ChatType
from bot.sandbox.models import FakeChat
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from tests.chat.helpers import followed, press_data, rows_about, snapshot


@pytest.fixture
def group(telegram_state: TelegramState) -> FakeChat:
    return telegram_state.add_chat(FakeChat.group())


@pytest.fixture
def admin(bot_app: BotApplication, telegram_state: TelegramState, group: FakeChat) -> SimulatedUser:
    person = SimulatedUser(bot_app, telegram_state, chat=group)
    telegram_state.set_chat_admins(group.id, [person.id])
    return person


@pytest.fixture
def member(
    bot_app: BotApplication, telegram_state: TelegramState, group: FakeChat
) -> SimulatedUser:
    return SimulatedUser(bot_app, telegram_state, chat=group)


async def test_group_admins_follow_and_members_are_told_why_not(
    bot_app: BotApplication, admin: SimulatedUser, member: SimulatedUser, group: FakeChat
) -> None:
    [refused] = await member.send("/follow Kalesnikava")
    assert "Only the admins of this group" in refused.text
    assert await followed(bot_app, group.id) == []

    [done] = await admin.send("/follow Kalesnikava")
    assert "This chat follows Maria Kalesnikava now" in done.text
    assert await followed(bot_app, group.id) == ["maria-kalesnikava"]


async def test_a_member_pressing_follow_on_a_group_card_changes_nothing(
    bot_app: BotApplication, admin: SimulatedUser, member: SimulatedUser, group: FakeChat
) -> None:
    [card] = await member.send("/find Kalesnikava")
    before = await snapshot(bot_app)

    await member.press("🔔 Follow", message=card)

    assert member.last_callback_answer is not None
    assert member.last_callback_answer["show_alert"] is True
    assert "Only the admins" in member.last_callback_answer["text"]
    assert await snapshot(bot_app) == before

    await admin.press("🔔 Follow", message=card)
    assert await followed(bot_app, group.id) == ["maria-kalesnikava"]


async def test_admin_checks_are_cached_briefly(
    bot_app: BotApplication, admin: SimulatedUser, telegram_state: TelegramState
) -> None:
    await admin.send("/follow Kalesnikava")
    await admin.send("/follow Ihar Losik")
    await admin.send("/settings")

    assert len(telegram_state.calls_to("getChatMember")) == 1


async def test_group_settings_are_for_admins_only(
    bot_app: BotApplication, admin: SimulatedUser, member: SimulatedUser, group: FakeChat
) -> None:
    [refused] = await member.send("/settings")
    assert "Only the admins" in refused.text

    [menu] = await admin.send("/settings")
    before = await snapshot(bot_app)
    await member.press("⏸ Pause all messages", message=menu)
    assert await snapshot(bot_app) == before

    await admin.press("⏸ Pause all messages", message=menu)
    chat = await bot_app.bot_data.services.chats.get(group.id)
    assert chat is not None
    assert chat.paused


async def test_anonymous_admins_are_admins(
    bot_app: BotApplication, telegram_state: TelegramState, group: FakeChat
) -> None:
    anonymous = telegram_state.add_user(1087968824, first_name="Group")
    update = telegram_state.message_update(anonymous, group, "/follow Kalesnikava")
    update["message"]["sender_chat"] = group.to_api()
    person = SimulatedUser(bot_app, telegram_state, anonymous.id, chat=group)

    [done] = await person.process(update)

    assert "This chat follows" in done.text


async def test_group_members_can_forget_nothing_but_admins_can(
    bot_app: BotApplication, admin: SimulatedUser, member: SimulatedUser, group: FakeChat
) -> None:
    await admin.send("/follow Kalesnikava")
    [refused] = await member.send("/forget")
    assert "Only the admins" in refused.text

    await admin.send("/forget")
    await admin.press("Yes, erase everything")

    assert set((await rows_about(bot_app, group.id)).values()) == {0}


async def test_a_time_zone_typed_in_a_group_must_answer_the_prompt(
    bot_app: BotApplication, admin: SimulatedUser, member: SimulatedUser, group: FakeChat
) -> None:
    await admin.send("/settings")
    await admin.press("🕘 Time zone")
    [prompt] = await admin.press("⌨️ Type another…")

    assert await member.send("Europe/Warsaw", reply_to=prompt) != []  # refused, politely
    chat = await bot_app.bot_data.services.chats.get(group.id)
    assert chat is not None
    assert chat.timezone == "Europe/Minsk"
    assert await admin.send("Europe/Warsaw") == []  # chatter, not a reply: ignored

    await admin.send("Europe/Warsaw", reply_to=prompt)
    chat = await bot_app.bot_data.services.chats.get(group.id)
    assert chat is not None
    assert chat.timezone == "Europe/Warsaw"


async def test_only_an_admin_cancels_the_time_zone_question(
    bot_app: BotApplication, admin: SimulatedUser, member: SimulatedUser
) -> None:
    await admin.send("/settings")
    await admin.press("🕘 Time zone")
    [prompt] = await admin.press("⌨️ Type another…")

    [refused] = await member.send("/cancel")
    assert "Only the admins" in refused.text
    [kept] = await admin.send("/cancel")
    assert kept.text == "The time zone stays as it was."

    assert await admin.send("Europe/Warsaw", reply_to=prompt) == []  # talk, now
    assert await admin.send("/cancel") == []  # an unknown command in a group: not answered


async def test_admin_checks_are_asked_again_after_a_minute(
    bot_app: BotApplication, admin: SimulatedUser, telegram_state: TelegramState
) -> None:
    await admin.send("/follow Kalesnikava")
    bot_app.bot_data.admin_checks.expire(time.monotonic() + ADMIN_CHECK_SECONDS + 1)

    await admin.send("/follow Ihar Losik")

    assert len(telegram_state.calls_to("getChatMember")) == 2


async def test_added_to_a_group_the_bot_says_hello_and_remembers_it(
    bot_app: BotApplication, telegram_state: TelegramState, admin: SimulatedUser, group: FakeChat
) -> None:
    [hello] = await admin.process(telegram_state.added_to_chat_update(admin.user, group))

    assert "thank you for adding me" in hello.text
    chat = await bot_app.bot_data.services.chats.get(group.id)
    assert chat is not None
    assert chat.type is ChatType.GROUP
    assert chat.active


async def test_removed_from_a_group_then_added_back_keeps_the_follows(
    bot_app: BotApplication, telegram_state: TelegramState, admin: SimulatedUser, group: FakeChat
) -> None:
    await admin.send("/follow Kalesnikava")
    services = bot_app.bot_data.services

    await admin.process(telegram_state.removed_from_chat_update(admin.user, group))
    chat = await services.chats.get(group.id)
    assert chat is not None
    assert not chat.active
    assert await followed(bot_app, group.id) == ["maria-kalesnikava"]

    back = await admin.process(telegram_state.added_to_chat_update(admin.user, group))
    chat = await services.chats.get(group.id)
    assert chat is not None
    assert chat.active
    assert back == []  # a returning group is not welcomed twice


async def test_blocking_pauses_delivery_and_unblocking_resumes(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    services = bot_app.bot_data.services
    await user.send("/follow Kalesnikava")

    await user.block()

    chat = await services.chats.get(user.id)
    assert chat is not None
    assert not chat.active
    assert await followed(bot_app, user.id) == ["maria-kalesnikava"]

    await user.unblock()

    chat = await services.chats.get(user.id)
    assert chat is not None
    assert chat.active


async def test_a_group_upgraded_to_a_supergroup_keeps_everything(
    bot_app: BotApplication, telegram_state: TelegramState, admin: SimulatedUser, group: FakeChat
) -> None:
    services = bot_app.bot_data.services
    await admin.send("/follow Kalesnikava")
    await admin.send("/settings")
    await admin.press("⏸ Pause all messages")
    new_id = -1001999000111
    old_update, new_update = telegram_state.migration_updates(admin.user, group, new_id)

    await admin.process(old_update)
    await admin.process(new_update)

    assert await services.chats.get(group.id) is None
    assert set((await rows_about(bot_app, group.id)).values()) == {0}
    moved = await services.chats.get(new_id)
    assert moved is not None
    assert moved.type is ChatType.SUPERGROUP
    assert moved.paused
    assert await followed(bot_app, new_id) == ["maria-kalesnikava"]


async def test_forget_leaves_no_row_about_the_chat_anywhere(
    user: SimulatedUser, bot_app: BotApplication
) -> None:
    await user.send("/follow Kalesnikava")
    await user.send("/settings")
    await user.press("⏸ Pause all messages")
    assert sum((await rows_about(bot_app, user.id)).values()) >= 2

    await user.send("/forget")
    await user.press("Yes, erase everything")

    counts = await rows_about(bot_app, user.id)
    assert "follows" in counts
    assert "chats" in counts
    assert set(counts.values()) == {0}


# -- channels ------------------------------------------------------------------------------


@pytest.fixture
def channel(telegram_state: TelegramState, user: SimulatedUser) -> FakeChat:
    chat = telegram_state.add_chat(FakeChat.channel(username="solidarity_news"))
    telegram_state.set_chat_admins(chat.id, [user.id])
    return chat


async def test_connecting_a_channel_by_name(
    user: SimulatedUser, bot_app: BotApplication, channel: FakeChat
) -> None:
    done, menu = await user.send("/connect @solidarity_news")

    assert "@solidarity_news is connected" in done.text
    assert "Settings for @solidarity_news" in menu.text
    stored = await bot_app.bot_data.services.chats.get(channel.id)
    assert stored is not None
    assert stored.type is ChatType.CHANNEL
    assert stored.follow_all
    assert stored.active
    assert stored.timezone == "Europe/Minsk"

    await user.press("⏰ Time", message=menu)
    await user.press("20")
    stored = await bot_app.bot_data.services.chats.get(channel.id)
    assert stored is not None
    assert stored.alert_time.hour == 20
    personal = await bot_app.bot_data.services.chats.get(user.id)
    assert personal is None or personal.alert_time.hour != 20


async def test_connecting_a_channel_by_forwarding_a_post(
    user: SimulatedUser, bot_app: BotApplication, channel: FakeChat
) -> None:
    done, _menu = await user.forward(channel)

    assert "is connected" in done.text
    assert await bot_app.bot_data.services.chats.get(channel.id) is not None


async def test_a_forwarded_message_from_a_person_is_read_as_usual(user: SimulatedUser) -> None:
    update = user.state.message_update(user.user, user.chat, "Kalesnikava")
    update["message"]["forward_origin"] = {
        "type": "hidden_user",
        "sender_user_name": "Someone",
        "date": 1,
    }

    [card] = await user.process(update)

    assert card.text.startswith("Maria Kalesnikava")


async def test_only_channel_admins_connect_channels(
    bot_app: BotApplication, telegram_state: TelegramState, channel: FakeChat
) -> None:
    stranger = SimulatedUser(bot_app, telegram_state)

    [refused] = await stranger.send("/connect @solidarity_news")

    assert "Only the admins of @solidarity_news" in refused.text
    assert await bot_app.bot_data.services.chats.get(channel.id) is None


async def test_the_bot_must_be_able_to_post(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    channel: FakeChat,
) -> None:
    telegram_state.bot_status[channel.id] = "member"

    [refused] = await user.send("/connect @solidarity_news")

    assert "cannot post there" in refused.text
    assert await bot_app.bot_data.services.chats.get(channel.id) is None


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("@nobody_like_this", "I cannot see @nobody_like_this"),
        ("not a channel!", "is not a channel name"),
        ("", "Add me to the channel as an admin"),
    ],
)
async def test_connect_explains_what_is_wrong(
    user: SimulatedUser, bot_app: BotApplication, argument: str, expected: str
) -> None:
    before = await snapshot(bot_app)

    [reply] = await user.send(f"/connect {argument}".strip())

    assert expected in reply.text
    assert await snapshot(bot_app) == before


async def test_a_group_is_not_a_channel(
    user: SimulatedUser, telegram_state: TelegramState, bot_app: BotApplication
) -> None:
    telegram_state.add_chat(FakeChat(id=-1003000000001, type="supergroup", username="talk_here"))

    [reply] = await user.send("/connect @talk_here")

    assert "is not a channel" in reply.text


async def test_connect_in_a_group_points_to_the_private_chat(admin: SimulatedUser) -> None:
    [reply] = await admin.send("/connect @solidarity_news")

    assert "private chat" in reply.text


async def test_a_channel_menu_is_for_its_admins_only(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    channel: FakeChat,
) -> None:
    _, _menu = await user.send("/connect @solidarity_news")
    stranger = SimulatedUser(bot_app, telegram_state)
    [own_menu] = await stranger.send("/settings")
    before = await snapshot(bot_app)

    await press_data(stranger, own_menu, f"set:{channel.id}:pause")
    [refused] = await stranger.send("/settings @solidarity_news")

    assert await snapshot(bot_app) == before
    assert "Only the admins of @solidarity_news" in refused.text


async def test_settings_reopen_for_a_connected_channel(
    user: SimulatedUser, channel: FakeChat
) -> None:
    await user.send("/connect @solidarity_news")

    [menu] = await user.send("/settings @solidarity_news")

    assert "Settings for @solidarity_news" in menu.text
    assert "/disconnect" in menu.text


async def test_disconnect_erases_the_channel(
    user: SimulatedUser, bot_app: BotApplication, channel: FakeChat
) -> None:
    await user.send("/connect @solidarity_news")

    [reply] = await user.send("/disconnect @solidarity_news")

    assert "@solidarity_news is disconnected" in reply.text
    assert set((await rows_about(bot_app, channel.id)).values()) == {0}
    [again] = await user.send("/disconnect @solidarity_news")
    assert "is not connected" in again.text


async def test_a_channel_that_removes_the_bot_becomes_inactive(
    user: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState, channel: FakeChat
) -> None:
    await user.send("/connect @solidarity_news")

    await user.process(telegram_state.removed_from_chat_update(user.user, channel))

    stored = await bot_app.bot_data.services.chats.get(channel.id)
    assert stored is not None
    assert not stored.active
