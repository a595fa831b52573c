"""The ports: what the application needs from the world, named by role."""

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.model_io import Prompt, ReplyDone, TextDelta
from domain.access import MemberStatus

A = TypeVar("A", bound=Aggregate)


class Aggregates(Protocol):
    """Loads and saves event-sourced aggregates; save raises ConcurrencyConflict on a stale write."""

    async def get(self, aggregate_id: UUID, kind: type[A]) -> A | None: ...

    async def save(self, *aggregates: Aggregate) -> None: ...


class ChatModel(Protocol):
    """A language model that streams a reply: TextDelta items, then one ReplyDone."""

    def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]: ...


class TokenCounter(Protocol):
    """Estimates how many tokens a text costs, for context trimming and budget checks."""

    def count(self, text: str) -> int: ...


class Clock(Protocol):
    """The current time, timezone-aware UTC."""

    def now(self) -> datetime: ...


class Cache(Protocol):
    """String values with a time to live; raises CacheUnavailable when the backend is down."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_seconds: int) -> None: ...

    async def delete(self, key: str) -> None: ...


class ConversationLock(Protocol):
    """One model run per conversation at a time; later callers wait their turn."""

    def hold(self, key: str) -> AbstractAsyncContextManager[None]: ...


class ChannelMembership(Protocol):
    """A user's live membership status in the gating channel."""

    async def status_of(self, user_id: int) -> MemberStatus: ...
