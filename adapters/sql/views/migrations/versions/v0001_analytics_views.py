"""The analytics views: daily and total usage, models, timelines, stream owners, tracking position."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
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
)


def counters() -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger, nullable=False) for name in COUNTERS]


def upgrade() -> None:
    position = op.create_table(
        "analytics_position",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(position, [{"name": "analytics", "position": 0}])
    op.create_table(
        "analytics_daily",
        sa.Column("user_id", sa.BigInteger, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        *counters(),
    )
    op.create_index("analytics_daily_day", "analytics_daily", ["day"])
    op.create_table(
        "analytics_users",
        sa.Column("user_id", sa.BigInteger, primary_key=True),
        *counters(),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table("analytics_models", sa.Column("model", sa.String(200), primary_key=True), *counters())
    op.create_table(
        "analytics_timeline",
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
    )
    op.create_index("analytics_timeline_user", "analytics_timeline", ["user_id", "position"])
    op.create_table(
        "analytics_streams",
        sa.Column("stream_id", sa.Uuid, primary_key=True),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    for table in ("streams", "timeline", "models", "users", "daily", "position"):
        op.drop_table(f"analytics_{table}")
