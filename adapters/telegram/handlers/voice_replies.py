"""/voice on|off: whether the user's replies are also spoken as voice messages; /voice alone tells which
(ADR 54)."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from adapters.telegram.services import TelegramServices
from application.chat.preferences import PreferencesService
from application.messages import text

SWITCHES = {"on": True, "off": False}


def voice_replies_router() -> Router:
    router = Router(name="voice_replies")

    @router.message(Command("voice"))
    async def switch(
        message: Message,
        command: CommandObject,
        services: TelegramServices,
        preferences: PreferencesService,
        lang: str,
    ) -> None:
        user_id = message.from_user.id if message.from_user else message.chat.id
        value = (command.args or "").strip().lower()
        if value and value not in SWITCHES:
            await services.replies.tell(message, text("voice_replies_usage", lang))
            return
        if services.speech is None or services.speech.speech is None:
            await services.replies.tell(message, text("voice_replies_unavailable", lang))
            return
        try:
            if value:
                on = await preferences.choose_voice(user_id, SWITCHES[value])
            else:
                on = await preferences.voice_for(user_id)
        except Exception as error:
            await services.replies.tell(message, services.replies.explain(error, lang))
            return
        await services.replies.tell(message, text("voice_replies_on" if on else "voice_replies_off", lang))

    return router
