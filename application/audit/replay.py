"""The audit replay: usage totals rebuilt from the event store alone, checked against the views and
every ledger's digest chain."""

from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from itertools import chain
from operator import itemgetter
from uuid import UUID

from application.audit.joins import Findings, join_runs
from application.audit.ledgers import TALLIED, Event, Ledger, Run, add_to, read_run, usage_of
from application.audit.model import USAGE_FIELDS, AuditProgress, AuditReport, AuditScope, TotalsMismatch
from application.audit.parts import available_cpus, read_alone, read_in_parts, start_processes
from application.ports import AnalyticsViews, UsageLedgerEvents, UsageLedgerEventsOpener
from application.unreadable import UnreadableEvent
from application.views import UsageCounts
from domain.ids import usage_ledger_id_of

# Totals are compared as tuples in USAGE_FIELDS order: an audit of a busy year compares millions.
Sums = dict[tuple[int, date], tuple[int, ...]]
_values = itemgetter(*(TALLIED.index(name) for name in USAGE_FIELDS))
"""A tally's sums in USAGE_FIELDS order."""
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
        in_parts = self.opener is not None and self.workers > 1 and last_position >= self.parallel_from
        if in_parts and scope.user_id is None and self.opener is not None:
            start_processes(self.opener)  # they take a second to start: meanwhile the ledgers are found
        # The views are read in a thread while the events are replayed: the two take comparable time.
        with ThreadPoolExecutor(1) as reader:
            in_views = reader.submit(self._in_views, scope)
            opened = {
                opening.originator_id: _in_scope(opening, scope)
                for opening in self.events.openings()
                if type(opening) is not UnreadableEvent  # its ledger is reported as having no opening
            }
            if scope.user_id is not None:
                runs = [self._read_ledgers(opened, in_views.result(), scope, progress)]
            else:
                if progress is not None:
                    progress.found(last_position)
                runs = self._read_log(opened, scope, last_position, in_parts, progress)
            views = in_views.result()
        unopened = _unopened(views, opened)
        findings = join_runs(runs, lambda ledger_id: scope.covers_everything() or ledger_id in unopened)
        self._take_back_newer(report, findings, opened, scope)
        report.events_read, report.ledgers, report.records = (
            findings.events_read,
            findings.ledgers,
            findings.records,
        )
        report.breaks = findings.breaks
        _compare(report, findings, views)
        return report

    def _read_log(
        self,
        opened: Mapping[UUID, Ledger | None],
        scope: AuditScope,
        last_position: int,
        in_parts: bool,
        progress: AuditProgress | None,
    ) -> list[Run]:
        if in_parts and self.opener is not None:
            return read_in_parts(
                self.events, self.opener, opened, scope, last_position, self.workers, progress
            )
        return read_alone(self.events, opened, scope, last_position, progress)

    def _read_ledgers(
        self,
        opened: Mapping[UUID, Ledger | None],
        views: Sums,
        scope: AuditScope,
        progress: AuditProgress | None,
    ) -> Run:
        """One user's ledgers, read ledger by ledger: those opened, and those the views count whose
        opening is gone."""
        ledger_ids = sorted(
            {ledger_id for ledger_id, ledger in opened.items() if ledger} | _unopened(views, opened)
        )
        if progress is not None:
            progress.found(len(ledger_ids))
        run = read_run(chain.from_iterable(self.events.ledgers(ledger_ids)), opened, scope)
        if progress is not None:
            progress.replayed(len(ledger_ids))
        return run

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
                    add_to(findings.tally, (ledger.user_id, usage[0]), [-value for value in usage[1]])

    def _in_views(self, scope: AuditScope) -> Sums:
        return self.views.usage_day_counts(USAGE_FIELDS, scope.user_id, scope.since, scope.until)


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
    expected: Sums = {key: _values(sums) for key, sums in findings.tally.items()}
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
