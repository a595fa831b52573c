"""One pass over a run of the usage ledgers' events, in log order: each ledger's records in that run
checked by the domain's chain rules, each record summed per user and day.

A run can be the whole log, a range of it, or some ledgers' events read ledger by ledger: a ledger's
events come in version order whichever it is. What a run cannot check itself, whether its first
record of a ledger follows the record before it in an earlier run, it leaves to the audit, which joins
the runs (application/audit/joins.py).
"""

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import add, itemgetter
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol

from application.audit.model import AuditScope
from application.ports import AuditedEvent
from application.unreadable import UnreadableEvent
from domain.digest import ChainBreak, ChainedRecord, genesis_digest, record_breaks
from domain.usage import COUNTED_IF_ANY, ESTIMATED, ModelUsage, UsageKind, UsageLedger, usage_fields

Event = DomainEventProtocol[UUID]
OPENED: type = UsageLedger.Opened  # type: ignore[attr-defined]
DIGESTED_FIELDS = tuple(usage_fields("", ModelUsage(""), 0, datetime.now(UTC)))
"""The fields of a usage record that its digest covers."""
ESTIMATED_FIELDS = tuple(usage_fields("", ModelUsage("", estimated=True), 0, datetime.now(UTC)))
"""The fields the digest of a record the bot estimated covers: its mark as well. A record stored
without the mark, or marked False, is digested without it (as every record stored before the mark)."""

