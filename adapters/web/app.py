"""The dashboard as one FastAPI application: pages, fragments, the JSON API and its OpenAPI document,
static files; every route but signing in asks for an admin's session."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from adapters.web import api, login_routes, pages
from adapters.web.deps import Dashboard
from adapters.web.security import NotSignedIn, admin_of, secure_headers
from application.dashboard.model import BadQuery
from application.errors import StoreUnavailable

OPENAPI_PATH = "/api/v1/openapi.json"


def create_app(dashboard: Dashboard) -> FastAPI:
    app = FastAPI(
        title="gptbot dashboard",
        version="1",
        description="Read-only analytics of the bot's usage views. Every route needs an admin's session cookie.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, behind the session like everything else
    )
    app.state.dashboard = dashboard
    app.state.sessions = dashboard.sessions
    app.state.admits = dashboard.service.admits
    app.middleware("http")(secure_headers)
    app.include_router(login_routes.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @app.get(OPENAPI_PATH, include_in_schema=False)
    def openapi(request: Request) -> JSONResponse:
        admin_of(request)
        return JSONResponse(app.openapi())

    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(BadQuery, _bad_query)
    app.add_exception_handler(StoreUnavailable, _unavailable)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _not_signed_in(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": error.detail}, status_code=401)
    return pages.TEMPLATES.TemplateResponse(request, "signed_out.html", {"refused": None}, status_code=401)


async def _bad_query(request: Request, error: Exception) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": str(error)}, status_code=400)
    return pages.TEMPLATES.TemplateResponse(
        request, "problem.html", {"problem": str(error), "admin_id": None}, status_code=400
    )


async def _unavailable(request: Request, error: Exception) -> Response:
    # The store's own words name the database but hold no secret (its address is redacted).
    if _wants_json(request):
        return JSONResponse({"detail": "the analytics views are unavailable"}, status_code=503)
    return pages.TEMPLATES.TemplateResponse(
        request,
        "problem.html",
        {"problem": "The analytics views are unavailable; try again shortly.", "admin_id": None},
        status_code=503,
    )
