"""Generated histories of usage, messages and registrations, and the views they should produce,
computed straight from the history without the projection's code."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from eventsourcing.domain import Aggregate
from hypothesis import strategies as st

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from application.views import UsageCounts
from domain.access import AccessLedger
from domain.clock import month_of
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageKind, UsageLedger

START = datetime(2026, 10, 20, tzinfo=UTC)
TODAY = date(2026, 11, 12)
MODELS = ("model-a", "model-b")


@dataclass(frozen=True)
class Usage:
    user: int
    minute: int
    kind: UsageKind
    model: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    images: int
    cost: int
    estimated: bool = False


@dataclass(frozen=True)
class Message:
    user: int
    minute: int
    text: str


@dataclass(frozen=True)
class Register:
    user: int
    minute: int


Action = Usage | Message | Register

users = st.integers(min_value=1, max_value=4)
minutes = st.integers(min_value=0, max_value=60 * 24 * 50)


@st.composite
def usages(draw: st.DrawFn) -> Usage:
    input_tokens = draw(st.integers(0, 5000))
    return Usage(
        draw(users),
        draw(minutes),
        draw(st.sampled_from(list(UsageKind))),
        draw(st.sampled_from(MODELS)),
        input_tokens,
        draw(st.integers(0, 5000)),
        draw(st.integers(0, input_tokens)),
        draw(st.integers(0, 3)),
        draw(st.integers(0, 10**9)),
        draw(st.booleans()),
    )


messages = st.builds(Message, users, minutes, st.text(max_size=20))
registrations = st.builds(Register, users, minutes)
histories = st.lists(st.one_of(usages(), messages, registrations), max_size=25)


def at(minute: int) -> datetime:
    return START + timedelta(minutes=minute)


def write(store: EventStoreAggregates, history: list[Action]) -> None:
    """Carry out the history with the domain aggregates, saving after every step as the services do."""
    ledgers: dict[tuple[int, str], UsageLedger] = {}
    conversations: dict[int, Conversation] = {}
    access: dict[int, AccessLedger] = {}
    for number, action in enumerate(history):
        when = at(action.minute)
        changed: list[Aggregate] = []
        if isinstance(action, Usage):
            key = (action.user, month_of(when))
            ledger = ledgers.setdefault(key, UsageLedger.open(action.user, when))
            usage = ModelUsage(
                action.model,
                action.kind,
                action.input_tokens,
                action.output_tokens,
                action.cached_tokens,
                action.images,
                action.estimated,
            )
            ledger.record(f"request-{number}", usage, action.cost, when)
            changed.append(ledger)
        elif isinstance(action, Message):
            conversation = conversations.setdefault(action.user, Conversation(chat_id=action.user, at=when))
            if number % 2:
                conversation.add_reply(action.text, "model-a", f"request-{number}", when)
            else:
                conversation.add_user_message(action.text, f"request-{number}", when)
            changed.append(conversation)
        elif action.user in access:
            access[action.user].grant(by=0, at=when)
            changed.append(access[action.user])
        else:
            access[action.user] = AccessLedger(user_id=action.user, at=when)
            changed.append(access[action.user])
        store.app.save(*changed)


def logged(history: list[Action]) -> EventStoreLog:
    """The history written to an in-memory event store, read back as its notification log."""
    store = EventStoreAggregates.in_memory()
    write(store, history)
    return EventStoreLog(store.app)


@dataclass
class Expected:
    daily: dict[tuple[int, date], UsageCounts] = field(default_factory=dict)
    users: dict[int, UsageCounts] = field(default_factory=dict)
    models: dict[str, UsageCounts] = field(default_factory=dict)
    timeline: dict[int, list[tuple[str, datetime, str | None]]] = field(default_factory=dict)


def expected_views(history: list[Action], store_content: bool) -> Expected:
    expected = Expected()
    started: set[int] = set()
    registered: set[int] = set()
    for number, action in enumerate(history):
        when = at(action.minute)
        timeline = expected.timeline.setdefault(action.user, [])
        counts = UsageCounts()
        if isinstance(action, Usage):
            counts = UsageCounts(
                requests=1,
                input_tokens=action.input_tokens,
                output_tokens=action.output_tokens,
                cached_tokens=action.cached_tokens,
                images=action.images,
                documents=int(action.kind is UsageKind.DOCUMENT),
                cost_micros=action.cost,
                estimated_requests=int(action.estimated),
                estimated_cost_micros=action.cost if action.estimated else 0,
            )
            model = expected.models.get(action.model, UsageCounts())
            expected.models[action.model] = model + counts
            timeline.append((f"usage:{action.kind.value}", when, None))
        elif isinstance(action, Message):
            counts = UsageCounts(messages=1)
            if action.user not in started:
                started.add(action.user)
                timeline.append(("conversation_started", when, None))
            kind = "reply" if number % 2 else "message"
            timeline.append((kind, when, action.text.replace("\x00", "") if store_content else None))
        else:
            timeline.append(("granted" if action.user in registered else "registered", when, None))
            registered.add(action.user)
        expected.users[action.user] = expected.users.get(action.user, UsageCounts()) + counts
        if isinstance(action, Usage | Message):
            key = (action.user, when.date())
            expected.daily[key] = expected.daily.get(key, UsageCounts()) + counts
    return expected


def active_users(expected: Expected, days: int) -> int:
    since = TODAY - timedelta(days=days - 1)
    return len({user for (user, day) in expected.daily if since <= day <= TODAY})


def views_as_expected(views: Any) -> Expected:
    """What the views hold, in the shape of Expected, read only through the query methods."""
    found = Expected()
    found.daily = {(row.user_id, row.day): row.counts for row in views.usage_days(None, None, None)}
    found.users = {row.user_id: row.counts for row in views.users()}
    found.models = {m.model: m.counts for m in views.global_stats(TODAY).by_model}
    found.timeline = {
        user: [(e.kind, e.at, e.text) for e in views.timeline(user, 10_000)] for user in found.users
    }
    return found
