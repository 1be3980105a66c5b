"""Thousands of generated updates through the real bot: nothing breaks, nothing goes unanswered,
and nothing a user may not do changes the database.

One bot runs for the whole module (``live_bot`` in conftest.py) in front of a small world:
supporters in private chats (several languages; some known to the bot, some not), an operator,
a group and a supergroup each with an admin and a plain member, and a connected channel.
Hypothesis generates what they send: arbitrary Unicode (empty-ish, right to left, emoji,
zero-width, HTML-like, longer than Telegram's 4,096 characters), commands (every registered
one, in other letter cases, addressed to other bots, and made-up ones, with arguments), button
presses with forged, stale, malformed and random callback data, inline queries, files, edits,
forwarded posts, group messages and channel posts; and random walks in which a new supporter,
the admin of a new group or the operator presses whatever buttons the bot has shown. Properties:

(a) no update makes a handler raise (SimulatedUser re-raises what the error handlers see);
(b) in a private chat every new text, command, file or forward gets exactly one reply; in a
    group a command of this bot gets one and other talk none; edits and channel posts get
    none; every button press and inline query is answered exactly once;
(c) input that is not a valid request of this user changes no row of any table.

Bugs this found are kept as plain regression tests near the end. Each fuzz test checks, once
its examples have run, that they pushed at least one generated update each (``fuzz``); the
total is in the terminal summary ("trust tests checked: N generated updates").
"""

from __future__ import annotations

import collections
import csv
import functools
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

import handlers
from bot.config import BUNDLED_DATASET
from bot.context import BotContext, BotData
from bot.sandbox.models import ChatMessage, FakeChat, JsonDict
from bot.sandbox.telegram_state import BOT_USERNAME, DEFAULT_TOKEN, command_entities
from bot.sandbox.user import SimulatedUser
from handlers import lookup, upload
from handlers.keyboards import FORGET_YES

if TYPE_CHECKING:
    from collections import Counter

    from tests.trust.conftest import DatabaseWatch, LiveBot

# -- what the bot knows ----------------------------------------------------------------------


def _registered_commands() -> list[str]:
    """Return every command name the bot registers, read from its handlers (nothing runs);
    /cancel, which answers only a question the bot asked, is not one."""
    application = (
        ApplicationBuilder()
        .token(DEFAULT_TOKEN)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .build()
    )
    handlers.register(application)
    return sorted(
        name
        for handler in application.handlers[handlers.ORDINARY_GROUP]
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    )


COMMANDS = _registered_commands()
# Kinds of chat state that answering is allowed to keep (see DatabaseWatch.changes).
RESULT_LISTS = frozenset({lookup.RESULTS.kind})
PENDING_IMPORT = frozenset({upload.PENDING.kind})
# Commands that may legitimately write: they store the chat, a follow or a setting.
MAY_WRITE = frozenset({"start", "follow", "unfollow", "settings"})
with BUNDLED_DATASET.open(encoding="utf-8") as _file:
    _BUNDLED = list(csv.DictReader(_file))
PRISONER_IDS = frozenset(row["id"] for row in _BUNDLED)
CSV_HEADER = list(_BUNDLED[0])
NAME_WORDS = sorted(
    {
        word
        for row in _BUNDLED
        for key in ("name", "name_be", "name_ru")
        for word in row[key].split()
    }
)

# -- the world the updates come from ---------------------------------------------------------

SUPPORTERS = {5001: "en", 5002: "be", 5003: "ru", 5004: "pl", 5005: None}
STRANGER = 6001  # a supporter whose chat and settings a forged button names
GROUP, SUPERGROUP = -4001, -1001000000001
CHANNEL, CHANNEL_USERNAME = -1002000000001, "trust_channel"
GROUP_ADMIN, GROUP_MEMBER, SUPERGROUP_ADMIN, SUPERGROUP_MEMBER, CHANNEL_OWNER = range(7001, 7006)
ADMIN_ID = 42
OTHER_CHATS = (STRANGER, GROUP, SUPERGROUP, CHANNEL, ADMIN_ID, CHANNEL_OWNER)


@dataclass
class World:
    bot: LiveBot
    supporters: list[SimulatedUser]
    admin: SimulatedUser
    members: list[SimulatedUser]  # plain members of the group and of the supergroup
    poster: SimulatedUser  # writes in the channel
    channel: FakeChat
    prompts: dict[int, ChatMessage]  # per group: the bot's question for a time zone
    fresh_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100_001))

    def __repr__(self) -> str:
        return "<World>"  # Hypothesis prints the arguments of a failing example

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text("<World>")  # what Hypothesis's printer asks a dataclass for

    def bot_message(self, chat_id: int) -> ChatMessage:
        """Return the bot's first message in a chat: the one forged buttons are pressed on."""
        return self.bot.state.sent_messages(chat_id)[0]


