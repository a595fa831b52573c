"""One contract for every kind of analytics views: what the projection writes, the queries read back."""

import threading
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings

from application.projection import ProjectionConflict, StreamKind, StreamOwner, ViewChanges
from application.projection.catch_up import Projector
from application.views import Seen, TimelineEntry, UsageCounts
from domain.usage import UsageKind
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.conftest import ViewsUnderTest
from tests.projections.history import (
    TODAY,
    Action,
    Message,
    Register,
    Usage,
    histories,
    logged,
    views_as_expected,
)

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def one_batch(after: int = 0, position: int = 3, user_id: int = 7) -> ViewChanges:
    counts = UsageCounts(requests=1, input_tokens=10, output_tokens=4, cost_micros=250, messages=2)
    return ViewChanges(
        after=after,
        position=position,
        daily={(user_id, NOON.date()): counts},
        users={user_id: counts},
        seen={user_id: Seen(NOON, NOON)},
        models={"model-a": UsageCounts(requests=1, input_tokens=10, output_tokens=4, cost_micros=250)},
        timeline=[TimelineEntry(position, user_id, "message", NOON, "hello")],
        owners={uuid4(): StreamOwner(user_id, StreamKind.USAGE)},
    )


def test_daily_counts_for_an_audit_are_the_daily_rows_as_tuples(views: ViewsUnderTest) -> None:
    views.apply(one_batch(user_id=7))
    views.apply(one_batch(after=3, position=5, user_id=8))
    fields = ("requests", "input_tokens", "cost_micros", "messages")

    counts = views.usage_day_counts(fields, None, NOON.date(), NOON.date())

    assert counts == {(7, NOON.date()): (1, 10, 250, 2), (8, NOON.date()): (1, 10, 250, 2)}
    assert views.usage_day_counts(fields, 8, None, None) == {(8, NOON.date()): (1, 10, 250, 2)}
    assert views.usage_day_counts(fields, None, date(2026, 11, 22), None) == {}


def test_applied_changes_are_read_back_with_the_new_position(views: ViewsUnderTest) -> None:
    changes = one_batch()
    views.apply(changes)
    views.apply(one_batch(after=3, position=5))

    assert views.position() == 5
    user = views.user(7)
    assert user is not None and user.counts.cost_micros == 500 and user.counts.messages == 4
    assert user.first_seen == NOON and user.last_seen == NOON
    assert [row.counts.requests for row in views.usage_days(7, NOON.date(), NOON.date())] == [2]
    assert views.owners(set(changes.owners)) == changes.owners
    assert [e.text for e in views.timeline(7, 10)] == ["hello", "hello"]
    assert views.cost_between(NOON.date(), NOON.date()) == 500
    assert views.day_range() == (NOON.date(), NOON.date())


def test_changes_from_a_stale_position_are_refused_and_change_nothing(views: ViewsUnderTest) -> None:
    views.apply(one_batch())

    with pytest.raises(ProjectionConflict):
        views.apply(one_batch(after=0, position=4, user_id=8))

    assert views.position() == 3
    assert views.user(8) is None and views.timeline(8, 10) == []


def test_reset_empties_every_view_and_returns_to_position_zero(views: ViewsUnderTest) -> None:
    views.apply(one_batch())

    views.reset()

    assert views.position() == 0 and views.users() == [] and views.usage_days(None, None, None) == []
    assert views.global_stats(NOON.date()).by_model == () and views.day_range() is None


def test_the_timeline_returns_the_newest_entries_oldest_first(views: ViewsUnderTest) -> None:
    entries = [TimelineEntry(p, 7, f"event-{p}", NOON) for p in range(1, 6)]
    views.apply(ViewChanges(0, 5, users={7: UsageCounts()}, seen={7: Seen(NOON, NOON)}, timeline=entries))

    assert [e.kind for e in views.timeline(7, 3)] == ["event-3", "event-4", "event-5"]


def test_active_users_count_only_days_with_messages_or_requests(views: ViewsUnderTest) -> None:
    day = date(2026, 11, 21)
    busy, registered_only = UsageCounts(messages=1), UsageCounts()
    views.apply(
        ViewChanges(
            0,
            1,
            daily={(1, day): busy, (2, date(2026, 11, 10)): busy},
            users={1: busy, 2: busy, 3: registered_only},
            seen={u: Seen(NOON, NOON) for u in (1, 2, 3)},
        )
    )

    stats = views.global_stats(day)

    assert (stats.users, stats.active_today, stats.active_7_days, stats.active_30_days) == (3, 1, 1, 2)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories)
def test_every_kind_of_views_answers_like_the_in_memory_views(
    views: ViewsUnderTest, history: list[Action]
) -> None:
    views.reset()
    log, reference = logged(history), FakeAnalyticsViews()
    Projector(log, reference, store_content=True).catch_up()

    Projector(log, views, store_content=True, batch_size=7).catch_up()

    assert views_as_expected(views) == views_as_expected(reference)
    assert views.global_stats(TODAY) == reference.global_stats(TODAY)
    assert views.position() == reference.position()
    named = {*reference.tables.people, 10_000}  # an id no history registers is left out
    assert views.people(named) == reference.people(named)


def test_two_workers_projecting_at_once_count_every_event_once(views: ViewsUnderTest) -> None:
    history: list[Action] = [
        *(
            Usage(u, 60 * u + n, UsageKind.CHAT, "model-a", 100, 20, 10, 0, 1000 + n)
            for n in range(8)
            for u in (1, 2)
        ),
        *(Message(u, 60 * u, "hi") for u in (1, 2, 3)),
        Register(3, 10),
    ]
    log, reference = logged(history), FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    workers = [threading.Thread(target=Projector(log, views, batch_size=2).catch_up) for _ in range(3)]

    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert views_as_expected(views) == views_as_expected(reference)
