"""Following the log as its subscription delivers new events: whatever has arrived is projected as one
batch, in one transaction with its tracking position."""

import threading
from queue import Empty, Full, Queue
from time import monotonic

from application.projection.catch_up import Projector
from application.projection.model import LoggedEvent
from application.projection.ports import EventSubscription

WAITING_EVENTS = 5_000
"""Delivered events not yet projected, at most: the subscription waits while the views catch up."""
CHECK_SECONDS = 0.1
"""How often a quiet follower looks whether it was asked to stop."""


class Follower:
    """Catches up with the log, then projects its new events as its subscription delivers them.

    Events come from the library's subscription where the store announces new events (PostgreSQL's
    LISTEN/NOTIFY, POPO). The subscription starts first and the log is read after it, and again after
    every quiet `poll_seconds`: an event written while the subscription was starting to listen is
    otherwise only delivered with the next one. Where the store announces nothing (SQLite), `follow`
    returns after catching up, and its caller polls.
    """

    def __init__(self, projector: Projector, poll_seconds: float) -> None:
        self.projector, self.poll_seconds = projector, poll_seconds

    def follow(self, stop: threading.Event) -> int:
        """Project until `stop` is set (or the log announces nothing); the number of events projected."""

        def keep_going() -> bool:
            return not stop.is_set()

        # Subscribed from the end of the log: what the views lack before it is read, not delivered.
        since = self.projector.events.last_position()
        subscription = self.projector.events.subscribe(since) if keep_going() else None
        if subscription is None:
            return self.projector.catch_up(keep_going=keep_going)
        with subscription:
            delivered: Queue[LoggedEvent] = Queue(WAITING_EVENTS)
            puller = _Puller(subscription, delivered)
            try:
                # Read what came before, and what came while the subscription was starting to listen.
                projected = self.projector.catch_up(keep_going=keep_going)
                quiet_since = monotonic()
                while keep_going():
                    batch = self._delivered(delivered)
                    if batch:
                        projected += self.projector.project_delivered(batch, since)
                        since, quiet_since = batch[-1].position, monotonic()
                    elif not puller.is_alive():
                        break
                    elif monotonic() - quiet_since >= self.poll_seconds:
                        projected += self.projector.catch_up(keep_going=keep_going)
                        quiet_since = monotonic()
            finally:
                subscription.stop()
                puller.finish()
        return projected

    def _delivered(self, delivered: "Queue[LoggedEvent]") -> list[LoggedEvent]:
        """What has been delivered, up to a batch (waiting a moment for the first event)."""
        try:
            batch = [delivered.get(timeout=CHECK_SECONDS)]
        except Empty:
            return []
        while len(batch) < self.projector.batch_size:
            try:
                batch.append(delivered.get_nowait())
            except Empty:
                break
        return batch


class _Puller:
    """Moves the subscription's events to a queue in a thread of its own, so the follower can take
    whatever has arrived without waiting for more."""

    def __init__(self, subscription: EventSubscription, delivered: "Queue[LoggedEvent]") -> None:
        self.subscription, self.delivered = subscription, delivered
        self.done = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._pull, name="projection-subscription", daemon=True)
        self.thread.start()

    def is_alive(self) -> bool:
        if self.failure is not None:
            raise self.failure
        return self.thread.is_alive()

    def finish(self) -> None:
        """Stop moving events (the subscription must be stopped first) and wait for the thread."""
        self.done.set()
        self.thread.join()
        if self.failure is not None:
            raise self.failure

    def _pull(self) -> None:
        try:
            for event in self.subscription:
                if not self._put(event):
                    return
        except Exception as error:
            self.failure = error

    def _put(self, event: LoggedEvent) -> bool:
        while not self.done.is_set():
            try:
                self.delivered.put(event, timeout=CHECK_SECONDS)
            except Full:
                continue
            return True
        return False
