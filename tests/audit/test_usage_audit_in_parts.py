"""The audit shared out among processes reports exactly what one pass over every ledger reports."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from application.audit import AuditReport, AuditScope
from application.audit.parts import Shares
from tests.audit.conftest import AuditedStore
from tests.audit.tampering import alter_record, delete_opening, delete_record, garble_record


def _same(first: AuditReport, second: AuditReport) -> None:
    assert first == second
    assert first.breaks == second.breaks and first.mismatches == second.mismatches


def test_an_audit_in_parts_of_a_tampered_store_reports_the_same_breaks_in_the_same_order(
    audited: AuditedStore,
) -> None:
    alter_record(audited.url, "request-3-7", cost_micros=1)
    alter_record(audited.url, "request-1-2", at={"_type_": "datetime_iso", "_data_": "2026-11-02T00:00:00Z"})
    delete_record(audited.url, "request-2-10")
    delete_opening(audited.url, 4)
    garble_record(audited.url, "request-1-20")

    in_parts = audited.audit(workers=2).replay(AuditScope())

    assert {b.user_id for b in in_parts.breaks} == {1, 2, 3, None}
    _same(in_parts, audited.audit(workers=1).replay(AuditScope()))


def test_an_audit_in_parts_with_a_scope_reports_what_one_pass_reports(audited: AuditedStore) -> None:
    alter_record(audited.url, "request-4-5", input_tokens=7)
    scope = AuditScope(user_id=4, since=date(2026, 11, 2), until=date(2026, 11, 20))

    _same(audited.audit(workers=2).replay(scope), audited.audit(workers=1).replay(scope))


@given(st.integers(min_value=0, max_value=40), st.lists(st.booleans(), max_size=50))
def test_every_part_is_handed_out_once_whichever_end_asks(count: int, from_front: list[bool]) -> None:
    handed = Shares(count)
    fronts: list[int] = []
    backs: list[int] = []
    for front in [*from_front, *[True] * count]:
        index = handed.from_front() if front else handed.from_back()
        if index is not None:
            (fronts if front else backs).append(index)

    assert sorted(fronts + backs) == list(range(count))
    assert fronts == sorted(fronts) and backs == sorted(backs, reverse=True)
    assert handed.from_front() is None and handed.from_back() is None
