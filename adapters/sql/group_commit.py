"""Saves made at the same time by different conversations, committed in one transaction.

A commit waits for the disk (SQLite flushes its log; PostgreSQL flushes its own and answers over the
network), and the event store takes one writer at a time. Saves that arrive while a commit is under way
queue up and go together in the next one: under load, one flush serves many messages; alone, a save is
committed at once, as before. Every save keeps its own outcome: when the shared transaction is refused
because a save is stale, the others are committed without it, and only the stale one gets the conflict.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from application.errors import ConcurrencyConflict, StoreUnavailable

log = logging.getLogger(__name__)

Events = Sequence[Any]
RunInThread = Callable[[Callable[[], list[BaseException | None]]], Awaitable[list[BaseException | None]]]


@dataclass
class _Save:
    events: Events
    outcome: "asyncio.Future[None]"


class GroupCommit:
    def __init__(self, write: Callable[[Events], None], run_in_thread: RunInThread) -> None:
        """`write` commits events in one transaction, raising ConcurrencyConflict or StoreUnavailable."""
        self._write, self._run_in_thread = write, run_in_thread
        self._queue: list[_Save] = []
        self._committer: asyncio.Task[None] | None = None

    async def save(self, events: Events) -> None:
        if not events:
            return
        outcome: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append(_Save(events, outcome))
        if self._committer is None:
            self._committer = asyncio.create_task(self._commit_queued())
        await outcome

    async def _commit_queued(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    outcomes = await self._run_in_thread(partial(self._commit, batch))
                except Exception as error:  # a fault in the writer itself: every save hears of it
                    outcomes = [error] * len(batch)
                except BaseException:  # cancelled (shutting down): the outcome is unknown
                    self._settle(batch, [StoreUnavailable("the event store stopped")] * len(batch))
                    raise
                self._settle(batch, outcomes)
        finally:
            self._committer = None
            if self._queue:  # left behind by a cancellation: never leave a save waiting
                self._settle(self._queue, [StoreUnavailable("the event store stopped")] * len(self._queue))
                self._queue = []

    def _commit(self, batch: list[_Save]) -> list[BaseException | None]:
        """In the store's thread. Two saves of the same aggregate version cannot both succeed: the later
        one is refused at once. The rest go in one transaction; if that is refused, the batch is split
        in halves until the stale saves are found, so one stale save costs a few commits, not one per
        save."""
        outcomes: list[BaseException | None] = [None] * len(batch)
        claimed: set[tuple[Any, Any]] = set()
        fresh: list[int] = []
        for n, save in enumerate(batch):
            versions = {(e.originator_id, e.originator_version) for e in save.events}
            if versions & claimed:
                outcomes[n] = ConcurrencyConflict("another save in the same commit wrote this version")
            else:
                claimed |= versions
                fresh.append(n)
        for n, outcome in zip(fresh, self._commit_halving([batch[n] for n in fresh]), strict=True):
            outcomes[n] = outcome
        return outcomes

    def _commit_halving(self, saves: list[_Save]) -> list[BaseException | None]:
        if not saves:
            return []
        try:
            self._write([event for save in saves for event in save.events])
        except ConcurrencyConflict as conflict:
            if len(saves) == 1:
                return [conflict]
            middle = len(saves) // 2
            return self._commit_halving(saves[:middle]) + self._commit_halving(saves[middle:])
        except StoreUnavailable as failure:
            return [failure] * len(saves)
        return [None] * len(saves)

    @staticmethod
    def _settle(batch: list[_Save], outcomes: list[BaseException | None]) -> None:
        for save, error in zip(batch, outcomes, strict=True):
            if save.outcome.done():  # its caller was cancelled; the outcome has no one to tell
                continue
            if error is None:
                save.outcome.set_result(None)
            else:
                save.outcome.set_exception(error)
