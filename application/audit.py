"""The audit replay: usage totals rebuilt from the event store alone, checked against the views and
every ledger's digest chain."""

from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from operator import itemgetter

from application.audit_ledgers import TALLIED, Advance, AuditPart, Tally, add_tallies, replay_ledgers
from application.audit_model import USAGE_FIELDS, AuditReport, AuditScope, TotalsMismatch
from application.audit_parallel import PARALLEL_FROM, ReopenableLog, available_cpus, replay_in_parts
from application.audit_stored import StoredUsageLog, verified_stored
from application.ports import AnalyticsViews, EventLog
from application.projection_model import UsageCounts
from application.projection_topics import USAGE_LEDGER_TOPICS

__all__ = ["Advance", "UsageAudit"]

# Totals are compared as tuples in USAGE_FIELDS order: an audit of a busy year compares millions.
Sums = dict[tuple[int, date], tuple[int, ...]]
_values = itemgetter(*(TALLIED.index(name) for name in USAGE_FIELDS))
"""A tally's sums in USAGE_FIELDS order."""


class UsageAudit:
    """Replays every usage ledger in scope and reports each broken chain and each total that differs.

    A large log is replayed by several processes (one per CPU unless `workers` says otherwise) when
    the event log can be opened from another process; the report is the same either way.
    """

    def __init__(
        self,
        events: EventLog,
        views: AnalyticsViews,
        workers: int | None = None,
        parallel_from: int = PARALLEL_FROM,
    ) -> None:
        self.events, self.views = events, views
        self.workers = workers if workers is not None else available_cpus()
        self.parallel_from = parallel_from

    def count_events(self) -> int:
        return self.events.count(USAGE_LEDGER_TOPICS)

    def replay(self, scope: AuditScope, advance: Advance | None = None) -> AuditReport:
        report = AuditReport(scope, views_position=self.views.position())
        # The views are read in a thread while the events are replayed: the two take comparable time.
        with ThreadPoolExecutor(1) as reader:
            in_views = reader.submit(self._in_views, scope)
            expected: Tally = {}
            for part in self._parts(scope, report.views_position, advance):
                report.events_read += part.events_read
                report.ledgers += part.ledgers
                report.records += part.records
                report.not_yet_projected += part.not_yet_projected
                report.breaks.extend(part.breaks)
                add_tallies(expected, part.tally)
            _compare(report, expected, in_views.result())
        return report

    def _parts(self, scope: AuditScope, views_position: int, advance: Advance | None) -> list[AuditPart]:
        opener = self.events.reopener() if isinstance(self.events, ReopenableLog) else None
        if opener is not None and self.workers > 1 and self.events.last_position() >= self.parallel_from:
            return replay_in_parts(opener, scope, views_position, self.workers, advance)
        if isinstance(self.events, StoredUsageLog):
            part = verified_stored(self.events, scope, views_position, advance=advance)
            if part is not None:
                return [part]
        return [replay_ledgers(self.events.streams(USAGE_LEDGER_TOPICS), scope, views_position, advance)]

    def _in_views(self, scope: AuditScope) -> Sums:
        return self.views.usage_day_counts(USAGE_FIELDS, scope.user_id, scope.since, scope.until)


def _compare(report: AuditReport, tally: Tally, in_views: Sums) -> None:
    expected: Sums = {key: _values(sums) for key, sums in tally.items()}
    nothing = (0,) * len(USAGE_FIELDS)
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
