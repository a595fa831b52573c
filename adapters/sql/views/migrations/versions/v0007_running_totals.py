"""Each user's running totals by day (`analytics_running`), for the totals of a date range.

The table is a running sum of `analytics_daily`, so it is filled here from the daily rows (a window sum
per user, in day order) within the migration's transaction: the views stay at their tracking position
and nothing is projected again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COUNTERS = (
    "requests",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "images",
    "documents",
    "cost_micros",
    "messages",
    "estimated_requests",
    "estimated_cost_micros",
)


def upgrade() -> None:
    op.create_table(
        "analytics_running",
        sa.Column("user_id", sa.BigInteger, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        *(sa.Column(name, sa.BigInteger, nullable=False, server_default="0") for name in COUNTERS),
        sqlite_with_rowid=False,
    )
    running = ", ".join(
        f"SUM({name}) OVER (PARTITION BY user_id ORDER BY day ROWS UNBOUNDED PRECEDING)" for name in COUNTERS
    )
    op.execute(
        sa.text(
            f"INSERT INTO analytics_running (user_id, day, {', '.join(COUNTERS)}) "
            f"SELECT user_id, day, {running} FROM analytics_daily"
        )
    )


def downgrade() -> None:
    op.drop_table("analytics_running")
