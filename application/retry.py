import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from application.errors import ConcurrencyConflict

T = TypeVar("T")

ATTEMPTS = 10


async def retry_on_conflict(operation: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Run a read-change-save operation again when another writer got there first. An operation on a
    unit of work reads afresh when run again: the failed commit made the unit forget what it held."""
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except ConcurrencyConflict:
            if attempt == attempts:
                raise
            await asyncio.sleep(random.uniform(0, 0.005 * attempt))
    raise AssertionError("unreachable")
