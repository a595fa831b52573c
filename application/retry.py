import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from application.errors import ConcurrencyConflict

T = TypeVar("T")

ATTEMPTS = 10


async def retry_on_conflict(operation: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Run a read-change-save operation again when another writer got there first."""
    return await retry_rereading(lambda first: operation(), attempts)


async def retry_rereading(operation: Callable[[bool], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Like retry_on_conflict, telling the operation whether this is its first attempt: only then may it
    use aggregates its caller read earlier; after a conflict it must read them again."""
    for attempt in range(1, attempts + 1):
        try:
            return await operation(attempt == 1)
        except ConcurrencyConflict:
            if attempt == attempts:
                raise
            await asyncio.sleep(random.uniform(0, 0.005 * attempt))
    raise AssertionError("unreachable")
