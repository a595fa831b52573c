"""The fake OpenAI server for the session, and the chat core wired to the real adapters through it."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from adapters.memory.lock import InMemoryConversationLock
from application.admin.model_errors import ModelErrorWindow, WatchedChatModel
from application.billing.usage import UsageService
from application.chat.attachments import AttachmentLimits, AttachmentService
from application.chat.context import ContextSettings
from application.chat.service import ChatService
from application.chat.tokens import ApproximateTokenCounter
from application.ports import ChatModel
from domain.budget import Limits
from domain.conversation import Turn
from domain.pricing import PriceTable
from domain.usage import UsageRecord
from entrypoints.container import memory_settings
from entrypoints.model_wiring import build_chat_model, build_document_reader, build_price_table
from entrypoints.settings import Settings
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock
from tests.fakes.preview import CollectingPreview
from tests.support.fake_openai import FakeOpenAI

CHAT_MODEL = "gpt-5-mini"
SYSTEM_PROMPT = "You are a test assistant."
APIS = ("responses", "chat_completions")


def model_settings(server: FakeOpenAI, api: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "openai_api_key": "test-key-not-secret",
        "openai_base_url": server.base_url,
        "openai_model": CHAT_MODEL,
        "llm_api": api,
        "openai_timeout_seconds": 5.0,
        "openai_max_retries": 2,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Core:
    """ChatService and AttachmentService over in-memory ports and a real model adapter."""

    settings: Settings
    model: ChatModel
    store: FakeAggregates
    prices: PriceTable
    chat: ChatService
    attachments: AttachmentService
    preview: CollectingPreview = field(default_factory=CollectingPreview)

    async def ledger(self, user_id: int) -> list[UsageRecord]:
        ledger = await self.chat.usage.ledger_for(user_id, self.chat.clock.now())
        return list(ledger.records) if ledger else []

    async def turns(self, chat_id: int) -> list[Turn]:
        return await self.chat.history(chat_id, limit=100)


@pytest.fixture
async def make_core(fake_openai: FakeOpenAI) -> AsyncIterator[Callable[..., Core]]:
    built: list[Core] = []

    def make(
        api: str,
        limits: Limits | None = None,
        watched: bool = False,
        long_memory: bool = False,
        **overrides: Any,
    ) -> Core:
        """`watched`: the chat goes through the WatchedChatModel the bot wraps its model in; `long_memory`:
        turns that no longer fit are summarised, as the container wires it."""
        settings = model_settings(fake_openai, api, **overrides)
        counter = ApproximateTokenCounter()
        model = build_chat_model(settings, counter)
        store, clock = FakeAggregates(), FakeClock()
        window = ModelErrorWindow(clock, timedelta(minutes=10))
        chat_model = WatchedChatModel(model, window, settings.openai_image_model) if watched else model
        prices = build_price_table(settings)
        usage = UsageService(store, clock, prices, limits or Limits())
        context = ContextSettings(CHAT_MODEL, SYSTEM_PROMPT, settings.context_max_tokens)
        lock = InMemoryConversationLock()
        chat = ChatService(
            store,
            chat_model,
            usage,
            lock,
            clock,
            counter,
            context,
            settings.max_message_chars,
            image_model=settings.openai_image_model,
            memory=memory_settings(settings) if long_memory else None,
        )
        limits = AttachmentLimits(settings.max_image_bytes, settings.max_document_bytes)
        reader = build_document_reader(settings)
        core = Core(settings, model, store, prices, chat, AttachmentService(chat, reader, limits))
        built.append(core)
        return core

    yield make
    for core in built:
        await core.model.client.close()  # type: ignore[attr-defined]


@pytest.fixture(params=APIS)
def core(request: pytest.FixtureRequest, make_core: Callable[..., Core]) -> Core:
    return make_core(request.param)
