"""Letters benchmark: /write, its "➡️ Another" and /evening through the bot, on a long list.

Run with `.venv/bin/python bench/write_bench.py [people ...] [--presses N] [--seed N]` (default
10,000 people, 300 presses of each). The people are planning.py's synthetic records (about 70 %
in prison, most of them with letters that may reach them); 500 other chats have said "I wrote"
2,000 times this month, and the chat that presses wrote to 20 people lately. The real handlers
run on a database of these people, talking to the in-memory Telegram, as calendar_bench.py
does; each figure is from the update to the bot's answer, once the bot has read the list and
made what it makes in the background after its start-up.

It prints p50 and p99 of /write and of "Another" (the goal: p99 at most 50 ms at 10,000
people), and /evening for 10 and 50 people end to end: choosing them, making the PDF in the
worker thread and sending it, made afresh each time (the median of five, with the PDF's size).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
from datetime import time as clock_time
from pathlib import Path

from calendar_bench import NOW, bot_for, ms, pressed
from planning import synthetic_people

from bot.context import BotApplication
from bot.domain.chat import ChatType
from bot.domain.letters.suggest import may_get_letters
from bot.domain.prisoner import Prisoner
from bot.flood import FloodGuard
from bot.made_files import MadeFiles
from bot.sandbox.request import running_application
from bot.sandbox.user import SimulatedUser

TODAY = NOW.date()
OTHER_CHATS = 500
MARKS = 2_000
WRITTEN_LATELY = 20
KIT_RUNS = 5


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def mark_letters(
    app: BotApplication, people: list[Prisoner], chat_id: int, seed: int
) -> None:
    """Fill this month's marks: others' letters, and the presser's own lately."""
    rng = random.Random(seed)
    services = app.bot_data.services
    writable = [p.id for p in people if may_get_letters(p)]
    for other in range(OTHER_CHATS):
        await services.chats.ensure(
            10_000_000 + other, ChatType.PRIVATE, "en", "Europe/Minsk", clock_time(10), NOW
        )
    for _ in range(MARKS):
        other = 10_000_000 + rng.randrange(OTHER_CHATS)
        await services.letters.mark(other, rng.choice(writable), today=TODAY, now=NOW)
    for person in rng.sample(writable, WRITTEN_LATELY):
        await services.letters.mark(chat_id, person, today=TODAY, now=NOW)


def spread(name: str, times: list[float]) -> None:
    print(
        f"    {name:<10} p50 {ms(percentile(times, 0.5))}, p99 {ms(percentile(times, 0.99))}, "
        f"max {ms(max(times))}  ({len(times)} presses)"
    )


async def measure_bot(people: list[Prisoner], folder: Path, presses: int, seed: int) -> None:
    app, state = bot_for(people, folder)
    async with running_application(app, start=True):
        # What the bot makes in the background after its import (everyone's calendar files)
        # is done first: it would compete with the presses for the interpreter.
        for made in (app.bot_data.calendar_days, app.bot_data.calendar_lines):
            await made.settled()
        await app.bot_data.calendar_files.settled()
        app.bot_data.flood = FloodGuard(burst=10**9)
        user = SimulatedUser(app, state)
        await user.send("/start")
        await mark_letters(app, people, user.id, seed)
        # The first press reads everyone (once per version of the data): not timed.
        [suggestion] = await user.send("/write")

        writes = [await pressed(lambda: user.send("/write")) for _ in range(presses)]
        others = [
            await pressed(lambda: user.press("➡️ Another", message=suggestion))
            for _ in range(presses)
        ]
        spread("/write", writes)
        spread("Another", others)

        for count in (10, 50):
            times, size = [], 0
            for _ in range(KIT_RUNS):
                app.bot_data.evening_kits = MadeFiles()  # made afresh, not the kept file
                app.bot_data.evening_limit = FloodGuard(burst=10**9)
                times.append(await pressed(lambda count=count: user.send(f"/evening {count}")))
                document = user.last_message.document
                assert document is not None
                size = len(state.files[document["file_id"]].content)
            print(
                f"    /evening {count:<2} {ms(statistics.median(times))} median of {KIT_RUNS} "
                f"(first {ms(times[0]).strip()}), {size / 1024:.0f} KiB"
            )


def measure(count: int, presses: int, seed: int) -> None:
    people = synthetic_people(count, random.Random(seed))
    writable = sum(may_get_letters(p) for p in people)
    print(f"{count:,} people, {writable:,} whose letters may reach them:")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure_bot(people, Path(folder), presses, seed))


def main() -> None:
    args = sys.argv[1:]
    options = {"--seed": 20251213, "--presses": 300}
    for name in options:
        if name in args:
            at = args.index(name)
            options[name] = int(args[at + 1])
            del args[at : at + 2]
    for count in [int(arg) for arg in args] or [10_000]:
        measure(count, options["--presses"], options["--seed"])


if __name__ == "__main__":
    main()
