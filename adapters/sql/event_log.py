"""The EventLog port over the event store's application: its notification log, read through the
recorder's public API, each event decoded by the application's own mapper.

`subscribe` follows new events through the library's `ApplicationSubscription` where the recorder
can announce them (PostgreSQL's LISTEN/NOTIFY, POPO); the SQLite recorder cannot, so the log is read
as events come instead.
"""

from collections.abc import Collection, Iterator, Sequence
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.projection import ApplicationSubscription

from adapters.sql.event_store import STORE_FAILURES
from application.errors import StoreUnavailable
from application.projection.model import LoggedEvent, logged

PAGE = 10_000
"""Notifications per query when the log is counted."""


class EventStoreLog:
    def __init__(self, app: Application[UUID]) -> None:
        self.app = app
        self.recorder, self.mapper = app.recorder, app.mapper

    @property
    def name(self) -> str:
        return self.app.name

    def read(self, after: int, limit: int) -> Sequence[LoggedEvent]:
        decode = self.mapper.to_domain_event
        return [logged(n.id, decode(n)) for n in self._notifications(after, limit)]

    def last_position(self) -> int:
        try:
            return self.recorder.max_notification_id() or 0
        except STORE_FAILURES as error:
            raise _unavailable(error) from error

    def count(self, topics: Collection[str] = ()) -> int:
        return sum(len(page) for page in self._pages(topics))

    def subscribe(self, after: int) -> "LogSubscription | None":
        try:
            subscription = ApplicationSubscription(self.app, gt=after)
        except NotImplementedError:
            return None  # eventsourcing.sqlite: no subscriptions
        except STORE_FAILURES as error:
            raise _unavailable(error) from error
        return LogSubscription(subscription)

    def _notifications(self, after: int, limit: int, topics: Collection[str] = ()) -> Sequence[Notification]:
        try:
            return self.recorder.select_notifications(
                after, limit, topics=tuple(topics), inclusive_of_start=False
            )
        except STORE_FAILURES as error:
            raise _unavailable(error) from error

    def _pages(self, topics: Collection[str]) -> Iterator[Sequence[Notification]]:
        after = 0
        while page := self._notifications(after, PAGE, topics):
            yield page
            after = page[-1].id


class LogSubscription:
    """The library's subscription to the application, its events as logged events."""

    def __init__(self, subscription: ApplicationSubscription[UUID]) -> None:
        self.subscription = subscription

    def __iter__(self) -> Iterator[LoggedEvent]:
        for event, tracking in self.subscription:
            yield logged(tracking.notification_id, event)

    def stop(self) -> None:
        self.subscription.stop()

    def __enter__(self) -> "LogSubscription":
        self.subscription.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.subscription.__exit__(*exc_info)


def _unavailable(error: BaseException) -> StoreUnavailable:
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return StoreUnavailable(f"cannot read the event log: {reason}")
