"""Remembers whether the database is down for one of its users, so each outage is logged once and its end
once (as adapters/redis/outage.py does for Redis)."""

import logging


class DatabaseOutage:
    def __init__(self, logger: logging.Logger, consequence: str) -> None:
        self.logger, self.consequence = logger, consequence
        self.down = False

    def failed(self, error: BaseException) -> None:
        if not self.down:
            self.logger.warning("database unavailable (%s): %s", type(error).__name__, self.consequence)
        self.down = True

    def succeeded(self) -> None:
        if self.down:
            self.logger.info("database available again")
        self.down = False
