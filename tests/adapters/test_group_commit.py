"""Saves that arrive while a commit is under way share the next one, and each keeps its own outcome."""

import asyncio
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

from adapters.sql.group_commit import GroupCommit
from application.errors import ConcurrencyConflict, StoreUnavailable

T = TypeVar("T")
HANG_GUARD_SECONDS = 10.0


@dataclass(frozen=True)
class Event:
    originator_id: str
    originator_version: int = 1


def saved(*names: str) -> list[Event]:
    return [Event(name) for name in names]


class Disk:
    """A writer that commits lists of events, refuses the stale ones, and can hold a commit open."""

    def __init__(self) -> None:
        self.commits: list[list[Any]] = []
        self.refused: list[list[Any]] = []
        self.stale: set[Event] = set()
        self.down = False
        self.hold = threading.Event()
        self.hold.set()
        self.holding = threading.Event()

    def write(self, events: Sequence[Any]) -> None:
        if not self.hold.is_set():
            self.holding.set()
            self.hold.wait(HANG_GUARD_SECONDS)
        if self.down:
            raise StoreUnavailable("the disk is gone")
        if self.stale & set(events):
            self.refused.append([e.originator_id for e in events])
            raise ConcurrencyConflict("stale")
        self.commits.append([e.originator_id for e in events])


async def in_thread(work: Callable[[], T]) -> T:
    return await asyncio.to_thread(work)


async def test_a_save_alone_is_committed_at_once() -> None:
    disk = Disk()
    commits = GroupCommit(disk.write, in_thread)

    await commits.save([Event("a", 1), Event("a", 2)])

    assert disk.commits == [["a", "a"]]


async def behind_a_held_commit(*names: str, disk: Disk) -> list[BaseException | None]:
    """Saves `a` and holds its commit open, saves each name meanwhile, then lets the disk go on; the
    outcomes of `a` and of each name, in that order."""
    commits = GroupCommit(disk.write, in_thread)
    disk.hold.clear()
    first = asyncio.create_task(commits.save(saved("a")))
    await asyncio.to_thread(disk.holding.wait, HANG_GUARD_SECONDS)
    waiting = [asyncio.create_task(commits.save(saved(name))) for name in names]
    await asyncio.sleep(0.05)  # every waiting save has queued by now
    disk.hold.set()
    return await asyncio.wait_for(asyncio.gather(first, *waiting, return_exceptions=True), HANG_GUARD_SECONDS)


async def test_saves_made_while_a_commit_is_under_way_share_the_next_commit() -> None:
    disk = Disk()

    outcomes = await behind_a_held_commit("b", "c", "d", disk=disk)

    assert outcomes == [None, None, None, None]
    assert disk.commits == [["a"], ["b", "c", "d"]]


async def test_a_stale_save_in_a_shared_commit_fails_alone_and_the_others_land() -> None:
    disk = Disk()
    disk.stale = {Event("c")}

    outcomes = await behind_a_held_commit("b", "c", "d", disk=disk)

    assert outcomes[:2] == [None, None] and outcomes[3] is None
    assert isinstance(outcomes[2], ConcurrencyConflict)
    assert disk.commits == [["a"], ["b"], ["d"]]
    assert disk.refused == [["b", "c", "d"], ["c", "d"], ["c"]]


async def test_two_saves_of_the_same_version_in_one_commit_keep_the_first_and_refuse_the_second() -> None:
    disk = Disk()

    outcomes = await behind_a_held_commit("new", "new", "other", disk=disk)

    assert outcomes[0] is None and outcomes[1] is None and outcomes[3] is None
    assert isinstance(outcomes[2], ConcurrencyConflict)
    assert disk.commits == [["a"], ["new", "other"]]
    assert disk.refused == []


async def test_an_unavailable_store_fails_every_save_of_the_commit() -> None:
    disk = Disk()
    commits = GroupCommit(disk.write, in_thread)
    disk.down = True

    outcomes = await asyncio.gather(
        commits.save(saved("a")), commits.save(saved("b")), return_exceptions=True
    )

    assert all(isinstance(outcome, StoreUnavailable) for outcome in outcomes)
    assert disk.commits == []


async def test_a_save_of_no_events_commits_nothing() -> None:
    disk = Disk()
    commits = GroupCommit(disk.write, in_thread)

    await commits.save([])

    assert disk.commits == []


async def test_a_fault_in_the_writer_reaches_every_waiting_save() -> None:
    def broken(events: Sequence[Any]) -> None:
        raise TypeError("a bug, not an outage")

    commits = GroupCommit(broken, in_thread)

    with pytest.raises(TypeError):
        await commits.save(saved("a"))
