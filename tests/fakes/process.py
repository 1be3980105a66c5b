"""Run the bot as a child process, the way users start it, and keep its output for failures."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

STOP_TIMEOUT = 15.0


class BotProcess:
    """A Python child process (``python -m bot run`` by default) with its output captured.

    ``async with BotProcess(env=server.env()) as bot:`` starts it; leaving the block sends
    SIGTERM, waits for a clean exit and kills it if it does not come.
    """

    def __init__(
        self,
        args: Sequence[str] = ("-m", "bot", "run"),
        *,
        env: Mapping[str, str],
        cwd: Path | None = None,
    ) -> None:
        self.args = list(args)
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
        self.cwd = cwd
        self.lines: list[str] = []
        self.returncode: int | None = None
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._new_line = asyncio.Event()

    @property
    def output(self) -> str:
        """Everything the process printed so far (stdout and stderr interleaved)."""
        return "".join(self.lines)

    async def __aenter__(self) -> BotProcess:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            *self.args,
            env=self.env,
            cwd=self.cwd,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._reader = asyncio.create_task(self._read_output())

    async def _read_output(self) -> None:
        assert self._process is not None
        assert self._process.stdout is not None
        async for line in self._process.stdout:
            self.lines.append(line.decode(errors="replace"))
            self._new_line.set()
        self._new_line.set()

    async def wait_for_output(
        self,
        pattern: str,
        timeout: float = 10.0,  # noqa: ASYNC109 - the failure message shows the output
    ) -> re.Match[str]:
        """Return the first match of a regular expression in the output, waiting for it."""
        regex = re.compile(pattern)
        try:
            async with asyncio.timeout(timeout):
                while (match := regex.search(self.output)) is None:
                    if self._reader is not None and self._reader.done():
                        break
                    self._new_line.clear()
                    await self._new_line.wait()
        except TimeoutError:
            match = None
        if match is None:
            raise AssertionError(f"{pattern!r} did not appear; output:\n{self.output}")
        return match

    async def wait_for_count(
        self,
        pattern: str,
        count: int,
        timeout: float = 10.0,  # noqa: ASYNC109 - the failure message shows the output
    ) -> int:
        """Wait until a regular expression matches at least `count` times; return the count."""
        regex = re.compile(pattern)
        found = 0
        try:
            async with asyncio.timeout(timeout):
                while (found := len(regex.findall(self.output))) < count:
                    if self._reader is not None and self._reader.done():
                        break
                    self._new_line.clear()
                    await self._new_line.wait()
        except TimeoutError:
            pass
        if found < count:
            raise AssertionError(
                f"{pattern!r} appeared {found} times, not {count}; output:\n{self.output}"
            )
        return found

    async def kill(self) -> int:
        """Kill the process at once (SIGKILL), as a crash would; return its exit code."""
        process = self._process
        assert process is not None, "the process was not started"
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        self.returncode = await process.wait()
        if self._reader is not None:
            await self._reader
        return self.returncode

    async def wait(self, timeout: float = STOP_TIMEOUT) -> int:  # noqa: ASYNC109
        """Wait for the process to exit by itself; return its exit code."""
        assert self._process is not None, "the process was not started"
        try:
            async with asyncio.timeout(timeout):
                self.returncode = await self._process.wait()
                if self._reader is not None:
                    await self._reader
        except TimeoutError:
            raise AssertionError(
                f"the process did not exit within {timeout} s; output:\n{self.output}"
            ) from None
        return self.returncode

    async def stop(self, timeout: float = STOP_TIMEOUT) -> int:  # noqa: ASYNC109
        """Ask the process to stop (SIGTERM) and return its exit code; kill it if it hangs."""
        process = self._process
        assert process is not None, "the process was not started"
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(timeout):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._reader is not None:
            await self._reader
        self.returncode = process.returncode
        assert self.returncode is not None
        return self.returncode
