"""The baseline bot as its own process: bare aiogram polling a Bot API server, nothing of ours imported.

`python -m bench.baseline_bot echo` answers each message with its text. `python -m bench.baseline_bot
model` streams a reply for each message from the Responses API through the real openai SDK over its
aiohttp transport, as `gptbot run` does (ADR 18), and sends the text back once it is complete;
`model-httpx` does the same over the SDK's default transport. The servers come from
TELEGRAM_API_BASE and OPENAI_BASE_URL.
"""

import asyncio
import os
import sys
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

MODEL = "gpt-5-mini"
MODES = ("echo", "model", "model-httpx")


def echo_handler() -> Any:
    async def echo(incoming: Message) -> None:
        await incoming.answer(incoming.text or "")

    return echo


def model_handler(over_aiohttp: bool) -> Any:
    import openai  # only the model baselines pay for the SDK, as only they use it
    from openai.types.responses import ResponseTextDeltaEvent

    client = openai.AsyncOpenAI(
        api_key=os.environ["OPENAI_API_KEY"],
        base_url=os.environ["OPENAI_BASE_URL"],
        http_client=openai.DefaultAioHttpClient() if over_aiohttp else None,
    )

    async def reply(incoming: Message) -> None:
        stream = await client.responses.create(
            model=MODEL, input=incoming.text or "", stream=True, store=False
        )
        text = ""
        async with stream:
            async for event in stream:
                if isinstance(event, ResponseTextDeltaEvent):
                    text += event.delta
        await incoming.answer(text)

    return reply


def main(mode: str) -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(os.environ["TELEGRAM_BOT_TOKEN"], session=session)
    dispatcher = Dispatcher()
    dispatcher.message.register(echo_handler() if mode == "echo" else model_handler(mode == "model"))
    asyncio.run(dispatcher.start_polling(bot))  # stops on SIGTERM


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in MODES:
        sys.exit(f"usage: python -m bench.baseline_bot {'|'.join(MODES)}")
    main(sys.argv[1])
