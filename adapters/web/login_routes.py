"""Signing in with a link from the bot, and out again."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.web.deps import dashboard_of
from adapters.web.pages import TEMPLATES
from adapters.web.security import SESSION_COOKIE
from application.dashboard.login import LoginRefused

router = APIRouter(include_in_schema=False)


@router.get("/login", response_model=None)
async def login(
    request: Request, token: Annotated[str | None, Query(max_length=1024)] = None
) -> HTMLResponse | RedirectResponse:
    """Redeems the link's token once and starts a session; the token leaves the address bar at once."""
    dashboard = dashboard_of(request)
    if not token:
        return TEMPLATES.TemplateResponse(request, "signed_out.html", {"refused": None}, status_code=401)
    try:
        admin_id = await dashboard.links.redeem(token)
    except LoginRefused as refused:
        return TEMPLATES.TemplateResponse(
            request, "signed_out.html", {"refused": refused.reason.value}, status_code=403
        )
    if not await run_in_threadpool(dashboard.service.admits, admin_id):
        return TEMPLATES.TemplateResponse(
            request, "signed_out.html", {"refused": "not an admin"}, status_code=403
        )
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        dashboard.sessions.issue(admin_id),
        max_age=int(dashboard.sessions.lifetime.total_seconds()),
        httponly=True,
        samesite="lax",  # sent when the admin follows the bot's link; "strict" would drop it on that first visit
        secure=dashboard.secure_cookies,
        path="/",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
