"""The topics of the stored events the projection and the audit read, taken from the domain classes."""

from eventsourcing.utils import get_topic

from domain.access import AccessLedger
from domain.conversation import Conversation
from domain.operations import PauseSwitch
from domain.usage import UsageLedger

LEDGER_OPENED = get_topic(UsageLedger.Opened)  # type: ignore[attr-defined]
USAGE_RECORDED = get_topic(UsageLedger.UsageRecorded)  # type: ignore[attr-defined]
USAGE_LEDGER_TOPICS = (LEDGER_OPENED, USAGE_RECORDED)

CONVERSATION_STARTED = get_topic(Conversation.Started)  # type: ignore[attr-defined]
USER_MESSAGE_ADDED = get_topic(Conversation.UserMessageAdded)  # type: ignore[attr-defined]
REPLY_ADDED = get_topic(Conversation.ReplyAdded)  # type: ignore[attr-defined]
CONVERSATION_ARCHIVED = get_topic(Conversation.Archived)  # type: ignore[attr-defined]
REPLY_FAILED = get_topic(Conversation.ReplyFailed)  # type: ignore[attr-defined]

REGISTERED = get_topic(AccessLedger.Registered)  # type: ignore[attr-defined]
NAMED = get_topic(AccessLedger.Named)  # type: ignore[attr-defined]
"""The user's Telegram name; it changes the people view only, not the timeline."""
GRANTED = get_topic(AccessLedger.Granted)  # type: ignore[attr-defined]
REVOKED = get_topic(AccessLedger.Revoked)  # type: ignore[attr-defined]
BANNED = get_topic(AccessLedger.Banned)  # type: ignore[attr-defined]
UNBANNED = get_topic(AccessLedger.Unbanned)  # type: ignore[attr-defined]
PROMOTED_TO_ADMIN = get_topic(AccessLedger.PromotedToAdmin)  # type: ignore[attr-defined]
BUDGET_SET = get_topic(AccessLedger.BudgetSet)  # type: ignore[attr-defined]
"""An admin's limits for one user, in place of the settings' defaults (a timeline entry and a person's
budget)."""
PAUSED = get_topic(PauseSwitch.Paused)  # type: ignore[attr-defined]
RESUMED = get_topic(PauseSwitch.Resumed)  # type: ignore[attr-defined]
PAUSE_TOPICS = (PAUSED, RESUMED)
"""The bot's pause switch: one stream, no owner; it sets the pause view."""
ACCESS_TIMELINE_KINDS = {
    get_topic(AccessLedger.SubscriptionChecked): "subscription_checked",  # type: ignore[attr-defined]
    GRANTED: "granted",
    REVOKED: "revoked",
    BANNED: "banned",
    UNBANNED: "unbanned",
    PROMOTED_TO_ADMIN: "promoted_to_admin",
    BUDGET_SET: "budget_set",
}
PERSON_FLAGS = {
    GRANTED: ("granted", True),
    REVOKED: ("granted", False),
    BANNED: ("banned", True),
    UNBANNED: ("banned", False),
    PROMOTED_TO_ADMIN: ("admin", True),
}
"""The access events that set one of a person's flags, and the value they set it to."""
