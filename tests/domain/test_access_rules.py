"""The access rules, in order: configured admin, ban, promoted admin, allowlist or grant, then channel."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from domain.access import (
    AccessDecision,
    AccessLedger,
    AccessPolicy,
    AccessReason,
    MemberStatus,
    by_membership,
    standing,
)

AT = datetime(2026, 11, 21, tzinfo=UTC)
users = st.integers(min_value=1, max_value=8)
id_sets = st.frozensets(users, max_size=4)
policies = st.builds(AccessPolicy, id_sets, id_sets, st.booleans())


@st.composite
def ledgers(draw: st.DrawFn, user_id: int) -> AccessLedger | None:
    if draw(st.booleans()):
        return None
    ledger = AccessLedger(user_id=user_id, at=AT)
    if draw(st.booleans()):
        ledger.grant(by=1, at=AT)
    if draw(st.booleans()):
        ledger.promote_to_admin(by=1, at=AT)
    if draw(st.booleans()):
        ledger.ban(by=1, reason="spam", at=AT)
    if draw(st.booleans()):
        ledger.unban(by=1, at=AT)
    return ledger


@given(policy=policies, user_id=users, data=st.data())
def test_the_standing_decision_follows_the_rules_in_order(
    policy: AccessPolicy, user_id: int, data: st.DataObject
) -> None:
    ledger = data.draw(ledgers(user_id))

    decision = standing(policy, user_id, ledger)

    banned = ledger is not None and ledger.banned
    if user_id in policy.admin_ids:
        assert decision == AccessDecision(True, AccessReason.ADMIN)
    elif banned:
        assert decision == AccessDecision(False, AccessReason.BANNED)
    elif ledger is not None and ledger.admin:
        assert decision == AccessDecision(True, AccessReason.ADMIN)
    elif user_id in policy.allowed_user_ids or (ledger is not None and ledger.granted):
        assert decision == AccessDecision(True, AccessReason.ALLOWLISTED)
    elif policy.channel_required:
        assert decision is None
    elif policy.allowed_user_ids:
        assert decision == AccessDecision(False, AccessReason.NOT_ALLOWLISTED)
    else:
        assert decision == AccessDecision(True, AccessReason.OPEN)


@given(policy=policies, user_id=users, data=st.data())
def test_only_a_configured_admin_gets_past_a_ban(
    policy: AccessPolicy, user_id: int, data: st.DataObject
) -> None:
    ledger = AccessLedger(user_id=user_id, at=AT)
    ledger.grant(by=1, at=AT)
    ledger.ban(by=1, reason=data.draw(st.text()), at=AT)

    decision = standing(policy, user_id, ledger)

    assert decision is not None
    assert decision.allowed == (user_id in policy.admin_ids)


@given(status=st.sampled_from(MemberStatus))
def test_members_creators_and_channel_admins_count_as_subscribed(status: MemberStatus) -> None:
    subscribed = status in (MemberStatus.CREATOR, MemberStatus.ADMINISTRATOR, MemberStatus.MEMBER)
    refused = (
        AccessReason.REMOVED_FROM_CHANNEL if status is MemberStatus.KICKED else AccessReason.NOT_SUBSCRIBED
    )

    assert by_membership(status) == AccessDecision(
        subscribed, AccessReason.SUBSCRIBED if subscribed else refused
    )


def test_a_repeated_subscription_status_is_not_recorded_again() -> None:
    ledger = AccessLedger(user_id=1, at=AT)
    ledger.record_subscription_check(MemberStatus.MEMBER, AT)
    ledger.record_subscription_check(MemberStatus.MEMBER, AT)
    ledger.record_subscription_check(MemberStatus.LEFT, AT)

    assert [type(e).__name__ for e in ledger.collect_events()] == [
        "Registered",
        "SubscriptionChecked",
        "SubscriptionChecked",
    ]
    assert ledger.last_status is MemberStatus.LEFT
