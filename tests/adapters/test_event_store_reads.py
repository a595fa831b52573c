"""What every store gives back: the aggregate as it was saved, nothing for an unknown id."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from application.ports import Aggregates
from domain.access import AccessLedger, MemberStatus
from domain.budget import Limits
from domain.chat import Chat
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageKind, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


async def test_an_unknown_id_reads_as_nothing(aggregates: Aggregates) -> None:
    assert await aggregates.get(uuid4(), Conversation) is None


async def test_reading_an_aggregate_as_another_kind_is_refused(aggregates: Aggregates) -> None:
    chat = Chat(chat_id=1)
    await aggregates.save(chat)

    with pytest.raises(TypeError, match="not a Conversation"):
        await aggregates.get(chat.id, Conversation)


async def test_a_conversation_reads_back_as_it_was_saved(aggregates: Aggregates) -> None:
    conversation = Conversation(chat_id=-100123, at=NOW)
    conversation.add_user_message("Привет 👋 <b>&", "r1", NOW)
    conversation.add_reply("Здравствуйте!\n\n```py\nprint(1)\n```", "gpt-x", "r1", NOW)
    conversation.archive(NOW)
    await aggregates.save(conversation)

    stored = await aggregates.get(conversation.id, Conversation)

    assert stored is not None
    assert stored.turns == conversation.turns
    assert (stored.chat_id, stored.started_at, stored.archived_at) == (-100123, NOW, NOW)
    assert stored.version == conversation.version == 4


async def test_a_usage_ledger_reads_back_with_an_intact_chain(aggregates: Aggregates) -> None:
    ledger = UsageLedger.open(42, NOW)
    ledger.record("r1", ModelUsage("gpt-x", UsageKind.CHAT, 1200, 300, 1000), 2_345, NOW)
    ledger.record("r2", ModelUsage("img-x", UsageKind.IMAGE, images=2), 80_000, NOW)
    await aggregates.save(ledger)

    stored = await aggregates.get(ledger.id, UsageLedger)

    assert stored is not None
    assert stored.records == ledger.records
    assert stored.verify() == []
    assert stored.totals() == ledger.totals()


async def test_an_access_ledger_reads_back_with_its_budget_and_status(aggregates: Aggregates) -> None:
    ledger = AccessLedger(user_id=42, at=NOW)
    ledger.record_subscription_check(MemberStatus.MEMBER, NOW)
    ledger.set_budget(Limits(daily_micros=1_000_000, monthly_tokens=50_000), by=1, at=NOW)
    ledger.ban(by=1, reason="spam", at=NOW)
    await aggregates.save(ledger)

    stored = await aggregates.get(AccessLedger.create_id(42), AccessLedger)

    assert stored is not None
    assert stored.budget == Limits(daily_micros=1_000_000, monthly_tokens=50_000)
    assert stored.last_status is MemberStatus.MEMBER
    assert (stored.banned, stored.ban_reason) == (True, "spam")
