"""FileSpendJournal: the spend journal as append-only files in one directory, one file per process.

Each process appends to a file of its own, `spend-<pid>-<random>.jsonl`, and holds an exclusive
`fcntl.flock` on it while it may still write there: appends never wait on another process, and a
drain takes only the files it can lock, so a file is drained by one process at a time and never
while its writer may append. The kernel drops the lock of a process that dies (kill -9 included),
so whoever drains next takes over its file. A drain in the writing process seals its own file
first: later appends go to a new one.
"""

import asyncio
import fcntl
import logging
import os
import threading
from pathlib import Path
from uuid import uuid4

from adapters.journal.lines import encode, parse
from application.errors import StoreUnavailable
from application.spend_entries import SpendBatch, SpendEntry

log = logging.getLogger(__name__)

PATTERN = "spend-*.jsonl"


class FileSpendJournal:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._writing = threading.Lock()
        self._own: tuple[int, Path] | None = None
        self._held: dict[str, int] = {}

    async def append(self, entry: SpendEntry) -> None:
        await asyncio.to_thread(self._append, encode(entry))

    async def claim(self) -> list[SpendBatch]:
        return await asyncio.to_thread(self._claim)

    async def settle(self, batch: SpendBatch) -> None:
        await asyncio.to_thread(self._settle, batch.batch_id)

    async def release(self, batch: SpendBatch) -> None:
        os.close(self._held.pop(batch.batch_id))

    def waiting(self) -> int:
        total = 0
        for path in self._files():
            try:
                total += len(parse(path.read_bytes()).entries)
            except FileNotFoundError:  # settled by a drain since it was listed
                continue
        return total

    def _append(self, line: bytes) -> None:
        with self._writing:
            try:
                if self._own is None:
                    self._own = self._open_own()
                fd, _ = self._own
                written = 0
                while written < len(line):
                    written += os.write(fd, line[written:])
                os.fsync(fd)
            except OSError as error:
                # A line may be half written: the file is left to the drains, which skip a torn line.
                if self._own is not None:
                    os.close(self._own[0])
                    self._own = None
                raise StoreUnavailable(
                    f"cannot write the spend journal in {self.directory}: {error.strerror}"
                ) from error

    def _open_own(self) -> tuple[int, Path]:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"spend-{os.getpid()}-{uuid4().hex[:12]}"
        # Locked under a name no drain looks for, then renamed: a drain never sees it unlocked.
        opening = self.directory / f".{name}.opening"
        fd = os.open(opening, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path = self.directory / f"{name}.jsonl"
            os.rename(opening, path)
            _sync_directory(self.directory)
        except OSError:
            os.close(fd)
            raise
        return fd, path

    def _claim(self) -> list[SpendBatch]:
        batches = []
        with self._writing:
            if self._own is not None:
                fd, path = self._own
                self._own = None
                batches.append(self._hold(fd, path))
        for path in self._files():
            if str(path) in self._held:
                continue
            locked = _locked(path)
            if locked is not None:
                batches.append(self._hold(locked, path))
        return batches

    def _hold(self, fd: int, path: Path) -> SpendBatch:
        try:
            parsed = parse(path.read_bytes())
        except OSError:
            os.close(fd)
            raise
        if parsed.torn or parsed.unreadable:
            log.warning(
                "spend journal %s: skipped %d torn and %d unreadable lines",
                path.name,
                parsed.torn,
                parsed.unreadable,
            )
        self._held[str(path)] = fd
        return SpendBatch(str(path), parsed.entries)

    def _settle(self, batch_id: str) -> None:
        fd = self._held.pop(batch_id)
        try:
            Path(batch_id).unlink(missing_ok=True)
            _sync_directory(self.directory)
        finally:
            os.close(fd)

    def _files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob(PATTERN))


def _locked(path: Path) -> int | None:
    """The file opened and locked by this drain; None when another holds it or it is gone."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # Another drain may have settled (unlinked) it between the listing and the lock.
        if os.fstat(fd).st_ino != os.stat(path).st_ino:
            raise FileNotFoundError(path)
    except (BlockingIOError, FileNotFoundError):
        os.close(fd)
        return None
    return fd


def _sync_directory(directory: Path) -> None:
    """A new or removed file's name is durable only once its directory is synced."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
