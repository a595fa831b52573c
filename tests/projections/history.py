"""Generated histories of usage, messages, registrations and changes of access, and the views they
should produce, computed straight from the history without the projection's code."""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from hypothesis import strategies as st

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from application.views import LedgerHead, PauseView, Person, UsageCounts
from domain.access import AccessLedger
from domain.budget import Limits
from domain.clock import month_of
from domain.conversation import Conversation
from domain.digest import genesis_digest, record_digest
from domain.ids import usage_ledger_id_of
from domain.operations import PauseSwitch
from domain.usage import ModelUsage, UsageKind, UsageLedger, usage_fields

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
class Failure:
    """A user's message that gets no reply, for this reason."""

    user: int
    minute: int
    reason: str


@dataclass(frozen=True)
class Register:
    """The user's first registers them; each later one changes their access by `step` (see STEPS)."""

    user: int
    minute: int
    step: int = 0
    name: str = "Ada"
    username: str | None = None


STEPS = ("granted", "revoked", "banned", "unbanned", "promoted_to_admin", "named", "budget_set")
"""What a later Register does, by its step: the timeline kind it makes ("named" makes none)."""
NAMED = STEPS.index("named")


def budget_of(user: int) -> Limits:
    """The limits a "budget_set" step gives: odd users a monthly cost limit, even ones none."""
    return Limits(daily_micros=100_000, monthly_micros=user * 1_000_000 if user % 2 else None)


@dataclass(frozen=True)
class Pause:
    """An admin (`user`) pauses the bot, or resumes it; the bot's switch, not the user's."""

    user: int
    minute: int
    paused: bool


Action = Usage | Message | Failure | Register | Pause

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
registrations = st.builds(
    Register,
    users,
    minutes,
    st.integers(0, len(STEPS) - 1),
    st.sampled_from(["Ada", "Grace", "x" * 300]),
    st.sampled_from([None, "ada"]),
)
failures = st.builds(Failure, users, minutes, st.sampled_from(["model_timeout", "budget_daily", "x" * 80]))
pauses = st.builds(Pause, users, minutes, st.booleans())
histories = st.lists(st.one_of(usages(), messages, failures, registrations, pauses), max_size=25)


def at(minute: int) -> datetime:
    return START + timedelta(minutes=minute)


def write(store: EventStoreAggregates, history: list[Action]) -> None:
    """Carry out the history with the domain aggregates, saving after every step as the services do."""
    ledgers: dict[tuple[int, str], UsageLedger] = {}
    conversations: dict[int, Conversation] = {}
    access: dict[int, AccessLedger] = {}
    switch: PauseSwitch | None = None
    for number, action in enumerate(history):
        when = at(action.minute)
        changed: list[Aggregate] = []
        if isinstance(action, Pause):
            switch = switch or PauseSwitch()
            if action.paused:
                switch.pause(by=action.user, at=when)
            else:
                switch.resume(by=action.user, at=when)
            changed.append(switch)
        elif isinstance(action, Usage):
            key = (action.user, month_of(when))
            ledger = ledgers.setdefault(key, UsageLedger.open(action.user, when))
            ledger.record(f"request-{number}", model_usage_of(action), action.cost, when)
            changed.append(ledger)
        elif isinstance(action, Message):
            conversation = conversations.setdefault(action.user, Conversation(chat_id=action.user, at=when))
            if number % 2:
                conversation.add_reply(action.text, "model-a", f"request-{number}", when)
            else:
                conversation.add_user_message(action.text, f"request-{number}", when)
            covered = conversation.summary.covers if conversation.summary else 0
            if len(conversation.turns) - covered >= 3:  # long memory's summaries change no view
                conversation.summarise("earlier turns", len(conversation.turns) - 1, when, "model-a")
            changed.append(conversation)
        elif isinstance(action, Failure):
            conversation = conversations.setdefault(action.user, Conversation(chat_id=action.user, at=when))
            conversation.add_user_message("unanswered", f"request-{number}", when)
            conversation.record_failure(f"request-{number}", action.reason, when)
            changed.append(conversation)
        elif action.user in access:
            change_access(access[action.user], action, when)
            changed.append(access[action.user])
        else:
            access[action.user] = AccessLedger(user_id=action.user, at=when)
            if action.step == NAMED:  # as the access service names a newcomer
                access[action.user].record_name(action.name, action.username, when)
            changed.append(access[action.user])
        store.app.save(*changed)


def change_access(ledger: AccessLedger, action: Register, when: datetime) -> None:
    step = STEPS[action.step]
    if step == "named":
        ledger.record_name(action.name, action.username, when)
    elif step == "granted":
        ledger.grant(by=0, at=when)
    elif step == "revoked":
        ledger.revoke(by=0, at=when)
    elif step == "banned":
        ledger.ban(by=0, reason="spam", at=when)
    elif step == "unbanned":
        ledger.unban(by=0, at=when)
    elif step == "budget_set":
        ledger.set_budget(budget_of(action.user), by=0, at=when)
    else:
        ledger.promote_to_admin(by=0, at=when)