@pytest.fixture(scope="module")
def world(live_bot: LiveBot) -> World:
    """Set the scene: chats the bot knows, a follow, a connected channel, group admins."""
    app, state = live_bot.app, live_bot.state

    async def setup() -> World:
        supporters = [
            SimulatedUser(app, state, user_id, first_name=f"Fuzz{user_id}", language_code=code)
            for user_id, code in SUPPORTERS.items()
        ]
        for supporter in supporters:
            await supporter.send("/help")  # a message to press buttons on; stores nothing
        await supporters[0].send("/start")
        await supporters[1].send("/follow Kalesnikava")
        stranger = SimulatedUser(app, state, STRANGER)
        await stranger.send("/start")
        await stranger.send("/follow Losik")

        members, prompts = [], {}
        for chat, admin_id, member_id in (
            (FakeChat.group(GROUP), GROUP_ADMIN, GROUP_MEMBER),
            (FakeChat.supergroup(SUPERGROUP), SUPERGROUP_ADMIN, SUPERGROUP_MEMBER),
        ):
            admin = SimulatedUser(app, state, admin_id, chat=chat)
            state.set_chat_admins(chat.id, [admin_id], owner_id=admin_id)
            await admin.process(state.added_to_chat_update(admin.user, chat))
            await admin.send("/follow Losik")
            # The admin asks to type a time zone: the prompt waits for an answer.
            [menu] = await admin.send("/settings")
            await admin.process(state.callback_update(admin.user, menu, f"set:{chat.id}:tzask"))
            prompts[chat.id] = admin.last_message
            assert (prompts[chat.id].reply_markup or {}).get("force_reply")
            members.append(SimulatedUser(app, state, member_id, chat=chat))

        channel = state.add_chat(FakeChat.channel(CHANNEL, "Trust channel", CHANNEL_USERNAME))
        state.set_chat_admins(CHANNEL, [CHANNEL_OWNER], owner_id=CHANNEL_OWNER)
        owner = SimulatedUser(app, state, CHANNEL_OWNER)
        [connected, _menu] = await owner.send(f"/connect @{CHANNEL_USERNAME}")
        assert "@trust_channel" in (connected.text or "")
        state.new_message(channel, state.bot, text="A digest the bot posted")
        poster = SimulatedUser(app, state, CHANNEL_OWNER, chat=channel)

        admin = SimulatedUser(app, state, ADMIN_ID)
        await admin.send("/help")
        return World(live_bot, supporters, admin, members, poster, channel, prompts)

    return live_bot.run(setup())


# Updates tried, by kind; the total goes to the run's figures.
TRIED: Counter[str] = collections.Counter()


def _count(figures: Counter[str], kind: str) -> None:
    TRIED[kind] += 1
    figures["generated updates"] += 1


# -- strategies ------------------------------------------------------------------------------

SPECIAL_TEXTS = (
    # Empty-ish: whitespace, zero-width and invisible characters.
    " ",
    "\n\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u200e\u200f",
    "\u180e",
    "\u3000",
    # Right to left, mixed directions, combining marks, emoji sequences.
    "\u202eavaksinselaK",
    "מריה קולסניקובה",
    "ماريا كاليسنيكافا",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319algo",
    "🇧🇾✊🏻",
    "👩‍👩‍👧‍👦",
    "🤍❤️🤍",
    # Markup that must stay text.
    "<b>Kalesnikava</b>",
    '<a href="tg://user?id=1">x</a>',
    "</i></b><tg-spoiler>",
    "&lt;&amp;&gt;&#0;",
    "<",
    "&",
    "*bold* _it_ `code` ~~s~~ ||spoiler||",
    # Placeholders and injections of other languages.
    "{ $name } {name} %s %d %(name)s",
    "'; DROP TABLE chats; --",
    "Robert'); DELETE FROM follows;--",
    "../../../../etc/passwd",
    "\\x00\\n",
    "\x00",
    "\x1b[31mred",
    # Real names in several scripts, with typos.
    "Kalesnikava",
    "Калеснікава",
    "Колесникова",
    "Białacki",
    "Bialiatski",
    "Бяляцкі Алесь",
    "Babaryka",
    "Losik Ihar",
    "Kalesnikawa",
    "Maria",
    "p_maria-kalesnikava",
    "Europe/Warsaw",
)


