"""Spend made while the store could not take it: kept in the spend journal, written into the ledger (and
the reply into its conversation) by request id once the store is back (ADR 30)."""

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from application.billing.usage import UsageService
from application.chat.conversations import Conversations
from application.errors import StoreUnavailable
from application.ports import Aggregates, SpendJournal
from application.retry import retry_on_conflict
from application.spend_entries import SpendBatch, SpendEntry
from application.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60.0
"""While entries wait, a drain that leaves them says so at most this often."""
IDLE_SECONDS = 60.0
"""How often the journal is looked at while this process has nothing waiting (another process's file
left behind by a crash is found this way)."""


@dataclass(frozen=True)
class Drained:
    written: int
    waiting: int


class SpendJournalService:
    def __init__(
        self,
        journal: SpendJournal,
        store: Aggregates,
        usage: UsageService,
        conversations: Conversations,
        retry_seconds: float = 5.0,
    ) -> None:
        self.journal, self.store, self.usage, self.conversations = journal, store, usage, conversations
        self.retry_seconds = retry_seconds
        self.woken = asyncio.Event()
        self._draining = asyncio.Lock()
        self._warned_at: float | None = None

    async def keep(self, entry: SpendEntry) -> None:
        """Keep spend the store could not take; on disk when this returns."""
        await self.journal.append(entry)
        self.woken.set()

    async def drain(self) -> Drained:
        """Write what the journal holds into the ledger; what the store cannot take yet stays."""
        async with self._draining:
            batches = await self.journal.claim()
            written, unsettled = 0, list(batches)
            try:
                while unsettled:
                    batch = unsettled[0]
                    written += await self._write_batch(batch)
                    await self.journal.settle(batch)
                    unsettled.pop(0)
            except StoreUnavailable as error:
                self._warn(sum(len(b.entries) for b in unsettled), str(error))
            finally:
                for batch in unsettled:
                    await self.journal.release(batch)
            if written:
                log.info("wrote %d usage records from the spend journal into the ledger", written)
            left = sum(len(b.entries) for b in unsettled)
            if not left:
                self._warned_at = None
            return Drained(written, left)

    async def run(self) -> None:
        """Drain now, then again every few seconds while entries wait, until cancelled."""
        while True:
            self.woken.clear()
            pause = self.retry_seconds
            try:
                if not (await self.drain()).waiting:
                    pause = IDLE_SECONDS
            except Exception as error:  # a journal that cannot be read must not stop the bot
                log.error("could not drain the spend journal: %s", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.woken.wait(), pause)

    async def _write_batch(self, batch: SpendBatch) -> int:
        for entry in batch.entries:
            await self._write(entry)
        return len(batch.entries)

    async def _write(self, entry: SpendEntry) -> None:
        unit = UnitOfWork(self.store)

        async def write() -> None:
            await self.usage.add_priced(
                unit, entry.user_id, entry.request_id, entry.usage, entry.cost_micros, entry.at
            )
            if entry.chat_id is not None and entry.reply is not None:
                conversation = await self.conversations.active(unit, entry.chat_id)
                # Only in its place: after the message it answers, before any later one.
                if conversation is not None and conversation.awaits_reply_to(entry.request_id):
                    await self.conversations.add_reply(
                        unit, entry.chat_id, entry.reply, entry.usage.model, entry.request_id
                    )
            await unit.commit()

        async with self.usage.recording(entry.user_id):
            await retry_on_conflict(write)

    def _warn(self, waiting: int, reason: str) -> None:
        now = time.monotonic()
        if self._warned_at is not None and now - self._warned_at < WARN_EVERY_SECONDS:
            return
        self._warned_at = now
        log.warning(
            "%d usage records wait in the spend journal: the store cannot take them yet (%s)", waiting, reason
        )
