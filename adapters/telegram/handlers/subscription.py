"""/subscribe and the 'I have joined' button: open to everyone, denied users included."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from adapters.telegram.channel import CHECK_SUBSCRIPTION
from adapters.telegram.handlers.filters import data_is
from adapters.telegram.services import TelegramServices
from application.access.subscription import describe_subscription
from domain.access import AccessReason


def subscription_router() -> Router:
    router = Router(name="subscription")

    @router.message(Command("subscribe"))
    async def subscribe(message: Message, services: TelegramServices, lang: str) -> None:
        user_id = message.from_user.id if message.from_user else message.chat.id
        try:
            decision = await services.subscription.check(user_id)
        except Exception as error:
            await services.replies.tell(message, services.replies.explain(error, lang))
            return
        words = await services.channel.html(lambda channel: describe_subscription(decision, channel, lang))
        buttons = services.channel.buttons(lang) if decision.reason is AccessReason.NOT_SUBSCRIBED else None
        reply_to = None if message.chat.type == "private" else message.message_id
        await services.messenger.send_html(message.chat.id, words, reply_to, buttons, link_previews=False)

    @router.callback_query(data_is(CHECK_SUBSCRIPTION))
    async def check_again(query: CallbackQuery, services: TelegramServices, lang: str) -> None:
        try:
            decision = await services.subscription.check(query.from_user.id)
        except Exception as error:
            await services.messenger.answer_callback(
                query.id, services.replies.explain(error, lang), alert=True
            )
            return
        words = await services.channel.plain(lambda channel: describe_subscription(decision, channel, lang))
        await services.messenger.answer_callback(query.id, words, alert=True)

    return router
