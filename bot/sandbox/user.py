"""A simulated Telegram user who talks to a PTB Application, so tests read like a conversation.

    user = SimulatedUser(application, state, language_code="be")
    replies = await user.send("/start")
    await user.press("Follow")
    assert "following" in user.last_message.text

Each action builds the update Telegram would send, turns it into a real ``telegram.Update`` and
runs ``application.process_update``; it returns the messages the bot sent to the chat meanwhile.
Exceptions raised by handlers are re-raised in the test instead of disappearing into a log.
Handlers registered with ``block=False`` run as tasks; an action waits for the ones its update
started, so their answers are there when it returns.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.sandbox.models import ChatMessage, FakeChat, FakeUser, JsonDict
from bot.sandbox.telegram_state import TelegramState

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# How python-telegram-bot names the task of a handler registered with block=False.
NON_BLOCKING_HANDLER = ":process_update_non_blocking:"


class UnexpectedScreen(AssertionError):
    """What the user tried is not on the screen: no such button, or the bot did not answer.

    An AssertionError, so a test fails with the message; the console shows it to the person.
    """


class _HandlerErrors:
    """Collect the exceptions handlers raise in one application."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    async def record(self, update: object, context: CallbackContext[Any, Any, Any, Any]) -> None:
        if context.error is not None:
            self.errors.append(context.error)


_RECORDERS: weakref.WeakKeyDictionary[AnyApplication, _HandlerErrors] = weakref.WeakKeyDictionary()


def _recorder(application: AnyApplication) -> _HandlerErrors:
    if application not in _RECORDERS:
        recorder = _HandlerErrors()
        application.add_error_handler(recorder.record)
        _RECORDERS[application] = recorder
    return _RECORDERS[application]


class SimulatedUser:
    """One person in one chat (their private chat unless another is given)."""

    def __init__(
        self,
        application: AnyApplication,
        state: TelegramState,
        user_id: int | None = None,
        *,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        chat: FakeChat | None = None,
        raise_errors: bool = True,
        expect_callback_answers: bool = True,
    ) -> None:
        self.application = application
        self.state = state
        known = state.users.get(user_id) if user_id is not None else None
        self.user: FakeUser = known or state.add_user(
            user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.chat = state.add_chat(
            chat or state.chats.get(self.user.id) or FakeChat.private(self.user)
        )
        self.raise_errors = raise_errors
        self.expect_callback_answers = expect_callback_answers
        self.last_callback_answer: JsonDict | None = None
        self.last_inline_answer: JsonDict | None = None
        self._errors = _recorder(application)

    @property
    def id(self) -> int:
        return self.user.id

    # -- what the user sees ----------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        """Return the bot's messages in this chat that were not deleted, oldest first."""
        return [m for m in self.state.sent_messages(self.chat.id) if not m.deleted]

    @property
    def last_message(self) -> ChatMessage:
        """Return the bot's latest message in this chat (as edited since)."""
        messages = self.messages
        if not messages:
            raise UnexpectedScreen(f"the bot has sent nothing to chat {self.chat.id}")
        return messages[-1]

    # -- what the user does ----------------------------------------------------------------

    async def send(self, text: str, *, reply_to: ChatMessage | None = None) -> list[ChatMessage]:
        """Send a text message (a /command gets its entity); return the bot's new messages."""
        return await self.process(
            self.state.message_update(self.user, self.chat, text, reply_to=reply_to)
        )

    async def edit(self, message: ChatMessage, text: str) -> list[ChatMessage]:
        """Edit one of this user's earlier messages."""
        return await self.process(self.state.edited_message_update(message, text))

    async def send_document(
        self,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        *,
        caption: str | None = None,
    ) -> list[ChatMessage]:
        """Send a file; the bot can fetch it with getFile and download it."""
        update = self.state.document_update(
            self.user, self.chat, filename, content, mime_type, caption=caption
        )
        return await self.process(update)

    async def press(
        self, button_text: str, *, message: ChatMessage | None = None
    ) -> list[ChatMessage]:
        """Press the inline button with this text on the newest message that has one."""
        message = message or self._message_with_button(button_text)
        button = message.button(button_text)
        if button is None:
            raise UnexpectedScreen(
                f"no button {button_text!r} on {message!r}; buttons: {message.button_texts}"
            )
        if "callback_data" not in button:
            raise UnexpectedScreen(f"button {button_text!r} is not a callback button: {button}")
        update = self.state.callback_update(self.user, message, button["callback_data"])
        query_id = update["callback_query"]["id"]
        replies = await self.process(update)
        self.last_callback_answer = self.state.callback_answers.get(query_id)
        if self.expect_callback_answers and self.last_callback_answer is None:
            raise UnexpectedScreen(
                f"the bot did not answer the callback query of {button_text!r}; "
                "the user's app keeps showing a loading indicator"
            )
        return replies

    async def inline(self, query: str, *, offset: str = "") -> list[JsonDict]:
        """Type ``@bot query`` in a chat; return the results the bot answered with."""
        update = self.state.inline_query_update(self.user, query, offset=offset)
        await self.process(update)
        self.last_inline_answer = self.state.inline_answers.get(update["inline_query"]["id"])
        if self.last_inline_answer is None:
            raise UnexpectedScreen(f"the bot did not answer inline query {query!r}")
        return list(self.last_inline_answer["results"])

    async def forward(self, channel: FakeChat, text: str = "A post") -> list[ChatMessage]:
        """Forward a post of a channel into this chat."""
        return await self.process(self.state.forwarded_update(self.user, channel, text, self.chat))

    async def block(self) -> list[ChatMessage]:
        """Block the bot: Telegram tells the bot, and sends to this chat fail with 403."""
        return await self.process(self.state.blocked_update(self.user))

    async def unblock(self) -> list[ChatMessage]:
        """Unblock the bot (Telegram's "Restart")."""
        return await self.process(self.state.unblocked_update(self.user))

    async def process(self, update: JsonDict) -> list[ChatMessage]:
        """Run an update through the application; return the bot's new messages in this chat."""
        sent_before = len(self.state.sent)
        errors_before = len(self._errors.errors)
        bot = self.application.bot
        telegram_update = Update.de_json(update, bot)
        if isinstance(bot, ExtBot) and bot.callback_data_cache is not None:
            bot.insert_callback_data(telegram_update)  # as the Updater does for fetched updates
        started = asyncio.all_tasks()
        await self.application.process_update(telegram_update)
        # A handler registered with block=False runs as a task of its own: wait for it, as a
        # person waits for the answer.
        await asyncio.gather(
            *(
                task
                for task in asyncio.all_tasks() - started
                if NON_BLOCKING_HANDLER in task.get_name()
            ),
            return_exceptions=True,
        )
        errors = self._errors.errors[errors_before:]
        if errors and self.raise_errors:
            raise errors[0]
        return [m for m in self.state.sent[sent_before:] if m.chat_id == self.chat.id]

    def _message_with_button(self, text: str) -> ChatMessage:
        for message in reversed(self.messages):
            if message.button(text) is not None:
                return message
        keyboards = [f"{m.message_id}: {m.button_texts}" for m in self.messages if m.button_texts]
        raise AssertionError(
            f"no message in chat {self.chat.id} has a button {text!r}; "
            f"buttons on screen: {'; '.join(keyboards) or 'none'}"
        )

    def __repr__(self) -> str:
        return f"<SimulatedUser {self.user.id} in chat {self.chat.id}>"
