from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(default=Behaviour()).start()
    yield server
    server.stop()