def command_of(text: str) -> str | None:
    """Return the lower-case name of the command a text gives this bot, as Telegram marks it."""
    if not command_entities(text):
        return None
    name, _, addressee = text.split(maxsplit=1)[0][1:].partition("@")
    if addressee and addressee.lower() != BOT_USERNAME.lower():
        return None
    return name.lower()


def _long_text(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


def _utf8_prefix(text: str, limit: int = 64) -> str:
    """Cut text to at most `limit` bytes of UTF-8 without splitting a character."""
    return text.encode()[:limit].decode(errors="ignore")


name_words = st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=4).map(" ".join)
html_ish = st.text(alphabet="<>/&;#\"'=abi ", min_size=1, max_size=60)
texts = st.one_of(
    st.sampled_from(SPECIAL_TEXTS),
    st.text(min_size=1, max_size=80),
    html_ish,
    name_words,
    st.builds(_long_text, st.text(min_size=1, max_size=12), st.integers(4000, 4200)),
    st.builds(_long_text, st.sampled_from(["я", "🇧🇾", "a ", "<b>"]), st.integers(190, 4200)),
)
made_up_commands = st.one_of(
    st.from_regex(r"\A[a-z0-9_]{1,32}\Z"),
    st.text(alphabet=st.characters(exclude_categories=("Z", "C")), min_size=1, max_size=12).filter(
        lambda name: not name.startswith("/")
    ),
)
command_names = st.one_of(
    st.sampled_from(COMMANDS),
    st.sampled_from(COMMANDS).map(str.upper),
    made_up_commands,
)
command_args = st.one_of(
    st.just(""),
    texts,
    st.sampled_from(
        [
            "p_maria-kalesnikava",
            "p_",
            "p_no-such-person",
            "p_" + "a" * 100,
            "@trust_channel",
            "@no_such_channel",
            "https://t.me/trust_channel",
            "-1002000000001",
            "Kalesnikava",
            "https://example.org Sign the petition",
        ]
    ),
)


commands = st.builds(
    lambda name, suffix, args: f"/{name}{suffix}" + (f" {args}" if args else ""),
    command_names,
    st.sampled_from(["", "", "", f"@{BOT_USERNAME}", f"@{BOT_USERNAME.upper()}", "@other_bot"]),
    command_args,
)
file_names = st.one_of(
    st.sampled_from(
        [
            "belarus.csv",
            "people.json",
            "notes.txt",
            "photo.jpg",
            "",
            "../../etc/passwd",
            "a" * 300 + ".csv",
            "данныя.csv",
            "<b>x</b>.csv",
            "file.CSV",
        ]
    ),
    st.text(max_size=40),
)
csv_rows = st.lists(
    st.lists(st.one_of(st.text(max_size=20), st.sampled_from(["", "2021-07-14", "imprisoned"]))),
    max_size=5,
)
file_contents = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda rows: (
            ",".join(CSV_HEADER) + "\n" + "\n".join(",".join(row) for row in rows)
        ).encode(),
        csv_rows,
    ),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
        max_leaves=12,
    ).map(lambda value: json.dumps(value).encode()),
)

ZONE_ANSWERS = ("Europe/Warsaw", "Mars/Olympus", "UTC", "utc+3", "Minsk", "Варшава", "")
SETTINGS_ACTIONS = (
    "home",
    "lang",
    "tz",
    "time",
    "kinds",
    "tzask",
    "done",
    "lang:be",
    "lang:xx",
    "tz:0",
    "tz:3",
    "time:7",
    "time:23",
    "kind:news:off",
    "kind:birthdays:on",
    "pause",
    "resume",
    "all:on",
    "all:off",
)
unknown_ids = st.from_regex(r"\A[a-z0-9-]{0,40}\Z").filter(lambda i: i not in PRISONER_IDS)
forged_settings = st.builds(
    lambda chat_id, action: f"set:{chat_id}:{action}",
    st.one_of(
        st.sampled_from(OTHER_CHATS),
        st.integers(-(10**13), 10**13).filter(lambda i: i not in SUPPORTERS),
    ),
    st.sampled_from(SETTINGS_ACTIONS),
)
stale_buttons = st.builds(
    lambda prefix, rest: _utf8_prefix(prefix + rest),
    st.sampled_from(
        [
            "card:",
            "write:",
            "fol:",
            "unf:",
            "pick:",
            "flu:0:",
            "flu:x:",
            "more:",
            "fl:",
            "fla:",
            "lw:",
            "lu:",
            "ln:",
        ]
    ),
    st.one_of(unknown_ids, st.text(max_size=40), st.integers().map(str)),
)
operator_buttons = st.one_of(
    st.sampled_from(
        [
            "adm:imp:yes:deadbeef",
            "adm:imp:no:00000000",
            "adm:act:retire:1",
            "adm:act:retire:abc",
            "adm:camp:deadbeef:send",
            "adm:camp:deadbeef:cancel",
            "adm:camp:stop:1",
            "adm:camp:",
            "adm:",
        ]
    ),
    st.text(max_size=40).map(lambda rest: _utf8_prefix("adm:" + rest)),
)
random_data = st.one_of(
    st.binary(min_size=1, max_size=32).map(bytes.hex),
    st.binary(min_size=1, max_size=64).map(lambda raw: _utf8_prefix(raw.decode("latin-1"))),
    st.text(min_size=1, max_size=64).map(_utf8_prefix),
    st.sampled_from(["forget:", "forget:YES", "forget:yes ", ":", "::::", "set:", "set:-:x"]),
)


