"""A chat with the real bot in a terminal: what the person types, and what the bot answers.

``Console`` turns each line into what a Telegram app would send (a message, a button press, an
inline query) for the person being simulated, runs it through the bot's own Application, and
prints every message the bot sent or edited since, as ``bot.console.screen`` draws it. Lines
starting with ``:`` are the console's own commands: switch person, chat or language, act as the
operator, move the clock, show the outbox, upload a file, reply to the bot's last message.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit

from babel.dates import format_datetime

from bot.console.clock import ConsoleClock
from bot.console.screen import Choice, number_buttons, printable, render_html, render_text
from bot.context import BotApplication
from bot.domain.timezones import zone
from bot.l10n import Translator, file_size
from bot.sandbox.models import ChatMessage, FakeChat, FakeUser, JsonDict
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from storage.outbox import DeliveryState, OutboxRow

logger = logging.getLogger(__name__)

# The operator's Telegram id in the console's own Telegram; the console's ADMIN_IDS.
OPERATOR_ID = 1000
GROUP_ID = -4001
# How many outbox rows :outbox shows, newest last.
OUTBOX_ROWS = 15
# How long the console waits for queued messages that are due now to go out.
SETTLE_SECONDS = 60.0
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
# The years the clock may go to: the dates of people alive now, with room on both sides.
YEARS = range(1950, 2201)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(slots=True)
class Person:
    """Someone the console can be: a Telegram user and the chat they are typing in."""

    user: FakeUser
    chat: FakeChat
    number: int

    def name(self, t: Translator) -> str:
        """Return how the console calls this person, in the console's language now."""
        key = "console-operator-name" if self.user.id == OPERATOR_ID else "console-supporter-name"
        return t.format(key, {"number": self.number}, escape=False)


@dataclass(slots=True)
class InlineResult:
    """An inline result on the screen; choosing it posts its message in the chat."""

    number: int
    result: JsonDict


@dataclass(slots=True)
class _Seen:
    sent: int = 0
    edits: int = 0
    callback_answers: set[str] = field(default_factory=set)


