"""Operators' features are closed to everyone else, checked from the handlers the bot registers.

The handlers are not listed by hand: they are read from the Application (``app.handlers``, in
every group), so a new operator feature is covered the day it is registered. A handler is an
operator's when its callback lives in an operator module (handlers.admin, handlers.upload,
handlers.campaigns, handlers.campaign_sending) or its buttons carry the operators' prefix
(``adm:``).

(a) Every such handler is wrapped by ``admin_only``: the check cannot be forgotten.
(b) For each one, an update it would accept from the operator is sent by someone else (a
    supporter in a private chat; the operator himself in a group, where operator commands do
    not work): the database does not change at all, and the answer says nothing about operators
    (an unknown command, an expired button, or what any file gets). The same update is also
    given straight to the handler's callback, past its filters, as if it had been registered
    without them: the callback refuses by itself.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
)

import handlers
from bot.config import BUNDLED_DATASET
from bot.context import BotApplication, BotContext, BotData
from bot.sandbox.models import ChatMessage, FakeChat, JsonDict
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.sandbox.user import SimulatedUser
from handlers.admin import ADMIN_PREFIX

if TYPE_CHECKING:
    from tests.trust.conftest import DatabaseWatch

ADMIN_ID = 42  # ADMIN_IDS in the test settings
OPERATOR_MODULES = tuple(
    name
    for name in (
        "handlers.admin",
        "handlers.upload",
        "handlers.campaigns",
        "handlers.campaign_sending",
    )
    if importlib.util.find_spec(name) is not None
)
AnyHandler = BaseHandler[Any, Any, Any]


def is_operator_handler(handler: AnyHandler) -> bool:
    """Tell whether a handler serves operators: by its callback's module or its buttons."""
    if getattr(handler.callback, "__module__", None) in OPERATOR_MODULES:
        return True
    pattern = getattr(handler, "pattern", None)
    return bool(
        isinstance(handler, CallbackQueryHandler)
        and pattern is not None
        and hasattr(pattern, "match")
        and pattern.match(f"{ADMIN_PREFIX}x")
    )


def describe(handler: AnyHandler) -> str:
    callback = handler.callback
    return f"{type(handler).__name__}:{callback.__module__}.{callback.__qualname__}"


def handlers_of(application: Any) -> list[tuple[int, int, AnyHandler]]:
    """Return (group, position, handler) for every handler of an application, as it runs them."""
    return [
        (group, position, handler)
        for group, registered in sorted(application.handlers.items())
        for position, handler in enumerate(registered)
    ]


def _registered() -> list[tuple[int, int, AnyHandler]]:
    """Return (group, position, handler) for every handler, registered as the bot does."""
    application = (
        ApplicationBuilder()
        .token(DEFAULT_TOKEN)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .build()
    )
    handlers.register(application, frozenset({ADMIN_ID}))
    return handlers_of(application)


OPERATOR_HANDLERS = [entry for entry in _registered() if is_operator_handler(entry[2])]


def test_every_operator_handler_checks_the_operator(bot_app: BotApplication) -> None:
    """Each handler of an operator module, or behind an `adm:` button, is wrapped by
    admin_only, in the bot exactly as it runs."""
    found = [handler for _, _, handler in handlers_of(bot_app) if is_operator_handler(handler)]
    names = {describe(handler) for handler in found}
    # The enumeration finds what it should: every kind of operator handler is among them.
    assert {"CommandHandler", "CallbackQueryHandler", "MessageHandler"} <= {
        name.split(":")[0] for name in names
    }
    assert "CommandHandler:handlers.admin.stats" in names
    assert "MessageHandler:handlers.upload.received" in names
    unguarded = sorted(describe(h) for h in found if not getattr(h.callback, "admin_only", False))
    assert unguarded == [], f"operator handlers without admin_only: {unguarded}"
    assert len(found) == len(OPERATOR_HANDLERS)


# -- what an operator would send to each handler ----------------------------------------------

