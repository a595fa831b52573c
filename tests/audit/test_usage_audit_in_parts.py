"""The audit shared out among processes reports exactly what one pass over the whole log reports."""

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.sql.event_log import EventStoreLog
from application.audit import UsageAudit
from application.audit_digest import DIGESTED_FIELDS, digest_of
from application.audit_model import AuditReport, AuditScope
from domain.digest import record_digest
from tests.audit.conftest import AuditedStore
from tests.audit.tampering import alter_record, delete_record


def _in_parts(audited: AuditedStore) -> UsageAudit:
    return UsageAudit(EventStoreLog(audited.store.app), audited.views, workers=2, parallel_from=0)


def _one_pass(audited: AuditedStore) -> UsageAudit:
    return UsageAudit(EventStoreLog(audited.store.app), audited.views, workers=1)


def _same(first: AuditReport, second: AuditReport) -> None:
    assert first == second
    assert first.breaks == second.breaks and first.mismatches == second.mismatches


def test_an_audit_in_parts_of_a_tampered_store_reports_the_same_breaks_in_the_same_order(
    audited: AuditedStore,
) -> None:
    alter_record(audited.url, "request-3-7", cost_micros=1)
    alter_record(audited.url, "request-1-2", at={"_type_": "datetime_iso", "_data_": "2026-11-02T00:00:00Z"})
    delete_record(audited.url, "request-2-10")

    in_parts = _in_parts(audited).replay(AuditScope())

    assert {b.user_id for b in in_parts.breaks} == {1, 2, 3}
    _same(in_parts, _one_pass(audited).replay(AuditScope()))


def test_an_audit_in_parts_with_a_scope_reports_what_one_pass_reports(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-4-5", input_tokens=7)
    scope = AuditScope(user_id=4, since=date(2026, 11, 2), until=date(2026, 11, 20))

    _same(_in_parts(audited).replay(scope), _one_pass(audited).replay(scope))


texts = st.text(st.characters(codec="utf-8"), max_size=12)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    texts,
    st.lists(st.integers(), max_size=2),
)
times = st.datetimes(timezones=st.sampled_from([UTC, None]))


@settings(max_examples=300)
@given(
    st.fixed_dictionaries({name: st.one_of(values, times) for name in DIGESTED_FIELDS}),
    st.fixed_dictionaries({"request_id": texts, "kind": texts, "model": texts, "at": times}),
    st.lists(st.integers(), min_size=5, max_size=5),
    texts,
    st.booleans(),
)
def test_the_quick_digest_is_the_domain_digest_for_any_stored_fields(
    anything: dict[str, object], typed: dict[str, object], counts: list[int], prev: str, usual: bool
) -> None:
    names = ("input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
    fields = {**typed, **dict(zip(names, counts, strict=True))} if usual else anything
    state = {**fields, "timestamp": datetime(2026, 11, 1, tzinfo=UTC), "prev_digest": prev}

    assert digest_of(state, prev) == record_digest({name: state.get(name) for name in DIGESTED_FIELDS}, prev)
