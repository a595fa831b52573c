"""A ChatSender that keeps what it was asked to send, and a preview that holds the reply it is shown."""

import asyncio
from dataclasses import dataclass, field


@dataclass
class FakeChatSender:
    sent: list[tuple[int, str, str]] = field(default_factory=list)  # (chat, "reply" or "notice", text)

    async def send_reply(self, chat_id: int, markdown: str) -> None:
        self.sent.append((chat_id, "reply", markdown))

    async def send_notice(self, chat_id: int, text: str) -> None:
        self.sent.append((chat_id, "notice", text))


@dataclass
class HeldPreview:
    """Shows nothing and never lets the reply go on: the process writing it seems to stop right there."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def push(self, delta: str) -> None:
        self.reached.set()
        await self.release.wait()

    def model_done(self) -> None:
        """Nothing to stop."""
