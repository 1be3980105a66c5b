"""Following a published list through the real bot process: releases reach followers by themselves.

The bot runs as users start it (``python -m bot run``) against the local fake Bot API, with
``DATA_SOURCE_URL`` pointing at a ``SourceServer`` on 127.0.0.1 that publishes a canonical CSV.
Nobody imports anything: the bot's own sync at start-up, or ``solidarity-bot sync`` run by an
operator beside the running bot on the same database, brings the release, and the follower hears
of it.

Waiting: messages are awaited on the fake server's change notifications; "the data watch has run"
is read from the line the job scheduler logs when a run ends
(``Job "data-watch (trigger: interval[...])" executed successfully``), as it appears. The sync
interval's minimum is a minute, so no test waits for a scheduled sync after the first: the list
changes before the bot starts (a), or the command line syncs it (b).

Every chat lives in a fixed-offset zone where it is early afternoon now, so news is never held
for the night, and its alert time is hours away, so no daily message mixes in.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from bot.config import load_settings
from bot.domain.chat import MAX_FOLLOWS, ChatType
from bot.domain.dataset import write_canonical_csv
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.services import Services
from bot.syncing import Decision, sync_once
from storage.follows import FollowOutcome
from tests.fakes import DEFAULT_TOKEN, BotProcess, ChatMessage, FakeBotApiServer
from tests.fakes.source_server import SourceResponse, SourceServer

pytest_plugins = ["tests.fakes.source_server"]

START_UP = 30.0
PLANNER_INTERVAL = 5
# A run of the data watch (index rebuild, operators' notices) has started, and one has ended.
WATCH_STARTED = r'Running job "data-watch \(trigger: interval'
WATCH_RAN = r'Job "data-watch \(trigger: interval[^\n]*" executed successfully'
# Hours before any chat's daily message is due: the tests end long before.
ALERT_TIME = time(21, 0)
USER, PASSWORD = "viasna", "s3cret"


def person(number: int, name: str, **fields: object) -> Prisoner:
    """Return a person in prison, with a facility and an address letters reach."""
    base = Prisoner(
        id=f"person-{number:02d}",
        name=name,
        gender=Gender.FEMALE if name.endswith("a") else Gender.MALE,
        birth_date=date(1980, 3, number),
        detained_on=date(2021, 5, number),
        status=Status.IMPRISONED,
        facility=f"Penal colony No. {number}",
        mailing_address=f"{211000 + number}, Vulica Lienina {number}",
        letters=Letters.YES,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


NADZEYA = person(1, "Nadzeya Zhyvitsa")
PAVEL = person(2, "Pavel Kruhlou")
MARYNA = person(3, "Maryna Sakalova")
PEOPLE = [NADZEYA, PAVEL, MARYNA]
# Arrested after the first list was published; only the second one has him.
YAUHEN = person(4, "Yauhen Barysevich")


def released(prisoner: Prisoner, on: date) -> Prisoner:
    """Return the record as the list shows a person freed on `on`: no facility any more."""
    return replace(
        prisoner,
        status=Status.RELEASED,
        status_changed_on=on,
        facility=None,
        mailing_address=None,
        letters=Letters.UNKNOWN,
    )


def listing(people: list[Prisoner]) -> bytes:
    """Return people as the canonical CSV a source publishes."""
    return write_canonical_csv(people).encode()


def afternoon_zone(now: datetime) -> str:
    """Return a fixed-offset IANA zone where it is 14:xx at `now` (UTC), so not night."""
    offset = 14 - now.astimezone(UTC).hour  # from -9 to +14: every one of them exists
    # Etc/GMT names count the other way round: Etc/GMT-3 is three hours ahead of UTC.
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def bot_env(
    server: FakeBotApiServer, database: Path, dataset: Path, source_url: str, **extra: str
) -> dict[str, str]:
    return {
        **server.env(),
        "DATABASE_PATH": str(database),
        "DATASET_PATH": str(dataset),
        "DATA_SOURCE_URL": source_url,
        "DATA_SYNC_INTERVAL_MINUTES": "1",
        "PLANNER_INTERVAL_SECONDS": str(PLANNER_INTERVAL),
        "DEFAULT_LANGUAGE": "en",
        "DEFAULT_TIMEZONE": afternoon_zone(datetime.now(UTC)),
        "DEFAULT_ALERT_TIME": ALERT_TIME.strftime("%H:%M"),
        "LOG_LEVEL": "INFO",
        **extra,
    }


def with_credentials(url: str) -> str:
    """Return the URL with the user and password of a list behind basic auth."""
    return url.replace("http://", f"http://{USER}:{PASSWORD}@", 1)


def is_news_of_release(name: str) -> Callable[[ChatMessage], bool]:
    """Return a test for the message that tells a follower the person is free."""

    def matches(message: ChatMessage) -> bool:
        return f"{name} is free" in (message.text or "")

    return matches


def sent_to(server: FakeBotApiServer, chat_id: int) -> list[str]:
    """Return the text of every message the bot sent to the chat."""
    return [message.text or "" for message in server.state.sent_messages(chat_id)]


async def watch_ran_after(bot: BotProcess, pattern: str) -> None:
    """Wait until a run of the data watch that started after the line matching `pattern` ends.

    Runs of one job never overlap, so the n-th run to end is the n-th to start.
    """
    mark = await bot.wait_for_output(pattern, timeout=START_UP)
    started_before = len(re.findall(WATCH_STARTED, bot.output[: mark.end()]))
    await bot.wait_for_count(WATCH_RAN, started_before + 1, timeout=3 * PLANNER_INTERVAL)


async def seed_from_source(
    database: Path, dataset: Path, url: str, follower: int, prisoner_id: str
) -> None:
    """Before the bot starts: sync the list once and store a private chat following one person."""
    zone = afternoon_zone(datetime.now(UTC))
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=database,
        dataset_path=dataset,
        data_source_url=url,
        default_timezone=zone,
    )
    services = await Services.open(settings)
    try:
        outcome = await sync_once(services, url)
        assert outcome.decision is Decision.APPLIED, outcome
        await services.chats.ensure(
            follower, ChatType.PRIVATE, "en", zone, ALERT_TIME, services.clock()
        )
        result = await services.follows.follow(
            follower, prisoner_id, limit=MAX_FOLLOWS, now=services.clock()
        )
        assert result.outcome is FollowOutcome.FOLLOWED, result
    finally:
        await services.close()


async def test_the_sync_at_start_up_tells_a_follower_of_a_release_and_keeps_the_password(
    bot_api_server: FakeBotApiServer, source_server: SourceServer, tmp_path: Path
) -> None:
    """The bot was synced from a list behind a password, and a supporter follows Nadzeya.
    While the bot was down the list changed: Nadzeya and Pavel are free. When the operator
    starts the bot, it asks the list whether it changed since the version it has, gets the new
    one, and the supporter is told that Nadzeya is free, once, with nothing about Pavel, whom she
    does not follow. The operator, a release being routine, gets no message at all. The password
    never appears in the bot's output, even at DEBUG, while every request carried it."""
    server, state = bot_api_server, bot_api_server.state
    olga = state.add_user(first_name="Olga", language_code="en")
    operator = state.add_user(first_name="Operator", language_code="en")
    database, dataset = tmp_path / "bot.sqlite3", tmp_path / "people.csv"
    dataset.write_bytes(listing(PEOPLE))
    url = with_credentials(source_server.url)
    source_server.script(
        SourceResponse(body=listing(PEOPLE), headers={"ETag": '"v1"'}, honour_conditional=True)
    )
    await seed_from_source(database, dataset, url, olga.id, NADZEYA.id)
    freed_on = datetime.now(UTC).date()
    second = [released(p, freed_on) if p in (NADZEYA, PAVEL) else p for p in PEOPLE]
    source_server.script(
        SourceResponse(body=listing(second), headers={"ETag": '"v2"'}, honour_conditional=True)
    )
    env = bot_env(server, database, dataset, url, ADMIN_IDS=str(operator.id), LOG_LEVEL="DEBUG")

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        news = await server.wait_for_message(
            olga.id, is_news_of_release(NADZEYA.name), timeout=START_UP
        )
        # The watch, which tells operators what is due, has run after the sync at least once.
        await watch_ran_after(bot, r"Sync \S+; [^\n]*-> applied")
        exit_code = await bot.stop()

    output = bot.output
    assert exit_code == 0, output
    assert "Released on" in (news.text or ""), news
    assert sent_to(server, olga.id) == [news.text]
    assert PAVEL.name not in (news.text or "")
    to_operator = [c for c in state.calls_to("sendMessage") if c.params["chat_id"] == operator.id]
    assert to_operator == [], to_operator
    source = source_server.url
    assert re.search(rf"Sync {re.escape(source)}; .* 2 status changes -> applied", output), output
    assert PASSWORD not in output, output
    requests = source_server.requests_to()
    assert len(requests) == 2, requests  # the seeding sync, then the bot's at start-up
    basic = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert [r.headers.get("Authorization") for r in requests] == [basic, basic]
    assert requests[1].headers.get("If-None-Match") == '"v1"', requests[1]
    assert requests[1].status == 200


