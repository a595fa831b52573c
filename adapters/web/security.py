"""Who may look: an admin's signed session cookie on every page and API route, and the headers that
keep the pages to themselves."""

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from starlette.responses import Response

from application.dashboard.login import Sessions

SESSION_COOKIE = "gptbot_session"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class NotSignedIn(HTTPException):
    def __init__(self) -> None:
        super().__init__(401, "sign in with a link from the bot's /dashboard command")


def admin_of(request: Request) -> int:
    """The signed-in admin; NotSignedIn (401) without a valid session, or once they are no admin."""
    sessions: Sessions = request.app.state.sessions
    admin = sessions.read(request.cookies.get(SESSION_COOKIE))
    if admin is None or not request.app.state.admits(admin):
        raise NotSignedIn()
    request.state.admin_id = admin  # for the page's header, without reading the session again
    return admin


async def secure_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
