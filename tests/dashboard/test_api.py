"""The JSON API and its CSV downloads over a real store's views, on SQLite and on PostgreSQL."""

import csv
import io
from collections.abc import Iterator

import pytest

from tests.dashboard.served import ADMIN, RECORDS, USERS, Served, served, write_store


@pytest.fixture
def api(durable_store_url: str) -> Iterator[Served]:
    write_store(durable_store_url)
    with served(durable_store_url, budget_global_monthly_usd="1", budget_monthly_usd="0.5") as dashboard:
        dashboard.sign_in()
        yield dashboard


def get(api: Served, path: str) -> dict:  # type: ignore[type-arg]
    answer = api.client.get(path)
    assert answer.status_code == 200, answer.text
    body: dict = answer.json()  # type: ignore[type-arg]
    return body


def test_overview_totals_are_the_views_totals(api: Served) -> None:
    overview = get(api, "/api/v1/overview?from=2026-11-01&to=2026-11-30")

    stats = overview["stats"]
    assert stats["users"] == USERS
    assert stats["totals"]["requests"] == USERS * RECORDS
    assert stats["totals"] == api.container.analytics().info().stats.totals.as_dict() | {
        k: stats["totals"][k] for k in ("tokens", "cost_usd", "estimated_cost_usd")
    }
    days = overview["days"]
    assert [d["day"] for d in days][:2] == ["2026-11-01", "2026-11-02"] and len(days) == 30
    assert sum(d["counts"]["requests"] for d in days) == USERS * RECORDS == overview["in_range"]["requests"]
    assert sum(m["counts"]["cost_micros"] for m in overview["model_days"]) == stats["totals"]["cost_micros"]
    assert {m["model"] for m in overview["model_days"]} == {"model-0", "model-1", "model-2"}


def test_messages_the_model_failed_to_answer_are_counted_and_on_the_timeline(api: Served) -> None:
    overview = get(api, "/api/v1/overview?from=2026-11-01&to=2026-11-30")
    assert overview["model_failures"] == 1 and overview["kinds_in_range"]["failed:model_timeout"] == 1
    timeline = get(api, "/api/v1/users/1?from=2026-11-01&to=2026-11-30")["timeline"]
    assert "failed:model_timeout" in [e["kind"] for e in timeline]
    assert "no reply: model timeout" in api.client.get("/users/1").text


def test_spend_of_today_and_the_month_against_the_global_budget(api: Served) -> None:
    overview = get(api, "/api/v1/overview")

    month = overview["spend_month"]
    assert month["cap_micros"] == 1_000_000 and month["warn_percents"] == [80, 95]
    assert month["spent_micros"] == overview["stats"]["totals"]["cost_micros"]  # every record is in November
    assert overview["range"] == {"since": "2026-10-30", "until": "2026-11-28"}  # the last 30 days by default


def test_users_are_sorted_searched_and_paged_with_their_standing(api: Served) -> None:
    by_id = get(api, "/api/v1/users?sort=user_id&order=asc")
    assert [r["totals"]["user_id"] for r in by_id["rows"]] == [1, 2, 3] and by_id["total"] == 3
    status = {r["totals"]["user_id"]: r["status"] for r in by_id["rows"]}
    assert status == {1: [], 2: ["banned"], 3: ["allowed"]}
    assert by_id["rows"][0]["person"]["name"] == "Ada Lovelace"
    assert by_id["rows"][0]["month"]["cap_micros"] == 500_000

    assert [r["totals"]["user_id"] for r in get(api, "/api/v1/users?q=ADA")["rows"]] == [1]
    assert [r["totals"]["user_id"] for r in get(api, "/api/v1/users?q=hopper")["rows"]] == [2]
    assert get(api, "/api/v1/users?q=%25")["total"] == 0  # a LIKE wildcard is a character like any other
    page_two = get(api, "/api/v1/users?sort=user_id&order=asc&per_page=2&page=2")
    assert [r["totals"]["user_id"] for r in page_two["rows"]] == [3] and page_two["total"] == 3

    spend = [r["totals"]["counts"]["cost_micros"] for r in get(api, "/api/v1/users")["rows"]]
    assert spend == sorted(spend, reverse=True)


def test_users_counted_within_a_range_count_only_those_days(api: Served) -> None:
    whole = get(api, "/api/v1/users?sort=user_id&order=asc")["rows"]
    first_week = get(api, "/api/v1/users?sort=user_id&order=asc&ranged=true&from=2026-11-01&to=2026-11-07")

    counted = [r["totals"]["counts"]["requests"] for r in first_week["rows"]]
    assert 0 < sum(counted) < sum(r["totals"]["counts"]["requests"] for r in whole)


