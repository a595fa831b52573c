"""One pass over some usage ledgers, ledger by ledger: each chain verified by the domain's
`verify_chain`, each record summed per user and day.

The pass is a plain function of the ledgers it is given, so an audit can run it over every ledger in
this process or over disjoint parts of them in several processes and add the parts up.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol

from application.audit.model import AuditProgress, AuditScope, LedgerBreak
from application.ports import UsageLedgerEvents
from domain.digest import ChainedRecord, verify_chain
from domain.usage import ESTIMATED, ModelUsage, UsageKind, UsageLedger, usage_fields

Event = DomainEventProtocol[UUID]
OPENED: type = UsageLedger.Opened  # type: ignore[attr-defined]
DIGESTED_FIELDS = tuple(usage_fields("", ModelUsage(""), 0, datetime.now(UTC)))
"""The fields of a usage record that its digest covers."""
ESTIMATED_FIELDS = tuple(usage_fields("", ModelUsage("", estimated=True), 0, datetime.now(UTC)))
"""The fields the digest of a record the bot estimated covers: its mark as well. A record stored
without the mark, or marked False, is digested without it (as every record stored before the mark)."""

# Summed per (user, day) as plain lists: this runs once per record of every ledger in scope.
Tally = dict[tuple[int, date], list[int]]
RECORD_COUNTERS = ("input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
_counters = itemgetter(*RECORD_COUNTERS)
TALLIED = (*RECORD_COUNTERS, "requests", "documents", "estimated_requests", "estimated_cost_micros")
"""What each position of a tally's list sums."""
DOCUMENT = UsageKind.DOCUMENT.value
PROGRESS_EVERY = 200
"""Ledgers replayed between two reports of progress."""


@dataclass(frozen=True)
class Ledger:
    """A usage ledger to audit, as its opening event names it."""

    ledger_id: UUID
    user_id: int
    period: str


@dataclass
class AuditPart:
    """What a pass over some ledgers found; parts over disjoint ledgers add up to the whole audit."""

    events_read: int = 0
    ledgers: int = 0
    records: int = 0
    breaks: list[tuple[UUID, LedgerBreak]] = field(default_factory=list)
    """Each break with its ledger's id: the audit reports them in ledger id order."""
    tally: Tally = field(default_factory=dict)
    read_up_to: dict[UUID, int] = field(default_factory=dict)
    """The last version read of each ledger: which of its records this pass summed."""


def replay_ledgers(
    events: UsageLedgerEvents,
    ledgers: Sequence[Ledger],
    scope: AuditScope,
    progress: AuditProgress | None = None,
) -> AuditPart:
    """Verify and sum these ledgers (all in scope), read one by one."""
    part = AuditPart()
    streams = events.ledgers(ledger.ledger_id for ledger in ledgers)
    for done, (ledger, stream) in enumerate(zip(ledgers, streams, strict=True)):
        replay_ledger(ledger, stream, scope, part)
        if progress is not None and (done + 1) % PROGRESS_EVERY == 0:
            progress.replayed(PROGRESS_EVERY)
    if progress is not None and len(ledgers) % PROGRESS_EVERY:
        progress.replayed(len(ledgers) % PROGRESS_EVERY)
    return part


def replay_ledger(ledger: Ledger, stream: Sequence[Event], scope: AuditScope, part: AuditPart) -> None:
    """Verify and sum one ledger's events (its opening event first) into `part`."""
    part.events_read += len(stream)
    if not stream:
        return
    if type(stream[0]) is not OPENED:
        part.breaks.append((ledger.ledger_id, no_opening(ledger.ledger_id, stream)))
        return
    user_id, period = ledger.user_id, ledger.period
    states = [vars(event) for event in stream[1:]]
    part.ledgers += 1
    part.records += len(states)
    part.read_up_to[ledger.ledger_id] = stream[-1].originator_version
    by_day: dict[date, list[tuple[int, ...]]] = {}
    for state in states:
        usage = usage_of(state)
        if usage is not None:
            by_day.setdefault(usage[0], []).append(usage[1])
    for day, rows in by_day.items():
        if scope.covers_day(day):
            add_to(part.tally, (user_id, day), [sum(column) for column in zip(*rows, strict=True)])
    records = [
        ChainedRecord(
            {
                name: state.get(name)
                for name in (DIGESTED_FIELDS if state.get(ESTIMATED, False) is False else ESTIMATED_FIELDS)
            },
            str(state.get("prev_digest")),
            str(state.get("digest")),
        )
        for state in states
    ]
    for found in verify_chain(user_id, period, records):
        part.breaks.append(
            (ledger.ledger_id, LedgerBreak(user_id, period, found.position, found.request_id, found.problem))
        )


def no_opening(ledger_id: UUID, stream: Sequence[Event]) -> LedgerBreak:
    request_id = str(vars(stream[0]).get("request_id", "?"))
    return LedgerBreak(None, "?", 0, request_id, f"ledger {ledger_id} has no opening event")


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


def add_to(tally: Tally, key: tuple[int, date], values: list[int]) -> None:
    """Add the values to the key's sums; a key new to the tally takes the list itself."""
    sums = tally.get(key)
    if sums is None:
        tally[key] = values
    else:
        for index, value in enumerate(values):
            sums[index] += value


def add_parts(parts: Iterable[AuditPart]) -> AuditPart:
    """The parts added up into one (their sums are taken over, not copied)."""
    whole = AuditPart()
    for part in parts:
        whole.events_read += part.events_read
        whole.ledgers += part.ledgers
        whole.records += part.records
        whole.breaks.extend(part.breaks)
        whole.read_up_to.update(part.read_up_to)
        for key, values in part.tally.items():
            add_to(whole.tally, key, values)
    return whole
