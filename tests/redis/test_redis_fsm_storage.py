"""The dialogue state storage behaves the same in memory and on Redis."""

from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

from adapters.redis.client import redis_client
from adapters.redis.fsm import redis_fsm_storage


class Export(StatesGroup):
    choosing_format = State()


ALICE = StorageKey(bot_id=1, chat_id=10, user_id=100)
BOB = StorageKey(bot_id=1, chat_id=20, user_id=200)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def storage(request: pytest.FixtureRequest) -> AsyncIterator[BaseStorage]:
    if request.param == "memory":
        made: BaseStorage = MemoryStorage()
    else:
        made = redis_fsm_storage(redis_client(request.getfixturevalue("redis_url")))
    yield made
    await made.close()


async def test_a_state_is_read_back(storage: BaseStorage) -> None:
    await storage.set_state(ALICE, Export.choosing_format)
    assert await storage.get_state(ALICE) == Export.choosing_format.state


async def test_clearing_the_state_leaves_none(storage: BaseStorage) -> None:
    await storage.set_state(ALICE, Export.choosing_format)
    await storage.set_state(ALICE, None)
    assert await storage.get_state(ALICE) is None


async def test_data_round_trips_and_updates_merge(storage: BaseStorage) -> None:
    await storage.set_data(ALICE, {"format": "docx", "pages": 3, "title": "Отчёт"})
    assert await storage.get_data(ALICE) == {"format": "docx", "pages": 3, "title": "Отчёт"}
    assert await storage.update_data(ALICE, {"pages": 4}) == {"format": "docx", "pages": 4, "title": "Отчёт"}
    assert await storage.get_data(ALICE) == {"format": "docx", "pages": 4, "title": "Отчёт"}


async def test_users_do_not_see_each_others_state(storage: BaseStorage) -> None:
    await storage.set_state(ALICE, Export.choosing_format)
    await storage.set_data(ALICE, {"format": "pdf"})
    assert await storage.get_state(BOB) is None
    assert await storage.get_data(BOB) == {}


@pytest.mark.redis
async def test_state_survives_a_new_storage_on_the_same_redis(redis_url: str) -> None:
    first = redis_fsm_storage(redis_client(redis_url))
    await first.set_state(ALICE, Export.choosing_format)
    await first.set_data(ALICE, {"format": "txt"})
    await first.close()
    second = redis_fsm_storage(redis_client(redis_url))
    try:
        assert await second.get_state(ALICE) == Export.choosing_format.state
        assert await second.get_data(ALICE) == {"format": "txt"}
    finally:
        await second.close()
