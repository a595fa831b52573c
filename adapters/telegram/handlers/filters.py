"""The handlers' filters, as coroutines.

aiogram runs a filter that is not a coroutine function, magic `F` filters included, in a worker
thread (`asyncio.to_thread`): a hand-off that costs far more than the check itself. A plain text
message went through two of them on its way to the chat handler. These make the same checks on the
event loop; `tests/telegram/test_filters_on_the_loop.py` keeps every filter of the dispatcher so.
"""

from collections.abc import Awaitable, Callable

from aiogram.types import CallbackQuery, Message


async def plain_text(message: Message) -> bool:
    """Text that is not a command."""
    text = message.text
    return text is not None and text != "" and not text.startswith("/")


async def command_text(message: Message) -> bool:
    """Text that starts as a command does, whether or not any handler knows it."""
    return (message.text or "").startswith("/")


async def has_photo(message: Message) -> bool:
    return bool(message.photo)


async def has_audio(message: Message) -> bool:
    """A voice message, an audio file or a video note."""
    return message.voice is not None or message.audio is not None or message.video_note is not None


async def has_document(message: Message) -> bool:
    return message.document is not None


def data_is(value: str) -> Callable[[CallbackQuery], Awaitable[bool]]:
    async def check(query: CallbackQuery) -> bool:
        return query.data == value

    return check


def data_starts_with(prefix: str) -> Callable[[CallbackQuery], Awaitable[bool]]:
    async def check(query: CallbackQuery) -> bool:
        return (query.data or "").startswith(prefix)

    return check
