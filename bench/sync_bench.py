"""Sync benchmark: follow a 5,000-record Viasna CSV export served over HTTP; print time and memory.

Run with `.venv/bin/python bench/sync_bench.py [records] [seed]` from the repository root (and in
`make bench`). The export is synthetic (seeded, no real data) but shaped like the English export
of prisoners.spring96.org: its headers, plausible Belarusian names, DD.MM.YYYY dates, charges and
Prison cells over several lines (the facility, then the postal address), a few released
(`former`) people, a few that Viasna does not recognise (`np`, left out by the sync) and a few
who died. A small aiohttp server on 127.0.0.1 publishes it, in the same event loop, and the real
`sync_once` fetches, reads, compares and writes it to a fresh temporary database. Each figure is
measured over three rounds, and printed as the median and the slowest:

1. the first sync of the list into an empty database (fetch, parse, diff, apply 5,000 records),
   and a dry run on an empty database (fetch, parse and diff alone, nothing written);
2. the same list again from a server without validators (the content-hash shortcut), and a
   list that differs by one person's facility (a transfer: parse, diff, apply one change);
3. a server that honours If-None-Match: a 304 answer.

The Python heap's peak (tracemalloc) is measured on one more first sync, since tracing slows
Python down several times; the process's peak resident set size (ru_maxrss) is read after the
untraced first syncs, and includes the interpreter, the server and the generated export.
"""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from aiohttp import web

from bot.config import load_settings
from bot.services import Services
from bot.syncing import Decision, SyncOutcome, sync_once

RECORDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 20261202
ROUNDS = 3

GOAL_SECONDS = 3.0  # fetch + parse + diff of the whole list
GOAL_MB = 150.0  # peak memory of a first sync

# The English export's header, as in tests/data/viasna/export_en.csv.
HEADER = (
    "Name and surname",
    "Status",
    "Date of birth",
    "Gender",
    "Date of detention",
    "Charges indicted",
    "Date of verdict",
    "Sentence",
    "Penalty",
    "Judge",
    "Prosecutor",
    "Prison",
    "id",
    "url",
    "release_date",
    "died",
)
PERSON_URL = "https://prisoners.spring96.org/en/person/"

