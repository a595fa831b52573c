"""No page, fragment, API route or OpenAPI document answers without an admin's session; every answer
carries the headers that keep the pages to themselves."""

from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute

from adapters.web import api, login_routes, pages
from adapters.web.security import CONTENT_SECURITY_POLICY
from tests.dashboard.served import Served, served, write_store
from tests.support.stores import sqlite_url

OPEN_ROUTES = {"/login", "/logout"}
"""Signing in and out: they show no data, with a session or without."""


@pytest.fixture
def dashboard(tmp_path) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    url = sqlite_url(tmp_path)
    write_store(url)
    with served(url) as dashboard:
        yield dashboard


def guarded_paths() -> list[str]:
    """Every GET route of the dashboard's routers, a user's routes for user 1."""
    routes = [*api.router.routes, *pages.router.routes, *login_routes.router.routes]
    return [
        route.path.replace("{user_id}", "1")
        for route in routes
        if isinstance(route, APIRoute) and route.path not in OPEN_ROUTES and "GET" in route.methods
    ]


def test_every_route_but_signing_in_answers_401_without_a_session(dashboard: Served) -> None:
    paths = guarded_paths()
    assert {"/", "/users", "/users/1", "/audit", "/health", "/api/v1/overview", "/api/v1/users.csv"} <= set(
        paths
    )
    for path in [*paths, "/api/v1/openapi.json"]:
        answer = dashboard.client.get(path, follow_redirects=False)
        assert answer.status_code == 401, path
        assert "Ada Lovelace" not in answer.text and "cost_micros" not in answer.text, path


def test_a_forged_or_expired_cookie_is_no_session(dashboard: Served) -> None:
    dashboard.client.cookies.set("gptbot_session", "eyJhIjo0MiwiZSI6OTk5OTk5OTk5OX0.forged")
    assert dashboard.client.get("/api/v1/users").status_code == 401
    dashboard.client.cookies.set("gptbot_session", dashboard.container.sessions().issue(42))
    assert dashboard.client.get("/api/v1/users").status_code == 200
    dashboard.container.clock().advance(hours=13)
    assert dashboard.client.get("/api/v1/users").status_code == 401


def test_a_login_link_signs_in_once_with_an_httponly_samesite_cookie(dashboard: Served) -> None:
    from entrypoints.dashboard_wiring import login_link

    path = login_link(dashboard.container).split("8081", 1)[1]
    first = dashboard.client.get(path, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert dashboard.client.get("/").status_code == 200

    dashboard.client.cookies.clear()
    again = dashboard.client.get(path, follow_redirects=False)
    assert again.status_code == 403 and "already used" in again.text
    assert dashboard.client.get("/login?token=not-a-token").status_code == 403


def test_every_answer_has_a_strict_content_security_policy(dashboard: Served) -> None:
    dashboard.sign_in()
    for path in ("/", "/users", "/api/v1/overview", "/login", "/static/dashboard.css"):
        headers = dashboard.client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "script-src 'self'" in CONTENT_SECURITY_POLICY


def test_pages_hold_no_inline_script_and_escape_what_users_wrote(dashboard: Served) -> None:
    dashboard.sign_in()
    users = dashboard.client.get("/users").text
    assert "Grace &lt;Hopper&gt; &amp; co" in users and "<Hopper>" not in users
    for path in ("/", "/users", "/users/1", "/audit", "/health"):
        page = dashboard.client.get(path).text
        assert page.count("<script") == page.count('<script src="/static/'), path
        assert " style=" not in page and "<style" not in page, path


def test_no_secret_reaches_a_page(dashboard: Served) -> None:
    dashboard.sign_in()
    secret = dashboard.container.dashboard_secret()
    for path in ("/", "/users", "/users/1", "/audit", "/health", "/api/v1/overview", "/api/v1/health"):
        text = dashboard.client.get(path).text
        assert secret.hex() not in text and "dashboard-secret" not in text, path
