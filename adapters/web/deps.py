"""What the routes are given: the dashboard's services, kept on the app's state by `create_app`."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from adapters.web.security import admin_of
from application.dashboard.login import LoginLinks, Sessions
from application.dashboard.model import DayRange
from application.dashboard.ports import DashboardViews, LogHead
from application.dashboard.service import DashboardService
from application.ports import HealthProbe


@dataclass(frozen=True)
class Dashboard:
    service: DashboardService
    views: DashboardViews
    log: LogHead
    probes: tuple[HealthProbe, ...]
    links: LoginLinks
    sessions: Sessions
    secure_cookies: bool = False
    """Cookies only over HTTPS: true when the dashboard's public address is https."""


def dashboard_of(request: Request) -> Dashboard:
    dashboard: Dashboard = request.app.state.dashboard
    return dashboard


def service_of(request: Request) -> DashboardService:
    return dashboard_of(request).service


FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


def day_range(
    service: Annotated[DashboardService, Depends(service_of)],
    since: Annotated[date | None, Query(alias="from", description="first UTC day, included")] = None,
    until: Annotated[date | None, Query(alias="to", description="last UTC day, included")] = None,
) -> DayRange:
    """The `?from=&to=` range every page and API call takes; the last 30 days by default."""
    return service.range_of(_clamped(since), _clamped(until))


def _clamped(day: date | None) -> date | None:
    """Days far outside the bot's life would overflow the arithmetic of a range: they mean its ends."""
    return None if day is None else min(max(day, FIRST_DAY), LAST_DAY)


Admin = Annotated[int, Depends(admin_of)]
Service = Annotated[DashboardService, Depends(service_of)]
Range = Annotated[DayRange, Depends(day_range)]