MALE_NAMES = (
    "Aliaksandr",
    "Siarhei",
    "Dzmitry",
    "Andrei",
    "Ihar",
    "Pavel",
    "Uladzimir",
    "Mikalai",
    "Viktar",
    "Yauhen",
    "Ales",
    "Raman",
    "Maksim",
    "Vasil",
    "Anatol",
    "Leanid",
    "Yury",
    "Kiryl",
    "Artsiom",
    "Mikhail",
    "Zmitser",
    "Vadzim",
    "Ruslan",
    "Stanislau",
)
FEMALE_NAMES = (
    "Maryia",
    "Volha",
    "Alena",
    "Iryna",
    "Nasta",
    "Katsiaryna",
    "Tatsiana",
    "Nadzeya",
    "Sviatlana",
    "Palina",
    "Darya",
    "Maryna",
    "Liudmila",
    "Hanna",
    "Viktoryia",
    "Yulia",
    "Kseniya",
    "Natallia",
    "Valiantsina",
    "Halina",
)
# Male form; the female one is made by `female_surname`.
SURNAMES = (
    "Kavalenka",
    "Zhuk",
    "Hrynevich",
    "Karpovich",
    "Statkevich",
    "Melnik",
    "Hanchar",
    "Losik",
    "Sakalou",
    "Kruhlou",
    "Ivanou",
    "Marozau",
    "Lukashevich",
    "Navumchyk",
    "Babaryka",
    "Ramanchuk",
    "Shyla",
    "Kazlou",
    "Novikau",
    "Paulau",
    "Dashkevich",
    "Tsikhanouski",
    "Lebedzeu",
    "Makarevich",
    "Ramanau",
    "Bialou",
    "Vasilevich",
    "Zhukouski",
    "Hlebau",
    "Tarasevich",
    "Charnyshou",
    "Kuzmich",
    "Yasinski",
    "Mazheika",
    "Rabkou",
    "Sinkevich",
    "Dubovik",
    "Yakubovich",
    "Belski",
    "Mikhalevich",
)
JUDGES = ("Siarhei Khrypach", "Alena Shylko", "Viktoryia Shabunia", "Maryna Zapasnik", "")
PROSECUTORS = ("Andrei Shved", "Alena Ivanova", "Dzmitry Biatkou", "")
CHARGES = (
    "Part 1 of Art. 342 of the Criminal Code — Organisation and preparation of actions grossly"
    " violating public order",
    "Part 2 of Art. 342 of the Criminal Code — Financing of group actions grossly violating"
    " public order",
    "Art. 368 of the Criminal Code — Insulting the President of the Republic of Belarus",
    "Art. 369 of the Criminal Code — Insulting a representative of the authorities",
    "Part 3 of Art. 361 of the Criminal Code — Calls for actions against national security",
    "Part 1 of Art. 361-1 of the Criminal Code — Creating an extremist formation",
    "Part 1 of Art. 361-4 of the Criminal Code — Facilitating extremist activity",
    "Part 3 of Art. 130 of the Criminal Code — Incitement to hatred",
    "Art. 356 of the Criminal Code — Treason",
    "Part 1 of Art. 293 of the Criminal Code — Mass riots",
)
PENALTIES = (
    "imprisonment in a general-security penal colony",
    "imprisonment in a high-security penal colony",
    "imprisonment in a special-security penal colony",
    "imprisonment in a prison",
    "restricted freedom with referral to an open facility",
)
# Facility, then the postal address as Viasna writes it, over a line or two.
PRISONS = (
    ("Penal colony No. 1", "211440, Navapolatsk,\nvulica Technichnaya 8"),
    ("Penal colony No. 2", "213800, Babrujsk,\nvulica Sikorskaha 1"),
    ("Penal colony No. 3", "211322, Viciebsk district, Vitba"),
    ("Penal colony No. 4", "246035, Homiel,\nvulica Antoshkina 3"),
    ("Penal colony No. 9", "213410, Horki,\nvulica Dabraliubskaha 16"),
    ("Penal colony No. 15", "213105, Mahilioŭ,\nMinskaje shashe 8 km"),
    ("Penal colony No. 17", "213004, Shklou,\nvulica Kaliuzhnaja 1"),
    ("Penal colony No. 22", "225295, Ivatsevichy district, Vouchy Nary"),
    ("Penal colony No. 24", "Zarechcha, Rechytsa district,\n247140, Homiel region"),
    ("Prison No. 1", "230023, Hrodna,\nvulica Kirava 1"),
    ("Prison No. 4", "212011, Mahilioŭ,\nvulica Krupskaj 99"),
    ("Pre-trial detention centre No. 1", "220030, Minsk,\nvulica Valadarskaha 2"),
    ("Pre-trial detention centre No. 7", "225410, Baranavichy,\nvulica Brestskaja 2"),
)
NOT_RECOGNISED_PRISON = "At liberty before serving the sentence"


def female_surname(surname: str) -> str:
    """Return the female form of a Belarusian surname in Latin letters."""
    for male, female in (("ski", "skaya"), ("ou", "ova"), ("eu", "eva")):
        if surname.endswith(male):
            return surname.removesuffix(male) + female
    return surname


def dotted(day: date) -> str:
    """Write a date as the export does: DD.MM.YYYY."""
    return day.strftime("%d.%m.%Y")


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


@dataclass(frozen=True)
class Export:
    """The export's rows, and the row whose person is moved to another facility."""

    rows: list[list[str]]
    moved: int
    former: int
    not_recognised: int
    died: int


