"""A real `gptbot dashboard` process started by a test: its address and the sign-in link it prints."""

import queue
import re
import socket
import subprocess
import threading
import time
from pathlib import Path

from tests.entrypoints.cli_runner import GPTBOT

GUARD_SECONDS = 60.0
SIGN_IN = re.compile(r"Sign in \(once, within 10 minutes\): (\S+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class DashboardProcess:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(GPTBOT), "dashboard", "--port", str(self.port)],
            cwd=cwd,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = ""
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.link = self._sign_in_link()
        self._wait_until_listening()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _sign_in_link(self) -> str:
        while True:
            line = self.lines.get(timeout=GUARD_SECONDS)
            if line is None:
                raise AssertionError(f"gptbot dashboard ended before printing a link:\n{self.output}")
            self.output += line
            if found := SIGN_IN.search(line):
                return found.group(1)

    def _wait_until_listening(self) -> None:
        # uvicorn binds the port just after the link is printed; a guard, not a timing assumption.
        guard = time.monotonic() + GUARD_SECONDS
        while time.monotonic() < guard:
            if self.process.poll() is not None:
                raise AssertionError(f"gptbot dashboard ended:\n{self.output}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"gptbot dashboard did not listen on {self.port}:\n{self.output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(GUARD_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
