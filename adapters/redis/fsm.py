"""aiogram's FSM storage on Redis, so a conversation's dialogue state survives restarts and is shared by workers."""

from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import Redis


def redis_fsm_storage(
    redis: "Redis",
    prefix: str = "fsm",
    state_ttl_seconds: int | None = None,
    data_ttl_seconds: int | None = None,
) -> RedisStorage:
    """Closing the storage closes the client too (aiogram's RedisStorage owns it)."""
    return RedisStorage(
        redis=redis,
        key_builder=DefaultKeyBuilder(prefix=prefix, with_bot_id=True),
        state_ttl=state_ttl_seconds,
        data_ttl=data_ttl_seconds,
    )
