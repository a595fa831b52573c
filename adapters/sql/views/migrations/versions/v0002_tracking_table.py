"""The tracking position moves to a tracking table of eventsourcing's shape; the views start again.

The event store's notification ids changed when it moved to eventsourcing's own persistence modules
(the events were copied into a new table), so the views and their old position describe a log that is
gone: every view is emptied, `analytics_position` dropped, and the new `analytics_tracking` starts
without a row, so the projection starts again from position 0. The timeline is made again with its
position as SQLite's row id (an INTEGER primary key), which saves an index on every event.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VIEWS = ("analytics_daily", "analytics_users", "analytics_models", "analytics_streams")


def upgrade() -> None:
    for table in VIEWS:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.drop_table("analytics_position")
    op.create_table(
        "analytics_tracking",
        sa.Column("application_name", sa.String(32), primary_key=True),
        sa.Column("notification_id", sa.BigInteger, nullable=False),
    )
    timeline(sa.BigInteger().with_variant(sa.Integer(), "sqlite"))


def downgrade() -> None:
    for table in VIEWS:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.drop_table("analytics_tracking")
    timeline(sa.BigInteger())
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
