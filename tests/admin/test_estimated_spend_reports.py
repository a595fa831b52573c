"""Admin spending reports name the part the bot estimated itself, and only when there is one."""

from datetime import UTC, date, datetime

import pytest

from application.admin.reports import AdminReports
from application.admin.texts import describe_budget, describe_status, describe_summary
from application.projection.model import ViewChanges
from application.views import Seen, UsageCounts
from tests.admin.test_status import status
from tests.admin.views import spend
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock
from tests.fakes.views import FakeAnalyticsViews

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = NOON.date()


def spend_estimated(views: FakeAnalyticsViews, user_id: int, day: date, cost_micros: int) -> None:
    """One request charged from the bot's estimate, as the projection adds it."""
    counts = UsageCounts(
        requests=1,
        input_tokens=10,
        cost_micros=cost_micros,
        estimated_requests=1,
        estimated_cost_micros=cost_micros,
    )
    at = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    position = views.position()
    views.apply(
        ViewChanges(
            after=position,
            position=position + 1,
            daily={(user_id, day): counts},
            users={user_id: counts},
            seen={user_id: Seen(at, at)},
        )
    )


def reports(views: FakeAnalyticsViews) -> AdminReports:
    return AdminReports(views, FakeClock(NOON), global_cap_micros=10_000_000)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Of which estimated by the bot (no usage reported): $0.500000, requests: 2"),
        ("ru", "Из них по оценке бота (расход не сообщён): $0.500000, запросов: 2"),
    ],
)
async def test_a_summary_and_the_budget_name_the_estimated_part_of_the_spending(lang: str, line: str) -> None:
    views = FakeAnalyticsViews()
    spend(views, 1, TODAY, 2_000_000, requests=3)
    spend_estimated(views, 1, TODAY, 200_000)
    spend_estimated(views, 2, TODAY.replace(day=2), 300_000)

    summary = await reports(views).period(TODAY.replace(day=1), TODAY)
    budget = await reports(views).budget()

    assert (summary.counts.requests, summary.counts.cost_micros) == (5, 2_500_000)
    assert (budget.estimated_requests, budget.estimated_micros) == (2, 500_000)
    assert line in describe_summary("November", summary, lang).splitlines()
    assert line in describe_budget(budget, lang).splitlines()


async def test_reports_without_estimates_do_not_mention_them() -> None:
    views = FakeAnalyticsViews()
    spend(views, 1, TODAY, 2_000_000, requests=3)

    summary = describe_summary("Today", await reports(views).last_days(1), "en")
    budget = describe_budget(await reports(views).budget(), "en")

    assert "$2.000000" in summary and "$2.000000" in budget
    assert "estimated" not in summary and "estimated" not in budget


async def test_status_names_the_part_of_todays_spending_the_bot_estimated() -> None:
    views = FakeAnalyticsViews()
    service = status(FakeAggregates(), views, [], [])
    today = service.clock.now().date()
    spend(views, 7, today, 1_000_000, requests=2)
    spend_estimated(views, 7, today, 400_000)

    words = describe_status(await service.report(), "en").splitlines()

    assert "Today: 3 requests, 30 tokens, $1.400000" in words
    assert "Of which estimated by the bot (no usage reported): $0.400000, requests: 1" in words