async def test_a_running_bot_delivers_the_release_that_the_command_line_sync_recorded(
    bot_api_server: FakeBotApiServer, source_server: SourceServer, tmp_path: Path
) -> None:
    """The bot starts on an empty database: it imports its data set, which is the published
    list, and its own sync finds nothing new. A supporter sends /start and follows Nadzeya.
    The list then changes (Nadzeya is free, Yauhen was arrested) and the operator runs
    `solidarity-bot sync` beside the running bot. The bot, which has not synced again, tells
    the supporter that Nadzeya is free, and finds Yauhen by name."""
    server, state = bot_api_server, bot_api_server.state
    olga = state.add_user(first_name="Olga", language_code="en")
    database, dataset = tmp_path / "bot.sqlite3", tmp_path / "people.csv"
    dataset.write_bytes(listing(PEOPLE))
    source_server.script(
        SourceResponse(body=listing(PEOPLE), headers={"ETag": '"v1"'}, honour_conditional=True)
    )
    env = bot_env(server, database, dataset, source_server.url)

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        await bot.wait_for_output(r"Sync \S+; .* -> unchanged", timeout=START_UP)
        server.send_text(olga, None, "/start")
        await server.wait_for_message(olga.id)
        server.send_text(olga, None, "/follow Zhyvitsa")
        followed = await server.wait_for_message(olga.id)
        assert f"You follow {NADZEYA.name} now" in (followed.text or ""), followed

        freed_on = datetime.now(UTC).date()
        second = [released(NADZEYA, freed_on), PAVEL, MARYNA, YAUHEN]
        source_server.script(
            SourceResponse(body=listing(second), headers={"ETag": '"v2"'}, honour_conditional=True)
        )
        async with BotProcess(("-m", "bot", "sync"), env=env, cwd=tmp_path) as cli:
            cli_exit = await cli.wait()
        assert cli_exit == 0, cli.output
        assert "Applied." in cli.output, cli.output

        news = await server.wait_for_message(
            olga.id, is_news_of_release(NADZEYA.name), timeout=3 * PLANNER_INTERVAL
        )
        await bot.wait_for_output(
            "The data changed; the name index was rebuilt", timeout=3 * PLANNER_INTERVAL
        )
        server.send_text(olga, None, "Barysevich")
        card = await server.wait_for_message(olga.id)
        exit_code = await bot.stop()

    output = bot.output
    assert exit_code == 0, output
    assert "Released on" in (news.text or ""), news
    assert (card.text or "").startswith(YAUHEN.name), card
    # What the bot delivered was the command line's: its own syncs applied nothing.
    assert re.search(r"Sync \S+; [^\n]*-> applied", output) is None, output
    to_olga = sent_to(server, olga.id)
    assert sum(f"{NADZEYA.name} is free" in text for text in to_olga) == 1, to_olga
