"""Many usage records written quickly: one save per ledger, as a month of traffic would leave them."""

from datetime import UTC, datetime, timedelta

from adapters.sql.event_store import EventStoreAggregates
from domain.usage import ModelUsage, UsageKind, UsageLedger

DAY_ONE = datetime(2026, 11, 1, tzinfo=UTC)
KINDS = (UsageKind.CHAT, UsageKind.VISION, UsageKind.DOCUMENT, UsageKind.IMAGE)


def fill(
    store: EventStoreAggregates,
    users: int,
    records_per_user: int,
    first_user: int = 1,
    estimated_every: int = 0,
) -> int:
    """Write the records (every `estimated_every`th one the bot's estimate); the number of events stored."""
    events = 0
    for user_id in range(first_user, first_user + users):
        ledger = UsageLedger.open(user_id, DAY_ONE)
        for n in range(records_per_user):
            kind = KINDS[n % len(KINDS)]
            estimated = estimated_every > 0 and n % estimated_every == 0
            usage = ModelUsage(
                f"model-{n % 3}", kind, 100 + n, 20 + user_id, n % 50, int(kind is UsageKind.IMAGE), estimated
            )
            at = DAY_ONE + timedelta(hours=(user_id * 7 + n * 5) % (24 * 28))
            ledger.record(f"request-{user_id}-{n}", usage, 1_000 + n * user_id, at)
        store.app.save(ledger)
        events += records_per_user + 1
    return events
