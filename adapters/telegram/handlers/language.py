"""/language: a button for each language we have a catalog of; the choice is remembered and spoken from the
next word on, the command menu of the user's chat included."""

import logging

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from adapters.telegram.handlers.command_menu import command_menu
from adapters.telegram.handlers.filters import data_starts_with
from adapters.telegram.services import TelegramServices
from application.chat.preferences import PreferencesService, UnknownChoice
from application.messages import text
from domain.access import AccessDecision, AccessReason

BUTTON_PREFIX = "lang"

log = logging.getLogger(__name__)


def language_router() -> Router:
    router = Router(name="language")

    @router.message(Command("language"))
    async def show(
        message: Message,
        command: CommandObject,
        bot: Bot,
        services: TelegramServices,
        preferences: PreferencesService,
        lang: str,
        access_decision: AccessDecision | None = None,
    ) -> None:
        user_id = message.from_user.id if message.from_user else message.chat.id
        value = (command.args or "").strip().lower()
        try:
            if value:
                chosen = await preferences.choose_language(user_id, value)
                await services.replies.tell(message, text("language_chosen", chosen))
                await republish_menu(bot, user_id, chosen, access_decision)
                return
        except UnknownChoice as unknown:
            await services.replies.tell(message, refused(unknown, lang))
            return
        except Exception as error:
            await services.replies.tell(message, services.replies.explain(error, lang))
            return
        reply_to = None if message.chat.type == "private" else message.message_id
        words, buttons = menu(preferences.languages, lang)
        await services.messenger.send_text(message.chat.id, words, reply_to, buttons)

    @router.callback_query(data_starts_with(f"{BUTTON_PREFIX}:"))
    async def pressed(
        query: CallbackQuery,
        bot: Bot,
        services: TelegramServices,
        preferences: PreferencesService,
        lang: str,
        access_decision: AccessDecision | None = None,
    ) -> None:
        value = (query.data or "").partition(":")[2]
        try:
            chosen = await preferences.choose_language(query.from_user.id, value)
        except UnknownChoice as unknown:
            await services.messenger.answer_callback(query.id, refused(unknown, lang), alert=True)
            return
        except Exception as error:
            await services.messenger.answer_callback(
                query.id, services.replies.explain(error, lang), alert=True
            )
            return
        await services.messenger.answer_callback(query.id, text("language_chosen", chosen))
        if query.message is not None:
            words, buttons = menu(preferences.languages, chosen)
            await services.messenger.edit_text(
                query.message.chat.id, query.message.message_id, words, buttons
            )
        await republish_menu(bot, query.from_user.id, chosen, access_decision)

    return router


def menu(languages: tuple[str, ...], current: str) -> tuple[str, InlineKeyboardMarkup]:
    """Each language named in itself ("English", "Русский"), the current one ticked."""
    head = text("language_current", current, language=text("language_name", current))
    rows = [
        [
            InlineKeyboardButton(
                text=f"{'✓ ' if code == current else ''}{text('language_name', code)}",
                callback_data=f"{BUTTON_PREFIX}:{code}",
            )
        ]
        for code in languages
    ]
    return head, InlineKeyboardMarkup(inline_keyboard=rows)


def refused(unknown: UnknownChoice, lang: str) -> str:
    return text("language_unknown", lang, value=unknown.value, options=", ".join(unknown.options))


async def republish_menu(bot: Bot, user_id: int, lang: str, access_decision: AccessDecision | None) -> None:
    """The command menu of the user's private chat in the chosen language; the menu is a courtesy, so a
    refusal from Telegram leaves the choice made."""
    admin = access_decision is not None and access_decision.reason is AccessReason.ADMIN
    try:
        await bot.set_my_commands(command_menu(lang, admin), scope=BotCommandScopeChat(chat_id=user_id))
    except Exception as error:
        log.info("could not publish a chat's command menu: %s", error)
