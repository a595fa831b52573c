"""The ChatSender port on Telegram, for replies that answer no update in hand (recovery on start-up):
rendered and split as every reply is."""

from adapters.telegram.messenger import AiogramMessenger, render_chunks
from application.messages import text


class AiogramChatSender:
    def __init__(self, messenger: AiogramMessenger) -> None:
        self.messenger = messenger

    async def send_reply(self, chat_id: int, markdown: str) -> None:
        chunks = render_chunks(markdown)
        if not chunks:
            await self.send_notice(chat_id, text("empty_reply"))
            return
        await self.messenger.send_chunks(chat_id, chunks)

    async def send_notice(self, chat_id: int, text: str) -> None:
        await self.messenger.send_plain(chat_id, text)
