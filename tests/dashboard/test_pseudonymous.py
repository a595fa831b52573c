"""ANALYTICS_PSEUDONYMOUS=true: the dashboard's pages, API and CSVs know users by id only."""

import csv
import io
from collections.abc import Iterator

import pytest

from tests.dashboard.served import Served, served, write_store

NAMES = ("Ada", "Lovelace", "@ada", '"ada"', ",ada,", "Grace", "Hopper")
"""What write_store names users 1 and 2."""


@pytest.fixture
def dashboard(durable_store_url: str) -> Iterator[Served]:
    write_store(durable_store_url)
    with served(durable_store_url, analytics_pseudonymous=True) as running:
        running.sign_in()
        yield running


def body(dashboard: Served, path: str) -> str:
    answer = dashboard.client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/users",
        "/users?sort=name&order=asc",
        "/users/1",
        "/users/2",
        "/api/v1/users",
        "/api/v1/users/1",
        "/api/v1/users.csv",
    ],
)
def test_no_name_or_handle_reaches_a_page_the_api_or_a_csv(dashboard: Served, path: str) -> None:
    shown = body(dashboard, path)

    assert [name for name in NAMES if name in shown] == []


def test_the_users_csv_has_ids_and_empty_names(dashboard: Served) -> None:
    rows = list(csv.DictReader(io.StringIO(body(dashboard, "/api/v1/users.csv?sort=user_id&order=asc"))))

    assert [(r["user_id"], r["name"], r["username"], r["status"]) for r in rows] == [
        ("1", "", "", ""),
        ("2", "", "", "banned"),
        ("3", "", "", "allowed"),
    ]


def test_the_api_gives_each_person_without_a_name(dashboard: Served) -> None:
    page = dashboard.client.get("/api/v1/users?sort=user_id&order=asc").json()

    people = [(r["person"]["user_id"], r["person"]["name"], r["person"]["username"]) for r in page["rows"]]
    assert people == [(1, None, None), (2, None, None), (3, None, None)]
    assert [r["status"] for r in page["rows"]] == [[], ["banned"], ["allowed"]]


def test_a_search_finds_ids_and_never_names(dashboard: Served) -> None:
    by_name = dashboard.client.get("/api/v1/users?q=ada").json()
    by_id = dashboard.client.get("/api/v1/users?q=2").json()

    assert (by_name["total"], by_name["rows"]) == (0, [])
    assert [r["totals"]["user_id"] for r in by_id["rows"]] == [2]
    assert body(dashboard, "/api/v1/users.csv?q=lovelace").splitlines()[1:] == []


def test_an_order_by_name_is_an_order_by_id(dashboard: Served) -> None:
    page = dashboard.client.get("/api/v1/users?sort=name&order=desc").json()

    assert [r["totals"]["user_id"] for r in page["rows"]] == [3, 2, 1]


def test_the_users_page_has_no_name_column(dashboard: Served) -> None:
    page = body(dashboard, "/users")

    assert ">Name<" not in page and 'placeholder="id"' in page


def test_with_names_shown_the_same_pages_name_users(durable_store_url: str) -> None:
    write_store(durable_store_url)
    with served(durable_store_url) as named:
        named.sign_in()
        assert "Ada Lovelace" in body(named, "/users") and ">Name<" in body(named, "/users")
        assert "Ada Lovelace" in body(named, "/api/v1/users.csv")
