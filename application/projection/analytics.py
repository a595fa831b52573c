"""The analytics views as an eventsourcing `Projection`: each batch of events is applied to the views
together with its tracking position, in one transaction of the views."""

import logging
from collections.abc import Sequence
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from application.projection.changes import STREAM_STARTS, project
from application.projection.model import LoggedEvent, StreamOwner, ViewChanges, logged
from application.projection.ports import ProjectionStore

log = logging.getLogger(__name__)

REMEMBERED_OWNERS = 200_000
"""Stream owners kept in memory between batches (a stream's owner never changes), so a batch asks the
views only for streams it has not met before."""


class ViewsTracking(TrackingRecorder):
    """The views' tracking position as eventsourcing's tracking recorder (`has_tracking_id` and `wait`
    come with it). The views move it in the transaction that writes a batch's rows."""

    def __init__(self, views: ProjectionStore, application_name: str) -> None:
        self.views, self.application_name = views, application_name

    def max_tracking_id(self, application_name: str) -> int | None:
        if application_name != self.application_name:
            return None
        return self.views.position() or None

    def insert_tracking(self, tracking: Tracking) -> None:
        """Move the position on without changing a view; IntegrityError unless the position is ahead."""
        after = self.views.position()
        if tracking.application_name != self.application_name or tracking.notification_id <= after:
            raise IntegrityError(f"the views track {self.application_name} at {after}, not before {tracking}")
        self.views.apply(ViewChanges(after, tracking.notification_id))


class AnalyticsProjection(Projection[ViewsTracking]):
    """Daily and total usage, models, timelines and stream owners, projected from the bot's log."""

    name = "analytics"

    def __init__(self, views: ProjectionStore, application_name: str, store_content: bool = False) -> None:
        super().__init__(ViewsTracking(views, application_name))
        self.views, self.store_content = views, store_content
        self.owners: dict[UUID, StreamOwner] = {}

    def process_event(self, domain_event: DomainEventProtocol[UUID], tracking: Tracking) -> None:
        """One event with its tracking position, as eventsourcing's runners hand them over."""
        after = self.views.position()
        if tracking.notification_id > after:
            self.process([logged(tracking.notification_id, domain_event)], after)

    def process(self, events: Sequence[LoggedEvent], after: int) -> None:
        """Apply what these events add to the views and move the position from `after` to the last of
        them, in one transaction; ProjectionConflict, changing nothing, when the views have moved."""
        changes = project(events, self._owners_of(events), self.store_content, after)
        if changes.orphans:
            log.warning(
                "events at positions %s belong to streams whose start was never logged", changes.orphans
            )
        self.views.apply(changes)
        self._remember(changes.owners)

    def _owners_of(self, events: Sequence[LoggedEvent]) -> dict[UUID, StreamOwner]:
        continuing = {e.originator_id for e in events if e.topic not in STREAM_STARTS}
        unknown = continuing - self.owners.keys()
        if len(self.owners) + len(unknown) > REMEMBERED_OWNERS:
            self.owners.clear()
            unknown = continuing
        if unknown:
            self.owners.update(self.views.owners(unknown))
        return self.owners

    def _remember(self, owners: dict[UUID, StreamOwner]) -> None:
        if len(self.owners) + len(owners) > REMEMBERED_OWNERS:
            self.owners.clear()
        self.owners.update(owners)
