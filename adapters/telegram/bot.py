"""The aiogram Bot, pointed at Telegram or at any Bot API server (a local one in tests), its session
keeping response types, waiting out 429s and losing refused chat actions quietly."""

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from adapters.telegram.chat_actions import QuietChatActions
from adapters.telegram.response_types import KeptResponseTypes
from adapters.telegram.retry import DEFAULT_MAX_WAIT_SECONDS, RetryAfter


def create_bot(
    token: str, api_base: str | None = None, max_retry_wait: float = DEFAULT_MAX_WAIT_SECONDS
) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) if api_base else AiohttpSession()
    session.middleware(KeptResponseTypes())
    session.middleware(RetryAfter(max_retry_wait))
    session.middleware(QuietChatActions())
    return Bot(token, session=session)
