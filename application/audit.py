"""The audit replay: usage totals rebuilt from the event store alone, checked against the views and
every ledger's digest chain."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from itertools import groupby
from typing import Any

from application.audit_model import USAGE_FIELDS, AuditReport, AuditScope, LedgerBreak, TotalsMismatch
from application.ports import AnalyticsViews, EventLog
from application.projection_model import LoggedEvent, UsageCounts
from application.projection_topics import LEDGER_OPENED, USAGE_LEDGER_TOPICS
from domain.digest import ChainedRecord, verify_chain
from domain.usage import ModelUsage, UsageKind, usage_fields

Advance = Callable[[int], None]
"""Told how many more events were read."""

# Summed per (user, day) as plain lists: this loop runs once per record of every ledger in scope.
Tally = dict[tuple[int, date], list[int]]
RECORD_COUNTERS = ("input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
DIGESTED_FIELDS = tuple(usage_fields("", ModelUsage(""), 0, datetime.now(UTC)))
PROGRESS_EVERY = 5000


class UsageAudit:
    """Replays every usage ledger in scope and reports each broken chain and each total that differs."""

    def __init__(self, events: EventLog, views: AnalyticsViews) -> None:
        self.events, self.views = events, views

    def count_events(self) -> int:
        return self.events.count(USAGE_LEDGER_TOPICS)

    def replay(self, scope: AuditScope, advance: Advance | None = None) -> AuditReport:
        report = AuditReport(scope, views_position=self.views.position())
        expected: Tally = {}
        counted = _Counter(advance)
        for _, stream in groupby(counted.through(self.events.streams(USAGE_LEDGER_TOPICS)), _stream_of):
            self._replay_ledger(stream, scope, report, expected)
        counted.flush()
        report.events_read = counted.total
        self._compare(report, expected)
        return report

    def _replay_ledger(
        self,
        stream: Iterator[LoggedEvent],
        scope: AuditScope,
        report: AuditReport,
        expected: Tally,
    ) -> None:
        opened = next(stream)
        if opened.topic != LEDGER_OPENED:
            problem = f"ledger {opened.originator_id} has no opening event"
            report.breaks.append(LedgerBreak(None, "?", 0, str(opened.state.get("request_id", "?")), problem))
            return
        user_id, period = int(opened.state["user_id"]), str(opened.state["period"])
        if not (scope.covers_user(user_id) and scope.covers_period(period)):
            return
        report.ledgers += 1

        def chained() -> Iterator[ChainedRecord]:
            for event in stream:
                report.records += 1
                self._count(event, user_id, scope, report, expected)
                fields = {name: event.state.get(name) for name in DIGESTED_FIELDS}
                yield ChainedRecord(
                    fields, str(event.state.get("prev_digest")), str(event.state.get("digest"))
                )

        for found in verify_chain(user_id, period, chained()):
            report.breaks.append(
                LedgerBreak(user_id, period, found.position, found.request_id, found.problem)
            )

    @staticmethod
    def _count(
        event: LoggedEvent, user_id: int, scope: AuditScope, report: AuditReport, expected: Tally
    ) -> None:
        if event.position > report.views_position:
            report.not_yet_projected += 1
            return
        state = event.state
        try:
            day = _day_of(state)
            values = [int(state[name]) for name in RECORD_COUNTERS]
        except (KeyError, TypeError, ValueError):
            return  # unreadable, and so already a chain break: its digest cannot match
        if scope.covers_day(day):
            documents = 1 if state.get("kind") == UsageKind.DOCUMENT.value else 0
            tally = expected.setdefault((user_id, day), [0] * (len(RECORD_COUNTERS) + 2))
            for index, value in enumerate(values):
                tally[index] += value
            tally[-2] += 1
            tally[-1] += documents

    def _compare(self, report: AuditReport, tally: Tally) -> None:
        expected = {key: _counts(values) for key, values in tally.items()}
        scope = report.scope
        rows = self.views.usage_days(scope.user_id, scope.since, scope.until)
        in_views = {(row.user_id, row.day): row.counts for row in rows}
        for user_id, day in sorted(set(expected) | set(in_views)):
            ours, theirs = (
                expected.get((user_id, day), UsageCounts()),
                in_views.get((user_id, day), UsageCounts()),
            )
            for name in USAGE_FIELDS:
                if getattr(ours, name) != getattr(theirs, name):
                    mismatch = TotalsMismatch(user_id, day, name, getattr(ours, name), getattr(theirs, name))
                    report.mismatches.append(mismatch)
        report.from_events = _usage_only(expected.values())
        report.in_views = _usage_only(in_views.values())


def _counts(values: list[int]) -> UsageCounts:
    input_tokens, output_tokens, cached_tokens, images, cost_micros, requests, documents = values
    return UsageCounts(requests, input_tokens, output_tokens, cached_tokens, images, documents, cost_micros)


def _usage_only(counts: Iterable[UsageCounts]) -> UsageCounts:
    total = sum(counts, UsageCounts())
    return UsageCounts(**{name: getattr(total, name) for name in USAGE_FIELDS})


def _stream_of(event: LoggedEvent) -> Any:
    return event.originator_id


def _day_of(state: Mapping[str, Any]) -> date:
    at = state["at"]
    if not isinstance(at, datetime):
        raise TypeError("the record's time is not a timestamp")
    return at.astimezone(UTC).date()


class _Counter:
    """Counts events on their way through and reports progress every few thousand."""

    def __init__(self, advance: Advance | None) -> None:
        self.advance, self.total, self.unreported = advance, 0, 0

    def through(self, events: Iterable[LoggedEvent]) -> Iterator[LoggedEvent]:
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
