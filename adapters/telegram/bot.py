"""The aiogram Bot, pointed at Telegram or at any Bot API server (a local one in tests)."""

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from adapters.telegram.response_types import KeptResponseTypes


def create_bot(token: str, api_base: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) if api_base else AiohttpSession()
    session.middleware(KeptResponseTypes())
    return Bot(token, session=session)
