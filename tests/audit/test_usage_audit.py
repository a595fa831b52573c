"""The audit replay on SQLite and PostgreSQL: totals from the events alone, and every digest chain."""

from datetime import date

from application.audit_model import AuditScope
from application.projection_model import UsageCounts
from domain.usage import ModelUsage, UsageLedger
from tests.audit.conftest import RECORDS_PER_USER, USERS, AuditedStore
from tests.audit.tampering import alter_record, delete_record
from tests.projections.bulk import DAY_ONE


def test_an_untouched_store_verifies_and_its_totals_match_the_views(audited: AuditedStore) -> None:
    report = audited.audit.replay(AuditScope())

    assert report.ok, (report.breaks, report.mismatches)
    assert (report.ledgers, report.records) == (USERS, USERS * RECORDS_PER_USER)
    in_views = sum((user.counts for user in audited.views.users()), UsageCounts())
    assert report.from_events == report.in_views
    assert report.from_events.cost_micros == in_views.cost_micros > 0
    assert report.from_events.requests == USERS * RECORDS_PER_USER


def test_a_record_edited_in_the_database_is_reported_with_its_user_and_request(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-3-7", cost_micros=1)

    report = audited.audit.replay(AuditScope())

    assert not report.ok
    assert [(b.user_id, b.request_id, b.problem) for b in report.breaks] == [
        (3, "request-3-7", "content does not match its digest")
    ]
    assert {(m.user_id, m.field) for m in report.mismatches} == {(3, "cost_micros")}


def test_a_record_deleted_from_the_middle_of_a_ledger_breaks_its_chain(audited: AuditedStore) -> None:
    delete_record(audited.url, "request-2-10")

    report = audited.audit.replay(AuditScope())

    assert [(b.user_id, b.request_id) for b in report.breaks] == [(2, "request-2-11")]
    assert {m.user_id for m in report.mismatches} == {2}


def test_a_user_scope_leaves_out_other_users_ledgers(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-3-7", input_tokens=0)

    assert audited.audit.replay(AuditScope(user_id=1)).ok
    assert not audited.audit.replay(AuditScope(user_id=3)).ok


def test_a_date_scope_compares_only_the_days_inside_it(audited: AuditedStore) -> None:
    day = date(2026, 11, 3)
    report = audited.audit.replay(AuditScope(since=day, until=day))

    rows = audited.views.usage_days(None, day, day)
    assert report.ok and rows
    assert report.from_events.cost_micros == sum(row.counts.cost_micros for row in rows)


def test_records_newer_than_the_views_are_verified_but_not_compared(audited: AuditedStore) -> None:
    ledger = UsageLedger.open(9, DAY_ONE)
    for n in range(5):
        ledger.record(f"late-{n}", ModelUsage("model-a", input_tokens=n), 10, DAY_ONE)
    audited.store.app.save(ledger)

    untouched = audited.audit.replay(AuditScope())
    alter_record(audited.url, "late-2", input_tokens=99)
    altered = audited.audit.replay(AuditScope())

    assert untouched.ok and untouched.not_yet_projected == 5
    assert untouched.records == USERS * RECORDS_PER_USER + 5
    assert [(b.user_id, b.request_id) for b in altered.breaks] == [(9, "late-2")]
    assert altered.mismatches == []
