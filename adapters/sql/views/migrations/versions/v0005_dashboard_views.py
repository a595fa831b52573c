"""The dashboard's views: usage per model per day, timeline entries per kind per day, people (name and
access standing) and usage ledger heads; indexes on analytics_users for sorting by last seen and cost,
and one on analytics_daily that covers counting active users; each timeline entry of a charge keeps
its cost.

The new tables can only be filled from the whole log, so every view is emptied and the tracking row
deleted: the next start projects the log again from position 0 (a one-off rebuild).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
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
EMPTIED = (
    "analytics_tracking",
    "analytics_daily",
    "analytics_users",
    "analytics_models",
    "analytics_timeline",
    "analytics_streams",
)
USER_INDEXES = {"analytics_users_last_seen": "last_seen", "analytics_users_cost_micros": "cost_micros"}
ACTIVE_INDEX = ("analytics_daily_active", ["day", "user_id", "requests", "messages"])


def counters() -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger, nullable=False, server_default="0") for name in COUNTERS]


def upgrade() -> None:
    for table in EMPTIED:
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.create_table(
        "analytics_model_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("model", sa.String(200), primary_key=True),
        *counters(),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "analytics_kind_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "analytics_people",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(256), nullable=True),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("granted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("banned", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "analytics_ledger_heads",
        sa.Column("stream_id", sa.Uuid, primary_key=True),
        sa.Column("user_id", sa.BigInteger, nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("records", sa.BigInteger, nullable=False),
        sa.Column("head_digest", sa.String(64), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cost_micros", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_index("analytics_ledger_heads_user", "analytics_ledger_heads", ["user_id", "period"])
    op.create_index("analytics_ledger_heads_period", "analytics_ledger_heads", ["period", "user_id"])
    for index, column in USER_INDEXES.items():
        op.create_index(index, "analytics_users", [column])
    op.create_index(ACTIVE_INDEX[0], "analytics_daily", ACTIVE_INDEX[1])
    with op.batch_alter_table("analytics_timeline") as timeline:
        timeline.add_column(sa.Column("cost_micros", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("analytics_timeline") as timeline:
        timeline.drop_column("cost_micros")
    op.drop_index(ACTIVE_INDEX[0], "analytics_daily")
    for index in USER_INDEXES:
        op.drop_index(index, "analytics_users")
    op.drop_index("analytics_ledger_heads_period", "analytics_ledger_heads")
    op.drop_index("analytics_ledger_heads_user", "analytics_ledger_heads")
    for table in ("ledger_heads", "people", "kind_days", "model_days"):
        op.drop_table(f"analytics_{table}")
