"""Budget alerts at 80% and 95% of the global cap, and model error alerts, each once per period."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from application.admin.alerts import AlertClaims, BudgetAlerts
from application.admin.model_errors import ModelErrorAlerts, ModelErrorWindow, WatchedChatModel
from application.model_io import (
    FailureKind,
    ImageRequest,
    ModelFailure,
    Prompt,
    PromptTurn,
    ReplyDone,
    TextDelta,
)
from domain.conversation import Role
from tests.admin.views import spend
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.chat_model import FakeChatModel
from tests.fakes.clock import FakeClock
from tests.fakes.notifier import FakeNotifier
from tests.fakes.views import FakeAnalyticsViews

CAP = 10_000_000  # $10
NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def budget_alerts(
    store: FakeAggregates, views: FakeAnalyticsViews, clock: FakeClock
) -> tuple[BudgetAlerts, FakeNotifier]:
    notifier = FakeNotifier()
    return BudgetAlerts(views, clock, CAP, AlertClaims(store), notifier), notifier


async def test_each_threshold_is_alerted_once_per_month() -> None:
    store, views, clock = FakeAggregates(), FakeAnalyticsViews(), FakeClock(NOON)
    alerts, notifier = budget_alerts(store, views, clock)

    spend(views, 7, date(2026, 11, 3), 7_900_000)
    assert await alerts.check() is None
    spend(views, 8, date(2026, 11, 21), 100_000)
    assert await alerts.check() == 80
    assert await alerts.check() is None
    spend(views, 8, date(2026, 11, 21), 1_500_000)
    assert await alerts.check() == 95
    assert await alerts.check() is None

    assert notifier.sent == [
        "Budget alert: 80% of this month's global budget is spent ($8.000000 of $10.000000).",
        "Budget alert: 95% of this month's global budget is spent ($9.500000 of $10.000000).",
    ]


async def test_a_jump_past_both_thresholds_sends_one_alert_and_a_new_month_starts_again() -> None:
    store, views, clock = FakeAggregates(), FakeAnalyticsViews(), FakeClock(NOON)
    alerts, notifier = budget_alerts(store, views, clock)
    spend(views, 7, date(2026, 11, 21), 9_700_000)

    assert await alerts.check() == 95
    assert await alerts.check() is None
    clock.current = datetime(2026, 12, 2, tzinfo=UTC)
    spend(views, 7, date(2026, 12, 1), 8_200_000)
    assert await alerts.check() == 80

    assert len(notifier.sent) == 2


async def test_workers_sharing_the_store_alert_once_and_a_restart_does_not_alert_again() -> None:
    store, views, clock = FakeAggregates(), FakeAnalyticsViews(), FakeClock(NOON)
    spend(views, 7, date(2026, 11, 21), 8_500_000)
    workers = [budget_alerts(store, views, clock) for _ in range(3)]

    for alerts, _ in workers:
        await alerts.check()
    restarted, after_restart = budget_alerts(store, views, clock)
    await restarted.check()

    assert sum(len(notifier.sent) for _, notifier in workers) + len(after_restart.sent) == 1


async def test_no_cap_means_no_budget_alerts() -> None:
    store, views, clock = FakeAggregates(), FakeAnalyticsViews(), FakeClock(NOON)
    spend(views, 7, date(2026, 11, 21), 10**12)
    notifier = FakeNotifier()

    assert await BudgetAlerts(views, clock, None, AlertClaims(store), notifier).check() is None
    assert notifier.sent == []


WINDOW = timedelta(minutes=10)


def model_alerts(
    store: FakeAggregates, clock: FakeClock
) -> tuple[ModelErrorWindow, ModelErrorAlerts, FakeNotifier]:
    window, notifier = ModelErrorWindow(clock, WINDOW), FakeNotifier()
    return window, ModelErrorAlerts(window, 3, AlertClaims(store), notifier, clock), notifier


def fail(window: ModelErrorWindow, times: int, kind: FailureKind = FailureKind.TIMEOUT) -> None:
    for _ in range(times):
        window.note(ModelFailure(kind))


async def test_errors_reaching_the_threshold_within_the_window_alert_once_per_window() -> None:
    store, clock = FakeAggregates(), FakeClock(NOON)
    window, alerts, notifier = model_alerts(store, clock)

    fail(window, 2)
    assert not await alerts.check()
    fail(window, 1, FailureKind.UNAVAILABLE)
    assert await alerts.check()
    fail(window, 5)
    clock.advance(minutes=9)
    assert not await alerts.check()
    clock.advance(minutes=2)
    fail(window, 3)
    assert await alerts.check()

    assert notifier.sent[0] == "Model errors: 3 failed calls in the last 10 minutes (timeout, unavailable)."
    assert len(notifier.sent) == 2


async def test_failures_older_than_the_window_and_refusals_do_not_count() -> None:
    store, clock = FakeAggregates(), FakeClock(NOON)
    window, alerts, notifier = model_alerts(store, clock)

    fail(window, 2)
    clock.advance(minutes=11)
    fail(window, 1)
    fail(window, 5, FailureKind.REFUSED)

    assert not await alerts.check()
    assert notifier.sent == []


async def test_an_alert_at_the_end_of_a_month_holds_into_the_next_one() -> None:
    store = FakeAggregates()
    clock = FakeClock(datetime(2026, 11, 30, 23, 58, tzinfo=UTC))
    window, alerts, notifier = model_alerts(store, clock)

    fail(window, 3)
    assert await alerts.check()
    clock.advance(minutes=4)
    fail(window, 3)
    assert not await alerts.check()

    assert len(notifier.sent) == 1


class FailingModel(FakeChatModel):
    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        yield TextDelta("half a")
        raise ModelFailure(FailureKind.INTERRUPTED, "cut")


async def test_the_watched_model_passes_replies_and_failures_through_and_notes_the_failures() -> None:
    clock = FakeClock(NOON)
    window = ModelErrorWindow(clock, WINDOW)
    healthy = WatchedChatModel(FakeChatModel(), window)
    prompt = Prompt("fake-model", "Be brief.", (PromptTurn(Role.USER, "hi"),))

    replies = [item async for item in healthy.stream_reply(prompt)]
    assert isinstance(replies[-1], ReplyDone) and replies[-1].text == "echo: hi"
    broken_model = FailingModel()
    broken_model.will_fail(ModelFailure(FailureKind.RATE_LIMITED))
    broken = WatchedChatModel(broken_model, window)
    received: list[TextDelta | ReplyDone] = []
    with pytest.raises(ModelFailure) as cut:
        async for item in broken.stream_reply(prompt):
            received.append(item)
    with pytest.raises(ModelFailure):
        await broken.generate_image(ImageRequest("a cat"))

    assert received == [TextDelta("half a")] and cut.value.kind is FailureKind.INTERRUPTED
    assert window.recent() == [FailureKind.INTERRUPTED, FailureKind.RATE_LIMITED]
