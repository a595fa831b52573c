"""The projection as a pure function: a batch of logged events in, the increments to the views out."""

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
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
    sums = _Sums()
    for event in events:
        _project_one(event, known, changes, sums, store_content)
    sums.into(changes)
    return changes


def _project_one(
    event: LoggedEvent,
    known: Mapping[UUID, StreamOwner],
    changes: ViewChanges,
    sums: "_Sums",
    store_content: bool,
) -> None:
    topic, state = event.topic, event.state
    if topic in STREAM_STARTS:
        kind = STREAM_STARTS[topic]
        changes.owners[event.originator_id] = StreamOwner(int(state[OWNER_FIELDS[kind]]), kind)
    elif not _is_projected(topic):
        return
    owner = changes.owners.get(event.originator_id) or known.get(event.originator_id)
    if owner is None:
        changes.orphans.append(event.position)
        return
    # A message event that names its author counts for that user, not for the chat it was sent in.
    user_id = int(state.get("user_id", owner.user_id))
    at = _time_of(state)
    if topic == topics.USAGE_RECORDED:
        counts = _usage_values(state)
        sums.add(user_id, at, counts)
        sums.add_model(_storable(str(state["model"])), counts)
        _note(changes, sums, event, user_id, f"usage:{state['kind']}", at)
    elif topic in MESSAGE_TOPICS:
        sums.add(user_id, at, _ONE_MESSAGE)
        text = _storable(str(state.get("text", ""))) if store_content else None
        _note(changes, sums, event, user_id, CONVERSATION_KINDS[topic], at, text)
    elif topic in CONVERSATION_KINDS:
        _note(changes, sums, event, user_id, CONVERSATION_KINDS[topic], at)
    elif topic == topics.REGISTERED:
        _note(changes, sums, event, user_id, "registered", at)
    elif topic in topics.ACCESS_TIMELINE_KINDS:
        _note(changes, sums, event, user_id, topics.ACCESS_TIMELINE_KINDS[topic], at)


def _is_projected(topic: str) -> bool:
    return (
        topic == topics.USAGE_RECORDED or topic in CONVERSATION_KINDS or topic in topics.ACCESS_TIMELINE_KINDS
    )


def usage_counts(state: Mapping[str, Any]) -> UsageCounts:
    """What one UsageRecorded event adds to its user's totals."""
    return UsageCounts(*_usage_values(state))


def _usage_values(state: Mapping[str, Any]) -> tuple[int, ...]:
    """usage_counts as a tuple in UsageCounts' field order."""
    return (
        1,
        int(state["input_tokens"]),
        int(state["output_tokens"]),
        int(state["cached_tokens"]),
        int(state["images"]),
        1 if state["kind"] == UsageKind.DOCUMENT.value else 0,
        int(state["cost_micros"]),
        0,
    )


_ONE_MESSAGE = tuple(UsageCounts(messages=1).as_dict().values())
_FIELDS = len(_ONE_MESSAGE)


class _Sums:
    """The batch's counters as plain lists (one projection runs over every event of the log), made
    into the views' value types once at the end."""

    def __init__(self) -> None:
        self.daily: dict[tuple[int, date], list[int]] = {}
        self.users: dict[int, list[int]] = {}
        self.models: dict[str, list[int]] = {}
        self.seen: dict[int, list[datetime]] = {}

    def add(self, user_id: int, at: datetime, counts: tuple[int, ...]) -> None:
        _add_to(self.daily, (user_id, at.date()), counts)
        _add_to(self.users, user_id, counts)
        self.see(user_id, at)

    def add_model(self, model: str, counts: tuple[int, ...]) -> None:
        _add_to(self.models, model, counts)

    def see(self, user_id: int, at: datetime) -> None:
        seen = self.seen.get(user_id)
        if seen is None:
            self.seen[user_id] = [at, at]
        else:
            seen[0], seen[1] = min(seen[0], at), max(seen[1], at)
        if user_id not in self.users:
            self.users[user_id] = [0] * _FIELDS

    def into(self, changes: ViewChanges) -> None:
        changes.daily.update((key, UsageCounts(*values)) for key, values in self.daily.items())
        changes.users.update((key, UsageCounts(*values)) for key, values in self.users.items())
        changes.models.update((key, UsageCounts(*values)) for key, values in self.models.items())
        changes.seen.update((key, Seen(first, last)) for key, (first, last) in self.seen.items())


def _add_to(sums: dict[Any, list[int]], key: Any, counts: tuple[int, ...]) -> None:
    values = sums.get(key)
    if values is None:
        sums[key] = list(counts)
    else:
        for index, count in enumerate(counts):
            values[index] += count


def _note(
    changes: ViewChanges,
    sums: _Sums,
    event: LoggedEvent,
    user_id: int,
    kind: str,
    at: datetime,
    text: str | None = None,
) -> None:
    changes.timeline.append(TimelineEntry(event.position, user_id, kind, at, text))
    sums.see(user_id, at)


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
