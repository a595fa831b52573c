"""Warnings the in-process bot logs during a measurement, so a figure can say it ran degraded."""

import contextlib
import logging
from collections.abc import Iterator


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextlib.contextmanager
def warnings_of(logger: str) -> Iterator[list[str]]:
    """The messages of WARNING and worse records under `logger` while the block runs."""
    messages: list[str] = []
    handler = _Collect(messages)
    logging.getLogger(logger).addHandler(handler)
    try:
        yield messages
    finally:
        logging.getLogger(logger).removeHandler(handler)
