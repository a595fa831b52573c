"""The dashboard put together from a container: its own connections, read-only over the views."""

from fastapi import FastAPI

from adapters.sql.views.dashboard_queries import SqlDashboardViews
from adapters.web.app import create_app
from adapters.web.deps import Dashboard
from application.dashboard.login import link_url
from application.dashboard.model import Verdict
from application.dashboard.ports import DashboardViews
from application.dashboard.pseudonymous import PseudonymousViews
from application.dashboard.service import DashboardService, Standing
from entrypoints.audit_verdict import last_verdict
from entrypoints.container import Container, health_probes
from entrypoints.settings import Settings


class FileAuditVerdicts:
    """The verdict `gptbot audit replay` leaves in a file beside the data."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def last(self) -> Verdict | None:
        verdict = last_verdict(self.settings)
        return (
            None if verdict is None else Verdict(verdict.at, verdict.ok, verdict.breaks, verdict.mismatches)
        )


def standing_of(settings: Settings) -> Standing:
    return Standing(
        admin_ids=frozenset(settings.admin_ids),
        allowed_ids=frozenset(settings.allowed_user_ids),
        global_monthly_micros=settings.global_monthly_micros(),
        user_monthly_micros=settings.budget_limits().monthly_micros,
        content_stored=settings.analytics_store_content,
        pseudonymous=settings.analytics_pseudonymous,
    )


def dashboard_app(container: Container) -> FastAPI:
    settings: Settings = container.settings()
    analytics = container.views()  # opened (and its schema brought up to date) as the bot opens it
    sql = SqlDashboardViews(analytics.engine, analytics.shown_as)
    views: DashboardViews = PseudonymousViews(sql) if settings.analytics_pseudonymous else sql
    dashboard = Dashboard(
        service=DashboardService(
            views, FileAuditVerdicts(settings), container.clock(), standing_of(settings)
        ),
        views=views,
        log=container.event_log(),
        probes=tuple(health_probes(container.store(), container.redis())),
        links=container.login_links(),
        sessions=container.sessions(),
        secure_cookies=settings.dashboard_url().startswith("https://"),
    )
    return create_app(dashboard)


def login_link(container: Container) -> str:
    """A single-use link for the first admin the settings name (the operator, 0, when none is named)."""
    settings: Settings = container.settings()
    admin = min(settings.admin_ids) if settings.admin_ids else 0
    return link_url(settings.dashboard_url(), container.login_links().mint(admin))
