"""Admins managing users and the pause switch, and messages kept while paused."""

from adapters.memory.cache import InMemoryCache
from application.access.service import AccessService
from application.admin.pause import PauseService
from application.admin.service import AdminService, Outcome
from application.billing.usage import UsageService
from domain.access import AccessPolicy, AccessReason
from domain.budget import Limits
from domain.pricing import PriceTable
from tests.application.wiring import build_bot
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock

ADMIN, USER = 1, 42
POLICY = AccessPolicy(admin_ids=frozenset({ADMIN}), allowed_user_ids=frozenset({99}))


def services(store: FakeAggregates) -> tuple[AdminService, AccessService]:
    clock = FakeClock()
    usage = UsageService(store, clock, PriceTable(), Limits())
    access = AccessService(store, clock, POLICY, None, InMemoryCache())
    return AdminService(store, clock, POLICY, usage), access


async def test_allow_lets_a_user_in_past_the_allowlist_once() -> None:
    store = FakeAggregates()
    admin, access = services(store)
    assert (await access.decide(USER)).reason is AccessReason.NOT_ALLOWLISTED

    assert await admin.allow(ADMIN, USER) is Outcome.DONE
    assert await admin.allow(ADMIN, USER) is Outcome.ALREADY
    assert (await access.decide(USER)).allowed


async def test_ban_and_unban_change_the_decision_and_say_when_nothing_changed() -> None:
    store = FakeAggregates()
    admin, access = services(store)
    await admin.allow(ADMIN, USER)

    assert await admin.unban(ADMIN, USER) is Outcome.ALREADY
    assert await admin.ban(ADMIN, USER, "spam") is Outcome.DONE
    assert await admin.ban(ADMIN, USER) is Outcome.ALREADY
    assert (await access.decide(USER)).reason is AccessReason.BANNED
    assert await admin.unban(ADMIN, USER) is Outcome.DONE
    assert (await access.decide(USER)).allowed


async def test_a_configured_admin_cannot_be_banned_and_nothing_is_written() -> None:
    store = FakeAggregates()
    admin, _ = services(store)

    assert await admin.ban(ADMIN, ADMIN) is Outcome.CONFIGURED_ADMIN
    assert store.events == {}


async def test_the_report_names_a_users_standing_and_is_none_for_a_stranger() -> None:
    store = FakeAggregates()
    admin, _ = services(store)
    await admin.ban(ADMIN, USER, "spam")

    report = await admin.report(USER)

    assert report is not None and report.standing.banned and report.standing.ban_reason == "spam"
    assert report.usage.today.requests == 0
    assert await admin.report(12345) is None
    assert await admin.is_admin(ADMIN) and not await admin.is_admin(USER)


async def test_pause_and_resume_are_shared_through_the_store_and_idempotent() -> None:
    store = FakeAggregates()
    one, other = PauseService(store, FakeClock()), PauseService(store, FakeClock())

    assert not await other.is_paused()
    assert await one.pause(ADMIN) and not await other.pause(ADMIN)
    state = await other.state()
    assert state.paused and state.changed_by == ADMIN
    assert await other.resume(ADMIN) and not await one.resume(ADMIN)
    assert not await one.is_paused()


async def test_a_message_kept_while_paused_is_stored_once_and_seen_by_the_model_next_time() -> None:
    bot = build_bot(FakeAggregates())

    await bot.chat.keep_message(USER, "while you were away", "telegram:1")
    await bot.chat.keep_message(USER, "while you were away", "telegram:1")
    assert bot.model.prompts == []
    await bot.chat.send_message(USER, USER, "and now?", "telegram:2")

    assert [t.text for t in bot.model.prompts[-1].turns] == ["while you were away", "and now?"]
