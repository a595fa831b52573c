"""Text messages: the model's reply, streamed; a plain-language request for a picture gets a picture."""

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, Update

from adapters.telegram.addressing import without_mention
from adapters.telegram.handlers.filters import plain_text
from adapters.telegram.replying import request_id_of
from adapters.telegram.services import TelegramServices
from application.chat.image_requests import image_request_of
from application.messages import text


def chat_router() -> Router:
    router = Router(name="chat")

    @router.message(Command("generate"))
    async def generate(
        message: Message, command: CommandObject, event_update: Update, services: TelegramServices, lang: str
    ) -> None:
        description = (command.args or "").strip()
        if not description:
            await services.replies.tell(message, text("generate_usage", lang))
            return
        await services.images.answer(message, description, request_id_of(event_update.update_id), lang)

    @router.message(plain_text)
    async def on_text(
        message: Message, bot: Bot, event_update: Update, services: TelegramServices, lang: str
    ) -> None:
        words = without_mention(message.text or "", await bot.me())
        chat_id, user_id = message.chat.id, message.from_user.id if message.from_user else message.chat.id
        request_id = request_id_of(event_update.update_id)
        if (description := image_request_of(words)) is not None:
            await services.images.answer(message, description, request_id, lang)
            return
        reply = await services.replies.answer(
            message,
            lang,
            lambda preview: services.chat.send_message(chat_id, user_id, words, request_id, preview),
        )
        if services.speech is not None:
            await services.speech.follow(message, reply, request_id, lang)

    return router
