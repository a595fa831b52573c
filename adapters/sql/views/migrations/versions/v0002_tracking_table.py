"""The tracking position moves to a tracking table of eventsourcing's shape; the views start again.

The event store's notification ids changed when it moved to eventsourcing's own persistence modules
(the events were copied into a new table), so the views and their old position describe a log that is
gone: every view is emptied, `analytics_position` dropped, and the new `analytics_tracking` starts
without a row, so the projection starts again from position 0.

Two tables are made again, empty, in the shape SQLite writes quickest (PostgreSQL's is unchanged):
the timeline with its position as the row id (an INTEGER primary key), and the daily rows stored in
their key's order (WITHOUT ROWID): each saves SQLite a second tree to keep on nearly every event.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EMPTIED = ("analytics_users", "analytics_models", "analytics_streams")
COUNTERS = (
    "requests",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "images",
    "documents",
    "cost_micros",
    "messages",
)


def upgrade() -> None:
    for table in EMPTIED:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.drop_table("analytics_position")
    op.create_table(
        "analytics_tracking",
        sa.Column("application_name", sa.String(32), primary_key=True),
        sa.Column("notification_id", sa.BigInteger, nullable=False),
    )
    timeline(sa.BigInteger().with_variant(sa.Integer(), "sqlite"))
    daily(with_rowid=False)


def downgrade() -> None:
    for table in EMPTIED:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.drop_table("analytics_tracking")
    timeline(sa.BigInteger())
    daily(with_rowid=True)
    position = op.create_table(
        "analytics_position",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(position, [{"name": "analytics", "position": 0}])


def timeline(position_type: sa.types.TypeEngine[int]) -> None:
    """The timeline made again, empty, with this type of position."""
    op.drop_index("analytics_timeline_user", "analytics_timeline")
    op.drop_table("analytics_timeline")
    op.create_table(
        "analytics_timeline",
        sa.Column("position", position_type, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
    )
    op.create_index("analytics_timeline_user", "analytics_timeline", ["user_id", "position"])


def daily(with_rowid: bool) -> None:
    """The daily rows made again, empty; on SQLite with or without a row id."""
    op.drop_index("analytics_daily_day", "analytics_daily")
    op.drop_table("analytics_daily")
    op.create_table(
        "analytics_daily",
        sa.Column("user_id", sa.BigInteger, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        *(sa.Column(name, sa.BigInteger, nullable=False) for name in COUNTERS),
        sqlite_with_rowid=with_rowid,
    )
    op.create_index("analytics_daily_day", "analytics_daily", ["day"])
