"""A store an operator would have, its views projected, and the real dashboard app over it, signed in."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from adapters.sql.event_store import EventStoreAggregates
from domain.access import AccessLedger
from domain.conversation import Conversation
from entrypoints.container import Container
from entrypoints.dashboard_wiring import dashboard_app, login_link
from entrypoints.settings import Settings
from tests.fakes.clock import FakeClock
from tests.projections.bulk import DAY_ONE, fill

TODAY = datetime(2026, 11, 28, 12, tzinfo=UTC)
ADMIN = 42
USERS = 3
RECORDS = 40


@dataclass
class Served:
    client: TestClient
    container: Container

    def sign_in(self) -> None:
        link = login_link(self.container)
        answer = self.client.get(link.split("8081", 1)[1], follow_redirects=False)
        assert answer.status_code == 303, answer.text


def write_store(url: str) -> None:
    """Three users' month of usage; names, a ban and a grant on their access ledgers; a message of user 1
    that the model failed to answer."""
    store = EventStoreAggregates.from_database_url(url)
    try:
        fill(store, users=USERS, records_per_user=RECORDS)
        for user_id, name, username in ((1, "Ada Lovelace", "ada"), (2, "Grace <Hopper> & co", None)):
            ledger = AccessLedger(user_id, DAY_ONE)
            ledger.record_name(name, username, DAY_ONE)
            if user_id == 2:
                ledger.ban(ADMIN, "spam", DAY_ONE)
            store.app.save(ledger)
        granted = AccessLedger(3, DAY_ONE)
        granted.grant(ADMIN, DAY_ONE)
        store.app.save(granted)
        conversation = Conversation(chat_id=1, at=DAY_ONE)
        conversation.add_user_message("are you there?", "unanswered-1", DAY_ONE)
        conversation.record_failure("unanswered-1", "model_timeout", DAY_ONE)
        store.app.save(conversation)
    finally:
        store.close()


@contextmanager
def served(url: str, **settings: object) -> Iterator[Served]:
    container = Container(
        settings=Settings(_env_file=None, database_url=url, admin_ids=str(ADMIN), **settings)
    )
    container.clock.override(FakeClock(TODAY))
    try:
        container.projection_worker().run_once()
        with TestClient(dashboard_app(container)) as client:
            yield Served(client, container)
    finally:
        container.views().close()
        container.store().close()
