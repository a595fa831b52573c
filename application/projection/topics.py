"""The topics of the stored events the projection and the audit read, taken from the domain classes."""

from eventsourcing.utils import get_topic

from domain.access import AccessLedger
from domain.conversation import Conversation
from domain.usage import UsageLedger

LEDGER_OPENED = get_topic(UsageLedger.Opened)  # type: ignore[attr-defined]
USAGE_RECORDED = get_topic(UsageLedger.UsageRecorded)  # type: ignore[attr-defined]
USAGE_LEDGER_TOPICS = (LEDGER_OPENED, USAGE_RECORDED)

CONVERSATION_STARTED = get_topic(Conversation.Started)  # type: ignore[attr-defined]
USER_MESSAGE_ADDED = get_topic(Conversation.UserMessageAdded)  # type: ignore[attr-defined]
REPLY_ADDED = get_topic(Conversation.ReplyAdded)  # type: ignore[attr-defined]
CONVERSATION_ARCHIVED = get_topic(Conversation.Archived)  # type: ignore[attr-defined]

REGISTERED = get_topic(AccessLedger.Registered)  # type: ignore[attr-defined]
ACCESS_TIMELINE_KINDS = {
    get_topic(AccessLedger.SubscriptionChecked): "subscription_checked",  # type: ignore[attr-defined]
    get_topic(AccessLedger.Granted): "granted",  # type: ignore[attr-defined]
    get_topic(AccessLedger.Revoked): "revoked",  # type: ignore[attr-defined]
    get_topic(AccessLedger.Banned): "banned",  # type: ignore[attr-defined]
    get_topic(AccessLedger.Unbanned): "unbanned",  # type: ignore[attr-defined]
    get_topic(AccessLedger.PromotedToAdmin): "promoted_to_admin",  # type: ignore[attr-defined]
    get_topic(AccessLedger.BudgetSet): "budget_set",  # type: ignore[attr-defined]
}
