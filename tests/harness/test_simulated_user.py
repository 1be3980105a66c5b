"""A real PTB Application, driven by a simulated user, behaves as it would with Telegram."""

from __future__ import annotations

import html
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import Forbidden
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from tests.fakes import FakeChat, SimulatedUser, TelegramState

App = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE


async def start(update: Update, context: Context) -> None:
    """Greet by name and offer to follow someone."""
    assert update.message is not None
    assert update.effective_user is not None
    name = html.escape(update.effective_user.first_name)
    follow = InlineKeyboardButton("Follow", callback_data="follow:7")
    website = InlineKeyboardButton("Website", url="https://spring96.org")
    keyboard = InlineKeyboardMarkup([[follow], [website]])
    await update.message.reply_html(f"Hello, <b>{name}</b>!", reply_markup=keyboard)


async def show_args(update: Update, context: Context) -> None:
    """Reply with the command's arguments."""
    assert update.message is not None
    await update.message.reply_text(" | ".join(context.args or []) or "no arguments")


async def follow(update: Update, context: Context) -> None:
    """Acknowledge the press and replace the offer with a confirmation."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer("Followed")
    await query.edit_message_text(f"Following #{query.data.split(':')[1]}")


async def silent_press(update: Update, context: Context) -> None:
    """Handle a press without answering it."""


async def fail(update: Update, context: Context) -> None:
    """Raise like a handler with a bug."""
    raise RuntimeError("handler bug")


async def count_bytes(update: Update, context: Context) -> None:
    """Download the user's file and say how big it is."""
    assert update.message is not None
    assert update.message.document is not None
    file = await context.bot.get_file(update.message.document.file_id)
    content = await file.download_as_bytearray()
    last_line = content.decode().splitlines()[-1]
    await update.message.reply_text(f"{len(content)} bytes, last line: {last_line}")


async def search(update: Update, context: Context) -> None:
    """Answer an inline query with one article."""
    assert update.inline_query is not None
    query = update.inline_query.query
    result = InlineQueryResultArticle(
        id="1", title=query, input_message_content=InputTextMessageContent(f"About {query}")
    )
    await update.inline_query.answer([result])


async def remember_membership(update: Update, context: Context) -> None:
    """Keep the bot's new status in the chat, as a bot marking chats inactive would."""
    assert update.my_chat_member is not None
    context.bot_data["status"] = update.my_chat_member.new_chat_member.status


@pytest.fixture
def app(ptb_application: App) -> App:
    ptb_application.add_handler(CommandHandler("start", start))
    ptb_application.add_handler(CommandHandler("args", show_args))
    ptb_application.add_handler(CommandHandler("fail", fail))
    ptb_application.add_handler(CallbackQueryHandler(follow, pattern="^follow:"))
    ptb_application.add_handler(CallbackQueryHandler(silent_press))
    ptb_application.add_handler(MessageHandler(filters.Document.ALL, count_bytes))
    ptb_application.add_handler(InlineQueryHandler(search))
    ptb_application.add_handler(ChatMemberHandler(remember_membership))
    return ptb_application


@pytest.fixture
def alice(app: App, telegram_state: TelegramState) -> SimulatedUser:
    return SimulatedUser(app, telegram_state, first_name="Alice <3", language_code="be")


async def test_start_gets_a_reply_and_it_is_recorded(
    alice: SimulatedUser, telegram_state: TelegramState
) -> None:
    replies = await alice.send("/start")

    assert [reply.text for reply in replies] == ["Hello, Alice <3!"]
    assert replies[0].raw_text == "Hello, <b>Alice &lt;3</b>!"
    assert replies[0].button_texts == ["Follow", "Website"]
    assert alice.last_message is replies[0]
    assert telegram_state.sent_messages(alice.chat.id) == replies


async def test_commands_addressed_to_the_bot_by_name_reach_it(alice: SimulatedUser) -> None:
    replies = await alice.send("/args@solidarity_test_bot Ales Bialiatski")

    assert [reply.text for reply in replies] == ["Ales | Bialiatski"]


async def test_pressing_a_button_runs_the_callback_handler(alice: SimulatedUser) -> None:
    await alice.send("/start")

    replies = await alice.press("Follow")

    assert replies == []  # the offer was edited, nothing new was sent
    assert alice.last_message.text == "Following #7"
    assert alice.last_message.buttons == []
    assert alice.last_callback_answer is not None
    assert alice.last_callback_answer["text"] == "Followed"


async def test_pressing_a_missing_button_lists_the_buttons_on_screen(alice: SimulatedUser) -> None:
    await alice.send("/start")

    with pytest.raises(AssertionError, match=r"no message .* has a button 'Unfollow'.*Follow"):
        await alice.press("Unfollow")


async def test_a_press_the_bot_does_not_answer_is_reported(
    app: App, telegram_state: TelegramState
) -> None:
    user = SimulatedUser(app, telegram_state)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Other", callback_data="other")]])
    await app.bot.send_message(user.chat.id, "Choose", reply_markup=markup)

    with pytest.raises(AssertionError, match="did not answer the callback query"):
        await user.press("Other")


async def test_a_handler_exception_fails_the_test(alice: SimulatedUser) -> None:
    with pytest.raises(RuntimeError, match="handler bug"):
        await alice.send("/fail")


async def test_a_sent_document_can_be_downloaded_by_the_bot(alice: SimulatedUser) -> None:
    content = "id,name\n1,Алесь Бяляцкі\n".encode()

    replies = await alice.send_document("list.csv", content)

    assert [reply.text for reply in replies] == [
        f"{len(content)} bytes, last line: 1,Алесь Бяляцкі"
    ]


async def test_inline_queries_return_the_bot_results(alice: SimulatedUser) -> None:
    results = await alice.inline("Bialiatski")

    assert [r["title"] for r in results] == ["Bialiatski"]
    assert results[0]["input_message_content"]["message_text"] == "About Bialiatski"


async def test_blocking_the_bot_is_announced_and_forbids_later_messages(
    app: App, alice: SimulatedUser
) -> None:
    await alice.block()

    assert app.bot_data["status"] == "kicked"
    with pytest.raises(Forbidden, match="blocked by the user"):
        await app.bot.send_message(alice.chat.id, "Today is a day that matters")

    await alice.unblock()
    await app.bot.send_message(alice.chat.id, "Welcome back")


async def test_users_in_a_group_share_the_group_chat(
    app: App, telegram_state: TelegramState
) -> None:
    group = FakeChat.group()
    admin = SimulatedUser(app, telegram_state, chat=group, first_name="Admin")
    member = SimulatedUser(app, telegram_state, chat=group, first_name="Member")

    await admin.send("/start")
    await member.press("Follow")

    assert admin.last_message.text == "Following #7"
    assert admin.chat.id < 0
    assert admin.id != member.id
