"""The fake OpenAI server as fixtures: one server for the session, emptied of scripts and requests
around each test that uses it."""

from collections.abc import Iterator

import pytest

from tests.support.fake_openai import FakeOpenAI, running_fake_openai


@pytest.fixture(scope="session")
def openai_server() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as server:
        yield server


@pytest.fixture
def fake_openai(openai_server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    openai_server.reset()
    yield openai_server
    openai_server.reset()
