"""The views keep the estimated part of usage in columns of its own, added to like every counter; views
migrated from before the columns existed keep their rows, with nothing estimated."""

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import create_engine, text

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.views.migrate import alembic_config
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection import ViewChanges
from application.views import Seen, UsageCounts
from tests.projections.conftest import ViewsUnderTest

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
OLD_COUNTERS = "4, 40, 8, 0, 0, 0, 900, 2"
"""requests, input, output, cached tokens, images, documents, cost and messages: the columns before 0004."""
ROW = {"day": NOON.date(), "at": NOON}
ESTIMATED = ("requests", "cost_micros", "estimated_requests", "estimated_cost_micros")


def batch(after: int, position: int, counts: UsageCounts) -> ViewChanges:
    return ViewChanges(
        after=after,
        position=position,
        daily={(7, NOON.date()): counts},
        users={7: counts},
        seen={7: Seen(NOON, NOON)},
        models={"model-a": counts},
    )


def test_the_estimated_part_is_added_up_and_read_back_apart(views: ViewsUnderTest) -> None:
    reported = UsageCounts(requests=2, input_tokens=30, cost_micros=500)
    estimated = UsageCounts(
        requests=1, input_tokens=9, cost_micros=120, estimated_requests=1, estimated_cost_micros=120
    )

    views.apply(batch(0, 3, reported))
    views.apply(batch(3, 5, estimated))

    both = reported + estimated
    assert (both.reported_requests, both.reported_cost_micros) == (2, 500)
    [day] = views.usage_days(7, None, None)
    user = views.user(7)
    stats = views.global_stats(NOON.date())
    assert day.counts == both and user is not None and user.counts == both
    assert stats.totals == both and [m.counts for m in stats.by_model] == [both]
    assert views.usage_day_counts(ESTIMATED, None, None, None) == {(7, NOON.date()): (3, 620, 1, 120)}


def test_views_migrated_from_before_the_estimated_columns_keep_their_rows_with_nothing_estimated(
    durable_store_url: str,
) -> None:
    engine = create_engine(sqlalchemy_url(durable_store_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
            connection.execute(text(f"INSERT INTO analytics_daily VALUES (7, :day, {OLD_COUNTERS})"), ROW)
            connection.execute(text(f"INSERT INTO analytics_users VALUES (7, {OLD_COUNTERS}, :at, :at)"), ROW)
            # 0005 empties every view to project the log again; up to 0004 the rows are kept.
            command.upgrade(config, "0004")
    finally:
        engine.dispose()

    views = SqlAnalyticsViews(create_engine(sqlalchemy_url(durable_store_url)), "views at 0004")
    try:
        kept = UsageCounts(requests=4, input_tokens=40, output_tokens=8, cost_micros=900, messages=2)
        [day] = views.usage_days(7, None, None)
        user = views.user(7)
        assert day.counts == kept and user is not None and user.counts == kept
    finally:
        views.close()
