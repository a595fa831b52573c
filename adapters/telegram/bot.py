"""The aiogram Bot, pointed at Telegram or at any Bot API server (a local one in tests), its session
keeping response types and waiting out 429s."""

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from adapters.telegram.response_types import KeptResponseTypes
from adapters.telegram.retry import DEFAULT_MAX_WAIT_SECONDS, RetryAfter


def create_bot(
    token: str, api_base: str | None = None, max_retry_wait: float = DEFAULT_MAX_WAIT_SECONDS
) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) if api_base else AiohttpSession()
    session.middleware(KeptResponseTypes())
    session.middleware(RetryAfter(max_retry_wait))
    return Bot(token, session=session)
