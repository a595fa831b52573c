"""/search on|off: whether the model may search the web for the user; /search alone tells which (ADR 53).
Where the deployment does not offer it, the command says so: not enabled, or no such tool on the server."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from adapters.telegram.services import TelegramServices
from application.chat.preferences import PreferencesService, WebSearch, WebSearchUnavailable
from application.messages import text

SWITCHES = {"on": True, "off": False}


def search_router() -> Router:
    router = Router(name="search")

    @router.message(Command("search"))
    async def switch(
        message: Message,
        command: CommandObject,
        services: TelegramServices,
        preferences: PreferencesService,
        lang: str,
    ) -> None:
        user_id = message.from_user.id if message.from_user else message.chat.id
        value = (command.args or "").strip().lower()
        try:
            if value and value not in SWITCHES:
                await services.replies.tell(message, text("search_usage", lang))
                return
            if value:
                on = await preferences.choose_web_search(user_id, SWITCHES[value])
            else:
                on = await preferences.web_search_for(user_id)
        except WebSearchUnavailable as unavailable:
            await services.replies.tell(message, unavailable_text(unavailable.web_search, lang))
            return
        except Exception as error:
            await services.replies.tell(message, services.replies.explain(error, lang))
            return
        await services.replies.tell(message, text("search_on" if on else "search_off", lang))

    return router


def unavailable_text(web_search: WebSearch, lang: str) -> str:
    key = "search_unsupported" if web_search is WebSearch.UNSUPPORTED else "search_not_enabled"
    return text(key, lang)