def synthetic_export(count: int, rng: random.Random) -> Export:
    """Return `count` plausible rows of Viasna's English CSV export (seeded)."""
    rows: list[list[str]] = []
    former = not_recognised = died = 0
    for i in range(count):
        female = rng.random() < 0.3
        given = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        surname = rng.choice(SURNAMES)
        name = f"{given} {female_surname(surname) if female else surname}"
        detained = random_day(rng, date(2020, 5, 1), date(2025, 6, 30))
        verdict = detained + timedelta(days=rng.randrange(60, 420))
        sentenced = verdict <= date(2025, 11, 30) and rng.random() < 0.9
        charges = "\n".join(rng.sample(CHARGES, rng.choice((1, 1, 2, 2, 3))))
        facility, address = rng.choice(PRISONS)
        roll = rng.random()
        status, prison, released_on, death = "active", f"{facility}\n{address}", "", ""
        penalty = rng.choice(PENALTIES[:4])
        if roll < 0.02:
            status, prison, penalty = "np", NOT_RECOGNISED_PRISON, PENALTIES[4]
            not_recognised += 1
        elif roll < 0.07:
            status, prison = "former", "Released"
            released = random_day(rng, detained + timedelta(days=30), date(2025, 12, 13))
            # Both ways of writing a date occur in real exports.
            released_on = dotted(released) if rng.random() < 0.7 else released.isoformat()
            former += 1
        elif roll < 0.072:
            death = dotted(random_day(rng, detained, date(2025, 11, 30)))
            died += 1
        elif roll < 0.1:
            prison = "Unknown"
        record_id = str(1000 + i)
        slug = f"{given}-{surname}-{i}".lower()
        # A few rows have no id: the sync names them after the slug of their URL.
        if rng.random() < 0.01:
            record_id = ""
        rows.append(
            [
                name,
                status.capitalize() if rng.random() < 0.05 else status,
                dotted(random_day(rng, date(1950, 1, 1), date(2004, 12, 31))),
                "Female" if female else "Male",
                dotted(detained),
                charges,
                dotted(verdict) if sentenced else "",
                f"{rng.randrange(1, 16)} years" if sentenced else "",
                penalty if sentenced else "",
                rng.choice(JUDGES),
                rng.choice(PROSECUTORS),
                prison,
                record_id,
                PERSON_URL + slug,
                released_on,
                death,
            ]
        )
    moved = next(i for i, row in enumerate(rows) if row[1] == "active" and "\n" in row[11])
    return Export(rows, moved, former, not_recognised, died)


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def with_transfer(export: Export) -> bytes:
    """Return the export with one person moved to a facility not in PRISONS."""
    rows = list(export.rows)
    row = list(rows[export.moved])
    row[11] = "Penal colony No. 11\n225644, Vauka, Brest region"
    rows[export.moved] = row
    return to_csv(rows)


@dataclass
class Published:
    """What the server answers on a path: the list, with an ETag or without validators."""

    body: bytes
    etag: str | None = None


class ListServer:
    """A published list on 127.0.0.1: 200 with the body, or 304 to a matching If-None-Match."""

    def __init__(self) -> None:
        self.paths: dict[str, Published] = {}
        self._runner: web.AppRunner | None = None
        self.root = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.root = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def publish(self, path: str, body: bytes, etag: str | None = None) -> str:
        self.paths[path] = Published(body, etag)
        return self.root + path

    async def _serve(self, request: web.Request) -> web.Response:
        published = self.paths.get(request.path)
        if published is None:
            return web.Response(status=404)
        headers = {} if published.etag is None else {"ETag": published.etag}
        if published.etag is not None and request.headers.get("If-None-Match") == published.etag:
            return web.Response(status=304, headers=headers)
        return web.Response(body=published.body, headers=headers, content_type="text/csv")


async def open_services(folder: Path, name: str) -> Services:
    return await Services.open(load_settings(None, database_path=folder / f"{name}.sqlite3"))


async def timed(
    sync: Callable[[], Awaitable[SyncOutcome]], expected: Decision
) -> tuple[float, SyncOutcome]:
    start = time.perf_counter()
    outcome = await sync()
    seconds = time.perf_counter() - start
    assert outcome.decision is expected, (outcome.decision, outcome.problem, outcome.detail)
    return seconds, outcome


