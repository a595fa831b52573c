"""What every handler needs to know about an update: the user's language and whether it is for the bot."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from adapters.telegram.addressing import is_addressed
from application.chat.preferences import PreferencesService
from application.messages import DEFAULT_LANGUAGE, DOMAIN, LOCALES, language_of


def catalogs() -> I18n:
    return I18n(path=LOCALES, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)


class UserLanguage(I18nMiddleware):
    """The language of the user's Telegram app (`language_code`) when we have its catalog, English
    otherwise; handlers read it as `lang`. Reads no store, so the gates before any store read have it.
    (Not SimpleI18nMiddleware's matching: Babel raises ValueError on a code such as "" or "en-".)"""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        data["lang"] = language_of(user.language_code if user else None)
        return str(data["lang"])


async def chosen_language(preferences: PreferencesService, user: User | None, otherwise: str) -> str:
    """The language the user chose with /language; `otherwise` before a choice, or when the store
    cannot be read (the handler or gate that speaks still speaks, in the app's language)."""
    if user is None:
        return otherwise
    try:
        return await preferences.language_for(user.id) or otherwise
    except Exception:  # the store is down: whoever speaks next reports the outage, if it matters
        return otherwise


class ChosenLanguage(I18nMiddleware):
    """The language the user chose with /language, over their app's, for the rest of the update; the
    access gate before it reads the choice itself, only for a refusal it sends."""

    def __init__(self, i18n: I18n, preferences: PreferencesService) -> None:
        super().__init__(i18n)
        self.preferences = preferences

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        chosen = await chosen_language(self.preferences, data.get("event_from_user"), data["lang"])
        if chosen in self.i18n.available_locales:
            data["lang"] = chosen
        return str(data["lang"])


class AddressedOnly(BaseMiddleware):
    """Drops group messages meant for other people before anything else looks at them."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            message = event.message or event.edited_message
            if message is not None:
                bot: Bot = data["bot"]
                if not is_addressed(message, await bot.me()):
                    return None
        return await handler(event, data)
