from collections.abc import AsyncIterator

import pytest

from adapters.offline.chat_model import OfflineChatModel
from application.admin.model_errors import ModelErrorWindow, WatchedChatModel
from application.chat.tokens import ApproximateTokenCounter
from application.ports import ChatModel
from tests.contracts.chat_model_contract import ChatModelContract
from tests.fakes.chat_model import FakeChatModel
from tests.fakes.clock import FakeClock
from tests.support.scripted_model import ScriptedChatModel


class TestOfflineChatModel(ChatModelContract):
    draws_images = False

    @pytest.fixture
    async def model(self) -> AsyncIterator[ChatModel]:
        yield OfflineChatModel(ApproximateTokenCounter())


class TestFakeChatModel(ChatModelContract):
    @pytest.fixture
    async def model(self) -> AsyncIterator[ChatModel]:
        yield FakeChatModel()


class TestScriptedChatModel(ChatModelContract):
    @pytest.fixture
    async def model(self) -> AsyncIterator[ChatModel]:
        yield ScriptedChatModel()


class TestWatchedChatModel(ChatModelContract):
    @pytest.fixture
    async def model(self) -> AsyncIterator[ChatModel]:
        from datetime import timedelta

        yield WatchedChatModel(FakeChatModel(), ModelErrorWindow(FakeClock(), timedelta(minutes=10)))
