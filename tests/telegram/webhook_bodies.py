"""Webhook bodies Telegram would never send: bytes that are not JSON, JSON that is not an update,
updates with a field of the wrong shape, and updates of kinds the bot did not ask for."""

import json
import time
from typing import Any

from aiogram.types import Update
from hypothesis import strategies as st

from adapters.telegram.updates import ALLOWED_UPDATES
from tests.support.telegram_objects import chat_of
from tests.support.telegram_updates import Person, message

SECRET_WORDS = "words-of-a-user-that-never-reach-the-log"
STRANGER_IN_BODIES = Person(777)
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=utf-16",
    "application/json; charset=no-such-charset",
    "text/plain",
]
REQUIRED = [
    ("update_id",),
    ("message", "message_id"),
    ("message", "date"),
    ("message", "chat"),
    ("message", "chat", "id"),
    ("message", "chat", "type"),
    ("message", "from", "id"),
    ("message", "from", "is_bot"),
    ("message", "from", "first_name"),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def reaction(person: Person, update_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message_reaction": {
            "chat": chat_of(person.user_id),
            "message_id": 1,
            "user": person.as_user(),
            "date": int(time.time()),
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}],
        },
    }


def channel_post(update_id: int) -> dict[str, Any]:
    post = {"message_id": 1, "date": int(time.time()), "chat": {"id": -1007, "type": "channel"}}
    return {"update_id": update_id, "channel_post": post | {"text": SECRET_WORDS}}


def encoded(value: Any, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@st.composite
def random_json(draw: st.DrawFn) -> bytes:
    return encoded(draw(json_values), draw(st.booleans()))


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found += paths(child, (*prefix, key))
    return found


def wrong_shape(original: Any) -> st.SearchStrategy[Any]:
    """A value no field of the original's shape accepts: a scalar for an object or list, and the other
    way round."""
    if isinstance(original, dict):
        return st.integers() | st.text(max_size=8) | st.lists(st.integers(), max_size=2)
    if isinstance(original, list):
        return st.integers() | st.text(max_size=8) | st.dictionaries(st.text(max_size=4), st.integers())
    return st.dictionaries(st.text(max_size=4), st.integers(), max_size=2) | st.lists(
        st.integers(), max_size=2
    )


@st.composite
def mistyped_updates(draw: st.DrawFn) -> bytes:
    """A message update with one field of the wrong shape, or one required field missing."""
    update = message(STRANGER_IN_BODIES, f"{SECRET_WORDS} {draw(st.text(max_size=20))}", update_id=1)
    if draw(st.booleans()):
        path = draw(st.sampled_from(paths(update)))
        *parents, last = path
        holder = update
        for key in parents:
            holder = holder[key]
        holder[last] = draw(wrong_shape(holder[last]))
    else:
        *parents, last = draw(st.sampled_from(REQUIRED))
        holder = update
        for key in parents:
            holder = holder[key]
        del holder[last]
    return encoded(update, ascii_only=True)


unknown_kinds = st.text(min_size=1, max_size=20).filter(lambda kind: kind not in Update.model_fields)
not_asked_for_kinds = st.sampled_from(sorted(set(Update.model_fields) - {"update_id", *ALLOWED_UPDATES}))


@st.composite
def updates_not_asked_for(draw: st.DrawFn) -> bytes:
    """An update of a kind the bot never asked for, well formed or a kind no one knows."""
    update_id = draw(st.integers(min_value=0, max_value=2**53))
    choice = draw(st.sampled_from(["reaction", "channel_post", "unknown kind"]))
    if choice == "reaction":
        return encoded(reaction(STRANGER_IN_BODIES, update_id), ascii_only=False)
    if choice == "channel_post":
        return encoded(channel_post(update_id), ascii_only=True)
    return encoded({"update_id": update_id, draw(unknown_kinds): draw(json_values)}, draw(st.booleans()))


@st.composite
def not_asked_for_with_any_payload(draw: st.DrawFn) -> bytes:
    """A kind the bot did not ask for with any payload: refused as not an update, or ignored."""
    return encoded({"update_id": 1, draw(not_asked_for_kinds): draw(json_values)}, ascii_only=True)
