"""Upload benchmark: an operator sends a list in which 10,000 people change status, and imports it.

Run with `.venv/bin/python bench/upload.py [people]` (or `make bench`). The real bot runs in this
process on the in-memory Telegram, as in the handler tests: the operator uploads the file, reads
the report (which must stay one short message however many rows changed) and presses Import.
It prints how long the report and the import took, and checks that every change was applied.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.app import build_application
from bot.config import load_settings
from bot.domain.dataset import write_canonical_csv
from bot.domain.prisoner import Prisoner, Status
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import DEFAULT_TOKEN, TelegramState
from bot.sandbox.user import SimulatedUser

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
ADMIN_ID = 42
TELEGRAM_LIMIT = 4096


async def measure(folder: Path) -> None:
    settings = load_settings(
        None,
        bot_token=DEFAULT_TOKEN,
        database_path=folder / "bot.sqlite3",
        admin_ids=str(ADMIN_ID),
        default_language="en",
    )
    state = TelegramState()
    application = build_application(
        settings, request=FakeRequest(state), deliver=False, rate_limits=False
    )
    async with running_application(application):
        services = application.bot_data.services
        admin = SimulatedUser(application, state, ADMIN_ID)
        people = [Prisoner(id=f"person-{n:05d}", name=f"Person {n:05d}") for n in range(PEOPLE)]
        async with services.db.transaction() as conn:
            await services.prisoners.upsert_many(people, conn, now=services.clock())
        freed = [
            replace(p, status=Status.RELEASED, status_changed_on=date(2026, 1, 1)) for p in people
        ]
        others = [p for p in await services.prisoners.all() if not p.id.startswith("person-")]
        listing = write_canonical_csv([*others, *freed]).encode()

        start = time.perf_counter()
        [report] = await admin.send_document("everyone.csv", listing)
        reported = time.perf_counter() - start
        # Read now: pressing Import edits the report in place.
        length = len(report.text)
        assert length <= TELEGRAM_LIMIT, length
        assert f"{PEOPLE:,} status changes" in report.text, report.text
        start = time.perf_counter()
        await admin.press("✅ Import")
        imported = time.perf_counter() - start

        news = await services.db.fetchval("SELECT count(*) FROM news")
        assert news == PEOPLE, news

    print(f"upload benchmark: a list of {len(others) + PEOPLE:,} people, {PEOPLE:,} released")
    print(f"  the report, {length:,} characters: {reported:8.2f} s")
    print(f"  the import, {news:,} news queued:  {imported:8.2f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(Path(tmp)))
