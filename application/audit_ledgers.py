"""One pass over usage ledgers, stream by stream: each digest chain verified, each record summed per day.

The pass is a plain function of the events it is given, so an audit can run it over the whole log in
this process or over parts of the log in several processes and add the parts up.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any, TypeVar

from application.audit_digest import DIGESTED_FIELDS, chain_holds
from application.audit_model import AuditScope, LedgerBreak
from application.projection_model import LoggedEvent
from application.projection_topics import LEDGER_OPENED
from domain.digest import ChainedRecord, verify_chain
from domain.usage import UsageKind

_Event = TypeVar("_Event")
Advance = Callable[[int], None]
"""Told how many more events were read."""

# Summed per (user, day) as plain lists: this loop runs once per record of every ledger in scope.
Tally = dict[tuple[int, date], list[int]]
RECORD_COUNTERS = ("input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
TALLIED = (*RECORD_COUNTERS, "requests", "documents")
"""What each position of a tally's list sums."""
REQUESTS, DOCUMENTS = TALLIED.index("requests"), TALLIED.index("documents")
DOCUMENT = UsageKind.DOCUMENT.value
PROGRESS_EVERY = 5000


@dataclass
class AuditPart:
    """What a pass over some ledgers found; parts over disjoint ledgers add up to the whole audit."""

    events_read: int = 0
    ledgers: int = 0
    records: int = 0
    not_yet_projected: int = 0
    breaks: list[LedgerBreak] = field(default_factory=list)
    tally: Tally = field(default_factory=dict)


def replay_ledgers(
    events: Iterable[LoggedEvent], scope: AuditScope, views_position: int, advance: Advance | None = None
) -> AuditPart:
    """Verify and sum the ledgers in these events (ordered by stream, then version)."""
    part = AuditPart()
    counted = Counter(advance)
    for _, stream in groupby(counted.through(events), _stream_of):
        replay_ledger(stream, scope, views_position, part)
    counted.flush()
    part.events_read = counted.total
    return part


def add_tallies(into: Tally, tally: Tally) -> None:
    for key, values in tally.items():
        sums = into.get(key)
        if sums is None:
            into[key] = list(values)
        else:
            for index, value in enumerate(values):
                sums[index] += value


def replay_ledger(
    stream: Iterator[LoggedEvent], scope: AuditScope, views_position: int, part: AuditPart
) -> None:
    """Verify and sum one ledger's events (its opening event first) into `part`."""
    opened = next(stream)
    if opened.topic != LEDGER_OPENED:
        problem = f"ledger {opened.originator_id} has no opening event"
        part.breaks.append(LedgerBreak(None, "?", 0, str(opened.state.get("request_id", "?")), problem))
        return
    user_id, period = int(opened.state["user_id"]), str(opened.state["period"])
    if not (scope.covers_user(user_id) and scope.covers_period(period)):
        return
    part.ledgers += 1
    states: list[Mapping[str, Any]] = []
    for event in stream:
        state = event.state
        if event.position > views_position:
            part.not_yet_projected += 1
        else:
            _count(state, user_id, scope, part.tally)
        states.append(state)
    part.records += len(states)
    if chain_holds(user_id, period, states):
        return
    records = [
        ChainedRecord(
            {name: s.get(name) for name in DIGESTED_FIELDS}, str(s.get("prev_digest")), str(s.get("digest"))
        )
        for s in states
    ]
    for found in verify_chain(user_id, period, records):
        part.breaks.append(LedgerBreak(user_id, period, found.position, found.request_id, found.problem))


def _count(state: Mapping[str, Any], user_id: int, scope: AuditScope, tally: Tally) -> None:
    try:
        day = _day_of(state)
        values = [int(state[name]) for name in RECORD_COUNTERS]
    except (KeyError, TypeError, ValueError):
        return  # unreadable, and so already a chain break: its digest cannot match
    if scope.covers_day(day):
        sums = tally.get((user_id, day))
        if sums is None:
            sums = tally[(user_id, day)] = [0] * len(TALLIED)
        for index, value in enumerate(values):
            sums[index] += value
        sums[REQUESTS] += 1
        if state.get("kind") == DOCUMENT:
            sums[DOCUMENTS] += 1


def _stream_of(event: LoggedEvent) -> Any:
    return event.originator_id


def _day_of(state: Mapping[str, Any]) -> date:
    at = state["at"]
    if not isinstance(at, datetime):
        raise TypeError("the record's time is not a timestamp")
    return at.astimezone(UTC).date()


class Counter:
    """Counts events (logged or stored) on their way through and reports progress every few thousand."""

    def __init__(self, advance: Advance | None) -> None:
        self.advance, self.total, self.unreported = advance, 0, 0

    def through(self, events: Iterable[_Event]) -> Iterator[_Event]:
        for event in events:
            self.total += 1
            self.unreported += 1
            if self.unreported >= PROGRESS_EVERY:
                self.flush()
            yield event

    def flush(self) -> None:
        if self.advance is not None and self.unreported:
            self.advance(self.unreported)
        self.unreported = 0