def may_be_a_real_button(data: str) -> bool:
    """Tell whether a press of this data could be a supporter's own, valid, writing button."""
    if data in ("forget:yes", "fla:on", "fla:off"):
        return True
    prefix, _, rest = data.partition(":")
    if prefix == "set":
        chat_text = rest.partition(":")[0]
        digits = chat_text.removeprefix("-")
        return digits.isascii() and digits.isdecimal() and int(chat_text) in SUPPORTERS
    if prefix in ("fol", "unf", "pick", "lw"):
        return rest in PRISONER_IDS
    if prefix == "lu":
        return rest.partition(":")[0] in PRISONER_IDS
    if prefix == "flu":
        return rest.rpartition(":")[2] in PRISONER_IDS
    return False


invalid_callback_data = st.one_of(
    forged_settings, stale_buttons, operator_buttons, random_data
).filter(lambda data: data != "" and not may_be_a_real_button(data))


@dataclass(frozen=True)
class Sent:
    """One thing a person does: a text (commands included), a file or a forwarded post."""

    kind: str
    text: str = ""
    file_name: str = ""
    content: bytes = b""
    caption: str | None = None


private_inputs = st.one_of(
    st.builds(Sent, st.just("text"), texts),
    st.builds(Sent, st.just("text"), commands),
    st.builds(Sent, st.just("text"), commands),
    st.builds(
        Sent,
        st.just("document"),
        file_name=file_names,
        content=file_contents,
        caption=st.none() | texts | commands,
    ),
    st.builds(Sent, st.just("forward"), texts),
)


def build(world: World, person: SimulatedUser, sent: Sent) -> JsonDict:
    state = world.bot.state
    match sent.kind:
        case "document":
            return state.document_update(
                person.user, person.chat, sent.file_name, sent.content, caption=sent.caption
            )
        case "forward":
            return state.forwarded_update(person.user, world.channel, sent.text, person.chat)
        case _:
            return state.message_update(person.user, person.chat, sent.text)


def describe(replies: list[ChatMessage]) -> str:
    return "; ".join(repr(reply)[:300] for reply in replies) or "nothing"


FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Test = TypeVar("Test", bound=Callable[..., None])


def fuzz(examples: int) -> Callable[[Test], Test]:
    """Run a ``@given`` test on `examples` generated examples, then check that they pushed at
    least one update each: a test whose examples stopped short, or pushed nothing, fails."""

    def decorate(test: Test) -> Test:
        with_settings = settings(FUZZ, max_examples=examples)(test)

        @functools.wraps(with_settings)
        def run(*args: Any, **kwargs: Any) -> None:
            before = TRIED.total()
            with_settings(*args, **kwargs)
            tried = TRIED.total() - before
            assert tried >= examples, f"{examples} examples pushed {tried} updates"

        return cast(Test, run)

    return decorate


# -- private chats ---------------------------------------------------------------------------


@fuzz(examples=250)
@given(
    who=st.sampled_from(sorted(SUPPORTERS)), inputs=st.lists(private_inputs, min_size=1, max_size=4)
)
def test_private_messages_get_one_reply_and_invalid_ones_change_nothing(
    world: World, watch: DatabaseWatch, trust_figures: Counter[str], who: int, inputs: list[Sent]
) -> None:
    """Every text, command, file or forwarded post in a private chat gets exactly one reply;
    nothing but /start, /follow, /unfollow and /settings writes to the database."""
    person = next(s for s in world.supporters if s.id == who)
    app = world.bot.app

    async def send_all() -> None:
        for sent in inputs:
            before = await watch.rows(app)
            replies = await person.process(build(world, person, sent))
            after = await watch.rows(app)
            _count(trust_figures, f"private {sent.kind}")
            assert len(replies) == 1, f"{sent!r:.300} got {len(replies)}: {describe(replies)}"
            writes = sent.kind == "text" and command_of(sent.text) in MAY_WRITE
            if not writes:
                changes = watch.changes(before, after, kept=(person.chat.id, RESULT_LISTS))
                assert not changes, f"{sent!r:.300} changed {changes}"

    world.bot.run(send_all())


