"""Import benchmark: parse, compare and write a large canonical CSV; print time and memory.

Run with `make bench`. The file is generated here (synthetic people, no real data) so the figures
are comparable between machines and releases.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.config import load_settings
from bot.domain.dataset import Format, parse, write_canonical_csv
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.importing import apply_import, plan_import
from bot.services import Services

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000


def synthetic(n: int) -> list[Prisoner]:
    """Return n plausible records with every field filled."""
    start = date(2020, 8, 9)
    return [
        Prisoner(
            id=f"person-{i}",
            name=f"Person Number{i}",
            name_be=f"Асоба Нумар{i}",
            name_ru=f"Персона Номер{i}",
            aliases=(f"Alias{i}",),
            gender=Gender.FEMALE if i % 2 else Gender.MALE,
            birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            detained_on=start + timedelta(days=i % 1500),
            status=Status.IMPRISONED if i % 5 else Status.RELEASED,
            status_note="Serving the sentence.",
            sentence=f"{1 + i % 15} years",
            sentenced_on=start + timedelta(days=200 + i % 1500),
            charges=("Part 1 Art. 342 CC", "Art. 130 CC"),
            facility=f"Penal colony No. {i % 20}",
            mailing_address=f"{220000 + i % 999}, Street {i % 100}, 1",
            letters=Letters.UNKNOWN,
            organization="Example organisation",
            summary="A synthetic record for measuring imports.",
            source_url=f"https://example.org/person/{i}",
            verified_on=date(2025, 12, 15),
        )
        for i in range(n)
    ]


async def measure(folder: Path) -> None:
    people = synthetic(ROWS)
    data = write_canonical_csv(people).encode()
    changed = [replace(p, facility="Moved") if i % 10 == 0 else p for i, p in enumerate(people)]
    second = write_canonical_csv(changed).encode()
    settings = load_settings(None, database_path=folder / "bench.sqlite3")
    fixed = datetime(2026, 1, 1, tzinfo=UTC)
    services = await Services.open(settings, clock=lambda: fixed)
    try:
        t0 = time.perf_counter()
        parsed = parse(data, Format.CANONICAL, source_name="bench.csv")
        t1 = time.perf_counter()
        assert not parsed.errors, parsed.errors[:3]
        # Memory is traced in a second run: tracing slows Python down several times.
        tracemalloc.start()
        parse(data, Format.CANONICAL, source_name="bench.csv")
        _, parse_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        t2 = time.perf_counter()
        plan = await plan_import(services, data, Format.CANONICAL, "bench.csv")
        await apply_import(services, plan)
        t3 = time.perf_counter()
        plan = await plan_import(services, second, Format.CANONICAL, "bench.csv")
        await apply_import(services, plan)
        t4 = time.perf_counter()
        plan = await plan_import(services, second, Format.CANONICAL, "bench.csv")
        t5 = time.perf_counter()
        assert plan.diff.is_empty
    finally:
        await services.close()
    size_mb = len(data) / 1e6
    print(f"import benchmark: {ROWS} records, {size_mb:.1f} MB CSV")
    print(f"  parse + validate:            {t1 - t0:6.2f} s ({ROWS / (t1 - t0):,.0f} rows/s)")
    print(f"  peak memory while parsing:   {parse_peak / 1e6:6.1f} MB")
    print(f"  first import (all new):      {t3 - t2:6.2f} s")
    print(f"  re-import, 10% changed:      {t4 - t3:6.2f} s")
    print(f"  dry run of an unchanged file:{t5 - t4:6.2f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(Path(tmp)))
