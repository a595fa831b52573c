"""An access ledger notes the user's Telegram name only when it changes."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.access import AccessLedger
from domain.errors import NaiveTimestamp

AT = datetime(2026, 11, 21, tzinfo=UTC)
names = st.tuples(st.sampled_from(["Ada", "Ada L.", "Grace"]), st.sampled_from([None, "ada", "grace"]))


def named_events(ledger: AccessLedger) -> list[tuple[str, str | None]]:
    named = [vars(e) for e in ledger.collect_events() if type(e).__name__ == "Named"]
    return [(state["name"], state["username"]) for state in named]


def test_a_first_name_is_recorded_with_its_username() -> None:
    ledger = AccessLedger(user_id=7, at=AT)

    ledger.record_name("Ada Lovelace", "ada", AT)

    assert (ledger.name, ledger.username) == ("Ada Lovelace", "ada")
    assert named_events(ledger) == [("Ada Lovelace", "ada")]


def test_the_same_name_again_records_nothing() -> None:
    ledger = AccessLedger(user_id=7, at=AT)
    ledger.record_name("Ada", None, AT)
    ledger.collect_events()

    ledger.record_name("Ada", None, AT + timedelta(minutes=1))

    assert named_events(ledger) == []


@given(st.lists(names, max_size=12))
def test_only_changes_of_name_or_username_are_recorded(seen: list[tuple[str, str | None]]) -> None:
    ledger = AccessLedger(user_id=7, at=AT)
    for name, username in seen:
        ledger.record_name(name, username, AT)

    changes = [pair for i, pair in enumerate(seen) if pair != (seen[i - 1] if i else (None, None))]
    assert named_events(ledger) == changes
    assert (ledger.name, ledger.username) == (seen[-1] if seen else (None, None))


def test_a_name_change_is_kept_when_the_ledger_is_loaded_again() -> None:
    ledger = AccessLedger(user_id=7, at=AT)
    ledger.record_name("Ada", "ada", AT)
    events = ledger.collect_events()

    loaded = None
    for stored in events:
        loaded = stored.mutate(loaded)

    assert isinstance(loaded, AccessLedger)
    assert (loaded.name, loaded.username) == ("Ada", "ada")


def test_a_name_needs_a_utc_time() -> None:
    ledger = AccessLedger(user_id=7, at=AT)
    with pytest.raises(NaiveTimestamp):
        ledger.record_name("Ada", None, datetime(2026, 11, 21))
