"""`gptbot status` against the real servers: PostgreSQL, redis-server, the fake Bot API and the fake OpenAI."""

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.fake_openai import FakeOpenAI, running_fake_openai
from tests.support.fake_telegram import FakeTelegram


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as server:
        yield server
