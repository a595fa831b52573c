"""An admin's /budget for one user and the bot's /pause, as the dashboard shows them: the user's monthly
limit in place of BUDGET_MONTHLY_USD, and "paused" for everyone but admins while the bot is paused."""

import csv
import io
from collections.abc import Iterator

import pytest

from adapters.sql.event_store import EventStoreAggregates
from domain.access import AccessLedger
from domain.budget import Limits
from domain.ids import access_ledger_id_of
from domain.operations import PauseSwitch
from tests.dashboard.served import ADMIN, Served, served, write_store
from tests.projections.bulk import DAY_ONE


def set_budgets_and_pause(url: str) -> None:
    """User 3 gets $2.00 a month; user 2 gets a daily limit only (no monthly one); the bot is paused."""
    store = EventStoreAggregates.from_database_url(url)
    try:
        for user_id, limits in ((3, Limits(monthly_micros=2_000_000)), (2, Limits(daily_micros=10_000))):
            ledger = store.app.repository.get(access_ledger_id_of(user_id))
            assert isinstance(ledger, AccessLedger)
            ledger.set_budget(limits, by=ADMIN, at=DAY_ONE)
            store.app.save(ledger)
        switch = PauseSwitch()
        switch.pause(by=ADMIN, at=DAY_ONE)
        store.app.save(switch)
    finally:
        store.close()


@pytest.fixture
def api(durable_store_url: str) -> Iterator[Served]:
    write_store(durable_store_url)
    set_budgets_and_pause(durable_store_url)
    with served(durable_store_url, budget_monthly_usd="0.5") as dashboard:
        dashboard.sign_in()
        yield dashboard


def test_each_users_month_is_measured_against_their_own_limit(api: Served) -> None:
    rows = api.client.get("/api/v1/users?sort=user_id&order=asc").json()["rows"]
    caps = {r["totals"]["user_id"]: r["month"]["cap_micros"] for r in rows}
    assert caps == {1: 500_000, 2: None, 3: 2_000_000}

    users = {
        int(u["user_id"]): u for u in csv.DictReader(io.StringIO(api.client.get("/api/v1/users.csv").text))
    }
    assert {u: row["month_budget_usd"] for u, row in users.items()} == {1: "$0.500000", 2: "", 3: "$2.000000"}
    page = api.client.get("/users?sort=user_id&order=asc").text
    assert "of $2.00" in page and "of $0.50" in page


def test_a_paused_bot_shows_on_the_overview_and_in_every_non_admins_status(api: Served) -> None:
    overview = api.client.get("/api/v1/overview").json()
    assert overview["pause"] == {"paused": True, "changed_by": ADMIN, "changed_at": DAY_ONE.isoformat()}
    assert "The bot is paused since" in api.client.get("/").text

    rows = api.client.get("/api/v1/users?sort=user_id&order=asc").json()["rows"]
    assert {r["totals"]["user_id"]: r["status"] for r in rows} == {
        1: ["paused"],
        2: ["banned", "paused"],
        3: ["allowed", "paused"],
    }
    users = list(csv.DictReader(io.StringIO(api.client.get("/api/v1/users.csv").text)))
    assert [u["status"] for u in users if u["user_id"] == "2"] == ["banned paused"]
