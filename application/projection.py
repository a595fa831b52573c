"""The projection as a pure function: a batch of logged events in, the increments to the views out."""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from application import projection_topics as topics
from application.projection_model import (
    LoggedEvent,
    ModelTotals,
    Seen,
    StreamKind,
    StreamOwner,
    TimelineEntry,
    UsageCounts,
    ViewChanges,
)
from domain.usage import UsageKind

STREAM_STARTS = {
    topics.LEDGER_OPENED: StreamKind.USAGE,
    topics.CONVERSATION_STARTED: StreamKind.CONVERSATION,
    topics.REGISTERED: StreamKind.ACCESS,
}
OWNER_FIELDS = {StreamKind.USAGE: "user_id", StreamKind.CONVERSATION: "chat_id", StreamKind.ACCESS: "user_id"}
CONVERSATION_KINDS = {
    topics.CONVERSATION_STARTED: "conversation_started",
    topics.USER_MESSAGE_ADDED: "message",
    topics.REPLY_ADDED: "reply",
    topics.CONVERSATION_ARCHIVED: "conversation_archived",
}
MESSAGE_TOPICS = (topics.USER_MESSAGE_ADDED, topics.REPLY_ADDED)


def starts_stream(event: LoggedEvent) -> bool:
    return event.topic in STREAM_STARTS


def project(
    events: Sequence[LoggedEvent], known: Mapping[UUID, StreamOwner], store_content: bool, after: int
) -> ViewChanges:
    """The view increments for these events; `known` holds the owners of streams begun earlier."""
    changes = ViewChanges(after=after, position=events[-1].position if events else after)
    for event in events:
        _project_one(event, known, changes, store_content)
    return changes


def _project_one(
    event: LoggedEvent, known: Mapping[UUID, StreamOwner], changes: ViewChanges, store_content: bool
) -> None:
    if event.topic in STREAM_STARTS:
        kind = STREAM_STARTS[event.topic]
        changes.owners[event.originator_id] = StreamOwner(int(event.state[OWNER_FIELDS[kind]]), kind)
    elif not _is_projected(event.topic):
        return
    owner = changes.owners.get(event.originator_id) or known.get(event.originator_id)
    if owner is None:
        changes.orphans.append(event.position)
        return
    # A message event that names its author counts for that user, not for the chat it was sent in.
    user_id = int(event.state.get("user_id", owner.user_id))
    at = _time_of(event.state)
    if event.topic == topics.USAGE_RECORDED:
        _add_usage(changes, user_id, at, event.state)
        _note(changes, event, user_id, f"usage:{event.state['kind']}", at)
    elif event.topic in MESSAGE_TOPICS:
        _add(changes, user_id, at, UsageCounts(messages=1))
        text = _storable(str(event.state.get("text", ""))) if store_content else None
        _note(changes, event, user_id, CONVERSATION_KINDS[event.topic], at, text)
    elif event.topic in CONVERSATION_KINDS:
        _note(changes, event, user_id, CONVERSATION_KINDS[event.topic], at)
    elif event.topic == topics.REGISTERED:
        _note(changes, event, user_id, "registered", at)
    elif event.topic in topics.ACCESS_TIMELINE_KINDS:
        _note(changes, event, user_id, topics.ACCESS_TIMELINE_KINDS[event.topic], at)


def _is_projected(topic: str) -> bool:
    return (
        topic == topics.USAGE_RECORDED or topic in CONVERSATION_KINDS or topic in topics.ACCESS_TIMELINE_KINDS
    )


def usage_counts(state: Mapping[str, Any]) -> UsageCounts:
    """What one UsageRecorded event adds to its user's totals."""
    return UsageCounts(
        requests=1,
        input_tokens=int(state["input_tokens"]),
        output_tokens=int(state["output_tokens"]),
        cached_tokens=int(state["cached_tokens"]),
        images=int(state["images"]),
        documents=1 if state["kind"] == UsageKind.DOCUMENT.value else 0,
        cost_micros=int(state["cost_micros"]),
    )


def _add_usage(changes: ViewChanges, user_id: int, at: datetime, state: Mapping[str, Any]) -> None:
    counts = usage_counts(state)
    _add(changes, user_id, at, counts)
    model = _storable(str(state["model"]))
    changes.models[model] = changes.models.get(model, UsageCounts()) + counts


def _add(changes: ViewChanges, user_id: int, at: datetime, counts: UsageCounts) -> None:
    key = (user_id, at.date())
    changes.daily[key] = changes.daily.get(key, UsageCounts()) + counts
    changes.users[user_id] = changes.users.get(user_id, UsageCounts()) + counts
    _seen(changes, user_id, at)


def _seen(changes: ViewChanges, user_id: int, at: datetime) -> None:
    seen = Seen(at, at)
    changes.seen[user_id] = changes.seen[user_id] + seen if user_id in changes.seen else seen
    changes.users.setdefault(user_id, UsageCounts())


def _note(
    changes: ViewChanges, event: LoggedEvent, user_id: int, kind: str, at: datetime, text: str | None = None
) -> None:
    changes.timeline.append(TimelineEntry(event.position, user_id, kind, at, text))
    _seen(changes, user_id, at)


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters; the views drop them rather than stall on them."""
    return text.replace("\x00", "")


def _time_of(state: Mapping[str, Any]) -> datetime:
    at = state.get("at", state.get("timestamp"))
    if not isinstance(at, datetime):
        raise ValueError(f"expected a timestamp, got {at!r}")
    return at.astimezone(UTC)


def by_model(models: Mapping[str, UsageCounts]) -> tuple[ModelTotals, ...]:
    """Models with the most expensive first."""
    ordered = sorted(models.items(), key=lambda item: (-item[1].cost_micros, item[0]))
    return tuple(ModelTotals(model, counts) for model, counts in ordered)
