"""A batch's counters as the projection adds them up, event by event."""

from datetime import date, datetime

from application.projection.model import Counts, ViewChanges
from application.views import Seen, TimelineEntry, UsageCounts


class BatchSums:
    """The batch's counters, kept as the rows each key was given (a rebuild runs every event of the
    log through here) and summed column by column once at the end, where the loops run in C."""

    def __init__(self) -> None:
        self.daily: dict[tuple[int, date], list[Counts]] = {}
        self.models: dict[str, list[Counts]] = {}
        self.seen: dict[int, list[datetime]] = {}
        self.timeline: list[TimelineEntry] = []

    def add(self, user_id: int, at: datetime, counts: Counts) -> None:
        """Counts for the user's day; the event's timeline entry marks the user seen."""
        key = (user_id, at.date())
        rows = self.daily.get(key)
        if rows is None:
            self.daily[key] = [counts]
        else:
            rows.append(counts)

    def add_model(self, model: str, counts: Counts) -> None:
        rows = self.models.get(model)
        if rows is None:
            self.models[model] = [counts]
        else:
            rows.append(counts)

    def note(self, position: int, user_id: int, kind: str, at: datetime, text: str | None = None) -> None:
        """The event's timeline entry; the user was seen at its time."""
        self.timeline.append(TimelineEntry(position, user_id, kind, at, text))
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
        changes.models = {key: UsageCounts(*_summed(rows)) for key, rows in self.models.items()}
        changes.timeline = self.timeline


def _summed(rows: list[Counts]) -> Counts:
    if len(rows) == 1:
        return rows[0]
    if not rows:
        return _NOTHING
    return tuple(map(sum, zip(*rows, strict=True)))


_NOTHING = tuple(UsageCounts().as_dict().values())
