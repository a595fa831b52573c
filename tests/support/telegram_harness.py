"""A running bot for end-to-end tests, the people who talk to it, and what a test reads back."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from application.ports import Aggregates
from domain.access import AccessLedger
from domain.usage import UsageLedger, UsageRecord
from entrypoints.container import Container
from tests.support.fake_telegram import FakeTelegram
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_updates import Person

TOKEN = "123456:TEST-token-for-the-fake-bot-api"
CHANNEL = "@gptbot_news"
CHANNEL_TITLE = "GPT Bot News"
ADMIN = Person(900, "en")
SUBSCRIBER = Person(901, "en")
STRANGER = Person(902, "en")
BANNED = Person(903, "en")
RUSSIAN = Person(904, "ru")
GROUP = -100500
START_GUARD_SECONDS = 15.0


@dataclass
class RunningBot:
    telegram: FakeTelegram
    container: Container
    model: ScriptedChatModel
    task: "asyncio.Task[None]"
    stop: asyncio.Event

    @property
    def store(self) -> Aggregates:
        store: Aggregates = self.container.store()
        return store

    async def send(self, *updates: dict[str, Any]) -> None:
        if self.container.settings().webhook_url:
            for update in updates:
                assert await self.telegram.deliver_webhook(update) == 200
        else:
            self.telegram.push_update(*updates)

    async def texts_in(self, chat_id: int, count: int) -> list[str]:
        """Waits until the chat holds `count` finished messages from the bot, and returns them."""
        await self.telegram.wait_until(lambda: len(self.finished(chat_id)) >= count)
        return self.finished(chat_id)

    def finished(self, chat_id: int) -> list[str]:
        return [t for t in self.telegram.sent_texts(chat_id) if t != "…"]

    async def usage_records(self, user_id: int) -> list[UsageRecord]:
        now = self.container.clock().now()
        ledger = await self.container.usage().ledger_for(user_id, now)
        return list(ledger.records) if isinstance(ledger, UsageLedger) else []

    async def stopped(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, START_GUARD_SECONDS)


StartBot = Callable[..., Awaitable[RunningBot]]


async def ban(store: Aggregates, user_id: int) -> None:
    at = datetime.now(UTC)
    ledger = await store.get(AccessLedger.create_id(user_id), AccessLedger) or AccessLedger(
        user_id=user_id, at=at
    )
    ledger.ban(by=ADMIN.user_id, reason="spam", at=at)
    await store.save(ledger)