def logged(history: list[Action]) -> EventStoreLog:
    """The history written to an in-memory event store, read back as its notification log."""
    store = EventStoreAggregates.in_memory()
    write(store, history)
    return EventStoreLog(store.app)


def model_usage_of(usage: Usage) -> ModelUsage:
    """The model call a usage action records."""
    return ModelUsage(
        usage.model,
        usage.kind,
        usage.input_tokens,
        usage.output_tokens,
        usage.cached_tokens,
        usage.images,
        usage.estimated,
    )


def counts_of(usage: Usage) -> UsageCounts:
    """What one usage record adds to the views' counters."""
    return UsageCounts(
        requests=1,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cached_tokens=usage.cached_tokens,
        images=usage.images,
        documents=int(usage.kind is UsageKind.DOCUMENT),
        cost_micros=usage.cost,
        estimated_requests=int(usage.estimated),
        estimated_cost_micros=usage.cost if usage.estimated else 0,
    )


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
        if isinstance(action, Pause):
            continue  # the bot's switch: no user's views
        when = at(action.minute)
        timeline = expected.timeline.setdefault(action.user, [])
        counts = UsageCounts()
        if isinstance(action, Usage):
            counts = counts_of(action)
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
        elif isinstance(action, Failure):
            counts = UsageCounts(messages=1)
            if action.user not in started:
                started.add(action.user)
                timeline.append(("conversation_started", when, None))
            timeline.append(("message", when, "unanswered" if store_content else None))
            timeline.append((f"failed:{action.reason}"[:64], when, None))
        elif action.user not in registered:
            timeline.append(("registered", when, None))
            registered.add(action.user)
        elif action.step != NAMED:
            timeline.append((STEPS[action.step], when, None))
        expected.users[action.user] = expected.users.get(action.user, UsageCounts()) + counts
        if isinstance(action, Usage | Message | Failure):
            key = (action.user, when.date())
            expected.daily[key] = expected.daily.get(key, UsageCounts()) + counts
    return expected


@dataclass
class DashboardTables:
    """The views the dashboard reads, keyed as the projection's changes key them."""

    model_days: dict[tuple[date, str], UsageCounts] = field(default_factory=dict)
    kind_days: dict[tuple[date, str], int] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    ledger_heads: dict[UUID, LedgerHead] = field(default_factory=dict)
    pause: PauseView | None = None


def expected_dashboard_tables(history: list[Action]) -> DashboardTables:
    expected = DashboardTables()
    for entries in expected_views(history, store_content=False).timeline.values():
        for kind, when, _ in entries:
            expected.kind_days[(when.date(), kind)] = expected.kind_days.get((when.date(), kind), 0) + 1
    for number, action in enumerate(history):
        when = at(action.minute)
        if isinstance(action, Usage):
            counts = counts_of(action)
            key = (when.date(), action.model)
            expected.model_days[key] = expected.model_days.get(key, UsageCounts()) + counts
            _chain(expected.ledger_heads, f"request-{number}", action, when)
        elif isinstance(action, Register):
            _change_person(expected.people, action, when)
        elif isinstance(action, Pause):
            expected.pause = _switched(expected.pause, action, when)
    return expected


def _switched(pause: PauseView | None, action: Pause, when: datetime) -> PauseView | None:
    """Pausing a paused bot, or resuming a running one, records nothing."""
    was_paused = pause is not None and pause.paused
    return pause if action.paused == was_paused else PauseView(action.paused, action.user, when)


def _chain(heads: dict[UUID, LedgerHead], request_id: str, action: Usage, when: datetime) -> None:
    period = month_of(when)
    stream_id = usage_ledger_id_of(action.user, period)
    head = heads.get(stream_id) or LedgerHead(
        stream_id, action.user, period, 0, genesis_digest(action.user, period), None
    )
    usage = model_usage_of(action)
    digest = record_digest(usage_fields(request_id, usage, action.cost, when), head.head_digest)
    heads[stream_id] = replace(
        head,
        records=head.records + 1,
        head_digest=digest,
        last_at=when,
        cost_micros=head.cost_micros + action.cost,
    )


def _change_person(people: dict[int, Person], action: Register, when: datetime) -> None:
    person = people.get(action.user)
    named: dict[str, Any] = {"name": action.name[:256], "username": action.username}
    if person is None:
        registered = Person(action.user, registered_at=when)
        people[action.user] = replace(registered, **named) if action.step == NAMED else registered
        return
    step = STEPS[action.step]
    flags: dict[str, dict[str, Any]] = {
        "named": named,
        "granted": {"granted": True},
        "revoked": {"granted": False},
        "banned": {"banned": True},
        "unbanned": {"banned": False},
        "promoted_to_admin": {"admin": True},
        "budget_set": {"budget_set": True, "monthly_budget_micros": budget_of(action.user).monthly_micros},
    }
    people[action.user] = replace(person, **flags[step])


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
