"""A store with a month of usage by several users, projected into its views."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.ledger_events import ApplicationOpener, RecorderUsageLedgerEvents
from adapters.sql.views.store import SqlAnalyticsViews
from application.audit import UsageAudit
from application.projection.catch_up import Projector
from tests.projections.bulk import fill

USERS, RECORDS_PER_USER = 4, 30


@dataclass
class AuditedStore:
    url: str
    store: EventStoreAggregates
    views: SqlAnalyticsViews
    projector: Projector

    def audit(self, workers: int = 1, parallel_from: int = 0) -> UsageAudit:
        """The audit as the composition root builds it, in one process or in `workers`."""
        events = RecorderUsageLedgerEvents(self.store.app)
        opener = ApplicationOpener.of(self.store.app)
        return UsageAudit(events, self.views, opener, workers=workers, parallel_from=parallel_from)


@pytest.fixture
def audited(durable_store_url: str) -> Iterator[AuditedStore]:
    """SQLite, then PostgreSQL: usage records written and projected."""
    store = EventStoreAggregates.from_database_url(durable_store_url)
    views = SqlAnalyticsViews.open(durable_store_url)
    fill(store, USERS, RECORDS_PER_USER)
    projector = Projector(EventStoreLog(store.app), views)
    projector.catch_up()
    try:
        yield AuditedStore(durable_store_url, store, views, projector)
    finally:
        views.close()
        store.close()
