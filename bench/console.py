"""Console benchmark: how long the console takes to start, and to answer each kind of turn.

Run with `.venv/bin/python bench/console.py [rounds]`. Each round starts a fresh console on a new
database (the bundled data set is imported, as on first start), plays a scripted conversation
(a lookup, a button press, inline mode, a clock jump that delivers a daily message, the outbox),
and leaves. Printed: the first start-up (which parses every text file) and the later ones, the
time of each kind of turn (median over the rounds), and the peak memory of the Python heap.
"""

from __future__ import annotations

import asyncio
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from bot.config import load_settings
from bot.console.main import run_console

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
SCRIPT = [
    ("start", "/start"),
    ("lookup", "Bialiatski"),
    ("lookup, list", "Babaryka"),
    ("press a button", "1"),
    ("press a button", "1"),
    ("inline query", "@ Kalesnikava"),
    # Eduard Babaryka, followed by the presses above, was detained on 18 June 2020.
    ("clock jump with a delivery", ":time 2027-06-18 10:00"),
    ("outbox", ":outbox"),
]


class TimedStream(io.StringIO):
    """Input that notes when each line is read, so turns can be timed from the output side."""

    def __init__(self, text: str, reads: list[float]) -> None:
        super().__init__(text)
        self.reads = reads

    def readline(self, size: int | None = -1) -> str:
        self.reads.append(time.perf_counter())
        return super().readline(size)


async def one_round(folder: Path) -> tuple[float, dict[str, float]]:
    settings = load_settings(env_file=None, database_path=folder / "bot.sqlite3")
    reads: list[float] = []
    text = "".join(f"{line}\n" for _, line in SCRIPT)
    started = time.perf_counter()
    await run_console(
        settings,
        database=folder / "console.sqlite3",
        stdin=TimedStream(text, reads),
        out=io.StringIO(),
        interactive=False,
    )
    # reads[0] is the first line asked for, once the console is up; each later read ends a turn.
    turns: dict[str, float] = defaultdict(float)
    for (kind, _), begun, ended in zip(SCRIPT, reads, reads[1:], strict=False):
        turns[kind] += ended - begun
    return reads[0] - started, turns


def main() -> None:
    startups: list[float] = []
    turns: dict[str, list[float]] = defaultdict(list)
    tracemalloc.start()
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as folder:
            startup, timed = asyncio.run(one_round(Path(folder)))
        startups.append(startup)
        for kind, seconds in timed.items():
            turns[kind].append(seconds)
    _, peak = tracemalloc.get_traced_memory()
    print(f"console benchmark, {ROUNDS} rounds, a new database each")
    first, later = startups[0], startups[1:] or startups
    print(f"first start-up (texts parsed, data imported): {first * 1000:.0f} ms")
    print(
        f"later start-ups (texts parsed already): median {statistics.median(later) * 1000:.0f} ms"
    )
    for kind, values in turns.items():
        print(f"  {kind:<28} median {statistics.median(values) * 1000:7.1f} ms")
    print(f"peak Python heap: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
