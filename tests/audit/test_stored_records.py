"""The audit's quick pass over stored bytes: taken for the records the bot writes, and never kinder
than the full decode to a record edited behind the application's back."""

from adapters.sql.event_log import EventStoreLog
from application.audit import UsageAudit
from application.audit_ledgers import replay_ledgers
from application.audit_model import AuditScope
from application.audit_stored import StoredLedgers, verified_stored
from application.projection_topics import USAGE_LEDGER_TOPICS
from tests.audit.conftest import RECORDS_PER_USER, USERS, AuditedStore
from tests.audit.tampering import alter_record


def _both_ways(audited: AuditedStore) -> tuple[object, object]:
    log = EventStoreLog(audited.store.app)
    position = audited.views.position()
    quick = verified_stored(log, AuditScope(), position)
    full = replay_ledgers(log.streams(USAGE_LEDGER_TOPICS), AuditScope(), position)
    return quick, full


def test_the_records_the_bot_writes_match_the_stored_layout(audited: AuditedStore) -> None:
    log = EventStoreLog(audited.store.app)
    pattern = log.usage_record_pattern()
    stored = list(log.stored_streams(USAGE_LEDGER_TOPICS))

    assert StoredLedgers.usable(pattern)
    assert pattern is not None
    assert sum(1 for *_, state in stored if pattern.fullmatch(state)) == USERS * RECORDS_PER_USER


def test_the_quick_pass_reports_exactly_what_the_full_decode_reports(audited: AuditedStore) -> None:
    quick, full = _both_ways(audited)

    assert quick == full


def test_an_edited_record_is_named_by_the_quick_pass(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-2-5", cost_micros=7)

    report = UsageAudit(EventStoreLog(audited.store.app), audited.views, workers=1).replay(AuditScope())
    quick, full = _both_ways(audited)

    assert [(b.user_id, b.request_id) for b in report.breaks] == [(2, "request-2-5")]
    assert quick == full


def test_records_outside_the_plain_layout_are_judged_as_the_full_decode_judges_them(
    audited: AuditedStore,
) -> None:
    # The same time written another way ("Z" for "+00:00"): not the plain layout, so decoded in full.
    alter_record(audited.url, "request-1-3", at={"_type_": "datetime_iso", "_data_": "2026-11-01T15:00:00Z"})
    alter_record(audited.url, "request-4-9", model="mod\u00e8l")

    quick, full = _both_ways(audited)

    assert quick == full
    assert {b.user_id for b in getattr(quick, "breaks", [])} == {1, 4}
