"""/model and /mode: the user's current choice and the options as buttons; set with an argument or a button."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from adapters.telegram.handlers.filters import data_starts_with
from adapters.telegram.services import TelegramServices
from application.chat.preferences import Choices, Mode, PreferencesService, UnknownChoice
from application.messages import optional_text, text

BUTTON_PREFIX = "pref"
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit


def preferences_router() -> Router:
    router = Router(name="preferences")

    @router.message(Command("model", "mode"))
    async def choose(
        message: Message,
        command: CommandObject,
        services: TelegramServices,
        preferences: PreferencesService,
        lang: str,
    ) -> None:
        what = command.command.lower()
        user_id = message.from_user.id if message.from_user else message.chat.id
        value = (command.args or "").strip()
        reply_to = None if message.chat.type == "private" else message.message_id
        try:
            if value:
                choices = await _choose(preferences, what, user_id, value)
                await services.replies.tell(message, chosen(what, choices, lang))
                return
            choices = await preferences.choices_for(user_id)
        except UnknownChoice as unknown:
            await services.replies.tell(message, refused(unknown, lang))
            return
        except Exception as error:
            await services.replies.tell(message, services.replies.explain(error, lang))
            return
        words, buttons = menu(what, choices, preferences, lang)
        await services.messenger.send_text(message.chat.id, words, reply_to, buttons)

    @router.callback_query(data_starts_with(f"{BUTTON_PREFIX}:"))
    async def pressed(
        query: CallbackQuery, services: TelegramServices, preferences: PreferencesService, lang: str
    ) -> None:
        parts = (query.data or "").split(":", 2)
        what, value = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
        try:
            choices = await _choose(preferences, what, query.from_user.id, value)
        except UnknownChoice as unknown:
            await services.messenger.answer_callback(query.id, refused(unknown, lang), alert=True)
            return
        except Exception as error:
            await services.messenger.answer_callback(
                query.id, services.replies.explain(error, lang), alert=True
            )
            return
        await services.messenger.answer_callback(query.id, chosen(what, choices, lang))
        if query.message is not None:
            words, buttons = menu(what, choices, preferences, lang)
            await services.messenger.edit_text(
                query.message.chat.id, query.message.message_id, words, buttons
            )

    return router


async def _choose(preferences: PreferencesService, what: str, user_id: int, value: str) -> Choices:
    if what == "model":
        return await preferences.choose_model(user_id, value)
    if what == "mode":
        return await preferences.choose_mode(user_id, value)
    raise UnknownChoice("setting", what, ("model", "mode"))


def chosen(what: str, choices: Choices, lang: str) -> str:
    if what == "model":
        return text("model_chosen", lang, model=choices.model)
    return text("mode_chosen", lang, title=title_of(choices.mode, lang))


def refused(unknown: UnknownChoice, lang: str) -> str:
    key = "mode_unknown" if unknown.what == "mode" else "model_unknown"
    return text(key, lang, value=unknown.value, options=", ".join(unknown.options))


def menu(
    what: str, choices: Choices, preferences: PreferencesService, lang: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The current choice and a button for each option; /mode also lists its options in the text, and
    /model an option only when its name is too long for a button's data."""
    if what == "model":
        current = choices.model
        head = text("model_current", lang, model=current)
        options = [(name, name) for name in preferences.allowed_models]
    else:
        current = choices.mode.name
        head = text("mode_current", lang, title=title_of(choices.mode, lang), name=current)
        options = [(name, f"{title_of(mode, lang)} ({name})") for name, mode in preferences.modes.items()]
    buttoned = {name: data for name, _ in options if _fits(data := f"{BUTTON_PREFIX}:{what}:{name}")}
    lines = [
        f"{'✓' if name == current else '•'} {label}{about(what, name, lang)}"
        for name, label in options
        if what == "mode" or name not in buttoned
    ]
    rows = [
        [InlineKeyboardButton(text=f"{'✓ ' if name == current else ''}{label}", callback_data=buttoned[name])]
        for name, label in options
        if name in buttoned
    ]
    return "\n".join([head, *lines]), InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _fits(data: str) -> bool:
    return len(data.encode()) <= CALLBACK_DATA_LIMIT


def title_of(mode: Mode, lang: str) -> str:
    """The mode's title in the user's language when the catalogs have one, else the configured title."""
    return optional_text(f"mode_title_{mode.name}", lang) or mode.title


def about(what: str, name: str, lang: str) -> str:
    description = optional_text(f"mode_about_{name}", lang) if what == "mode" else None
    return f" — {description}" if description else ""
