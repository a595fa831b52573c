"""The tracking position moves to a tracking table of eventsourcing's shape; the views start again.

The event store's notification ids changed when it moved to eventsourcing's own persistence modules
(the events were copied into a new table), so the views and their old position describe a log that is
gone: every view is emptied, `analytics_position` dropped, and the new `analytics_tracking` starts
without a row, so the projection starts again from position 0.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VIEWS = ("analytics_daily", "analytics_users", "analytics_models", "analytics_timeline", "analytics_streams")


def upgrade() -> None:
    for table in VIEWS:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.drop_table("analytics_position")
    op.create_table(
        "analytics_tracking",
        sa.Column("application_name", sa.String(32), primary_key=True),
        sa.Column("notification_id", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in VIEWS:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.drop_table("analytics_tracking")
    position = op.create_table(
        "analytics_position",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(position, [{"name": "analytics", "position": 0}])
