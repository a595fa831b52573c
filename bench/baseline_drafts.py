"""The streaming baseline: a bare aiogram bot that shows every model piece at once with sendMessageDraft
and finishes the reply with sendMessage, in this process like our bot in the streaming benchmark."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bench.bot_harness import TOKEN, BenchModel, wait_for
from tests.support.fake_telegram import FakeTelegram


@asynccontextmanager
async def draft_bot(telegram: FakeTelegram, model: BenchModel) -> AsyncIterator[Bot]:
    """No throttle, no rendering, no typing action: one draft per piece, then the message."""
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(telegram.url)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def forward(incoming: Message) -> None:
        text = ""
        async for piece in model.pieces_of(incoming.text or ""):
            text += piece
            await bot.send_message_draft(incoming.chat.id, incoming.message_id, text=text)
        await incoming.answer(text)

    task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False))
    await wait_for(lambda: bool(telegram.calls_of("getUpdates")) or task.done(), 60.0)
    try:
        yield bot
    finally:
        await dispatcher.stop_polling()
        await task
        await bot.session.close()
