"""The audit: editing any field of any usage record, or deleting or reordering records, breaks the chain."""

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from domain.digest import ChainBreak, ChainedRecord, genesis_digest, record_digest, verify_chain
from domain.usage import ModelUsage, UsageKind, UsageLedger, usage_fields
from tests.domain.usage_strategies import MONTH_START, PERIOD, USER, calls, models, moments

FIELD_NAMES = sorted(usage_fields("r", ModelUsage("m"), 0, MONTH_START))
hex_digests = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
any_values = st.one_of(st.integers(), st.text(max_size=20), moments, st.none())


@st.composite
def ledgers(draw: st.DrawFn, min_records: int = 1) -> UsageLedger:
    history = draw(st.lists(calls, min_size=min_records, max_size=12, unique_by=lambda call: call[0]))
    ledger = UsageLedger.open(USER, MONTH_START)
    for call in history:
        ledger.record(*call)
    return ledger


def chain_of(ledger: UsageLedger) -> list[ChainedRecord]:
    return [
        ChainedRecord(usage_fields(r.request_id, r.usage, r.cost_micros, r.at), r.prev_digest, r.digest)
        for r in ledger.records
    ]


def first_break(breaks: list[ChainBreak]) -> int:
    assert breaks, "the audit found nothing"
    return min(b.position for b in breaks)


@given(ledger=ledgers(min_records=0))
def test_an_untouched_ledger_verifies(ledger: UsageLedger) -> None:
    assert ledger.verify() == []
    assert verify_chain(USER, PERIOD, chain_of(ledger)) == []


@given(ledger=ledgers(), pick=st.integers(min_value=0), name=st.sampled_from(FIELD_NAMES), value=any_values)
def test_editing_any_field_of_any_record_is_reported_at_that_record(
    ledger: UsageLedger, pick: int, name: str, value: object
) -> None:
    chain = chain_of(ledger)
    position = pick % len(chain)
    assume(chain[position].fields[name] != value)
    edited = dataclasses.replace(chain[position], fields={**chain[position].fields, name: value})
    chain[position] = edited

    breaks = verify_chain(USER, PERIOD, chain)

    assert first_break(breaks) == position
    assert (
        ChainBreak(position, str(edited.fields["request_id"]), "content does not match its digest") in breaks
    )


@given(
    ledger=ledgers(),
    pick=st.integers(min_value=0),
    name=st.sampled_from(["prev_digest", "digest"]),
    value=hex_digests,
)
def test_editing_a_stored_digest_is_reported_at_that_record(
    ledger: UsageLedger, pick: int, name: str, value: str
) -> None:
    chain = chain_of(ledger)
    position = pick % len(chain)
    assume(getattr(chain[position], name) != value)
    if name == "digest":
        chain[position] = dataclasses.replace(chain[position], digest=value)
    else:
        chain[position] = dataclasses.replace(chain[position], prev_digest=value)

    assert first_break(verify_chain(USER, PERIOD, chain)) == position


@given(ledger=ledgers(min_records=2), pick=st.integers(min_value=0))
def test_deleting_a_record_is_reported_where_the_gap_is(ledger: UsageLedger, pick: int) -> None:
    chain = chain_of(ledger)
    # Dropping the newest record leaves a valid shorter chain; ADR 0005 records that limit.
    position = pick % (len(chain) - 1)
    del chain[position]

    breaks = verify_chain(USER, PERIOD, chain)

    assert first_break(breaks) == position
    assert breaks[0].problem == "does not follow the record before it"


@given(ledger=ledgers(min_records=2), data=st.data())
def test_reordering_records_is_reported_at_the_first_moved_record(
    ledger: UsageLedger, data: st.DataObject
) -> None:
    chain = chain_of(ledger)
    order = data.draw(st.permutations(range(len(chain))))
    assume(order != list(range(len(chain))))
    moved = next(n for n, original in enumerate(order) if n != original)

    assert first_break(verify_chain(USER, PERIOD, [chain[n] for n in order])) == moved


@given(ledger=ledgers(), other_user=st.integers(), other_period=st.sampled_from(["2026-10", "2026-12"]))
def test_records_do_not_verify_in_another_users_or_months_ledger(
    ledger: UsageLedger, other_user: int, other_period: str
) -> None:
    chain = chain_of(ledger)
    assume(other_user != USER)

    assert first_break(verify_chain(other_user, PERIOD, chain)) == 0
    assert first_break(verify_chain(USER, other_period, chain)) == 0


def edited_value(event: Any, name: str, data: st.DataObject) -> object:
    """A different value for one field of a stored UsageRecorded event, still loadable."""
    strategies: dict[str, st.SearchStrategy[Any]] = {
        "request_id": st.text(min_size=1, max_size=12),
        "kind": st.sampled_from([kind.value for kind in UsageKind]),
        "model": models,
        "input_tokens": st.integers(min_value=event.cached_tokens, max_value=10**7),
        "output_tokens": st.integers(min_value=0, max_value=10**7),
        "cached_tokens": st.integers(min_value=0, max_value=event.input_tokens),
        "images": st.integers(min_value=0, max_value=100),
        "cost_micros": st.integers(min_value=0, max_value=10**10),
        "at": moments,
        "prev_digest": hex_digests,
        "digest": hex_digests,
    }
    value = data.draw(strategies[name])
    assume(value != getattr(event, name))
    return value


@given(ledger=ledgers(), pick=st.integers(min_value=0), data=st.data())
def test_an_edited_stored_event_is_reported_by_the_ledger_audit(
    ledger: UsageLedger, pick: int, data: st.DataObject
) -> None:
    events: list[Any] = list(ledger.collect_events())
    recorded = [n for n, event in enumerate(events) if type(event).__name__ == "UsageRecorded"]
    position = pick % len(recorded)
    original = events[recorded[position]]
    name = data.draw(st.sampled_from([*FIELD_NAMES, "prev_digest", "digest"]))
    events[recorded[position]] = dataclasses.replace(original, **{name: edited_value(original, name, data)})

    rebuilt: Any = None
    for event in events:
        rebuilt = event.mutate(rebuilt)

    assert first_break(rebuilt.verify()) == position


def written_out(fields: dict[str, object], prev_digest: str) -> str:
    """The digest as ADR 5 defines it: SHA-256 of the canonical JSON of prev_digest and the fields."""
    canonical = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items()}
    payload = json.dumps([prev_digest, canonical], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


texts = st.text(st.characters(codec="utf-8"), max_size=12)
stored_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    texts,
    st.lists(st.integers(), max_size=2),
    st.datetimes(timezones=st.sampled_from([UTC, None])),
)


@given(st.dictionaries(st.sampled_from(FIELD_NAMES), stored_values), texts)
def test_the_digest_of_any_stored_fields_is_the_canonical_json_digest(
    fields: dict[str, object], prev_digest: str
) -> None:
    assert record_digest(fields, prev_digest) == written_out(fields, prev_digest)


def test_the_digest_of_a_record_is_the_one_stored_ledgers_were_chained_with() -> None:
    at = datetime(2026, 11, 21, 12, 30, tzinfo=UTC)
    fields = usage_fields("update-1", ModelUsage("gpt-x", UsageKind.CHAT, 120, 30, 20), 4_200, at)

    # Computed once by the digest every stored ledger was written with: it must never change.
    assert record_digest(fields, genesis_digest(7, "2026-11")) == (
        "28a1972e84752f23e59e9ced19d8417eba63f9e4024ab1bbe1807de6e4ff9ddc"
    )
