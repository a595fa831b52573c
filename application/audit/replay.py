"""The audit replay: usage totals rebuilt from the event store alone, checked against the views and
every ledger's digest chain."""

from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from operator import itemgetter
from uuid import UUID

from application.audit.ledgers import (
    OPENED,
    TALLIED,
    AuditPart,
    Event,
    Ledger,
    add_parts,
    add_to,
    no_opening,
    replay_ledgers,
    usage_of,
)
from application.audit.model import USAGE_FIELDS, AuditProgress, AuditReport, AuditScope, TotalsMismatch
from application.audit.parts import available_cpus, replay_in_parts, start_processes
from application.ports import AnalyticsViews, UsageLedgerEvents, UsageLedgerEventsOpener
from application.views import UsageCounts
from domain.ids import usage_ledger_id_of

# Totals are compared as tuples in USAGE_FIELDS order: an audit of a busy year compares millions.
Sums = dict[tuple[int, date], tuple[int, ...]]
_values = itemgetter(*(TALLIED.index(name) for name in USAGE_FIELDS))
"""A tally's sums in USAGE_FIELDS order."""
PARALLEL_FROM = 50_000
"""Usage events below which one process is quicker than starting several."""


class UsageAudit:
    """Replays every usage ledger in scope and reports each broken chain and each total that differs.

    With an `opener` (the ledger events opened again in another process), a large audit is replayed
    by several processes, one per CPU unless `workers` says otherwise; the report is the same either way.
    """

    def __init__(
        self,
        events: UsageLedgerEvents,
        views: AnalyticsViews,
        opener: UsageLedgerEventsOpener | None = None,
        workers: int | None = None,
        parallel_from: int = PARALLEL_FROM,
    ) -> None:
        self.events, self.views, self.opener = events, views, opener
        self.workers = workers if workers is not None else available_cpus()
        self.parallel_from = parallel_from

    def replay(self, scope: AuditScope, progress: AuditProgress | None = None) -> AuditReport:
        report = AuditReport(scope, views_position=self.views.position())
        last_position = self.events.last_position()
        if self.opener is not None and self.workers > 1 and last_position >= self.parallel_from:
            start_processes(self.opener)  # they take a second to start: meanwhile the ledgers are found
        # The views are read in a thread while the events are replayed: the two take comparable time.
        with ThreadPoolExecutor(1) as reader:
            in_views = reader.submit(self._in_views, scope)
            openings = list(self.events.openings())
            ledgers = sorted(_in_scope(openings, scope), key=_by_id)
            if progress is not None:
                progress.found(len(ledgers))
            # The log's size shared out by ledger is a fair guess at the events in scope.
            guess = last_position * len(ledgers) // max(1, len(openings))
            whole = add_parts(self._parts(ledgers, scope, guess, progress))
            self._take_back_newer(report, whole, ledgers, scope)
            views = in_views.result()
        self._read_unopened(whole, views, {opening.originator_id for opening in openings})
        report.events_read, report.ledgers, report.records = whole.events_read, whole.ledgers, whole.records
        report.breaks = [found for _, found in sorted(whole.breaks, key=itemgetter(0))]
        _compare(report, whole, views)
        return report

    def _parts(
        self, ledgers: list[Ledger], scope: AuditScope, guess: int, progress: AuditProgress | None
    ) -> list[AuditPart]:
        if self.opener is not None and self.workers > 1 and len(ledgers) > 1 and guess >= self.parallel_from:
            return replay_in_parts(self.events, self.opener, ledgers, scope, self.workers, progress)
        return [replay_ledgers(self.events, ledgers, scope, progress)]

    def _take_back_newer(
        self, report: AuditReport, whole: AuditPart, ledgers: list[Ledger], scope: AuditScope
    ) -> None:
        """Records newer than the views were verified and summed with the rest; they are taken back
        out of the sums here. Read after the replay, they include every such record it read."""
        users = {ledger.ledger_id: ledger.user_id for ledger in ledgers}
        for event in self.events.records_after(report.views_position):
            read_up_to = whole.read_up_to.get(event.originator_id)
            if read_up_to is not None and event.originator_version <= read_up_to:
                report.not_yet_projected += 1
                usage = usage_of(vars(event))
                if usage is not None and scope.covers_day(usage[0]):
                    add_to(
                        whole.tally, (users[event.originator_id], usage[0]), [-value for value in usage[1]]
                    )

    def _read_unopened(self, whole: AuditPart, views: Sums, opened: set[UUID]) -> None:
        """Ledgers the views count whose opening event is gone, found by their ids: the log finds ledgers by
        their openings. (One whose records the views never counted either goes unseen: nothing names
        its user, and it has no total to differ.)"""
        months = {(user_id, day.year, day.month) for user_id, day in views}
        missing = sorted(
            {usage_ledger_id_of(user, f"{year:04d}-{month:02d}") for user, year, month in months} - opened
        )
        for ledger_id, stream in zip(missing, self.events.ledgers(missing), strict=True):
            whole.events_read += len(stream)
            if stream and type(stream[0]) is not OPENED:  # else opened since the openings were read
                whole.breaks.append((ledger_id, no_opening(ledger_id, stream)))

    def _in_views(self, scope: AuditScope) -> Sums:
        return self.views.usage_day_counts(USAGE_FIELDS, scope.user_id, scope.since, scope.until)


def _in_scope(openings: list[Event], scope: AuditScope) -> Iterator[Ledger]:
    for opening in openings:
        state = vars(opening)
        user_id, period = int(state["user_id"]), str(state["period"])
        if scope.covers_user(user_id) and scope.covers_period(period):
            yield Ledger(opening.originator_id, user_id, period)


def _by_id(ledger: Ledger) -> UUID:
    return ledger.ledger_id


def _compare(report: AuditReport, whole: AuditPart, in_views: Sums) -> None:
    expected: Sums = {key: _values(sums) for key, sums in whole.tally.items()}
    nothing = (0,) * len(USAGE_FIELDS)
    differing = []
    if expected != in_views:  # compared whole first: an audit usually finds nothing
        differing = [key for key, ours in expected.items() if in_views.get(key, nothing) != ours]
        differing += [key for key, theirs in in_views.items() if key not in expected and theirs != nothing]
    for user_id, day in sorted(differing):
        ours, theirs = expected.get((user_id, day), nothing), in_views.get((user_id, day), nothing)
        for name, our_value, their_value in zip(USAGE_FIELDS, ours, theirs, strict=True):
            if our_value != their_value:
                report.mismatches.append(TotalsMismatch(user_id, day, name, our_value, their_value))
    report.from_events = _total(expected.values())
    report.in_views = _total(in_views.values())


def _total(rows: Collection[tuple[int, ...]]) -> UsageCounts:
    sums = [sum(map(itemgetter(index), rows)) for index in range(len(USAGE_FIELDS))]
    return UsageCounts(**dict(zip(USAGE_FIELDS, sums, strict=True)))