@fuzz(examples=60)
@given(
    file_name=file_names,
    content=file_contents,
    caption=st.none() | texts,
)
def test_an_operators_odd_files_get_one_answer_and_import_nothing(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    file_name: str,
    content: bytes,
    caption: str | None,
) -> None:
    """Any file an operator sends is checked and answered once; nothing is imported before
    the operator confirms (the file waiting for the yes is all that is kept)."""
    admin, app, state = world.admin, world.bot.app, world.bot.state

    async def upload() -> None:
        before = await watch.rows(app)
        update = state.document_update(admin.user, admin.chat, file_name, content, caption=caption)
        replies = await admin.process(update)
        after = await watch.rows(app)
        _count(trust_figures, "operator file")
        assert len(replies) == 1, f"{file_name!r}: {describe(replies)}"
        assert not watch.changes(before, after, kept=(admin.chat.id, PENDING_IMPORT))

    world.bot.run(upload())


# -- button presses --------------------------------------------------------------------------


# Where a press comes from: a message in the chat, or a message posted through inline mode
# (Telegram then sends inline_message_id and no chat). None as data: a game button's press.
press_sources = st.sampled_from(["chat message", "chat message", "inline message"])
_INLINE_QUERY_IDS = itertools.count(9_000_000_001)


def press_update(world: World, person: SimulatedUser, source: str, data: str | None) -> JsonDict:
    """Build the callback query of a press with this data (None: a game's short name)."""
    state = world.bot.state
    if source == "chat message":
        update = state.callback_update(person.user, world.bot_message(person.chat.id), "x")
    else:
        query_id = str(next(_INLINE_QUERY_IDS))
        query = {
            "id": query_id,
            "from": person.user.to_api(),
            "inline_message_id": f"BAAAAinline{query_id}",
            "chat_instance": "-8113431001",
        }
        state.callback_queries[query_id] = query
        update = {"update_id": int(query_id), "callback_query": query}
    query = update["callback_query"]
    if data is None:
        query.pop("data", None)
        query["game_short_name"] = "solidarity"
    else:
        query["data"] = data
    return update


@fuzz(examples=250)
@given(
    who=st.sampled_from(sorted(SUPPORTERS)),
    presses=st.lists(
        st.tuples(press_sources, st.one_of(invalid_callback_data, st.none())),
        min_size=1,
        max_size=4,
    ),
)
def test_forged_stale_and_random_buttons_are_answered_and_change_nothing(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    who: int,
    presses: list[tuple[str, str | None]],
) -> None:
    """A press with data that is no valid button of this chat (another chat's settings,
    a person who does not exist, an operator's button, random bytes, no data at all), on a
    message in the chat or on one posted inline, is answered once and changes no row."""
    person = next(s for s in world.supporters if s.id == who)
    app = world.bot.app

    async def press_all() -> None:
        for source, data in presses:
            before = await watch.rows(app)
            update = press_update(world, person, source, data)
            await person.process(update)
            after = await watch.rows(app)
            _count(trust_figures, f"callback on {source}")
            _assert_answered_once(world, update, f"{data!r} on {source}")
            changes = watch.changes(before, after)
            assert not changes, f"pressing {data!r} on {source} changed {changes}"

    world.bot.run(press_all())


def _assert_answered_once(world: World, update: JsonDict, what: str) -> None:
    state = world.bot.state
    query_id = update["callback_query"]["id"]
    answers = [
        call
        for call in state.calls_to("answerCallbackQuery")
        if str(call.params.get("callback_query_id")) == query_id
    ]
    assert query_id in state.callback_answers, f"{what} was not answered"
    assert len(answers) == 1, f"{what} was answered {len(answers)} times: {answers}"


# -- groups, channels, edits -----------------------------------------------------------------

reply_targets = st.sampled_from(["none", "none", "welcome", "prompt"])
group_actions = st.one_of(
    st.tuples(st.just("text"), texts, reply_targets),
    st.tuples(st.just("text"), st.sampled_from([z for z in ZONE_ANSWERS if z]), st.just("prompt")),
    st.tuples(st.just("text"), commands, reply_targets),
    st.tuples(st.just("press"), st.one_of(invalid_callback_data, st.just("")), st.just("none")),
    st.tuples(
        st.just("press"),
        st.sampled_from(SETTINGS_ACTIONS).map(lambda action: f"{{chat}}:{action}"),
        st.just("none"),
    ),
    st.tuples(
        st.just("press"),
        st.sampled_from(
            [
                "fol:maria-kalesnikava",
                "unf:ihar-losik",
                "pick:ihar-losik",
                "forget:yes",
                "fla:on",
                "flu:0:ihar-losik",
                "fl:0",
                "card:ihar-losik",
                "forget:no",
            ]
        ),
        st.just("none"),
    ),
    st.tuples(st.just("document"), texts, st.just("none")),
)


