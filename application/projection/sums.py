"""A batch's counters as the projection adds them up, event by event."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.projection.model import Counts, ViewChanges
from application.views import LedgerHead, Seen, TimelineEntry, UsageCounts
from domain.clock import month_of
from domain.digest import genesis_digest


class BatchSums:
    """The batch's counters, kept as the rows each key was given (a rebuild runs every event of the
    log through here) and summed column by column once at the end, where the loops run in C."""

    def __init__(self) -> None:
        self.daily: dict[tuple[int, date], list[Counts]] = {}
        self.model_days: dict[tuple[date, str], list[Counts]] = {}
        self.seen: dict[int, list[datetime]] = {}
        self.timeline: list[TimelineEntry] = []
        self.kind_days: dict[tuple[date, str], int] = {}
        self.people: dict[int, dict[str, Any]] = {}
        self.heads: dict[UUID, list[Any]] = {}
        """Per usage ledger: user, period, records added, head digest, last record's time."""

    def add(self, user_id: int, at: datetime, counts: Counts) -> None:
        """Counts for the user's day; the event's timeline entry marks the user seen."""
        key = (user_id, at.date())
        rows = self.daily.get(key)
        if rows is None:
            self.daily[key] = [counts]
        else:
            rows.append(counts)

    def add_model(self, day: date, model: str, counts: Counts) -> None:
        key = (day, model)
        rows = self.model_days.get(key)
        if rows is None:
            self.model_days[key] = [counts]
        else:
            rows.append(counts)

    def set_person(self, user_id: int, name: str, value: object) -> None:
        """A field of the user's person row; a later event of the batch overwrites it."""
        fields = self.people.get(user_id)
        if fields is None:
            self.people[user_id] = {name: value}
        else:
            fields[name] = value

    def open_ledger(self, stream_id: UUID, user_id: int, period: str) -> None:
        self.heads[stream_id] = [user_id, period, 0, genesis_digest(user_id, period), None, 0]

    def chain(self, stream_id: UUID, user_id: int, digest: str, at: datetime, cost_micros: int) -> None:
        """One more record at the head of the ledger; a record lies in its ledger's month."""
        head = self.heads.get(stream_id)
        if head is None:
            self.heads[stream_id] = [user_id, month_of(at), 1, digest, at, cost_micros]
        else:
            head[2] += 1
            head[3], head[4] = digest, at
            head[5] += cost_micros

    def note(
        self,
        position: int,
        user_id: int,
        kind: str,
        at: datetime,
        text: str | None = None,
        cost_micros: int | None = None,
    ) -> None:
        """The event's timeline entry; the user was seen at its time."""
        self.timeline.append(TimelineEntry(position, user_id, kind, at, text, cost_micros))
        day_kind = (at.date(), kind)
        self.kind_days[day_kind] = self.kind_days.get(day_kind, 0) + 1
        times = self.seen.get(user_id)
        if times is None:
            self.seen[user_id] = [at]
        else:
            times.append(at)

    def into(self, changes: ViewChanges) -> None:
        """Write the sums into the batch's changes."""
        changes.seen = {key: Seen(min(times), max(times)) for key, times in self.seen.items()}
        users: dict[int, list[Counts]] = {user_id: [] for user_id in self.seen}
        for key, rows in self.daily.items():
            total = _summed(rows)
            changes.daily[key] = UsageCounts(*total)
            users[key[0]].append(total)
        changes.users = {key: UsageCounts(*_summed(rows)) for key, rows in users.items()}
        models: dict[str, list[Counts]] = {}
        for day_model, rows in self.model_days.items():
            total = _summed(rows)
            changes.model_days[day_model] = UsageCounts(*total)
            models.setdefault(day_model[1], []).append(total)
        changes.models = {key: UsageCounts(*_summed(rows)) for key, rows in models.items()}
        changes.timeline = self.timeline
        changes.kind_days = self.kind_days
        changes.people = self.people
        changes.ledger_heads = {key: LedgerHead(key, *head) for key, head in self.heads.items()}


def _summed(rows: list[Counts]) -> Counts:
    if len(rows) == 1:
        return rows[0]
    if not rows:
        return _NOTHING
    return tuple(map(sum, zip(*rows, strict=True)))


_NOTHING = tuple(UsageCounts().as_dict().values())
