"""Spend the store could not take when it was made: what the spend journal keeps until the ledger has it."""

from dataclasses import dataclass
from datetime import datetime

from domain.usage import ModelUsage


@dataclass(frozen=True)
class SpendEntry:
    """One usage record at the price it was charged, made at `at`; with the reply it paid for, to be
    written into chat `chat_id`'s conversation, when it paid for one."""

    user_id: int
    request_id: str
    usage: ModelUsage
    cost_micros: int
    at: datetime
    chat_id: int | None = None
    reply: str | None = None


@dataclass(frozen=True)
class SpendBatch:
    """Entries held by one drain until they are settled (in the ledger) or released (left for later)."""

    batch_id: str
    entries: tuple[SpendEntry, ...]
