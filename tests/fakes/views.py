"""The analytics views in memory: both the projection's write side and the read-model queries."""

import copy
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from operator import attrgetter
from typing import Any
from uuid import UUID

from application.projection import by_model
from application.projection.model import ProjectionConflict, StreamOwner, ViewChanges
from application.views import (
    DailyUsage,
    GlobalStats,
    LedgerHead,
    PauseView,
    Person,
    Seen,
    TimelineEntry,
    UsageCounts,
    UserTotals,
)


@dataclass
class ViewTables:
    position: int = 0
    daily: dict[tuple[int, date], UsageCounts] = field(default_factory=dict)
    users: dict[int, UsageCounts] = field(default_factory=dict)
    seen: dict[int, Seen] = field(default_factory=dict)
    models: dict[str, UsageCounts] = field(default_factory=dict)
    timeline: dict[int, TimelineEntry] = field(default_factory=dict)
    owners: dict[UUID, StreamOwner] = field(default_factory=dict)
    model_days: dict[tuple[date, str], UsageCounts] = field(default_factory=dict)
    kind_days: dict[tuple[date, str], int] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    ledger_heads: dict[UUID, LedgerHead] = field(default_factory=dict)
    pause: PauseView | None = None


class FakeAnalyticsViews:
    def __init__(self) -> None:
        self.tables = ViewTables()
        self.fail_next_apply = False
        """Set to make the next apply die half-way, as a killed process would."""
        self._writing = threading.Lock()

    def snapshot(self) -> ViewTables:
        return copy.deepcopy(self.tables)

    def position(self) -> int:
        return self.tables.position

    def owners(self, stream_ids: Collection[UUID]) -> dict[UUID, StreamOwner]:
        return {i: self.tables.owners[i] for i in stream_ids if i in self.tables.owners}

    def apply(self, changes: ViewChanges) -> None:
        with self._writing:
            self._apply(changes)

    def _apply(self, changes: ViewChanges) -> None:
        if changes.after != self.tables.position:
            raise ProjectionConflict(f"the views are at {self.tables.position}, not {changes.after}")
        draft = copy.deepcopy(self.tables)  # the transaction: nothing is visible until the swap
        _add_all(draft.daily, changes.daily)
        _add_all(draft.users, changes.users)
        _add_all(draft.models, changes.models)
        for user_id, seen in changes.seen.items():
            draft.seen[user_id] = draft.seen[user_id] + seen if user_id in draft.seen else seen
        draft.timeline.update((entry.position, entry) for entry in changes.timeline)
        draft.owners.update(changes.owners)
        _add_all(draft.model_days, changes.model_days)
        for key, count in changes.kind_days.items():
            draft.kind_days[key] = draft.kind_days.get(key, 0) + count
        for user_id, fields in changes.people.items():
            draft.people[user_id] = replace(draft.people.get(user_id, Person(user_id)), **fields)
        for stream_id, head in changes.ledger_heads.items():
            stored = draft.ledger_heads.get(stream_id)
            records = head.records + (stored.records if stored else 0)
            cost = head.cost_micros + (stored.cost_micros if stored else 0)
            draft.ledger_heads[stream_id] = replace(head, records=records, cost_micros=cost)
        draft.pause = changes.pause or draft.pause
        if self.fail_next_apply:
            self.fail_next_apply = False
            raise RuntimeError("the projection died before its transaction committed")
        draft.position = changes.position
        self.tables = draft

    def reset(self) -> None:
        self.tables = ViewTables()

    def users(self) -> list[UserTotals]:
        rows = [self._user(user_id) for user_id in self.tables.users]
        return sorted(rows, key=lambda row: (-row.counts.cost_micros, row.user_id))

    def user(self, user_id: int) -> UserTotals | None:
        return self._user(user_id) if user_id in self.tables.users else None

    def people(self, user_ids: Collection[int]) -> dict[int, Person]:
        return {i: self.tables.people[i] for i in user_ids if i in self.tables.people}

    def usage_days(self, user_id: int | None, since: date | None, until: date | None) -> list[DailyUsage]:
        rows = [
            DailyUsage(uid, day, counts)
            for (uid, day), counts in self.tables.daily.items()
            if (user_id is None or uid == user_id)
            and (since is None or day >= since)
            and (until is None or day <= until)
        ]
        return sorted(rows, key=lambda row: (row.day, row.user_id))

    def usage_day_counts(
        self, fields: Sequence[str], user_id: int | None, since: date | None, until: date | None
    ) -> dict[tuple[int, date], tuple[int, ...]]:
        values_of = attrgetter(*fields)
        return {
            (row.user_id, row.day): tuple(values_of(row.counts))
            for row in self.usage_days(user_id, since, until)
        }

    def timeline(self, user_id: int, limit: int) -> list[TimelineEntry]:
        entries = sorted(
            (e for e in self.tables.timeline.values() if e.user_id == user_id), key=lambda e: e.position
        )
        return entries[-limit:] if limit > 0 else []

    def global_stats(self, today: date) -> GlobalStats:
        def active(days: int) -> int:
            since = today - timedelta(days=days - 1)
            return len(
                {uid for (uid, day), c in self.tables.daily.items() if since <= day <= today and c.active}
            )

        totals = sum(self.tables.users.values(), UsageCounts())
        return GlobalStats(
            len(self.tables.users), active(1), active(7), active(30), totals, by_model(self.tables.models)
        )

    def cost_between(self, since: date, until: date) -> int:
        return sum(row.counts.cost_micros for row in self.usage_days(None, since, until))

    def day_range(self) -> tuple[date, date] | None:
        days = [day for _, day in self.tables.daily]
        return (min(days), max(days)) if days else None

    def size_bytes(self) -> int | None:
        return None

    def _user(self, user_id: int) -> UserTotals:
        seen = self.tables.seen[user_id]
        return UserTotals(user_id, self.tables.users[user_id], seen.first, seen.last)


def _add_all(table: dict[Any, UsageCounts], increments: Mapping[Any, UsageCounts]) -> None:
    for key, counts in increments.items():
        table[key] = table.get(key, UsageCounts()) + counts
