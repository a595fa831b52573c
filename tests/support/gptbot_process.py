"""A real `gptbot run` process started by a test, its log read as it is written."""

import asyncio
import signal
from asyncio.subprocess import PIPE, Process
from pathlib import Path

from tests.entrypoints.cli_runner import GPTBOT

GUARD_SECONDS = 60.0


class GptbotProcess:
    def __init__(self, process: Process) -> None:
        self.process, self.log = process, ""
        self.reading = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, env: dict[str, str], cwd: Path) -> "GptbotProcess":
        _make(cwd)
        process = await asyncio.create_subprocess_exec(
            str(GPTBOT), "run", cwd=cwd, env=env, stdout=PIPE, stderr=PIPE
        )
        return cls(process)

    async def _read(self) -> None:
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            self.log += line.decode(errors="replace")

    async def logged(self, words: str) -> None:
        while words not in self.log:
            if self.reading.done():
                raise AssertionError(f"the bot ended before logging {words!r}:\n{self.log}")
            await asyncio.sleep(0.05)

    async def stop(self, sig: int) -> int:
        if self.process.returncode is None:
            self.process.send_signal(sig)
        await asyncio.wait_for(self.process.wait(), GUARD_SECONDS)
        await self.reading
        assert self.process.returncode is not None
        return self.process.returncode

    async def ensure_stopped(self) -> None:
        if self.process.returncode is None:
            await self.stop(signal.SIGKILL)


def _make(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