@fuzz(examples=150)
@given(where=st.integers(0, 1), actions=st.lists(group_actions, min_size=1, max_size=4))
def test_a_group_member_who_is_not_an_admin_changes_nothing(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    where: int,
    actions: list[tuple[str, str, str]],
) -> None:
    """In a group or supergroup, a member who is not an admin may write, command, answer the
    admin's time-zone question and press anything (even the group's own settings and follow
    buttons): a command of the bot or an answer to its question gets one reply, other talk
    none, every press is answered once, and no row changes."""
    member = world.members[where]
    app, state = world.bot.app, world.bot.state
    group = member.chat
    menu = world.bot_message(group.id)

    async def act() -> None:
        for kind, value, target in actions:
            before = await watch.rows(app)
            if kind == "press":
                data = value.replace("{chat}", f"set:{group.id}")
                update = state.callback_update(member.user, menu, data)
                replies = await member.process(update)
                _assert_answered_once(world, update, repr(data))
            elif kind == "document":
                update = state.document_update(member.user, group, "list.csv", value.encode())
                replies = await member.process(update)
            else:
                reply_to = {"welcome": menu, "prompt": world.prompts[group.id]}.get(target)
                replies = await member.process(
                    state.message_update(member.user, group, value, reply_to=reply_to)
                )
            after = await watch.rows(app)
            _count(trust_figures, f"group {kind}")
            # A command of this bot gets one reply, as does an answer to its question ("only
            # admins"); other commands and talk none. A press may open a card.
            if kind != "text":
                expected = 0
            elif command_entities(value):
                expected = 1 if command_of(value) in COMMANDS else 0
            else:
                expected = 1 if target == "prompt" else 0
            if kind == "press":
                assert len(replies) <= 1, f"{value!r:.200}: {describe(replies)}"
            else:
                assert len(replies) == expected, f"{value!r:.200}: {describe(replies)}"
            changes = watch.changes(before, after, kept=(group.id, RESULT_LISTS))
            assert not changes, f"{kind} {value!r:.200} changed {changes}"

    world.bot.run(act())


@fuzz(examples=120)
@given(
    where=st.sampled_from(["channel", "private", "group"]),
    original=st.one_of(texts, commands),
    edits=st.lists(st.one_of(texts, commands), min_size=1, max_size=3),
)
def test_channel_posts_and_edits_get_no_reply_and_change_nothing(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    where: str,
    original: str,
    edits: list[str],
) -> None:
    """Posts in a channel are not requests, and an edited message is not a new one: the bot
    neither answers nor stores anything for them, whatever they say."""
    app, state = world.bot.app, world.bot.state
    person = {"channel": world.poster, "private": world.supporters[0], "group": world.members[0]}[
        where
    ]

    async def post_and_edit() -> None:
        updates = []
        if where == "channel":
            updates.append(state.message_update(person.user, person.chat, original))
            message = state.messages[(person.chat.id, updates[0]["channel_post"]["message_id"])]
        else:
            message = state.new_message(person.chat, person.user, text=original)
        updates += [state.edited_message_update(message, text) for text in edits]
        for update in updates:
            before = await watch.rows(app)
            replies = await person.process(update)
            after = await watch.rows(app)
            _count(trust_figures, f"{where} post or edit")
            assert replies == [], f"{update!r:.300}: {describe(replies)}"
            assert not watch.changes(before, after)

    world.bot.run(post_and_edit())


# -- inline mode -----------------------------------------------------------------------------


