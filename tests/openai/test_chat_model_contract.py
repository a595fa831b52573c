"""The OpenAI adapters (Responses and Chat Completions) keep the ChatModel contract, through the real
SDK against the fake server."""

from collections.abc import AsyncIterator

import pytest

from application.chat.tokens import ApproximateTokenCounter
from application.ports import ChatModel
from entrypoints.model_wiring import build_chat_model
from tests.contracts.chat_model_contract import ChatModelContract
from tests.openai.conftest import APIS, model_settings
from tests.support.fake_openai import FakeOpenAI


class TestOpenAIChatModels(ChatModelContract):
    @pytest.fixture(params=APIS)
    async def model(
        self, request: pytest.FixtureRequest, fake_openai: FakeOpenAI
    ) -> AsyncIterator[ChatModel]:
        model = build_chat_model(model_settings(fake_openai, request.param), ApproximateTokenCounter())
        yield model
        await model.aclose()