class Console:
    """One terminal session with the bot; ``handle`` takes a line and prints what follows."""

    def __init__(
        self,
        application: BotApplication,
        state: TelegramState,
        clock: ConsoleClock,
        out: TextIO,
        *,
        ansi: bool,
        echo: bool,
        files_dir: Path,
        language: str,
    ) -> None:
        self.application = application
        self.state = state
        self.clock = clock
        self.out = out
        self.ansi = ansi
        self.echo = echo
        self.files_dir = files_dir
        self.services = application.bot_data.services
        self.people: list[Person] = []
        self.person = self._new_person(language)
        self.choices: dict[int, Choice | InlineResult] = {}
        self._seen = _Seen(len(state.sent), len(state.edits))
        self._commands: dict[str, Callable[[list[str]], Awaitable[None]]] = {
            "help": self._help,
            "user": self._user,
            "admin": self._admin,
            "lang": self._language,
            "group": self._group,
            "private": self._private,
            "time": self._time,
            "outbox": self._outbox,
            "upload": self._upload,
        }
        # Commands whose words are one text, taken as typed (quotes and apostrophes kept).
        self._text_commands: dict[str, Callable[[str], Awaitable[None]]] = {
            "reply": self._reply,
        }

    # -- texts -----------------------------------------------------------------------------

    @property
    def t(self) -> Translator:
        """Return the console's texts in the language of the person being simulated."""
        language = self.services.l10n.guess(
            self.person.user.language_code, self.services.settings.default_language
        )
        return self.services.l10n(language)

    def say(self, message_id: str, **args: Any) -> None:
        """Print one of the console's own texts."""
        print(self.t.format(message_id, args, escape=False), file=self.out)

    # -- the loop --------------------------------------------------------------------------

    def greet(self, database: Path) -> None:
        """Say what this is and how to use it."""
        self.say("console-welcome", bot=self.bot_name, database=str(database))

    @property
    def bot_name(self) -> str:
        return f"@{self.state.bot.username}"

    async def handle(self, line: str) -> bool:
        """Act on one line; return False when the person asked to leave."""
        text = line.strip()
        if self.echo and text:
            print(f"› {printable(text)}", file=self.out)
        if not text:
            return True
        if text in {":quit", ":q", ":exit"}:
            return False
        if text.startswith(":"):
            try:
                await self._console_command(text[1:])
            except Exception as error:
                # A console command is the person's own experiment: say so, and go on.
                logger.exception("A console command failed")
                self.say("console-command-failed", error=type(error).__name__)
        elif text.startswith("@"):
            await self._inline(text[1:].strip())
        elif text.isdecimal() and int(text) in self.choices:
            await self._choose(self.choices[int(text)])
        elif text.isdecimal() and self.choices:
            self.say("console-no-such-number", number=int(text), last=max(self.choices))
        else:
            await self._send(text)
        await self.settle()
        self.flush()
        return True

    async def settle(self, limit: float = SETTLE_SECONDS) -> None:
        """Wait while queued messages are due now, so they show before the next prompt."""
        delivery = self.application.bot_data.delivery
        if delivery is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while loop.time() < deadline:
            now = self.clock()
            # In this order: a row claimed between the two reads is seen as being sent.
            due = await self.services.outbox.next_due(now)
            in_flight = (await self.services.outbox.counts())[DeliveryState.SENDING]
            if not in_flight and (due is None or due > now + timedelta(seconds=2)):
                return
            delivery.outbox_changed.set()
            await asyncio.sleep(0.05)

    # -- what the person does --------------------------------------------------------------

    def _simulated(self) -> SimulatedUser:
        return SimulatedUser(
            self.application,
            self.state,
            self.person.user.id,
            chat=self.person.chat,
            raise_errors=False,
            expect_callback_answers=False,
        )

    async def _send(self, text: str) -> None:
        # A question the bot asked with ForceReply is answered by replying to it, as apps do.
        question = self._open_question()
        await self._simulated().send(text, reply_to=question)

    def _open_question(self) -> ChatMessage | None:
        for message in reversed(self.state.sent_messages(self.person.chat.id)):
            if message.deleted:
                continue
            markup = message.reply_markup or {}
            return message if markup.get("force_reply") else None
        return None

    async def _choose(self, choice: Choice | InlineResult) -> None:
        if isinstance(choice, InlineResult):
            self._post_inline(choice.result)
            return
        button = choice.button
        if "callback_data" in button and choice.chat_id is not None:
            message = self.state.message(choice.chat_id, choice.message_id or 0)
            if message is None or message.deleted or button not in message.buttons:
                self.say("console-button-gone")
                return
            user = self._simulated()
            update = self.state.callback_update(user.user, message, str(button["callback_data"]))
            await user.process(update)
            self._show_callback_answer(update["callback_query"]["id"])
        elif "url" in button:
            await self._open_link(str(button["url"]))
        elif "switch_inline_query_current_chat" in button:
            await self._inline(str(button["switch_inline_query_current_chat"]))
        elif "switch_inline_query" in button:
            await self._inline(str(button["switch_inline_query"]))
        else:
            self.say("console-button-elsewhere")

    async def _open_link(self, url: str) -> None:
        parts = urlsplit(url)
        path = parts.path.strip("/")
        start = parse_qs(parts.query).get("start")
        if parts.netloc == "t.me" and path == self.state.bot.username and start:
            # Telegram opens the private chat with the bot and sends /start with the parameter.
            if self.person.chat.type != "private":
                self.person.chat = self.state.chats[self.person.user.id]
                self._say_who()
            await self._simulated().send(f"/start {start[0]}")
            return
        self.say("console-opens-link", url=printable(url))

    def _show_callback_answer(self, query_id: str) -> None:
        answer = self.state.callback_answers.get(query_id)
        if not answer or not answer.get("text"):
            return
        key = "console-callback-alert" if answer.get("show_alert") else "console-callback-answer"
        self.say(key, text=printable(str(answer["text"])))

    async def _inline(self, query: str) -> None:
        update = self.state.inline_query_update(self.person.user, query)
        await self._simulated().process(update)
        answer = self.state.inline_answers.get(update["inline_query"]["id"])
        results = list(answer["results"]) if answer else []
        self.say("console-inline-results", count=len(results), query=query)
        self.choices = {}
        for number, result in enumerate(results, start=1):
            self.choices[number] = InlineResult(number, result)
            title = printable(str(result.get("title", "")))
            description = printable(str(result.get("description", "")))
            print(
                f"[{number}] {title}" + (f" — {description}" if description else ""), file=self.out
            )

    def _post_inline(self, result: JsonDict) -> None:
        content = result.get("input_message_content") or {}
        text = str(content.get("message_text", ""))
        self._rule(self.t.format("console-inline-posted", {"bot": self.bot_name}, escape=False))
        if content.get("parse_mode", "").upper() == "HTML":
            print(render_html(text, ansi=self.ansi), file=self.out)
        else:
            print(printable(text), file=self.out)
        rows = (result.get("reply_markup") or {}).get("inline_keyboard", [])
        self._print_keyboard(rows, None, None, fresh=True)

    # -- printing what the bot did ---------------------------------------------------------

    def has_news(self) -> bool:
        """Tell whether the bot sent or edited a message since the last flush."""
        return len(self.state.sent) > self._seen.sent or len(self.state.edits) > self._seen.edits

    def flush(self) -> None:
        """Print the messages the bot sent or edited since the last flush."""
        edits = self.state.edits[self._seen.edits :]
        sent = self.state.sent[self._seen.sent :]
        self._seen.edits, self._seen.sent = len(self.state.edits), len(self.state.sent)
        new_ids = {(m.chat_id, m.message_id) for m in sent}
        edited: list[tuple[int, int]] = []
        for edit in edits:
            key = (edit.chat_id, edit.message_id)
            if key not in new_ids and key not in edited:
                edited.append(key)
        fresh = True
        for chat_id, message_id in edited:
            message = self.state.message(chat_id, message_id)
            if message is not None and not message.deleted:
                self._print_message(message, edited=True, fresh=fresh)
                fresh = False
        for message in sent:
            if not message.deleted:
                self._print_message(message, edited=False, fresh=fresh)
                fresh = False

    def _print_message(self, message: ChatMessage, *, edited: bool, fresh: bool) -> None:
        args = {"bot": self.bot_name, "chat": self._chat_name(message.chat)}
        if message.chat_id != self.person.chat.id:
            key = "console-to-chat"
        else:
            key = "console-from-bot-edited" if edited else "console-from-bot"
        self._rule(self.t.format(key, args, escape=False))
        if message.text is not None:
            print(render_text(message.text, message.entities, ansi=self.ansi), file=self.out)
        if message.document is not None:
            self._save_document(message)
        rows = message.inline_keyboard
        if rows:
            self._print_keyboard(rows, message.chat_id, message.message_id, fresh=fresh)

    def _rule(self, title: str) -> None:
        print(f"\x1b[1m{title}\x1b[22m" if self.ansi else title, file=self.out)

    def _print_keyboard(
        self,
        rows: list[list[JsonDict]],
        chat_id: int | None,
        message_id: int | None,
        *,
        fresh: bool,
    ) -> None:
        # The numbers on the screen are the latest ones shown; older buttons stop answering.
        if fresh:
            self.choices = {}
        lines, choices = number_buttons(
            rows,
            len(self.choices) + 1,
            chat_id=chat_id,
            message_id=message_id,
            ansi=self.ansi,
        )
        for line in lines:
            print(line, file=self.out)
        for choice in choices:
            self.choices[choice.number] = choice

    def _save_document(self, message: ChatMessage) -> None:
        document = message.document or {}
        stored = self.state.files.get(str(document.get("file_id", "")))
        name = printable(Path(str(document.get("file_name") or "file")).name)
        if stored is None:
            return
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / name
        path.write_bytes(stored.content)
        size = file_size(len(stored.content), self.t.language)
        self.say("console-document", name=name, size=size, path=str(path))
        if message.caption:
            print(
                render_text(message.caption, message.caption_entities, ansi=self.ansi),
                file=self.out,
            )

    def _chat_name(self, chat: FakeChat) -> str:
        if chat.type == "private":
            person = next((p for p in self.people if p.user.id == chat.id), None)
            return person.name(self.t) if person else str(chat.id)
        return chat.title or str(chat.id)

    # -- the console's own commands --------------------------------------------------------

    async def _console_command(self, text: str) -> None:
        name, _, rest = text.strip().partition(" ")
        if name.lower() in self._text_commands:
            await self._text_commands[name.lower()](rest.strip())
            return
        try:
            words = shlex.split(text)
        except ValueError:
            words = text.split()
        if not words or words[0].lower() not in self._commands:
            self.say("console-unknown-command", command=f":{words[0] if words else ''}")
            return
        await self._commands[words[0].lower()](words[1:])

    async def _help(self, args: list[str]) -> None:
        self.say("console-help")

    def _new_person(self, language: str | None, *, user_id: int | None = None) -> Person:
        number = len(self.people) + 1
        user = self.state.add_user(user_id, first_name="Supporter", language_code=language)
        person = Person(user, self.state.add_chat(FakeChat.private(user)), number)
        self.people.append(person)
        self.person = person
        return person

    async def _user(self, args: list[str]) -> None:
        if args and args[0].lower() == "new":
            language = args[1] if len(args) > 1 else self.person.user.language_code
            if language is not None and not self.services.l10n.supports(language):
                self._unknown_language(language)
                return
            self._new_person(language)
            self._say_who()
            return
        if args:
            if not args[0].isdecimal() or not 1 <= int(args[0]) <= len(self.people):
                self.say("console-no-such-person", number=args[0])
                return
            self.person = self.people[int(args[0]) - 1]
            self._say_who()
            return
        for number, person in enumerate(self.people, start=1):
            current = " ←" if person is self.person else ""
            self.say(
                "console-person-line",
                number=number,
                name=person.name(self.t),
                language=person.user.language_code or "",
                current=current,
            )

    async def _admin(self, args: list[str]) -> None:
        operator = next((p for p in self.people if p.user.id == OPERATOR_ID), None)
        if operator is None:
            self._new_person(self.person.user.language_code, user_id=OPERATOR_ID)
        else:
            self.person = operator
        self._say_who()

    def _say_who(self) -> None:
        chat = (
            self.t.format("console-private-chat", escape=False)
            if self.person.chat.type == "private"
            else self._chat_name(self.person.chat)
        )
        admin = " " + self.t.format("console-operator-note", escape=False)
        self.say(
            "console-person-now",
            name=self.person.name(self.t),
            language=self.person.user.language_code or "",
            chat=chat,
            admin=admin if self.person.user.id == OPERATOR_ID else "",
        )

    def _unknown_language(self, language: str) -> None:
        self.say(
            "console-language-unknown",
            language=language,
            languages=", ".join(self.services.l10n.languages),
        )

    async def _language(self, args: list[str]) -> None:
        if len(args) != 1 or not self.services.l10n.supports(args[0].lower()):
            self._unknown_language(args[0] if args else "")
            return
        language = args[0].lower()
        self.person.user.language_code = language
        # The chat's own choice wins over the app's language, so change that too, as /settings does.
        await self.services.chats.update_settings(
            self.person.chat.id, now=self.clock(), language=language
        )
        self.say("console-language-set", name=self.person.name(self.t), language=language)

    async def _group(self, args: list[str]) -> None:
        group = self.state.chats.get(GROUP_ID)
        if group is None:
            title = self.t.format("console-group-title", escape=False)
            group = self.state.add_chat(FakeChat.group(GROUP_ID, title))
            # Whoever brings the bot in owns the group; the others are plain members.
            self.state.set_chat_admins(
                group.id, [self.person.user.id], owner_id=self.person.user.id
            )
            self.person.chat = group
            await self._simulated().process(
                self.state.added_to_chat_update(self.person.user, group)
            )
        self.person.chat = group
        self._say_who()

    async def _private(self, args: list[str]) -> None:
        self.person.chat = self.state.chats[self.person.user.id]
        self._say_who()

    async def _time(self, args: list[str]) -> None:
        chat = await self.services.chats.get(self.person.chat.id)
        timezone = chat.timezone if chat else self.services.settings.default_timezone
        tz = zone(timezone)
        if not args:
            self.say("console-time-now", time=self._when(self.clock(), tz), zone=timezone)
            return
        if len(args) == 1 and args[0].lower() == "now":
            self.clock.reset()
            self.say("console-time-back", time=self._when(self.clock(), tz), zone=timezone)
            return
        alert_time = chat.alert_time if chat else self.services.settings.default_alert_time
        moment = _parse_moment(" ".join(args), alert_time)
        if moment is None:
            self.say("console-time-bad")
            return
        self.clock.jump_to(moment.replace(tzinfo=tz))
        delivery = self.application.bot_data.delivery
        # Days planned at the old time may come again: the outbox still sends each one once.
        await self.services.chats.plan_again()
        planned = 0
        if delivery is not None:
            plan = await delivery.planner.run(self.clock())
            planned = plan.digests + plan.news
            delivery.outbox_changed.set()
        self.say(
            "console-time-moved", time=self._when(self.clock(), tz), zone=timezone, count=planned
        )

    def _when(self, moment: datetime, tz: Any) -> str:
        return format_datetime(moment.astimezone(tz), "EEEE d MMMM y, HH:mm", locale=self.t.locale)

    async def _outbox(self, args: list[str]) -> None:
        chats = {p.user.id for p in self.people} | {
            c.id for c in self.state.chats.values() if c.type != "private"
        }
        rows: list[OutboxRow] = []
        for chat_id in chats:
            rows.extend(await self.services.outbox.rows_for(chat_id))
        if not rows:
            self.say("console-outbox-empty")
            return
        rows.sort(key=lambda row: row.id)
        shown = rows[-OUTBOX_ROWS:]
        if len(rows) > len(shown):
            self.say("console-outbox-more", count=len(rows) - len(shown))
        tz = zone(self.services.settings.default_timezone)
        for row in shown:
            moment = (
                row.sent_at
                or (row.error_at if row.state is DeliveryState.FAILED else None)
                or row.not_before
            )
            self.say(
                "console-outbox-row",
                id=row.id,
                kind=row.kind.value,
                day=row.local_date.isoformat() if row.local_date else "",
                chat=self._chat_name(self.state.chats[row.chat_id])
                if row.chat_id in self.state.chats
                else str(row.chat_id),
                state=row.state.value,
                when=self._when(moment, tz),
                attempts=row.attempts,
                error=row.last_error or "",
            )

    async def _reply(self, text: str) -> None:
        """Reply to the bot's last message in this chat, as a person replies in Telegram."""
        if not text:
            self.say("console-reply-usage")
            return
        last = next(
            (m for m in reversed(self.state.sent_messages(self.person.chat.id)) if not m.deleted),
            None,
        )
        if last is None:
            self.say("console-reply-nothing")
            return
        await self._simulated().send(text, reply_to=last)

    async def _upload(self, args: list[str]) -> None:
        if len(args) != 1:
            self.say("console-upload-usage")
            return
        problem, name, content = await asyncio.to_thread(_read_upload, args[0])
        if problem is not None:
            self.say(problem, path=args[0])
            return
        await self._simulated().send_document(name, content)


def _read_upload(name: str) -> tuple[str | None, str, bytes]:
    """Return (the problem's text id or None, the file's name, its bytes)."""
    path = Path(name).expanduser()
    if not path.is_file():
        return "console-upload-missing", path.name, b""
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        return "console-upload-too-big", path.name, b""
    return None, path.name, path.read_bytes()


def _parse_moment(text: str, alert_time: time) -> datetime | None:
    """Read `YYYY-MM-DD HH:MM`, or a bare date at the alert time; None if it is neither.

    Years outside YEARS are refused too: near year 1 or 9999 the dates of a year around them
    do not exist.
    """
    text = re.sub(r"\s+", " ", text.strip())
    moment: datetime | None = None
    for pattern in TIME_FORMATS:
        try:
            moment = datetime.strptime(text, pattern)  # noqa: DTZ007 - the chat's zone is added
            break
        except ValueError:
            continue
    if moment is None:
        try:
            moment = datetime.combine(date.fromisoformat(text), alert_time)
        except ValueError:
            return None
    return moment if moment.year in YEARS else None