# Summed per (user, day) as plain tuples, in TALLIED order: the views are read in the same shape, so
# a busy year's totals are compared as they are.
Tally = dict[tuple[int, date], tuple[int, ...]]
RECORD_COUNTERS = ("input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
_counters = itemgetter(*RECORD_COUNTERS)
_cost = itemgetter("cost_micros")
TALLIED = (*RECORD_COUNTERS, "requests", "documents", "estimated_requests", "estimated_cost_micros")
"""What each position of a tally's list sums."""
DOCUMENT = UsageKind.DOCUMENT.value
UNKNOWN_DIGEST = "?"
"""After a record that cannot be read: the digest the next one must follow is not known."""


@dataclass(frozen=True)
class Ledger:
    """A usage ledger to audit, as its opening event names it."""

    ledger_id: UUID
    user_id: int
    period: str


@dataclass(slots=True)
class Trail:
    """One ledger's events as one run read them."""

    ledger: Ledger | None
    """None when no opening event names the ledger: its records are counted, not checked."""
    opened: bool = False
    """The run read the ledger's opening event."""
    events: int = 0
    records: int = 0
    first: ChainedRecord | None = None
    """The run's first record of the ledger, when the run did not read the opening: whether it follows
    the record before it is for the audit to check, against the runs before this one."""
    last_digest: str | None = None
    last_version: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    """Positions counted from the run's first record of the ledger."""


@dataclass
class Run:
    """What one pass over a run of events found, ledger by ledger."""

    trails: dict[UUID, Trail | None] = field(default_factory=dict)
    """Every ledger the run read events of; None for one out of the audit's scope."""
    tally: Tally = field(default_factory=dict)


def read_run(events: Iterable[AuditedEvent], opened: Mapping[UUID, Ledger | None], scope: AuditScope) -> Run:
    """Check and sum these events of the usage ledgers. `opened` holds every ledger whose opening event
    the audit found, None for those out of its scope (their events are passed over); a ledger it does
    not hold has lost its opening, and its events are counted for the audit to report."""
    run = Run()
    trails = run.trails
    by_day: dict[tuple[int, date], list[Mapping[str, Any]]] = {}
    everyday = scope.since is None and scope.until is None
    for event in events:
        trail = trails.get(event.originator_id, _UNSEEN)
        if trail is _UNSEEN:
            trail = trails[event.originator_id] = _trail_of(event.originator_id, opened)
        if trail is None:
            continue
        trail.events += 1
        if type(event) is UnreadableEvent:
            _unreadable(trail, event)
            continue
        if type(event) is OPENED:
            trail.opened = True
            if trail.ledger is not None:
                trail.last_digest = genesis_digest(trail.ledger.user_id, trail.ledger.period)
            continue
        state = vars(event)
        record = ChainedRecord(
            {name: state.get(name) for name in digested_fields(state)},
            str(state.get("prev_digest")),
            str(state.get("digest")),
        )
        if trail.ledger is None:  # nothing to check it against: the audit reports the missing opening
            trail.first = trail.first or _joint(record)
            continue
        expected = trail.last_digest
        if expected is None:
            trail.first = _joint(record)
        if found := record_breaks(trail.records, record, None if expected == UNKNOWN_DIGEST else expected):
            trail.breaks += found
        trail.records += 1
        trail.last_digest, trail.last_version = record.digest, event.originator_version
        at = state.get("at")
        if isinstance(at, datetime):
            day = at.astimezone(UTC).date()
            if everyday or scope.covers_day(day):
                by_day.setdefault((trail.ledger.user_id, day), []).append(state)
    run.tally = {key: tally_of(states) for key, states in by_day.items()}
    return run


def digested_fields(state: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields this stored record's digest covers: the audio and web search counts too where they are
    not zero (a record stored without them, or with zeros, is digested without them, as usage_fields
    does)."""
    names = DIGESTED_FIELDS if state.get(ESTIMATED, False) is False else ESTIMATED_FIELDS
    if all(state.get(name, 0) == 0 for name in COUNTED_IF_ANY):
        return names
    return (*names, *(name for name in COUNTED_IF_ANY if state.get(name, 0) != 0))


def tally_of(states: list[Mapping[str, Any]]) -> tuple[int, ...]:
    """What these records (of one user and day) add up to, in TALLIED order; a record whose counters
    are not all integers is summed as `usage_of` reads it, or left out when it cannot be read."""
    try:
        counters = tuple(map(sum, zip(*map(_counters, states), strict=True)))
    except (KeyError, TypeError):
        counters = ()
    if len(counters) != len(RECORD_COUNTERS) or any(type(value) is not int for value in counters):
        rows = [usage[1] for state in states if (usage := usage_of(state)) is not None]
        return tuple(map(sum, zip(*rows, strict=True))) if rows else (0,) * len(TALLIED)
    documents = sum(1 for state in states if state.get("kind") == DOCUMENT)
    estimated = [state for state in states if state.get(ESTIMATED)]
    return (*counters, len(states), documents, len(estimated), sum(_cost(state) for state in estimated))


_UNSEEN: Any = object()


def _joint(record: ChainedRecord) -> ChainedRecord:
    """What the join needs of a run's first record of a ledger: its id and the digest it follows. A run
    keeps one per ledger until the audit joins the runs, so not the record's whole content."""
    return ChainedRecord({"request_id": record.request_id}, record.prev_digest, record.digest)


def _unreadable(trail: Trail, event: UnreadableEvent) -> None:
    """A break at the record's place; the chain is checked on from the record after it."""
    if trail.ledger is None:
        return
    problem = f"version {event.originator_version} cannot be read ({event.problem})"
    trail.breaks.append(ChainBreak(trail.records, "?", problem))
    if trail.last_digest is None:  # where it joins the run before is as unknown as its content
        trail.first = None
    trail.records += 1
    trail.last_digest, trail.last_version = UNKNOWN_DIGEST, event.originator_version


def _trail_of(ledger_id: UUID, opened: Mapping[UUID, Ledger | None]) -> Trail | None:
    if ledger_id not in opened:
        return Trail(None)
    ledger = opened[ledger_id]
    return None if ledger is None else Trail(ledger)


def usage_of(state: Mapping[str, Any]) -> tuple[date, tuple[int, ...]] | None:
    """A record's UTC day and what it adds to a tally (in TALLIED order); None when the record cannot
    be read, which makes it a chain break already: its digest cannot match."""
    at = state.get("at")
    if not isinstance(at, datetime):
        return None
    try:
        counts = tuple(map(int, _counters(state)))
    except (KeyError, TypeError, ValueError):
        return None
    estimated = 1 if state.get(ESTIMATED) else 0
    kind = int(state.get("kind") == DOCUMENT)
    return at.astimezone(UTC).date(), (*counts, 1, kind, estimated, counts[-1] * estimated)


def add_to(tally: Tally, key: tuple[int, date], values: tuple[int, ...]) -> None:
    """Add the values to the key's sums."""
    sums = tally.get(key)
    tally[key] = values if sums is None else tuple(map(add, sums, values))


class RunSums:
    """The runs' tallies added up as each run comes back (from whichever thread receives it), so that
    little is left to add once the last one is in."""

    def __init__(self) -> None:
        self.tally: Tally = {}
        self.lock = threading.Lock()

    def take(self, run: Run) -> None:
        """Add the run's tally to the sums; the run keeps none."""
        with self.lock:
            for key, values in run.tally.items():
                add_to(self.tally, key, values)
        run.tally = {}
