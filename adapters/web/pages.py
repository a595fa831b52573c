"""The dashboard's pages, server-rendered from the same queries as the API; live parts are fragments a
small script fetches again every few seconds."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from adapters.web import views_html
from adapters.web.api import Before, UserId, Users
from adapters.web.deps import Range, Service, dashboard_of
from adapters.web.security import admin_of
from application.dashboard.health import health_of
from application.dashboard.service import TIMELINE_PAGE

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.filters.update(
    usd=views_html.usd, number=views_html.number, when=views_html.when, kind=views_html.kind_label
)
LIVE_SECONDS = 5

router = APIRouter(
    dependencies=[Depends(admin_of)], include_in_schema=False, default_response_class=HTMLResponse
)


def page(request: Request, template: str, **context: Any) -> HTMLResponse:
    context.setdefault("live_seconds", LIVE_SECONDS)
    context["query_string"] = views_html.query_string
    context["admin_id"] = request.state.admin_id
    context["pseudonymous"] = dashboard_of(request).service.standing.pseudonymous
    return TEMPLATES.TemplateResponse(request, template, context)


def overview_context(service: Service, days: Range) -> dict[str, Any]:
    overview = service.overview(days)
    return {
        "o": overview,
        "range": days,
        "charts": [
            views_html.spend_chart(overview.days),
            views_html.token_chart(overview.days),
            views_html.model_chart(days, overview.model_days),
        ],
    }


@router.get("/")
def overview_page(request: Request, service: Service, days: Range) -> HTMLResponse:
    return page(request, "overview.html", **overview_context(service, days))


@router.get("/fragments/overview")
def overview_fragment(request: Request, service: Service, days: Range) -> HTMLResponse:
    return page(request, "overview_live.html", **overview_context(service, days))


@router.get("/users")
def users_page(request: Request, service: Service, query: Users, days: Range) -> HTMLResponse:
    return page(request, "users.html", p=service.users(query), range=days)


@router.get("/users/{user_id}")
def user_page(
    request: Request, service: Service, days: Range, user_id: UserId, before: Before = None
) -> HTMLResponse:
    detail = service.user(user_id, days, before)
    return page(
        request,
        "user.html",
        u=detail,
        range=days,
        before=before,
        chart=views_html.spend_chart(detail.days),
        timeline_page=TIMELINE_PAGE,
    )


@router.get("/fragments/users/{user_id}/timeline")
def timeline_fragment(request: Request, service: Service, days: Range, user_id: UserId) -> HTMLResponse:
    return page(request, "timeline.html", u=service.user(user_id, days), range=days)


@router.get("/audit")
def audit_page(
    request: Request,
    service: Service,
    page_number: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    return page(request, "audit.html", a=service.audit(page_number), page_number=page_number)


@router.get("/health")
async def health_page(request: Request) -> HTMLResponse:
    dashboard = dashboard_of(request)
    return page(request, "health.html", h=await health_of(dashboard.probes, dashboard.views, dashboard.log))
