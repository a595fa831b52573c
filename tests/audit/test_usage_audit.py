"""The audit replay on SQLite and PostgreSQL: totals from the events alone, and every digest chain."""

from datetime import date

from application.audit import USAGE_FIELDS, AuditScope
from application.audit.ledgers import TALLIED
from application.views import UsageCounts
from domain.ids import usage_ledger_id_of
from domain.usage import ModelUsage, UsageLedger
from tests.audit.conftest import RECORDS_PER_USER, USERS, AuditedStore
from tests.audit.tampering import alter_record, delete_opening, delete_record, garble_record
from tests.projections.bulk import DAY_ONE


def test_an_untouched_store_verifies_and_its_totals_match_the_views(audited: AuditedStore) -> None:
    report = audited.audit().replay(AuditScope())

    assert report.ok, (report.breaks, report.mismatches)
    assert (report.ledgers, report.records) == (USERS, USERS * RECORDS_PER_USER)
    assert report.events_read == USERS * (RECORDS_PER_USER + 1)
    in_views = sum((user.counts for user in audited.views.users()), UsageCounts())
    assert report.from_events == report.in_views
    assert report.from_events.cost_micros == in_views.cost_micros > 0
    assert report.from_events.requests == USERS * RECORDS_PER_USER


def test_a_record_edited_in_the_database_is_reported_with_its_user_and_request(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-3-7", cost_micros=1)

    report = audited.audit().replay(AuditScope())

    assert not report.ok
    assert [(b.user_id, b.request_id, b.problem) for b in report.breaks] == [
        (3, "request-3-7", "content does not match its digest")
    ]
    assert {(m.user_id, m.field) for m in report.mismatches} == {(3, "cost_micros")}


def test_a_record_edited_to_another_spelling_of_its_values_is_reported(audited: AuditedStore) -> None:
    # The same instant written another way ("Z" for "+00:00") is still not the record that was chained.
    alter_record(audited.url, "request-1-3", at={"_type_": "datetime_iso", "_data_": "2026-11-01T15:00:00Z"})
    alter_record(audited.url, "request-4-9", model="mod\u00e8l")

    report = audited.audit().replay(AuditScope())

    assert sorted((b.user_id, b.request_id) for b in report.breaks) == [
        (1, "request-1-3"),
        (4, "request-4-9"),
    ]


def test_a_record_deleted_from_the_middle_of_a_ledger_breaks_its_chain(audited: AuditedStore) -> None:
    delete_record(audited.url, "request-2-10")

    report = audited.audit().replay(AuditScope())

    assert [(b.user_id, b.record, b.request_id) for b in report.breaks] == [(2, 10, "request-2-11")]
    assert {m.user_id for m in report.mismatches} == {2}


def test_a_record_that_cannot_be_read_is_reported_in_its_place_and_the_rest_is_still_verified(
    audited: AuditedStore,
) -> None:
    alter_record(audited.url, "request-3-9", cost_micros=1)
    garble_record(audited.url, "request-3-7")

    report = audited.audit().replay(AuditScope())

    assert [(b.user_id, b.record, b.request_id) for b in report.breaks] == [
        (3, 7, "?"),
        (3, 9, "request-3-9"),
    ]
    assert "cannot be read" in report.breaks[0].problem
    assert "content does not match" in report.breaks[1].problem
    assert {m.user_id for m in report.mismatches} == {3}
    assert report.events_read == USERS * (RECORDS_PER_USER + 1)


def test_a_ledger_whose_opening_event_was_deleted_is_reported(audited: AuditedStore) -> None:
    delete_opening(audited.url, 2)

    report = audited.audit().replay(AuditScope())

    assert [(b.user_id, b.record, b.request_id) for b in report.breaks] == [(None, 0, "request-2-0")]
    assert "has no opening event" in report.breaks[0].problem
    assert {m.user_id for m in report.mismatches} == {2}
    assert report.events_read == USERS * (RECORDS_PER_USER + 1) - 1


def test_a_user_scope_leaves_out_other_users_ledgers(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-3-7", input_tokens=0)

    only_one = audited.audit().replay(AuditScope(user_id=1))

    assert only_one.ok and only_one.ledgers == 1 and only_one.events_read == RECORDS_PER_USER + 1
    assert not audited.audit().replay(AuditScope(user_id=3)).ok


def test_a_date_scope_compares_only_the_days_inside_it(audited: AuditedStore) -> None:
    day = date(2026, 11, 3)
    report = audited.audit().replay(AuditScope(since=day, until=day))

    rows = audited.views.usage_days(None, day, day)
    assert report.ok and rows
    assert report.from_events.cost_micros == sum(row.counts.cost_micros for row in rows)


def test_records_newer_than_the_views_are_verified_but_not_compared(audited: AuditedStore) -> None:
    ledger = UsageLedger.open(9, DAY_ONE)
    for n in range(5):
        ledger.record(f"late-{n}", ModelUsage("model-a", input_tokens=n), 10, DAY_ONE)
    projected: UsageLedger = audited.store.app.repository.get(usage_ledger_id_of(1, "2026-11"))
    for n in range(2):
        projected.record(f"later-{n}", ModelUsage("model-b", output_tokens=7), 30, DAY_ONE)
    audited.store.app.save(ledger, projected)

    untouched = audited.audit().replay(AuditScope())
    alter_record(audited.url, "late-2", input_tokens=99)
    alter_record(audited.url, "later-1", output_tokens=70)
    altered = audited.audit().replay(AuditScope())

    assert untouched.ok and untouched.not_yet_projected == 7
    assert untouched.records == USERS * RECORDS_PER_USER + 7
    assert untouched.from_events == untouched.in_views
    assert sorted((b.user_id, b.request_id) for b in altered.breaks) == [(1, "later-1"), (9, "late-2")]
    assert altered.mismatches == []


def test_the_audit_sums_every_counter_the_views_keep_for_usage() -> None:
    assert sorted(TALLIED) == sorted(USAGE_FIELDS)
