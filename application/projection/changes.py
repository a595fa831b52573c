"""The projection as a pure function: a batch of logged events in, the increments to the views out."""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from application.projection import topics
from application.projection.model import LoggedEvent, StreamKind, StreamOwner, ViewChanges
from application.projection.sums import BatchSums
from application.views import ModelTotals, PauseView, UsageCounts
from domain.usage import ESTIMATED, UsageKind

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
FAILED = "failed:"
"""The timeline kind of a message that got no reply, before its reason ("failed:model_timeout")."""
REASON_LENGTH = 64 - len(FAILED)
NAME_LENGTH, USERNAME_LENGTH = 256, 64
"""What the people view keeps of a name (Telegram's are far shorter: 129 and 32 characters)."""


def project(
    events: Sequence[LoggedEvent], known: Mapping[UUID, StreamOwner], store_content: bool, after: int
) -> ViewChanges:
    """The view increments for these events; `known` holds the owners of streams begun earlier."""
    changes = ViewChanges(after=after, position=events[-1].position if events else after)
    sums = BatchSums()
    for event in events:
        project_one(event, known, changes, sums, store_content)
    sums.into(changes)
    return changes


def project_one(
    event: LoggedEvent,
    known: Mapping[UUID, StreamOwner],
    changes: ViewChanges,
    sums: BatchSums,
    store_content: bool,
) -> None:
    """What one event adds: its stream's owner to `changes`, its counts and timeline entry to `sums`."""
    position, stream_id, _, topic, state = event
    if topic in STREAM_STARTS:
        kind = STREAM_STARTS[topic]
        changes.owners[stream_id] = StreamOwner(int(state[OWNER_FIELDS[kind]]), kind)
    elif topic in topics.PAUSE_TOPICS:  # the bot's, not a user's: no owner
        changes.pause = PauseView(topic == topics.PAUSED, int(state["by"]), _time_of(state))
        return
    elif topic not in _PROJECTED:
        return
    owner = known.get(stream_id) or changes.owners.get(stream_id)
    if owner is None:
        changes.orphans.append(position)
        return
    # A message event that names its author counts for that user, not for the chat it was sent in.
    author = state.get("user_id")
    user_id = owner.user_id if author is None else int(author)
    at = _time_of(state)
    if topic == USAGE_RECORDED:  # most of the log
        cost = int(state["cost_micros"])
        # Records stored before estimates were marked have no `estimated`: the provider reported them.
        estimated = 1 if state.get(ESTIMATED) else 0
        counts = (
            1,
            int(state["input_tokens"]),
            int(state["output_tokens"]),
            int(state["cached_tokens"]),
            int(state["images"]),
            1 if state["kind"] == _DOCUMENT else 0,
            cost,
            0,
            estimated,
            cost if estimated else 0,
        )  # UsageCounts' fields in order
        sums.add(user_id, at, counts)
        sums.add_model(at.date(), _storable(str(state["model"])), counts)
        sums.note(position, user_id, "usage:" + state["kind"], at, cost_micros=cost)
        sums.chain(stream_id, user_id, str(state["digest"]), at, cost)
    elif topic in MESSAGE_TOPICS:
        sums.add(user_id, at, _ONE_MESSAGE)
        text = _storable(str(state.get("text", ""))) if store_content else None
        sums.note(position, user_id, CONVERSATION_KINDS[topic], at, text)
    elif topic in CONVERSATION_KINDS:
        sums.note(position, user_id, CONVERSATION_KINDS[topic], at)
    elif topic == topics.REPLY_FAILED:  # why a message got no reply, as the operator reads it
        sums.note(position, user_id, FAILED + _storable(str(state["reason"]))[:REASON_LENGTH], at)
    elif topic == topics.LEDGER_OPENED:
        sums.open_ledger(stream_id, user_id, str(state["period"]))
    elif topic == topics.REGISTERED:
        sums.note(position, user_id, "registered", at)
        sums.set_person(user_id, "registered_at", at)
    elif topic in topics.ACCESS_TIMELINE_KINDS:
        sums.note(position, user_id, topics.ACCESS_TIMELINE_KINDS[topic], at)
        if topic in topics.PERSON_FLAGS:
            sums.set_person(user_id, *topics.PERSON_FLAGS[topic])
        elif topic == topics.BUDGET_SET:
            sums.set_person(user_id, "budget_set", True)
            monthly = state["monthly_micros"]
            sums.set_person(user_id, "monthly_budget_micros", None if monthly is None else int(monthly))
    elif topic == topics.NAMED:
        sums.set_person(user_id, "name", _storable(str(state["name"]))[:NAME_LENGTH])
        username = state["username"]
        kept = None if username is None else _storable(str(username))[:USERNAME_LENGTH]
        sums.set_person(user_id, "username", kept)


USAGE_RECORDED = topics.USAGE_RECORDED
_DOCUMENT = UsageKind.DOCUMENT.value
_PROJECTED = frozenset(
    (
        topics.USAGE_RECORDED,
        *CONVERSATION_KINDS,
        topics.REPLY_FAILED,
        *topics.ACCESS_TIMELINE_KINDS,
        topics.NAMED,
    )
)
"""The topics that change a view (besides starting a stream)."""


_ONE_MESSAGE = tuple(UsageCounts(messages=1).as_dict().values())


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters; the views drop them rather than stall on them."""
    return text.replace("\x00", "")


def _time_of(state: Mapping[str, Any]) -> datetime:
    at = state["at"] if "at" in state else state.get("timestamp")
    if not isinstance(at, datetime):
        raise ValueError(f"expected a timestamp, got {at!r}")
    return at if at.tzinfo is UTC else at.astimezone(UTC)


def by_model(models: Mapping[str, UsageCounts]) -> tuple[ModelTotals, ...]:
    """Models with the most expensive first."""
    ordered = sorted(models.items(), key=lambda item: (-item[1].cost_micros, item[0]))
    return tuple(ModelTotals(model, counts) for model, counts in ordered)
