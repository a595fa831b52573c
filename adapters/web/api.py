"""The JSON API under /api/v1 and its CSV downloads: the same queries the pages read."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from adapters.json_shapes import jsonable
from adapters.web import csv_tables as tables
from adapters.web.deps import Range, Service, dashboard_of
from adapters.web.security import admin_of
from application.dashboard.health import health_of
from application.dashboard.model import UserSort, UsersQuery

router = APIRouter(prefix="/api/v1", dependencies=[Depends(admin_of)], tags=["dashboard"])

UserId = Annotated[int, Path(ge=-(2**62), le=2**62, description="the Telegram user id")]
Before = Annotated[int | None, Query(ge=0, le=2**62, description="older entries than this position")]
BIGGEST_CSV = 100_000
"""Rows in one CSV download at most."""


def users_query(
    days: Range,
    q: Annotated[str, Query(max_length=100, description="part of an id, a name or a username")] = "",
    sort: UserSort = UserSort.SPEND,
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
    ranged: Annotated[bool, Query(description="count within from..to instead of all time")] = False,
) -> UsersQuery:
    return UsersQuery(q.replace("\x00", ""), sort, order == "desc", page, per_page, days if ranged else None)


Users = Annotated[UsersQuery, Depends(users_query)]


@router.get("/overview")
def overview(service: Service, days: Range) -> Any:
    """Everyone's totals, spend against the global budget, and each day of the range by kind and model."""
    return jsonable(service.overview(days))


@router.get("/overview/days.csv", response_class=Response)
def overview_days_csv(service: Service, days: Range) -> Response:
    return tables.csv_response("days", tables.day_rows(service.overview(days).days))


@router.get("/overview/models.csv", response_class=Response)
def overview_models_csv(service: Service, days: Range) -> Response:
    return tables.csv_response("models", tables.model_rows(service.overview(days).model_days))


@router.get("/users")
def users(service: Service, query: Users) -> Any:
    """One page of users, sorted and searched as asked."""
    return jsonable(service.users(query))


@router.get("/users.csv", response_class=Response)
def users_csv(service: Service, query: Users) -> Response:
    every = UsersQuery(query.search, query.sort, query.descending, 1, BIGGEST_CSV, query.range)
    return tables.csv_response("users", tables.user_rows(service.user_lines(every)), tables.USER_WORDS)


@router.get("/users/{user_id}")
def user(service: Service, days: Range, user_id: UserId, before: Before = None) -> Any:
    """A user's totals, days and a page of their timeline (before a position, for older pages)."""
    return jsonable(service.user(user_id, days, before))


@router.get("/users/{user_id}/days.csv", response_class=Response)
def user_days_csv(service: Service, days: Range, user_id: UserId) -> Response:
    return tables.csv_response(f"user-{user_id}-days", tables.day_rows(service.user(user_id, days).days))


@router.get("/users/{user_id}/timeline.csv", response_class=Response)
def user_timeline_csv(service: Service, days: Range, user_id: UserId, before: Before = None) -> Response:
    entries = service.user(user_id, days, before).timeline
    return tables.csv_response(f"user-{user_id}-timeline", tables.timeline_rows(entries))


@router.get("/audit")
def audit(service: Service, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Any:
    """The last audit's verdict and a page of the usage ledgers' chain heads."""
    return jsonable(service.audit(page))


@router.get("/audit/ledgers.csv", response_class=Response)
def audit_ledgers_csv(service: Service, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Response:
    return tables.csv_response("ledgers", tables.ledger_rows(service.audit(page).heads))


@router.get("/health")
async def health(request: Request) -> Any:
    """Each dependency's probe and the projection's lag behind the event log."""
    dashboard = dashboard_of(request)
    return jsonable(await health_of(dashboard.probes, dashboard.views, dashboard.log))
