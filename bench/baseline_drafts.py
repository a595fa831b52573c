"""The streaming baseline: a bare aiogram bot that shows every model piece at once with sendMessageDraft
and finishes the reply with sendMessage, in this process like our bot in the streaming benchmark."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher
from aiogram.types import Message

from bench.bot_harness import BenchModel, bare_bot, polling
from tests.support.fake_telegram import FakeTelegram


@asynccontextmanager
async def draft_bot(telegram: FakeTelegram, model: BenchModel) -> AsyncIterator[Bot]:
    """No throttle, no rendering, no typing action: one draft per piece, then the message."""
    bot = bare_bot(telegram)
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def forward(incoming: Message) -> None:
        text = ""
        async for piece in model.pieces_of(incoming.text or ""):
            text += piece
            await bot.send_message_draft(incoming.chat.id, incoming.message_id, text=text)
        await incoming.answer(text)

    async with polling(dispatcher, bot, telegram):
        yield bot
