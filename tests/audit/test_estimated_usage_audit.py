"""The audit keeps the bot's estimates apart, on SQLite and PostgreSQL: their mark is chained with the
record, their totals are compared with the views' estimated part, and a store written before the mark
existed still audits OK."""

from collections.abc import Callable, Iterator

import pytest

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.audit import AuditScope
from application.projection.catch_up import Projector
from application.views import UsageCounts
from domain.ids import usage_ledger_id_of
from domain.usage import ModelUsage, UsageLedger
from tests.audit.conftest import AuditedStore
from tests.audit.tampering import alter_record, drop_from_every_record
from tests.projections.bulk import DAY_ONE, fill

USERS, RECORDS_PER_USER, ESTIMATED_EVERY = 3, 20, 4
ESTIMATED_PER_USER = len(range(0, RECORDS_PER_USER, ESTIMATED_EVERY))


def audited_store(
    url: str, estimated_every: int, written: Callable[[str], object] | None = None
) -> AuditedStore:
    """A store of usage records, changed by `written` before its views are opened and projected."""
    store = EventStoreAggregates.from_database_url(url)
    fill(store, USERS, RECORDS_PER_USER, estimated_every=estimated_every)
    if written is not None:
        written(url)
    views = SqlAnalyticsViews.open(url)
    projector = Projector(EventStoreLog(store.app), views)
    projector.catch_up()
    return AuditedStore(url, store, views, projector)


@pytest.fixture
def estimating(durable_store_url: str) -> Iterator[AuditedStore]:
    """Every fourth record of each user is the bot's estimate."""
    audited = audited_store(durable_store_url, ESTIMATED_EVERY)
    try:
        yield audited
    finally:
        audited.views.close()
        audited.store.close()


def views_total(audited: AuditedStore) -> UsageCounts:
    return sum((user.counts for user in audited.views.users()), UsageCounts())


def test_estimates_are_counted_apart_in_the_views_and_by_the_audit(estimating: AuditedStore) -> None:
    report = estimating.audit().replay(AuditScope())

    assert report.ok, (report.breaks, report.mismatches)
    in_views = views_total(estimating)
    assert report.from_events == report.in_views
    assert report.from_events.estimated_requests == in_views.estimated_requests == USERS * ESTIMATED_PER_USER
    assert report.from_events.estimated_cost_micros == in_views.estimated_cost_micros
    assert 0 < report.from_events.estimated_cost_micros < report.from_events.cost_micros
    users, estimated = range(1, USERS + 1), range(0, RECORDS_PER_USER, ESTIMATED_EVERY)
    expected_cost = sum(1_000 + n * user for user in users for n in estimated)  # as `fill` prices them
    assert report.from_events.estimated_cost_micros == expected_cost


def test_an_estimate_unmarked_in_the_database_breaks_its_chain_and_its_estimated_totals(
    estimating: AuditedStore,
) -> None:
    alter_record(estimating.url, "request-2-4", estimated=False)

    report = estimating.audit().replay(AuditScope())

    assert [(b.user_id, b.request_id) for b in report.breaks] == [(2, "request-2-4")]
    assert {(m.user_id, m.field) for m in report.mismatches} == {
        (2, "estimated_requests"),
        (2, "estimated_cost_micros"),
    }


def test_a_reported_record_marked_as_estimated_in_the_database_breaks_its_chain(
    estimating: AuditedStore,
) -> None:
    alter_record(estimating.url, "request-1-5", estimated=True)
    alter_record(estimating.url, "request-3-6", estimated=0)

    report = estimating.audit().replay(AuditScope())

    assert sorted((b.user_id, b.request_id) for b in report.breaks) == [
        (1, "request-1-5"),
        (3, "request-3-6"),
    ]
    assert {(m.user_id, m.field) for m in report.mismatches} == {
        (1, "estimated_requests"),
        (1, "estimated_cost_micros"),
    }


def test_a_store_written_before_estimates_were_marked_audits_ok_with_nothing_estimated(
    durable_store_url: str,
) -> None:
    stripped: list[int] = []
    old = audited_store(
        durable_store_url, 0, lambda url: stripped.append(drop_from_every_record(url, "estimated"))
    )
    try:
        report = old.audit().replay(AuditScope())

        assert stripped == [USERS * RECORDS_PER_USER]
        assert report.ok, (report.breaks, report.mismatches)
        assert report.records == USERS * RECORDS_PER_USER
        assert report.from_events == report.in_views
        assert report.from_events.requests == USERS * RECORDS_PER_USER
        assert (report.from_events.estimated_requests, report.from_events.estimated_cost_micros) == (0, 0)
        ledger = old.store.app.repository.get(usage_ledger_id_of(1, "2026-11"))
        assert ledger.verify() == [] and not any(r.usage.estimated for r in ledger.records)
    finally:
        old.views.close()
        old.store.close()


def test_an_audit_in_parts_counts_the_estimates_as_one_pass_does(estimating: AuditedStore) -> None:
    alter_record(estimating.url, "request-3-8", estimated=False)

    in_parts = estimating.audit(workers=2).replay(AuditScope())

    assert in_parts == estimating.audit(workers=1).replay(AuditScope())
    assert in_parts.from_events.estimated_requests == USERS * ESTIMATED_PER_USER - 1
    assert [(b.user_id, b.request_id) for b in in_parts.breaks] == [(3, "request-3-8")]


def test_estimates_newer_than_the_views_are_verified_but_not_compared(estimating: AuditedStore) -> None:
    ledger: UsageLedger = estimating.store.app.repository.get(usage_ledger_id_of(2, "2026-11"))
    ledger.record("late-estimate", ModelUsage("model-a", input_tokens=5, estimated=True), 70, DAY_ONE)
    ledger.record("late-reported", ModelUsage("model-a", input_tokens=5), 30, DAY_ONE)
    estimating.store.app.save(ledger)

    report = estimating.audit().replay(AuditScope())
    alter_record(estimating.url, "late-estimate", estimated=False)
    altered = estimating.audit().replay(AuditScope())

    assert report.ok and report.not_yet_projected == 2
    assert report.from_events == report.in_views
    assert report.from_events.estimated_requests == USERS * ESTIMATED_PER_USER
    assert [(b.user_id, b.request_id) for b in altered.breaks] == [(2, "late-estimate")]
    assert altered.mismatches == []
