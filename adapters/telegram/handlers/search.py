"""/search on|off: whether the model may search the web for the user; /search alone tells which (ADR 53).
Where the deployment does not offer it, the command says so: not enabled, or no such tool on the server."""

from aiogram import Router

from adapters.telegram.handlers.on_off import Switch, on_off_router
from application.chat.preferences import PreferencesService, WebSearch, WebSearchUnavailable
from application.messages import text


def search_router() -> Router:
    return on_off_router(
        Switch(
            "search",
            "search_usage",
            "search_on",
            "search_off",
            PreferencesService.web_search_for,
            PreferencesService.choose_web_search,
            refusal=_unavailable,
        )
    )


def _unavailable(error: Exception, lang: str) -> str | None:
    """Not enabled on this bot, or no such tool on its model's server."""
    if not isinstance(error, WebSearchUnavailable):
        return None
    unsupported = error.web_search is WebSearch.UNSUPPORTED
    return text("search_unsupported" if unsupported else "search_not_enabled", lang)
