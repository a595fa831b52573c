"""The event store hands out copies of cached aggregates (ADR 14), made by `CopiesCollectionsOnly`: new
lists, sets and dicts around the same items. That is a true copy only while every attribute is an
immutable value or such a collection of them; these tests hold every aggregate of the domain to it."""

import copy
import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate

import domain
from domain.access import AccessLedger, MemberStatus
from domain.budget import Limits
from domain.chat import Chat
from domain.conversation import Conversation
from domain.copying import CopiesCollectionsOnly
from domain.operations import AlertLedger, PauseSwitch
from domain.preferences import Preferences
from domain.usage import ModelUsage, UsageLedger

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def access_ledger() -> AccessLedger:
    ledger = AccessLedger(7, AT)
    ledger.record_subscription_check(MemberStatus.MEMBER, AT)
    ledger.ban(1, "spam", AT)
    ledger.set_budget(Limits(1_000_000, 5_000_000, 100, 500), 1, AT)
    return ledger


def preferences() -> Preferences:
    chosen = Preferences(7)
    chosen.choose_model("gpt-5-mini", AT)
    chosen.choose_mode("concise", AT)
    return chosen


def chat() -> Chat:
    started = Chat(3)
    started.start_conversation(uuid4())
    return started


def conversation() -> Conversation:
    talk = Conversation(3, AT)
    talk.add_user_message("Hello", "r1", AT)
    talk.add_reply("Hi", "gpt-5-mini", "r1", AT)
    return talk


def pause_switch() -> PauseSwitch:
    switch = PauseSwitch()
    switch.pause(1, AT)
    return switch


def alert_ledger() -> AlertLedger:
    ledger = AlertLedger("2026-11")
    ledger.record_budget_alert(80, 800, 1000, AT)
    ledger.record_summary("daily", "2026-11-20", AT)
    ledger.record_model_error_alert(5, timedelta(minutes=10), AT)
    return ledger


def usage_ledger() -> UsageLedger:
    ledger = UsageLedger.open(7, AT)
    ledger.record("r1", ModelUsage("gpt-5-mini", input_tokens=10, output_tokens=5), 120, AT)
    return ledger


BUILDERS: dict[type[Aggregate], Callable[[], Aggregate]] = {
    AccessLedger: access_ledger,
    Preferences: preferences,
    Chat: chat,
    Conversation: conversation,
    PauseSwitch: pause_switch,
    AlertLedger: alert_ledger,
    UsageLedger: usage_ledger,
}


def domain_aggregates() -> set[type[Aggregate]]:
    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"domain.{module.name}")
    return {kind for kind in Aggregate.__subclasses__() if kind.__module__.startswith("domain.")}


VALUES = (str, int, float, bytes, type(None), datetime, date, timedelta, UUID, Enum, Decimal)


def immutable(value: Any) -> bool:
    """A value nothing can change: a plain value, or a tuple, frozenset or frozen dataclass of them."""
    if isinstance(value, VALUES):
        return True
    if isinstance(value, tuple | frozenset):
        return all(immutable(item) for item in value)
    if dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:  # type: ignore[union-attr]
        return all(immutable(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def copied_safely(value: Any) -> bool:
    """What CopiesCollectionsOnly copies truly: an immutable value, or a list, set or dict of them."""
    if isinstance(value, list | set):
        return all(immutable(item) for item in value)
    if isinstance(value, dict):
        return all(immutable(key) and immutable(item) for key, item in value.items())
    return immutable(value)


def test_every_aggregate_of_the_domain_is_built_here_and_copies_collections_only() -> None:
    kinds = domain_aggregates()

    assert kinds == set(BUILDERS)
    assert all(issubclass(kind, CopiesCollectionsOnly) for kind in kinds)


@pytest.mark.parametrize("kind", list(BUILDERS), ids=lambda kind: kind.__name__)
def test_every_attribute_is_immutable_or_a_collection_of_immutable_items(kind: type[Aggregate]) -> None:
    aggregate = BUILDERS[kind]()
    aggregate.collect_events()

    assert {name: value for name, value in vars(aggregate).items() if not copied_safely(value)} == {}


@pytest.mark.parametrize("kind", list(BUILDERS), ids=lambda kind: kind.__name__)
def test_a_copy_shares_no_collection_and_reads_the_same(kind: type[Aggregate]) -> None:
    original = BUILDERS[kind]()
    original.collect_events()

    copied = copy.deepcopy(original)

    assert type(copied) is kind and vars(copied) == vars(original)
    for name, value in vars(original).items():
        if isinstance(value, list | set | dict):
            assert getattr(copied, name) is not value, name
