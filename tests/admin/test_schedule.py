"""When summaries fall due, and the routine that sends them once across workers and restarts."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.admin.alerts import AlertClaims
from application.admin.reports import AdminReports
from application.admin.schedule import AdminRoutine, SummarySchedule, next_run
from application.admin.summaries import ScheduledSummaries
from tests.admin.views import spend
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock
from tests.fakes.notifier import FakeNotifier
from tests.fakes.views import FakeAnalyticsViews

NINE = time(9, 0)
MONDAY = 0
DAILY_AND_MONDAYS = SummarySchedule(NINE, MONDAY)
# Saturday 21 November 2026, noon UTC.
NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.times(),
    st.none() | st.integers(0, 6),
)
def test_next_run_is_the_first_matching_moment_after(after: datetime, at: time, weekday: int | None) -> None:
    run = next_run(after, at, weekday)

    assert run > after and run.time() == at and run.tzinfo == UTC
    assert run - after <= timedelta(days=7 if weekday is not None else 1)
    if weekday is not None:
        assert run.weekday() == weekday


def test_next_run_at_the_exact_time_is_the_next_day() -> None:
    assert next_run(datetime(2026, 11, 21, 9, 0, tzinfo=UTC), NINE) == datetime(
        2026, 11, 22, 9, 0, tzinfo=UTC
    )


class Enough(Exception):
    """Ends a routine's loop in a test."""


class Worker:
    """One process's routine over a shared store, clock and views."""

    def __init__(
        self,
        store: FakeAggregates,
        clock: FakeClock,
        views: FakeAnalyticsViews,
        schedule: SummarySchedule = DAILY_AND_MONDAYS,
    ) -> None:
        self.notifier = FakeNotifier()
        claims = AlertClaims(store)
        self.summaries = ScheduledSummaries(AdminReports(views, clock, None), claims, self.notifier, clock)
        self.routine = AdminRoutine(clock, schedule, self.summaries, [], check_seconds=60)


def shared() -> tuple[FakeAggregates, FakeClock, FakeAnalyticsViews]:
    return FakeAggregates(), FakeClock(NOON), FakeAnalyticsViews()


async def test_nothing_is_sent_before_the_summary_time_and_a_missed_one_is_not_sent_late() -> None:
    store, clock, views = shared()
    worker = Worker(store, clock, views)

    wait = await worker.routine.step()

    assert worker.notifier.sent == []
    assert wait == 60


async def test_the_daily_summary_covers_yesterday_and_goes_out_at_its_time() -> None:
    store, clock, views = shared()
    spend(views, 7, date(2026, 11, 21), cost_micros=1_500_000, requests=3)
    spend(views, 8, date(2026, 11, 21), cost_micros=250_000)
    spend(views, 7, date(2026, 11, 22), cost_micros=9_000_000)  # the next day: not in this summary
    worker = Worker(store, clock, views)

    clock.current = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    await worker.routine.step()

    [summary] = worker.notifier.sent
    assert summary.startswith("Daily summary for 2026-11-21 (UTC)")
    assert "Active users: 2" in summary and "Requests: 4" in summary and "Cost: $1.750000" in summary
    assert summary.index("7: $1.500000") < summary.index("8: $0.250000")


async def test_a_summary_goes_out_once_however_many_workers_run_and_however_often_they_restart() -> None:
    store, clock, views = shared()
    workers = [Worker(store, clock, views) for _ in range(3)]
    clock.current = datetime(2026, 11, 22, 9, 0, 30, tzinfo=UTC)

    for worker in workers:
        await worker.routine.step()
    restarted = Worker(store, FakeClock(datetime(2026, 11, 22, 8, 59, tzinfo=UTC)), views)
    restarted.routine.clock = clock
    await restarted.routine.step()

    assert sum(len(w.notifier.sent) for w in [*workers, restarted]) == 1


async def test_the_routine_waits_until_the_next_summary_and_sends_daily_and_weekly_on_their_days() -> None:
    store, clock, views = shared()
    worker = Worker(store, clock, views)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds=seconds)
        if clock.now() >= datetime(2026, 11, 24, 9, 30, tzinfo=UTC):
            raise Enough

    with pytest.raises(Enough):
        await worker.routine.run(sleep)

    titles = [text.splitlines()[0] for text in worker.notifier.sent]
    assert titles == [
        "Daily summary for 2026-11-21 (UTC)",
        "Daily summary for 2026-11-22 (UTC)",
        "Weekly summary, 2026-11-16 to 2026-11-22 (UTC)",
        "Daily summary for 2026-11-23 (UTC)",
    ]
    assert max(waits) == 60


async def test_a_failed_summary_stays_due_and_is_sent_on_the_next_step() -> None:
    store, clock, views = shared()
    worker = Worker(store, clock, views, SummarySchedule(NINE, None))
    clock.current = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    store.available = False

    await worker.routine.step()
    store.available = True
    clock.advance(seconds=60)
    await worker.routine.step()

    assert [text.splitlines()[0] for text in worker.notifier.sent] == ["Daily summary for 2026-11-21 (UTC)"]


async def test_switched_off_summaries_are_never_sent() -> None:
    store, clock, views = shared()
    worker = Worker(store, clock, views, SummarySchedule(None, None))

    clock.advance(days=8)
    await worker.routine.step()

    assert worker.notifier.sent == []