async def first_sync(folder: Path, name: str, url: str, *, dry_run: bool = False) -> float:
    """Sync the list once into a new, empty database; return the seconds it took."""
    services = await open_services(folder, name)
    try:
        # A dry run says "applied" too: what the sync would do.
        sync = partial(sync_once, services, url, dry_run=dry_run)
        seconds, outcome = await timed(sync, Decision.APPLIED)
    finally:
        await services.close()
    assert outcome.plan is not None
    assert outcome.plan.ok, outcome.plan.parsed.errors[:3]
    return seconds


def peak_rss_mb() -> float:
    """Return the peak resident set size of this process so far, in MB (ru_maxrss)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, else KiB


def figures(label: str, seconds: list[float], note: str = "") -> str:
    median, slowest = statistics.median(seconds), max(seconds)
    return f"  {label:40}{median:6.3f} s  {slowest:6.3f} s{note}"


def verdict(value: float, goal: float) -> str:
    return "ok" if value <= goal else "MISSED"


async def measure(folder: Path) -> None:
    export = synthetic_export(RECORDS, random.Random(SEED))
    original, moved = to_csv(export.rows), with_transfer(export)
    server = ListServer()
    await server.start()
    try:
        plain = server.publish("/plain.csv", original)
        rss_before = peak_rss_mb()

        # 1. The whole list into an empty database, and the same without writing.
        first = [await first_sync(folder, f"first-{n}", plain) for n in range(ROUNDS)]
        rss_after = peak_rss_mb()
        dry = [await first_sync(folder, "dry", plain, dry_run=True) for _ in range(ROUNDS)]
        gc.collect()
        tracemalloc.start()
        await first_sync(folder, "traced", plain)
        _, traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        # 2. Again and again on the database of the first round: unchanged, then one transfer
        # each time (there and back).
        services = await open_services(folder, "first-0")
        try:
            sync = partial(sync_once, services, plain)
            unchanged = [(await timed(sync, Decision.UNCHANGED))[0] for _ in range(ROUNDS)]
            transfers = []
            for n in range(ROUNDS):
                server.publish("/plain.csv", moved if n % 2 == 0 else original)
                seconds, outcome = await timed(sync, Decision.APPLIED)
                assert outcome.plan is not None
                assert len(outcome.plan.diff.changed) == 1, outcome.plan.diff.changed
                transfers.append(seconds)
            # 3. A server with an ETag: read once under the new address, then 304s.
            body = server.paths["/plain.csv"].body
            tagged = server.publish("/tagged.csv", body, etag='"v1"')
            sync = partial(sync_once, services, tagged)
            await timed(sync, Decision.UNCHANGED)
            not_modified = [(await timed(sync, Decision.NOT_MODIFIED))[0] for _ in range(ROUNDS)]
            stored = await services.prisoners.count()
        finally:
            await services.close()
    finally:
        await server.close()

    print(
        f"sync benchmark: {RECORDS:,} records in a Viasna CSV export"
        f" ({len(original) / 1e6:.1f} MB; {export.former} former, {export.not_recognised} np,"
        f" {export.died} died; {stored:,} stored), seed {SEED}"
    )
    print(f"  {ROUNDS} rounds each{'':27}median     max")
    print(figures("first sync (fetch, parse, diff, apply):", first))
    goal = f"  (goal <= {GOAL_SECONDS:g} s: {verdict(max(dry), GOAL_SECONDS)})"
    print(figures("fetch + parse + diff (dry run):", dry, goal))
    print(figures("same list, no validators (hash):", unchanged))
    print(figures("one transfer (parse, diff, apply 1):", transfers))
    print(figures("304 Not Modified:", not_modified))
    print(
        f"  peak memory, first sync:   tracemalloc {traced / 1e6:6.1f} MB"
        f"  (goal <= {GOAL_MB:g} MB: {verdict(traced / 1e6, GOAL_MB)})"
    )
    print(
        f"                             ru_maxrss   {rss_after:6.1f} MB"
        f"  (goal <= {GOAL_MB:g} MB: {verdict(rss_after, GOAL_MB)};"
        f" {rss_before:.1f} MB before the first sync: Python, the server and the export)"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(Path(tmp)))
