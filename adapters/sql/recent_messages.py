"""The RecentMessages port over the event store's notification log: read backwards from its last
position, a batch of positions at a time, for the user messages only, until they are older than asked."""

from datetime import datetime
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from adapters.sql.event_store import STORE_FAILURES
from application.errors import StoreUnavailable
from domain.conversation import Conversation

USER_MESSAGE_ADDED = get_topic(Conversation.UserMessageAdded)  # type: ignore[attr-defined]
BATCH = 1_000
"""Positions of the log per query."""


class RecorderRecentMessages:
    def __init__(self, app: Application[UUID], batch: int = BATCH) -> None:
        self.recorder, self.mapper, self.batch = app.recorder, app.mapper, batch

    def conversations_since(self, since: datetime) -> list[UUID]:
        try:
            return self._conversations_since(since)
        except STORE_FAILURES as error:
            raise StoreUnavailable(f"cannot read the event log: {type(error).__name__}") from error

    def _conversations_since(self, since: datetime) -> list[UUID]:
        found: dict[UUID, None] = {}
        stop = self.recorder.max_notification_id() or 0
        while stop > 0:
            start = max(1, stop - self.batch + 1)
            page = self.recorder.select_notifications(
                start, self.batch, stop=stop, topics=(USER_MESSAGE_ADDED,)
            )
            older = False
            for notification in reversed(page):
                message = self.mapper.to_domain_event(notification)
                if vars(message)["at"] < since:
                    older = True
                else:
                    found.setdefault(message.originator_id)
            if older:
                break  # the log is in the order messages were stored: earlier batches are older still
            stop = start - 1
        return list(found)
