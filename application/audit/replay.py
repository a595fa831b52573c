"""The audit replay: usage totals rebuilt from the event store alone, checked against the views and
every ledger's digest chain."""

from collections.abc import Collection, Mapping
from datetime import date
from itertools import chain
from operator import itemgetter
from uuid import UUID

from application.audit.joins import Findings, join_runs
from application.audit.ledgers import TALLIED, Event, Ledger, Run, RunSums, add_to, read_run, usage_of
from application.audit.model import USAGE_FIELDS, AuditProgress, AuditReport, AuditScope, TotalsMismatch
from application.audit.parts import LogReading, available_cpus, read_alone, read_in_parts, start_processes
from application.ports import AnalyticsViews, UsageLedgerEvents, UsageLedgerEventsOpener
from application.unreadable import UnreadableEvent
from application.views import UsageCounts
from domain.ids import usage_ledger_id_of

Sums = dict[tuple[int, date], tuple[int, ...]]
"""The views' daily rows, in the shape of a tally: their counters in TALLIED order."""
PARALLEL_FROM = 50_000
"""Positions of the log below which one process is quicker than starting several."""


class UsageAudit:
    """Replays every usage ledger in scope and reports each broken chain and each total that differs.

    The log is read in order, in ranges; with an `opener` (the ledger events opened again in another
    process), a large log is read by several processes, one per CPU unless `workers` says otherwise.
    One user's audit reads that user's ledgers alone. The report is the same whichever way it is read.
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
        in_parts = (
            scope.user_id is None
            and self.opener is not None
            and self.workers > 1
            and last_position >= self.parallel_from
        )
        if in_parts and self.opener is not None:
            start_processes(self.opener)  # they take a second to start: meanwhile the ledgers are found
        reading = LogReading(self._openings(scope), scope, RunSums(), progress)
        views: Sums = {}
        runs = self._read(reading, last_position, in_parts, views)
        unopened = _unopened(views, reading.opened)
        findings = join_runs(
            runs, reading.sums.tally, lambda ledger: scope.covers_everything() or ledger in unopened
        )
        self._take_back_newer(report, findings, reading.opened, scope)
        report.events_read, report.ledgers = findings.events_read, findings.ledgers
        report.records, report.breaks = findings.records, findings.breaks
        _compare(report, findings, views)
        return report

    def _openings(self, scope: AuditScope) -> dict[UUID, Ledger | None]:
        """Every ledger the log opens, with what it is if it is in scope."""
        return {
            opening.originator_id: _in_scope(opening, scope)
            for opening in self.events.openings()
            if type(opening) is not UnreadableEvent  # its ledger is reported as having no opening
        }

    def _read(self, reading: LogReading, last_position: int, in_parts: bool, views: Sums) -> list[Run]:
        """The runs of the audit, in log order; `views` is filled with the views' sums meanwhile."""

        def read_views() -> None:
            views.update(self._in_views(reading.scope))

        if reading.scope.user_id is not None:
            read_views()
            return [self._read_ledgers(reading, _unopened(views, reading.opened))]
        if reading.progress is not None:
            reading.progress.found(last_position)
        if in_parts and self.opener is not None:  # the views are read while the workers start reading
            return read_in_parts(self.events, self.opener, reading, last_position, self.workers, read_views)
        read_views()
        return read_alone(self.events, reading, last_position)

    def _read_ledgers(self, reading: LogReading, unopened: set[UUID]) -> Run:
        """One user's ledgers, read ledger by ledger: those opened, and those the views count whose
        opening is gone."""
        opened = reading.opened
        ledger_ids = sorted({ledger_id for ledger_id, ledger in opened.items() if ledger} | unopened)
        if reading.progress is not None:
            reading.progress.found(len(ledger_ids))
        run = read_run(chain.from_iterable(self.events.ledgers(ledger_ids)), opened, reading.scope)
        return reading.done((0, len(ledger_ids)), run)

    def _take_back_newer(
        self, report: AuditReport, findings: Findings, opened: Mapping[UUID, Ledger | None], scope: AuditScope
    ) -> None:
        """Records newer than the views were verified and summed with the rest; they are taken back
        out of the sums here. Read after the replay, they include every such record it read."""
        for event in self.events.records_after(report.views_position):
            if type(event) is UnreadableEvent:  # a break already, summed by neither side
                continue
            read_up_to = findings.read_up_to.get(event.originator_id)
            ledger = opened.get(event.originator_id)
            if ledger is not None and read_up_to is not None and event.originator_version <= read_up_to:
                report.not_yet_projected += 1
                usage = usage_of(vars(event))
                if usage is not None and scope.covers_day(usage[0]):
                    add_to(findings.tally, (ledger.user_id, usage[0]), tuple(-value for value in usage[1]))

    def _in_views(self, scope: AuditScope) -> Sums:
        return self.views.usage_day_counts(TALLIED, scope.user_id, scope.since, scope.until)


def _in_scope(opening: Event, scope: AuditScope) -> Ledger | None:
    state = vars(opening)
    user_id, period = int(state["user_id"]), str(state["period"])
    if scope.covers_user(user_id) and scope.covers_period(period):
        return Ledger(opening.originator_id, user_id, period)
    return None


def _unopened(views: Sums, opened: Mapping[UUID, Ledger | None]) -> set[UUID]:
    """The ledgers the views count whose opening event is gone, found by their ids. (One whose records
    the views never counted either goes unseen by a scoped audit: nothing names its user.)"""
    months = {(user_id, day.year, day.month) for user_id, day in views}
    return {
        usage_ledger_id_of(user, f"{year:04d}-{month:02d}") for user, year, month in months
    } - opened.keys()


def _compare(report: AuditReport, findings: Findings, in_views: Sums) -> None:
    expected = findings.tally
    nothing = (0,) * len(TALLIED)
    differing = []
    if expected != in_views:  # compared whole first: an audit usually finds nothing
        differing = [key for key, ours in expected.items() if in_views.get(key, nothing) != ours]
        differing += [key for key, theirs in in_views.items() if key not in expected and theirs != nothing]
    for user_id, day in sorted(differing):
        ours, theirs = expected.get((user_id, day), nothing), in_views.get((user_id, day), nothing)
        for name, our_value, their_value in zip(TALLIED, ours, theirs, strict=True):
            if our_value != their_value:
                report.mismatches.append(TotalsMismatch(user_id, day, name, our_value, their_value))
    report.mismatches.sort(key=_in_field_order)
    report.from_events = _total(expected.values())
    report.in_views = _total(in_views.values())


def _in_field_order(mismatch: TotalsMismatch) -> tuple[int, date, int]:
    return mismatch.user_id, mismatch.day, USAGE_FIELDS.index(mismatch.field)


def _total(rows: Collection[tuple[int, ...]]) -> UsageCounts:
    sums = [sum(map(itemgetter(index), rows)) for index in range(len(TALLIED))]
    return UsageCounts(**dict(zip(TALLIED, sums, strict=True)))