@fuzz(examples=150)
@given(
    who=st.sampled_from(sorted(SUPPORTERS)),
    queries=st.lists(
        st.tuples(
            st.one_of(st.just(""), texts.map(lambda text: text[:256])),
            st.one_of(st.just(""), st.text(max_size=20)),
            st.sampled_from(["sender", "private", "group", "supergroup", "channel"]),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_inline_queries_are_answered_once_and_change_nothing(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    who: int,
    queries: list[tuple[str, str, str]],
) -> None:
    """Whatever is typed after the bot's name, in whatever kind of chat, gets one answer
    that Telegram accepts (at most 50 results, valid cards), and nothing is stored."""
    person = next(s for s in world.supporters if s.id == who)
    app, state = world.bot.app, world.bot.state

    async def ask_all() -> None:
        for text, offset, chat_type in queries:
            before = await watch.rows(app)
            update = state.inline_query_update(
                person.user, text, offset=offset, chat_type=chat_type
            )
            await person.process(update)
            after = await watch.rows(app)
            _count(trust_figures, "inline query")
            query_id = update["inline_query"]["id"]
            answers = [
                call
                for call in state.calls_to("answerInlineQuery")
                if str(call.params.get("inline_query_id")) == query_id
            ]
            assert query_id in state.inline_answers, f"{text!r} was not answered"
            assert len(answers) == 1, f"{text!r} was answered {len(answers)} times"
            assert not watch.changes(before, after)

    world.bot.run(ask_all())


# -- conversations with real buttons ---------------------------------------------------------

WALK_TEXTS = (
    "/start",
    "/start p_maria-kalesnikava",
    "/help",
    "/about",
    "/find Kalesnikava",
    "/find Babaryka",
    "/find",
    "/follow Babaryka",
    "/follow Kalesnikava",
    "/follow Ihar",
    "/unfollow",
    "/unfollow Babaryka",
    "/following",
    "/settings",
    "/forget",
    "Kalesnikava",
    "Babaryka",
    "Ihar",
    "Бяляцкі",
    "Калеснікава",
    "Marfa Rabkova",
    "Nobody Atall",
)
OPERATOR_TEXTS = (
    "/stats",
    "/actions",
    "/addaction https://example.org/petition Sign the petition",
    "/addaction maria-kalesnikava Write to Maria today",
    "/addaction",
    "/campaign",
    "<b>Letters</b> matter: write today",
    "<b>broken",
    "https://example.org Read more",
    "Kalesnikava",
    "2030-01-01 10:00",
    "yesterday",
)

walk_steps = st.lists(
    st.tuples(
        st.sampled_from(["say", "press", "press", "press", "answer"]),
        st.integers(0, 10**6),
        st.one_of(st.sampled_from(WALK_TEXTS + OPERATOR_TEXTS), texts),
        st.one_of(st.sampled_from(ZONE_ANSWERS + OPERATOR_TEXTS), texts),
    ),
    min_size=3,
    max_size=10,
)


def _fresh_actor(world: World, who: str, language: str | None) -> SimulatedUser:
    """Return a new supporter, the admin of a new group (the bot just added, its settings
    open), or the operator."""
    app, state = world.bot.app, world.bot.state
    if who == "operator":
        return world.admin
    user_id = next(world.fresh_ids)
    if who == "supporter":
        return SimulatedUser(app, state, user_id, language_code=language)
    group = FakeChat.group(-user_id, f"Group {user_id}")
    state.set_chat_admins(group.id, [user_id], owner_id=user_id)
    admin = SimulatedUser(app, state, user_id, language_code=language, chat=group)
    world.bot.run(admin.process(state.added_to_chat_update(admin.user, group)))
    world.bot.run(admin.send("/settings"))  # in a group, buttons come from commands only
    return admin


def _expected_replies(who: str, text: str, answering: bool) -> range:
    """How many messages a text gets: one in private; in a group, one per command of the bot
    and none for other talk (an answer to the bot's question gets one, or none once the
    question is gone); an operator's campaign steps may take two."""
    if who == "operator":
        return range(1, 3)
    if who == "supporter":
        return range(1, 2)
    if answering:
        return range(2)
    return range(1, 2) if command_of(text) in COMMANDS else range(1)


@fuzz(examples=100)
@given(
    who=st.sampled_from(["supporter", "group admin", "operator"]),
    language=st.sampled_from(["en", "be", "ru", "de", None]),
    steps=walk_steps,
)
def test_random_walks_through_real_buttons_never_break(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    who: str,
    language: str | None,
    steps: list[tuple[str, int, str, str]],
) -> None:
    """Someone types commands and names, presses any button the bot has shown in the chat
    (settings, follow, lists, /forget's yes, an operator's campaign and import buttons) and
    answers the bot's questions: nothing breaks, every message gets its reply, every press
    one answer, and once "yes, erase" is answered nothing about the chat is left."""
    app, state = world.bot.app, world.bot.state
    actor = _fresh_actor(world, who, language)

    def buttons() -> list[tuple[ChatMessage, str]]:
        return [
            (message, button["callback_data"])
            for message in actor.messages
            for button in message.buttons
            if "callback_data" in button
        ]

    def question() -> ChatMessage | None:
        asking = [m for m in actor.messages if (m.reply_markup or {}).get("force_reply")]
        return asking[-1] if asking else None

    async def walk() -> None:
        for action, pick, text, answer in steps:
            choices, asked = buttons(), question()
            if action == "press" and choices:
                message, data = choices[pick % len(choices)]
                update = state.callback_update(actor.user, message, data)
                await actor.process(update)
                _count(trust_figures, f"{who} walk press")
                _assert_answered_once(world, update, repr(data))
                if data == FORGET_YES:
                    left = await watch.rows_naming(app, actor.chat.id)
                    assert not any(left.values()), f"after forget:yes: {left}"
                continue
            answering = action == "answer" and asked is not None and bool(answer.strip())
            said = answer if answering else text
            reply_to = asked if answering else None
            update = state.message_update(actor.user, actor.chat, said, reply_to=reply_to)
            replies = await actor.process(update)
            _count(trust_figures, f"{who} walk message")
            expected = _expected_replies(who, said, answering)
            assert len(replies) in expected, f"{said!r:.200}: {describe(replies)}"

    world.bot.run(walk())


# -- the bot's own membership -----------------------------------------------------------------

PRESENT, GONE = ("member", "administrator"), ("left", "kicked")
membership_changes = st.lists(st.sampled_from(PRESENT + GONE), min_size=1, max_size=6)


@fuzz(examples=60)
@given(
    kind=st.sampled_from(["private", "group", "supergroup", "channel"]),
    statuses=membership_changes,
    language=st.sampled_from(["en", "be", "ru", "uk", None]),
)
def test_membership_changes_keep_the_chat_state_consistent(
    world: World,
    watch: DatabaseWatch,
    trust_figures: Counter[str],
    kind: str,
    statuses: list[str],
    language: str | None,
) -> None:
    """Blocked, unblocked, added, promoted, removed, kicked, in any order: nothing breaks, a
    chat the bot has left is never counted as reachable, and a known chat the bot is back in
    (a group at once) is."""
    app, state = world.bot.app, world.bot.state
    user_id = next(world.fresh_ids)
    chats = {
        "group": FakeChat.group(-user_id, f"Group {user_id}"),
        "supergroup": FakeChat.supergroup(-(10**12) - user_id, f"Supergroup {user_id}"),
        "channel": FakeChat.channel(-(2 * 10**12) - user_id, f"Channel {user_id}"),
    }
    person = SimulatedUser(app, state, user_id, language_code=language, chat=chats.get(kind))
    chat = person.chat

    async def change_all() -> None:
        old = "left" if kind != "private" else "member"
        if kind == "private" and statuses[0] in PRESENT:
            await person.send("/start")  # a supporter known to the bot
        for new in statuses:
            await person.process(state.my_chat_member_update(person.user, chat, old, new))
            _count(trust_figures, f"membership in {kind}")
            stored = await app.bot_data.services.chats.get(chat.id)
            if new in GONE:
                assert stored is None or not stored.active, f"{old} -> {new}: {stored}"
            elif kind in ("group", "supergroup"):
                assert stored is not None, f"{old} -> {new}: the group is not stored"
                assert stored.active, f"{old} -> {new}: {stored}"
            else:  # a private chat is stored by /start, a channel by /connect: not here
                assert stored is None or stored.active, f"{old} -> {new}: {stored}"
            old = new

    world.bot.run(change_all())


# -- bugs this found once, kept as regressions ----------------------------------------------


def test_unfollow_with_a_very_long_name_gets_its_answer(world: World) -> None:
    """Telegram lets a message be 4,096 characters long; /unfollow with a long text gets the
    same "send me a name" answer that /find and plain text get."""
    person = world.supporters[0]  # speaks English
    replies = world.bot.run(person.send("/unfollow " + "x" * 2600))
    assert len(replies) == 1
    assert (replies[0].text or "").startswith("Send me a person's name")


@pytest.mark.parametrize("data", ["card:ihar-losik", "fl:0", "fla:on", "flu:0:x", "forget:yes"])
def test_presses_on_inline_messages_are_answered(world: World, data: str) -> None:
    """Every press is answered, even one without a chat: a card posted through inline mode
    carries share and write buttons only, so only a forged press can carry this data, but
    the presser's app would show a spinner until it times out."""
    person = world.supporters[0]
    update = press_update(world, person, "inline message", data)
    world.bot.run(person.process(update))
    assert update["callback_query"]["id"] in world.bot.state.callback_answers


def test_a_file_with_old_mac_line_endings_gets_a_report(world: World) -> None:
    """A list saved with CR line endings (Excel's "CSV (Macintosh)") is read, or refused
    with a report: either way the operator gets one answer, not an apology."""
    content = BUNDLED_DATASET.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    replies = world.bot.run(world.admin.send_document("belarus.csv", content))
    assert len(replies) == 1
