"""Remembers whether Redis is down, so each outage is logged once and its end once."""

import logging

# Errors a Redis call raises when the server cannot be reached; redis-py wraps most socket errors in
# RedisError, but a few OS-level ones escape unwrapped during connect.
from redis.exceptions import RedisError

from application.ports import Metrics, NoMetrics

REDIS_DOWN_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)


CONSEQUENCE = (
    "membership is checked live, and conversation locks, duplicate-update checks, flood control's counts "
    "and the send limits hold within this process only, until it returns"
)


class OutageLog:
    """One per Redis connection, shared by its adapters, so an outage is one warning, not one each."""

    def __init__(
        self, logger: logging.Logger, consequence: str = CONSEQUENCE, metrics: Metrics | None = None
    ) -> None:
        self.logger, self.consequence = logger, consequence
        self.metrics = metrics or NoMetrics()
        self.down = False

    def failed(self, error: BaseException) -> None:
        self.metrics.redis_fell_back()
        if not self.down:
            self.logger.warning("redis unavailable (%s): %s", type(error).__name__, self.consequence)
        self.down = True

    def succeeded(self) -> None:
        if self.down:
            self.logger.info("redis available again")
        self.down = False
