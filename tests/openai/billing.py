"""What a model call's charges go through in the adapters' tests: the usage ledger in a fake store, and
the spend journal for charges the store cannot take."""

from dataclasses import dataclass

from application.billing.usage import UsageService
from application.chat.charges import CallCharges
from application.chat.conversations import Conversations
from application.chat.spend_journal import SpendJournalService
from application.chat.tokens import ApproximateTokenCounter
from domain.budget import Limits
from domain.pricing import PriceTable
from domain.usage import UsageRecord
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock
from tests.fakes.spend_journal import FakeSpendJournal

USER = 7


@dataclass
class Billing:
    store: FakeAggregates
    usage: UsageService
    journal: FakeSpendJournal
    spend: SpendJournalService
    charges: CallCharges

    async def records(self) -> list[UsageRecord]:
        """The user's records of this month, oldest first."""
        ledger = await self.usage.ledger_for(USER, self.usage.clock.now())
        return list(ledger.records) if ledger else []


def billing_of(prices: PriceTable, limits: Limits | None = None) -> Billing:
    store, clock, journal = FakeAggregates(), FakeClock(), FakeSpendJournal()
    usage = UsageService(store, clock, prices, limits or Limits())
    spend = SpendJournalService(journal, store, usage, Conversations(clock))
    return Billing(store, usage, journal, spend, CallCharges(usage, clock, ApproximateTokenCounter(), spend))