UpdateMaker = Callable[[SimulatedUser], JsonDict]
COMMAND_ARGS = ("", "https://example.org/petition Sign the petition", "maria-kalesnikava Write")
BUTTON_ENDINGS = ("yes:deadbeef", "no:deadbeef", "1", "deadbeef:send", "stop:1", "x")
# Too long to be a name: anyone else gets the same answer for it whatever the bot's state.
ANSWER = "Write to Maria today. " * 12


def _bundled_with_a_release() -> bytes:
    """Return the bundled data set with one person released: a file that would import."""
    rows = list(csv.DictReader(BUNDLED_DATASET.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row["id"] == "andrzej-poczobut":
            row.update(status="released", status_changed_on="2025-12-20")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _button_data(handler: CallbackQueryHandler[Any, Any], real: list[str]) -> list[str]:
    """Return callback data this handler's pattern matches: the operator's real buttons, and
    made-up ones of the same shapes."""
    pattern = handler.pattern
    assert pattern is not None, describe(handler)
    assert hasattr(pattern, "match"), describe(handler)
    prefixes = pattern.pattern.removeprefix("^(").removesuffix(")").split("|")
    made_up = [prefix + ending for prefix in prefixes for ending in BUTTON_ENDINGS]
    return [d for d in real + made_up if pattern.match(d) and len(d.encode()) <= 64]


def update_makers(
    state: TelegramState, handler: AnyHandler, operator_buttons: list[str]
) -> list[tuple[str, UpdateMaker]]:
    """Return, per handler kind, updates that would reach it (checked below against it)."""
    if isinstance(handler, CommandHandler):
        texts = [
            f"/{command} {args}".strip()
            for command in sorted(handler.commands)
            for args in COMMAND_ARGS
        ]
        return [
            (text, lambda u, text=text: state.message_update(u.user, u.chat, text))
            for text in texts
        ]
    if isinstance(handler, CallbackQueryHandler):
        return [
            (data, lambda u, data=data: state.callback_update(u.user, u.last_message, data))
            for data in _button_data(handler, operator_buttons)
        ]
    if isinstance(handler, MessageHandler):
        content = _bundled_with_a_release()
        files: list[tuple[str, UpdateMaker]] = [
            (
                f"file {name}",
                lambda u, name=name: state.document_update(u.user, u.chat, name, content),
            )
            for name in ("belarus.csv", "belarus.json", "belarus.txt")
        ]
        # An answer to a step of a conversation: typed, or in reply to the bot's last message.
        texts: list[tuple[str, UpdateMaker]] = [
            ("text", lambda u: state.message_update(u.user, u.chat, ANSWER)),
            (
                "reply",
                lambda u: state.message_update(u.user, u.chat, ANSWER, reply_to=u.last_message),
            ),
        ]
        return files + texts
    raise AssertionError(f"no updates known for {describe(handler)}: add its kind here")


# -- the refusals -----------------------------------------------------------------------------


@dataclass
class Outcome:
    sent: list[ChatMessage]
    answer: JsonDict | None
    edits: int


async def _run(
    bot_app: BotApplication, person: SimulatedUser, update: JsonDict, *, direct: AnyHandler | None
) -> Outcome:
    """Process an update (or give it straight to a handler's callback); return what came of it."""
    state = person.state
    sent_before, edits_before = len(state.sent), len(state.edits)
    if direct is None:
        await person.process(update)
    else:
        telegram_update = Update.de_json(update, bot_app.bot)
        context = BotContext.from_update(telegram_update, bot_app)
        await direct.callback(telegram_update, context)
    query_id = update.get("callback_query", {}).get("id")
    return Outcome(
        sent=[m for m in state.sent[sent_before:] if m.chat_id == person.chat.id],
        answer=state.callback_answers.get(query_id) if query_id else None,
        edits=len(state.edits) - edits_before,
    )


WHO = ("supporter", "operator in a group")


async def operator_at_work(operator: SimulatedUser) -> list[str]:
    """Let the operator open an import, a campaign draft and the list of actions; return the
    callback data of every button he now has (real tokens and ids)."""
    await operator.send("/help")
    await operator.send_document("belarus.csv", _bundled_with_a_release())
    await operator.send("/addaction https://example.org/petition Sign the petition")
    await operator.send("/actions")
    await operator.send("/campaign")
    await operator.send("Write to <b>Maria</b> today")
    return [
        button["callback_data"]
        for message in operator.messages
        for button in message.buttons
        if "callback_data" in button
    ]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("handler_group", "position"),
    [(group, position) for group, position, _ in OPERATOR_HANDLERS],
    ids=[describe(handler) for _, _, handler in OPERATOR_HANDLERS],
)
async def test_nobody_else_reaches_an_operator_handler(
    bot_app: BotApplication,
    telegram_state: TelegramState,
    watch: DatabaseWatch,
    handler_group: int,
    position: int,
    who: str,
) -> None:
    """Whatever would reach an operator handler from the operator (his real buttons, with the
    tokens of his pending import and campaign draft, included) changes nothing when someone
    else sends it, or when the operator sends it from a group; the answer is the one any
    unknown command, expired button, file or text gets."""
    handler = {(g, p): h for g, p, h in handlers_of(bot_app)}[handler_group, position]
    assert is_operator_handler(handler), describe(handler)
    state, l10n = telegram_state, bot_app.bot_data.services.l10n("en")
    operator = SimulatedUser(bot_app, state, ADMIN_ID, first_name="Operator")
    operator_buttons = await operator_at_work(operator)
    assert any(data.startswith(ADMIN_PREFIX) for data in operator_buttons), operator_buttons
    if who == "supporter":
        person = SimulatedUser(bot_app, state, 1001, first_name="Supporter")
        await person.send("/start")
        await person.send("/follow Kalesnikava")
        private = True
    else:
        chat = FakeChat.group(-4001, "Solidarity group")
        state.set_chat_admins(chat.id, [ADMIN_ID], owner_id=ADMIN_ID)
        person = SimulatedUser(bot_app, state, ADMIN_ID, chat=chat)
        await person.process(state.added_to_chat_update(person.user, chat))
        private = False
    makers = update_makers(state, handler, operator_buttons)
    # The answer anyone gets for a file that is no list at all, or for a text that is no name.
    ordinary_file_answer = [m.text for m in await person.send_document("photo.jpg", b"\xff\xd8")]
    ordinary_text_answer = [m.text for m in await person.send(ANSWER)]
    accepted = 0
    for what, make in makers:
        # Only updates this handler would take from the operator in his private chat count.
        if not handler.check_update(Update.de_json(make(operator), bot_app.bot)):
            continue
        accepted += 1
        for direct in (None, handler):
            before = await watch.rows(bot_app)
            outcome = await _run(bot_app, person, make(person), direct=direct)
            after = await watch.rows(bot_app)
            route = "straight to the callback" if direct else "through the application"
            where = f"{what!r} from the {who}, {route}"

            # Nor did this chat's or the operator's draft, import or lists (chat_state).
            assert watch.changes(before, after) == {}, f"{where} changed the database"
            assert outcome.edits == 0, where
            if isinstance(handler, CallbackQueryHandler):
                assert outcome.sent == [], where
                assert outcome.answer is not None, f"{where} was not answered"
                assert outcome.answer["text"] == l10n("button-expired"), where
                assert outcome.answer["show_alert"], where
            elif isinstance(handler, MessageHandler) and direct is None:
                # The operators' filter (or conversation) lets it pass on: it is answered as any
                # file or text is.
                ordinary = ordinary_file_answer if what.startswith("file") else ordinary_text_answer
                expected = ordinary if private else []
                assert [m.text for m in outcome.sent] == expected, where
            else:
                assert [m.text for m in outcome.sent] == [l10n("unknown-command")], where
    assert accepted, f"none of {[what for what, _ in makers]} reaches {describe(handler)}"
