"""The dashboard benchmark's store: genuine events of many users over 90 days, written fast.

Every event comes from the real aggregates (`UsageLedger`, `AccessLedger`, `Conversation`) and the
application's own mapper, as in `bench/ledger_events.py`; each month's events are handed to the
recorder's public `insert_events` in large batches, in the order of their time, so the projection
later meets them as it would meet the bot's. Users differ widely: a few write thousands of records,
most a few dozen; most were there on the first day, the rest joined later.
"""

import multiprocessing
import os
import random
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from adapters.sql.event_store import EventStoreAggregates
from domain.access import AccessLedger
from domain.clock import month_of
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageKind, UsageLedger

DAYS = 90
FIRST_USER = 100_000_001
"""Telegram-like ids; the first ADMINS of them are admins."""
ADMINS = 3
MODELS = ("gpt-5-mini", "gpt-5-mini", "gpt-5-mini", "gpt-5", "gpt-5-nano", "gpt-4.1", "o4-mini")
KINDS = (UsageKind.CHAT,) * 6 + (UsageKind.VISION, UsageKind.DOCUMENT, UsageKind.IMAGE)
NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim")
BATCH = 5_000
"""Events per call of the recorder, as in bench/ledger_events.py."""

Rows = list[tuple[int, StoredEvent]]
"""Stored events with the second of their time, for putting a month's events in order."""


@dataclass(frozen=True)
class Plan:
    users: int
    events: int
    end: date
    """The last day with usage: the day the store is built."""

    @property
    def start(self) -> datetime:
        return datetime(self.end.year, self.end.month, self.end.day, tzinfo=UTC) - timedelta(days=DAYS - 1)

    @property
    def months(self) -> list[str]:
        return sorted({month_of(self.start + timedelta(days=n)) for n in range(DAYS)})

    def records(self) -> list[int]:
        """Each user's number of usage records: a long-tailed spread summing to `events`."""
        draw = random.Random(7)
        weights = [draw.lognormvariate(0, 1.3) for _ in range(self.users)]
        scale = self.events / sum(weights)
        counts = [max(1, int(w * scale)) for w in weights]
        counts[0] += self.events - sum(counts)  # the first admin takes up the rounding
        return counts


def write_store(database_url: str, plan: Plan, workers: int | None = None) -> int:
    """Fill the event store with the plan's events, month by month in time order; how many were written."""
    store = EventStoreAggregates.from_database_url(database_url)
    try:
        written = 0
        for rows in _months(plan, workers or os.cpu_count() or 1):
            rows.sort(key=lambda row: row[0])  # stable: each aggregate's events stay in their order
            events = [event for _, event in rows]
            for start in range(0, len(events), BATCH):
                store.app.recorder.insert_events(events[start : start + BATCH])
            written += len(events)
        return written
    finally:
        store.close()


def _months(plan: Plan, workers: int) -> Iterator[Rows]:
    counts = plan.records()
    chunk = max(1, min(250, plan.users // (workers * 4)))
    # Spawned, not forked: a forked child could inherit a lock held by one of the store's threads.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for month in plan.months:
            futures = [
                pool.submit(month_rows, plan, month, first, counts[first : first + chunk])
                for first in range(0, plan.users, chunk)
            ]
            yield list(chain.from_iterable(future.result() for future in futures))


def month_rows(plan: Plan, month: str, first: int, counts: list[int]) -> Rows:
    """The month's events of these users (the plan's users `first`, `first + 1`, ...), encoded."""
    mapper = EventStoreAggregates.in_memory().app.mapper
    rows: Rows = []
    for offset, records in enumerate(counts):
        user = _User(first + offset, records, plan)
        for aggregate in user.aggregates(month):
            events = aggregate.collect_events()
            for at, event in zip(_times_of(events), events, strict=True):
                rows.append((int(at.timestamp()), mapper.to_stored_event(event)))
    return rows


def _times_of(events: Sequence[Any]) -> list[datetime]:
    """Each event's time; an event without one (a ledger's Opened) takes the next event's, so a
    stream's start stays before its other events once the month is put in order."""
    times: list[datetime] = []
    following = datetime.now(UTC)
    for event in reversed(events):
        at = getattr(event, "at", None)
        following = at if isinstance(at, datetime) else following
        times.append(following)
    return times[::-1]


class _User:
    def __init__(self, index: int, records: int, plan: Plan) -> None:
        self.id = FIRST_USER + index
        self.index = index
        self.draw = random.Random(self.id)
        seconds = DAYS * 86_400
        joined = 0 if self.draw.random() < 0.6 else self.draw.randrange(seconds - 3_600)
        self.joined = plan.start + timedelta(seconds=joined)
        self.times = sorted(
            plan.start + timedelta(seconds=self.draw.randrange(joined + 600, seconds)) for _ in range(records)
        )

    def aggregates(self, month: str) -> list[Aggregate]:
        made: list[Aggregate] = []
        if month_of(self.joined) == month:
            made += [self._access(), *self._conversations()]
        times = [at for at in self.times if month_of(at) == month]
        if times:
            made.append(self._ledger(times))
        return made

    def _access(self) -> AccessLedger:
        at = self.joined
        ledger = AccessLedger(self.id, at)
        name = f"{NAMES[self.index % len(NAMES)]} Tester{self.index}"
        ledger.record_name(name, f"user{self.index}" if self.index % 3 else None, at)
        if self.index % 5 == 0:
            ledger.grant(FIRST_USER, at + timedelta(seconds=1))
        if self.index % 97 == 0:
            ledger.ban(FIRST_USER, "spam", at + timedelta(seconds=2))
        if self.index < ADMINS:
            ledger.promote_to_admin(FIRST_USER, at + timedelta(seconds=3))
        return ledger

    def _conversations(self) -> list[Conversation]:
        at = self.joined + timedelta(seconds=10)
        conversation = Conversation(chat_id=self.id, at=at)
        for n in range(2):
            sent = at + timedelta(seconds=60 * n + 5)
            request = f"msg-{self.id}-{n}"
            conversation.add_user_message(
                f"Question {n} about topic {self.index % 40}", request, sent, self.id
            )
            conversation.add_reply(
                f"An answer of some length to question {n}. " * 4, MODELS[0], request, sent
            )
        made = [conversation]
        if self.index % 3 == 0:
            conversation.archive(at + timedelta(seconds=300))
            made.append(Conversation(chat_id=self.id, at=at + timedelta(seconds=301)))
        return made

    def _ledger(self, times: list[datetime]) -> UsageLedger:
        ledger = UsageLedger.open(self.id, times[0])
        for n, at in enumerate(times):
            kind, tokens = self.draw.choice(KINDS), self.draw.randrange(100, 4_000)
            usage = ModelUsage(
                self.draw.choice(MODELS),
                kind,
                input_tokens=tokens,
                output_tokens=self.draw.randrange(20, 1_200),
                cached_tokens=self.draw.randrange(0, 100),
                images=int(kind is UsageKind.IMAGE),
                estimated=n % 250 == 249,
            )
            ledger.record(
                f"req-{self.id}-{at.timestamp():.0f}-{n}", usage, self.draw.randrange(50, 30_000), at
            )
        return ledger
