"""What every SpendJournal promises. Subclass it and provide `make_journal` for each implementation."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from application.ports import SpendJournal
from application.spend_entries import SpendEntry
from domain.usage import ModelUsage, UsageKind

MakeJournal = Callable[[], SpendJournal]
AT = datetime(2026, 11, 30, 23, 59, 30, tzinfo=UTC)


def entry(n: int, reply: str | None = "Привет, world") -> SpendEntry:
    usage = ModelUsage("gpt-test", UsageKind.VISION, input_tokens=100 + n, output_tokens=7, cached_tokens=3)
    return SpendEntry(40 + n, f"request-{n}", usage, 1_234 + n, AT, chat_id=-100 - n, reply=reply)


class SpendJournalContract:
    @pytest.fixture
    def make_journal(self) -> MakeJournal:
        """Each call gives a handle on the same journal (for files: another process's, on the same folder)."""
        raise NotImplementedError

    async def test_appended_entries_are_claimed_as_they_were_kept(self, make_journal: MakeJournal) -> None:
        journal = make_journal()
        kept = [entry(1), entry(2, reply=None)]
        for one in kept:
            await journal.append(one)

        batches = await journal.claim()

        assert [e for batch in batches for e in batch.entries] == kept

    async def test_a_settled_batch_is_gone_and_a_released_one_comes_back(
        self, make_journal: MakeJournal
    ) -> None:
        journal = make_journal()
        await journal.append(entry(1))
        [batch] = await journal.claim()
        await journal.release(batch)
        [again] = await journal.claim()

        await journal.settle(again)

        assert again.entries == batch.entries
        assert await journal.claim() == []
        assert journal.waiting() == 0

    async def test_a_batch_held_by_one_drain_is_not_claimed_by_another(
        self, make_journal: MakeJournal
    ) -> None:
        first, second = make_journal(), make_journal()
        await first.append(entry(1))
        [held] = await first.claim()

        assert await second.claim() == []
        await first.release(held)
        [taken] = await second.claim()
        assert taken.entries == (entry(1),)

    async def test_entries_kept_after_a_claim_wait_for_the_next_claim(
        self, make_journal: MakeJournal
    ) -> None:
        journal = make_journal()
        await journal.append(entry(1))
        [first] = await journal.claim()
        await journal.append(entry(2))

        [second] = await journal.claim()

        assert (first.entries, second.entries) == ((entry(1),), (entry(2),))

    async def test_waiting_counts_every_entry_until_its_batch_is_settled(
        self, make_journal: MakeJournal
    ) -> None:
        journal = make_journal()
        for n in range(3):
            await journal.append(entry(n))
        assert journal.waiting() == 3
        [batch] = await journal.claim()
        assert journal.waiting() == 3

        await journal.settle(batch)

        assert journal.waiting() == 0