def test_a_user_has_days_a_timeline_newest_first_and_ledger_heads(api: Served) -> None:
    user = get(api, "/api/v1/users/2?from=2026-11-01&to=2026-11-30")

    assert user["row"]["totals"]["counts"]["requests"] == RECORDS
    assert sum(d["counts"]["requests"] for d in user["days"]) == RECORDS
    charges = [e for e in user["timeline"] if e["kind"].startswith("usage:")]
    assert charges and all(e["cost_micros"] > 0 for e in charges)
    positions = [e["position"] for e in user["timeline"]]
    assert positions == sorted(positions, reverse=True)
    older = get(api, f"/api/v1/users/2?before={positions[5]}")["timeline"]
    assert [e["position"] for e in older] == positions[6:]
    [ledger] = user["ledgers"]
    assert (ledger["period"], ledger["records"], len(ledger["head_digest"])) == ("2026-11", RECORDS, 64)
    # One ledger a month: what it recorded is the user's spend in November, all of it.
    assert (
        ledger["cost_micros"]
        == user["row"]["totals"]["counts"]["cost_micros"]
        == user["row"]["month"]["spent_micros"]
    )


def test_a_user_the_views_never_saw_is_an_empty_answer(api: Served) -> None:
    nobody = get(api, "/api/v1/users/999")
    assert nobody["row"] is None and nobody["timeline"] == []


def test_audit_shows_each_ledgers_chain_head_and_no_verdict_before_an_audit(api: Served) -> None:
    audit = get(api, "/api/v1/audit")
    assert audit["verdict"] is None and audit["ledgers"] == USERS
    assert audit["command"] == "gptbot audit replay"


def test_health_reports_the_store_and_the_projection_lag(api: Served) -> None:
    health = get(api, "/api/v1/health")
    checks = {c["name"]: c["ok"] for c in health["checks"]}
    assert "projection" in checks and len(checks) >= 2 and all(checks.values()), checks
    assert health["position"] == health["head"] > 0


def test_every_table_downloads_as_csv(api: Served) -> None:
    for path, header in (
        ("/api/v1/users.csv", "user_id"),
        # A range's sums: NUMERIC on PostgreSQL, made integers again.
        ("/api/v1/users.csv?ranged=true&from=2026-11-01&to=2026-11-30", "user_id"),
        ("/api/v1/overview/days.csv?from=2026-11-01&to=2026-11-30", "day"),
        ("/api/v1/overview/models.csv?from=2026-11-01&to=2026-11-30", "day"),
        ("/api/v1/users/1/days.csv?from=2026-11-01&to=2026-11-30", "day"),
        ("/api/v1/users/1/timeline.csv", "position"),
        ("/api/v1/audit/ledgers.csv", "ledger"),
    ):
        answer = api.client.get(path)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv"), path
        rows = list(csv.reader(io.StringIO(answer.text)))
        assert rows[0][0] == header and len(rows) > 1, path
    users = list(csv.DictReader(io.StringIO(api.client.get("/api/v1/users.csv").text)))
    assert {u["name"] for u in users} == {"Ada Lovelace", "Grace <Hopper> & co", ""}


def test_bad_ranges_are_refused_with_a_reason(api: Served) -> None:
    reversed_range = api.client.get("/api/v1/overview?from=2026-11-10&to=2026-11-01")
    assert reversed_range.status_code == 400 and "after it ends" in reversed_range.json()["detail"]
    assert api.client.get("/api/v1/overview?from=2020-01-01&to=2026-01-01").status_code == 400
    assert api.client.get("/api/v1/overview?from=yesterday").status_code == 422
    assert api.client.get("/api/v1/users?per_page=100000").status_code == 422


def test_admin_sessions_are_for_admins(api: Served) -> None:
    assert api.client.get("/api/v1/overview").status_code == 200
    api.client.cookies.clear()
    assert api.client.get("/api/v1/overview").status_code == 401
    foreign = api.container.sessions().issue(ADMIN + 1)  # signed, but for someone who is no admin
    api.client.cookies.set("gptbot_session", foreign)
    assert api.client.get("/api/v1/overview").status_code == 401


def test_a_csv_of_more_users_than_one_query_names_keeps_every_name(
    api: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.sql.views import dashboard_queries

    monkeypatch.setattr(dashboard_queries, "MOST_IDS", 2)  # three users are then "more" than one list
    users = list(csv.DictReader(io.StringIO(api.client.get("/api/v1/users.csv?sort=user_id&order=asc").text)))
    assert [(u["user_id"], u["name"], u["status"]) for u in users] == [
        ("1", "Ada Lovelace", ""),
        ("2", "Grace <Hopper> & co", "banned"),
        ("3", "", "allowed"),
    ]
    assert all(u["month_usd"] != "$0.000000" for u in users)  # every record is in this month
