"""Evening kit benchmark: how long /evening's PDF takes to build, and how large it is.

Run with `.venv/bin/python bench/evening_bench.py [people ...] [--runs N]` (default 10 and 50
people, 5 runs). The people are the bundled list's, repeated with numbered ids and given a
current Cyrillic address, a summary of a few sentences and a birthday line, so every page is as
full as a real one. For each size it prints the first build in the process (the fonts are read
then), the median of the following runs, the PDF's size and its pages; and the time to make the
envelopes and names for the pages (Belarusian declension and pytrovich), which the handler does
before building. The build is synchronous: the handler runs it in a worker thread.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from dataclasses import replace
from datetime import date

from pypdf import PdfReader

from bot.config import BUNDLED_DATASET
from bot.domain.dataset.parse import Format, parse
from bot.domain.letters.envelope import envelope
from bot.domain.prisoner import Letters, Prisoner, Status
from bot.rendering.evening_pdf import EveningKit, EveningLabels, EveningPage, build_evening_pdf

TODAY = date(2026, 3, 1)
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
SIZES = [
    int(arg)
    for index, arg in enumerate(sys.argv[1:], start=1)
    if arg.isdigit() and sys.argv[index - 1] != "--runs"
]
LABELS = EveningLabels(
    envelope="Канверт",
    about="Хто гэта",
    avoid="Чаго не пісаць",
    birthdays="Дні нараджэння ў бліжэйшыя 60 дзён",
    no_birthdays="Дзён нараджэння няма.",
)
HOW_TO = (
    "Пішыце па-беларуску або па-руску, разборліва, на адным аркушы.",
    "Пра палітыку, справу, санкцыі, «свабоду» і «барацьбу» не пішыце: такі ліст не дойдзе.",
    "Пішыце пра звычайнае: кнігі, надвор'е, пары году, свае навіны. Падпісвайцеся імем.",
    "На канверце — поўнае імя ў давальным склоне, год нараджэння і адрас, як на старонцы.",
)
SUMMARY = (
    "Праваабаронца і журналіст, затрыманы некалькі гадоў таму; піша вершы, любіць гісторыю "
    "і рыбалку, просіць пісаць пра кнігі і прыроду."
)


def people(count: int) -> list[Prisoner]:
    """Return `count` people held today with current Cyrillic addresses."""
    found = parse(BUNDLED_DATASET.read_bytes(), Format.CANONICAL, source_name="belarus.csv")
    named = [p for p in found.prisoners if p.name_be]
    return [
        replace(
            named[i % len(named)],
            id=f"{named[i % len(named)].id}-{i}",
            status=Status.IMPRISONED,
            letters=Letters.YES,
            mailing_address=f"2114{i % 100:02d}, г. Наваполацк, вул. Тэхнічная, {i + 1}, ВК-1",
            verified_on=date(2026, 2, 20),
        )
        for i in range(count)
    ]


def pages(chosen: list[Prisoner]) -> tuple[EveningPage, ...]:
    made = []
    for person in chosen:
        block = envelope(person, "be", today=TODAY, address_max_age_days=45)
        made.append(
            EveningPage(
                name=person.name_be or person.name,
                name_latin=person.name,
                envelope=block.lines,
                birthday=f"Дзень нараджэння: {person.birth_date:%d.%m}"
                if person.birth_date
                else None,
                about=(SUMMARY[:90], SUMMARY[90:]),
                avoid=("палітыку і справу", "лацінку ў тэксце", "улёткі і фота"),
            )
        )
    return tuple(made)


def bench(count: int) -> None:
    chosen = people(count)
    started = time.perf_counter()
    made = pages(chosen)
    prepare = time.perf_counter() - started
    birthdays = tuple(f"{p.birth_date:%d.%m} — {p.name_be}" for p in chosen[:12] if p.birth_date)
    kit = EveningKit(
        title="Вечар лістоў",
        how_to=HOW_TO,
        birthdays=birthdays,
        pages=made,
        labels=LABELS,
        language="be",
    )
    started = time.perf_counter()
    data = build_evening_pdf(kit)
    first = time.perf_counter() - started
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        data = build_evening_pdf(kit)
        times.append(time.perf_counter() - started)
    pages_count = len(PdfReader(io.BytesIO(data)).pages)
    print(
        f"{count:>4} people: build first {first * 1000:7.1f} ms, "
        f"median {statistics.median(times) * 1000:7.1f} ms (of {RUNS}), "
        f"size {len(data) / 1024:6.1f} KiB, {pages_count} pages; "
        f"envelopes and names {prepare * 1000:5.1f} ms"
    )


def main() -> None:
    for count in SIZES or [10, 50]:
        bench(count)


if __name__ == "__main__":
    main()
