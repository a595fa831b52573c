"""The projection against a straight recomputation from generated histories (in-memory views)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from application.projection.catch_up import Projector
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.history import (
    TODAY,
    Action,
    active_users,
    expected_views,
    histories,
    logged,
    views_as_expected,
)

batch_sizes = st.integers(min_value=1, max_value=40)


@settings(max_examples=40)
@given(histories, batch_sizes, st.booleans())
def test_projected_views_equal_a_recomputation_from_the_history(
    history: list[Action], batch_size: int, store_content: bool
) -> None:
    views = FakeAnalyticsViews()
    Projector(logged(history), views, store_content, batch_size).catch_up()

    expected = expected_views(history, store_content)
    assert views_as_expected(views) == expected
    stats = views.global_stats(TODAY)
    assert stats.users == len(expected.users)
    assert (stats.active_today, stats.active_7_days, stats.active_30_days) == tuple(
        active_users(expected, days) for days in (1, 7, 30)
    )
    assert stats.totals == sum(expected.users.values(), stats.totals.__class__())


@settings(max_examples=25)
@given(histories, batch_sizes, batch_sizes)
def test_rebuilding_from_zero_gives_identical_views(history: list[Action], first: int, second: int) -> None:
    log, views = logged(history), FakeAnalyticsViews()
    Projector(log, views, batch_size=first).catch_up()
    before = views.snapshot()

    rebuilt = Projector(log, views, batch_size=second).rebuild()

    assert views.snapshot() == before
    assert rebuilt == log.last_position()


@settings(max_examples=40)
@given(histories, st.data(), batch_sizes, batch_sizes)
def test_a_projection_stopped_at_any_event_and_restarted_gives_identical_views(
    history: list[Action], data: st.DataObject, first: int, second: int
) -> None:
    log = logged(history)
    reference = FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    stop_at = data.draw(st.integers(min_value=0, max_value=log.last_position()), label="stop_at")

    views = FakeAnalyticsViews()
    Projector(log, views, batch_size=first).catch_up(stop_at=stop_at)
    assert views.position() == stop_at
    Projector(log, views, batch_size=second).catch_up()

    assert views.snapshot() == reference.snapshot()


@settings(max_examples=25)
@given(histories.filter(bool), st.data(), batch_sizes)
def test_a_projection_killed_inside_its_transaction_leaves_no_trace_and_restarts_cleanly(
    history: list[Action], data: st.DataObject, batch_size: int
) -> None:
    log = logged(history)
    reference = FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    views = FakeAnalyticsViews()
    Projector(log, views, batch_size=batch_size).catch_up(
        stop_at=data.draw(st.integers(0, log.last_position() - 1), label="killed_after")
    )
    before = views.snapshot()

    views.fail_next_apply = True
    with pytest.raises(RuntimeError):
        Projector(log, views, batch_size=batch_size).catch_up()
    assert views.snapshot() == before

    Projector(log, views, batch_size=batch_size).catch_up()
    assert views.snapshot() == reference.snapshot()


@settings(max_examples=40)
@given(histories, st.data(), batch_sizes)
def test_events_delivered_in_any_batches_with_the_views_emptied_meanwhile_give_identical_views(
    history: list[Action], data: st.DataObject, size: int
) -> None:
    log = logged(history)
    reference = FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    events = log.read(0, len(history) * 3 + 1)
    emptied_before = data.draw(st.integers(min_value=0, max_value=len(events)), label="emptied_before")

    views = FakeAnalyticsViews()
    projector, since = Projector(log, views), 0
    for start in range(0, len(events), size):
        batch = events[start : start + size]
        if start <= emptied_before < start + size:
            views.reset()  # a rebuild started while the subscription was delivering
        projector.project_delivered(batch, since)
        since = batch[-1].position

    assert views.snapshot() == reference.snapshot()
