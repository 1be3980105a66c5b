"""The sync against a local server that publishes a list: apply, 304, hold, refuse, news.

A real HTTP server on 127.0.0.1 serves scripted answers to the real sync code, which writes to a
real database; the planner then turns what the sync recorded into deliveries for followers.
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.domain.chat import ChatType
from bot.domain.dataset import write_canonical_csv
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.planner import Planner
from bot.services import Services
from bot.syncing import Decision, apply_held, discard_held, next_sync_in, sync_once
from storage.outbox import DeliveryKind
from tests.conftest import TEST_TOKEN
from tests.fakes.source_server import SourceResponse, SourceServer, repeated

pytest_plugins = ["tests.fakes.source_server"]

VIASNA = Path(__file__).resolve().parents[1] / "data" / "viasna"
# Wednesday 2 December 2026, noon in Minsk.
START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
FOLLOWER, OTHER_FOLLOWER = 1001, 1002


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def person(number: int, **fields: object) -> Prisoner:
    """Return a person in prison, numbered, with an address letters reach."""
    base = Prisoner(
        id=f"person-{number:04d}",
        name=f"Person {number:04d}",
        gender=Gender.FEMALE if number % 2 else Gender.MALE,
        detained_on=date(2021, 1, 1) + timedelta(days=number),
        status=Status.IMPRISONED,
        facility=f"Penal colony No. {number % 20}",
        mailing_address=f"Street {number}, Town",
        letters=Letters.YES,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def listing(people: list[Prisoner]) -> bytes:
    """Return people as the canonical CSV a source publishes."""
    return write_canonical_csv(people).encode()


PEOPLE = [person(n) for n in range(1, 101)]


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def sync_settings(tmp_path: Path, source_server: SourceServer) -> Settings:
    return load_settings(
        None,
        bot_token=TEST_TOKEN,
        database_path=tmp_path / "bot.sqlite3",
        admin_ids="42",
        data_source_url=source_server.url,
        data_source_timeout_seconds="0.5",
    )


@pytest.fixture
async def services(sync_settings: Settings, clock: Clock) -> AsyncIterator[Services]:
    opened = await Services.open(sync_settings, clock)
    yield opened
    await opened.close()


async def sync(services: Services, **options: object) -> object:
    url = services.settings.source_url
    assert url is not None
    return await sync_once(services, url, **options)  # type: ignore[arg-type]


async def follow(services: Services, chat_id: int, *prisoner_ids: str) -> None:
    await services.chats.ensure(
        chat_id, ChatType.PRIVATE, "en", "Europe/Minsk", time(10, 0), services.clock()
    )
    for prisoner_id in prisoner_ids:
        await services.follows.follow(chat_id, prisoner_id, limit=100, now=services.clock())


async def news_for(services: Services, chat_id: int) -> list[str]:
    await Planner(services, "solidarity_test_bot").plan_news(services.clock())
    rows = await services.outbox.rows_for(chat_id)
    return [row.text for row in rows if row.kind is DeliveryKind.NEWS]


async def first_sync(services: Services, server: SourceServer, people: list[Prisoner]) -> None:
    server.script(SourceResponse(body=listing(people), headers={"ETag": '"v1"'}))
    outcome = await sync_once(services, server.url)
    assert outcome.decision is Decision.APPLIED


# -- applying ------------------------------------------------------------------------------


async def test_a_full_list_is_imported_and_audited(
    services: Services, source_server: SourceServer
) -> None:
    source_server.script(SourceResponse(body=listing(PEOPLE), headers={"ETag": '"v1"'}))

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.APPLIED
    assert await services.prisoners.count() == 100
    stored = await services.prisoners.get("person-0007")
    assert stored is not None
    assert stored.synced_on == date(2026, 12, 2)
    assert stored.confirmed_on == date(2026, 12, 2)
    [entry] = await services.audit.latest()
    assert entry.action == "sync"
    assert entry.admin_id == 0
    assert source_server.url in entry.detail
    assert "100 records" in entry.detail
    assert "+100 ~0 -0" in entry.detail
    assert entry.detail.endswith("-> applied")
    state = await services.sources.state()
    assert (state.etag, state.records, state.failures) == ('"v1"', 100, 0)


async def test_an_unchanged_list_costs_a_304_and_confirms_the_data_again(
    services: Services, source_server: SourceServer, clock: Clock
) -> None:
    source_server.script(
        SourceResponse(
            body=listing(PEOPLE),
            headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"},
            honour_conditional=True,
        )
    )
    await sync_once(services, source_server.url)
    clock.now += timedelta(days=3)

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.NOT_MODIFIED
    second = source_server.requests[-1]
    assert second.headers["If-None-Match"] == '"v1"'
    assert second.headers["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert second.status == 304
    stored = await services.prisoners.get("person-0001")
    assert stored is not None
    assert stored.synced_on == date(2026, 12, 5)
    assert (await services.prisoners.last_import()).id == 1  # type: ignore[union-attr]
    assert (await services.audit.latest())[0].detail.endswith("-> not-modified")


async def test_the_same_bytes_without_validators_are_not_read_again(
    services: Services, source_server: SourceServer, clock: Clock
) -> None:
    source_server.script(SourceResponse(body=listing(PEOPLE)))
    await sync_once(services, source_server.url)
    clock.now += timedelta(days=1)

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.UNCHANGED
    stored = await services.prisoners.get("person-0001")
    assert stored is not None
    assert stored.synced_on == date(2026, 12, 3)


async def test_a_new_address_never_gets_the_old_ones_validators(
    services: Services, source_server: SourceServer
) -> None:
    source_server.script(SourceResponse(body=listing(PEOPLE), headers={"ETag": '"v1"'}))
    source_server.script(SourceResponse(body=listing(PEOPLE)), path="/other.csv")
    await sync_once(services, source_server.url)

    await sync_once(services, source_server.url_for("/other.csv"))

    assert "If-None-Match" not in source_server.requests[-1].headers


async def test_releases_are_applied_and_followers_hear_of_them(
    services: Services, source_server: SourceServer, clock: Clock
) -> None:
    await first_sync(services, source_server, PEOPLE)
    await follow(services, FOLLOWER, "person-0003", "person-0004")
    await follow(services, OTHER_FOLLOWER, "person-0050")
    freed = {3: date(2026, 12, 1), 4: date(2026, 12, 2)}
    released = [
        replace(p, status=Status.RELEASED, status_changed_on=freed[n])
        if (n := int(p.id[-4:])) in freed
        else p
        for p in PEOPLE
    ]
    source_server.script(SourceResponse(body=listing(released), headers={"ETag": '"v2"'}))
    clock.now += timedelta(hours=6)

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.APPLIED
    assert outcome.news == 2
    news = await news_for(services, FOLLOWER)
    assert len(news) == 2
    assert any("Person 0003 is free" in text for text in news)
    assert any("Person 0004 is free" in text for text in news)
    assert await news_for(services, OTHER_FOLLOWER) == []


async def test_a_transfer_is_news_with_the_new_address(
    services: Services, source_server: SourceServer, clock: Clock
) -> None:
    await first_sync(services, source_server, PEOPLE)
    await follow(services, FOLLOWER, "person-0010")
    moved = [
        replace(p, facility="Prison No. 4, Mahilioŭ", mailing_address="Krupskaja 99, Mahilioŭ")
        if p.id == "person-0010"
        else p
        for p in PEOPLE
    ]
    source_server.script(SourceResponse(body=listing(moved)))
    clock.now += timedelta(hours=6)

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.APPLIED
    [news] = await news_for(services, FOLLOWER)
    assert "Prison No. 4, Mahilioŭ" in news
    assert "Krupskaja 99, Mahilioŭ" in news


async def test_a_chat_following_everyone_hears_of_releases_but_not_of_every_transfer(
    services: Services, source_server: SourceServer, clock: Clock
) -> None:
    await first_sync(services, source_server, PEOPLE)
    await follow(services, FOLLOWER)
    await services.chats.update_settings(FOLLOWER, now=clock.now, follow_all=True)
    changed = [
        replace(p, facility="Prison No. 8, Zhodzina")
        if p.id == "person-0010"
        else replace(p, status=Status.RELEASED)
        if p.id == "person-0011"
        else p
        for p in PEOPLE
    ]
    source_server.script(SourceResponse(body=listing(changed)))
    clock.now += timedelta(hours=6)

    await sync_once(services, source_server.url)

    [news] = await news_for(services, FOLLOWER)
    assert "Person 0011 is free" in news


async def test_people_no_longer_on_the_list_are_removed_within_the_limit(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    source_server.script(SourceResponse(body=listing(PEOPLE[:-2])))

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.APPLIED
    assert await services.prisoners.count() == 98
    assert await services.prisoners.get("person-0100") is None


# -- refusing --------------------------------------------------------------------------------


async def snapshot(services: Services) -> list[tuple[object, ...]]:
    rows = await services.db.fetchall("SELECT * FROM prisoners ORDER BY id")
    return [tuple(row) for row in rows]


async def test_server_errors_and_timeouts_change_nothing_and_back_off(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    before = await snapshot(services)
    source_server.script(
        SourceResponse(status=500, body=b"Internal Server Error"),
        SourceResponse(status=503, body=b"Service Unavailable"),
        SourceResponse(body=listing(PEOPLE[:50]), delay=2.0),
    )

    outcomes = [await sync_once(services, source_server.url) for _ in range(3)]

    assert [o.decision for o in outcomes] == [Decision.FAILED] * 3
    assert [o.problem for o in outcomes] == ["http-status", "http-status", "timeout"]
    assert [o.failures for o in outcomes] == [1, 2, 3]
    assert "500" in outcomes[0].detail
    assert await snapshot(services) == before
    assert [next_sync_in(o.failures, 360) for o in outcomes] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    state = await services.sources.state()
    assert state.failures == 3
    assert state.last_problem == "timeout: " + outcomes[2].detail
    assert (await services.audit.latest())[0].detail.endswith("-> failed")


async def test_a_success_after_failures_resets_the_count(
    services: Services, source_server: SourceServer
) -> None:
    source_server.script(
        SourceResponse(status=500), SourceResponse(body=listing(PEOPLE), headers={"ETag": '"v1"'})
    )
    await sync_once(services, source_server.url)

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.APPLIED
    assert (await services.sources.state()).failures == 0
    assert next_sync_in(0, 360) == timedelta(minutes=360)


async def test_an_html_login_page_served_with_200_is_refused(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    before = await snapshot(services)
    page = b"<!DOCTYPE html><html><body><form>Log in</form></body></html>"
    source_server.script(SourceResponse(body=page, headers={"Content-Type": "text/html"}))

    outcome = await sync_once(services, source_server.url)

    assert (outcome.decision, outcome.problem) == (Decision.FAILED, "html")
    assert await snapshot(services) == before


async def test_a_30_mb_response_is_refused(services: Services, source_server: SourceServer) -> None:
    await first_sync(services, source_server, PEOPLE)
    line = write_canonical_csv(PEOPLE[:1]).splitlines()[1].encode() + b"\n"
    source_server.script(SourceResponse(body=repeated(line, 30 * 1024 * 1024)))
    # Time enough to read 20 MB on a busy machine: only the size is under test here.
    services.settings = services.settings.model_copy(update={"data_source_timeout_seconds": 30})

    outcome = await sync_once(services, source_server.url)

    assert (outcome.decision, outcome.problem) == (Decision.FAILED, "too-large")
    assert await services.prisoners.count() == 100


async def test_a_file_with_an_invalid_row_changes_nothing(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    before = await snapshot(services)
    broken = listing(PEOPLE).replace(b"2021-01-11", b"11/01/2021")
    source_server.script(SourceResponse(body=broken))

    outcome = await sync_once(services, source_server.url)

    assert (outcome.decision, outcome.problem, outcome.detail) == (
        Decision.FAILED,
        "invalid",
        "1",
    )
    assert await snapshot(services) == before


async def test_a_compressed_list_is_read(services: Services, source_server: SourceServer) -> None:
    body = gzip.compress(listing(PEOPLE))
    source_server.script(SourceResponse(body=body, headers={"Content-Encoding": "gzip"}))

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.APPLIED
    assert await services.prisoners.count() == 100


# -- holding for an operator ------------------------------------------------------------------


async def test_a_list_with_60_percent_of_the_rows_waits_for_an_operator(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    await follow(services, FOLLOWER, "person-0001")
    before = await snapshot(services)
    cut = [*PEOPLE[:60]]
    cut[0] = replace(cut[0], status=Status.RELEASED, status_changed_on=date(2026, 12, 1))
    source_server.script(SourceResponse(body=listing(cut)))

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.HELD
    assert [r.value for r in outcome.reasons] == ["removals", "shrink"]
    assert await snapshot(services) == before
    assert await news_for(services, FOLLOWER) == []
    held = await services.sources.held()
    assert held is not None
    assert held.summary["removed"] == 40
    assert held.summary["first_changes"] == [
        {
            "id": "person-0001",
            "name": "Person 0001",
            "gender": "female",
            "old": "imprisoned",
            "new": "released",
        }
    ]

    applied = await apply_held(services, held.token, 42)

    assert applied is not None
    assert applied.decision is Decision.APPLIED
    assert await services.prisoners.count() == 60
    assert await services.sources.held() is None
    [news] = await news_for(services, FOLLOWER)
    assert "Person 0001 is free" in news
    entry = (await services.audit.latest())[0]
    assert (entry.admin_id, entry.action) == (42, "sync-apply")
    assert await apply_held(services, held.token, 42) is None


async def test_many_status_changes_wait_for_an_operator(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    freed = [replace(p, status=Status.RELEASED) if i < 26 else p for i, p in enumerate(PEOPLE)]
    source_server.script(SourceResponse(body=listing(freed)))

    outcome = await sync_once(services, source_server.url)

    assert outcome.decision is Decision.HELD
    assert [r.value for r in outcome.reasons] == ["status-changes"]


async def test_a_discarded_list_leaves_everything_and_is_not_offered_again(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    before = await snapshot(services)
    source_server.script(SourceResponse(body=listing(PEOPLE[:60])))
    await sync_once(services, source_server.url)
    held = await services.sources.held()
    assert held is not None

    dropped = await discard_held(services, held.token, 42)
    again = await sync_once(services, source_server.url)

    assert dropped is not None
    assert await snapshot(services) == before
    assert await services.sources.held() is None
    assert again.decision is Decision.DISCARDED_BEFORE
    assert await services.sources.held() is None
    assert await discard_held(services, held.token, 42) is None


async def test_a_newer_list_replaces_a_held_one(
    services: Services, source_server: SourceServer
) -> None:
    await first_sync(services, source_server, PEOPLE)
    source_server.script(
        SourceResponse(body=listing(PEOPLE[:60])),
        SourceResponse(body=listing(PEOPLE[:60])),
        SourceResponse(body=listing(PEOPLE[:50])),
        SourceResponse(body=listing(PEOPLE[:99])),
    )
    await sync_once(services, source_server.url)
    first = await services.sources.held()

    same = await sync_once(services, source_server.url)
    newer = await sync_once(services, source_server.url)
    second = await services.sources.held()
    fine = await sync_once(services, source_server.url)

    assert first is not None
    assert second is not None
    assert same.decision is Decision.STILL_HELD
    assert newer.decision is Decision.HELD
    assert second.token != first.token
    assert second.summary["records"] == 50
    assert fine.decision is Decision.APPLIED
    assert await services.sources.held() is None
    assert await apply_held(services, second.token, 42) is None


async def test_a_dry_run_writes_nothing(services: Services, source_server: SourceServer) -> None:
    await first_sync(services, source_server, PEOPLE)
    before = await snapshot(services)
    state = await services.sources.state()
    audit = await services.audit.latest()
    source_server.script(SourceResponse(body=listing(PEOPLE[:60])))

    outcome = await sync_once(services, source_server.url, dry_run=True)

    assert outcome.decision is Decision.HELD
    assert outcome.dry_run
    assert await snapshot(services) == before
    assert await services.sources.held() is None
    assert await services.sources.state() == state
    assert await services.audit.latest() == audit


# -- Viasna's exports ---------------------------------------------------------------------------


async def test_russian_and_belarusian_exports_fill_in_the_names(
    services: Services, source_server: SourceServer
) -> None:
    for language in ("en", "ru", "be"):
        source_server.script(
            SourceResponse(body=(VIASNA / f"export_{language}.csv").read_bytes()),
            path=f"/{language}.csv",
        )

    decisions = [
        (await sync_once(services, source_server.url_for(f"/{language}.csv"), "viasna-csv"))
        for language in ("en", "ru", "be")
    ]

    assert [d.decision for d in decisions] == [Decision.APPLIED] * 3
    assert decisions[0].plan is not None
    assert decisions[0].plan.parsed.skipped == 2
    bialiatski = await services.prisoners.get("viasna-ales-bialiatski")
    assert bialiatski is not None
    assert (bialiatski.name, bialiatski.name_ru, bialiatski.name_be) == (
        "Ales Bialiatski",
        "Алесь Беляцкий",
        "Алесь Бяляцкі",
    )
