"""The estimated part of the usage views: the requests charged from the bot's own estimate, and their cost.

Daily, per-user and per-model rows each gain `estimated_requests` and `estimated_cost_micros`, of
their `requests` and `cost_micros`. The rows already projected keep their counts and take 0 for both:
every record stored before estimates were marked is a record the provider reported, so the views stay
what a rebuild would make of the log.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("analytics_daily", "analytics_users", "analytics_models")
COLUMNS = ("estimated_requests", "estimated_cost_micros")


def upgrade() -> None:
    for table in TABLES:
        for name in COLUMNS:
            op.add_column(table, sa.Column(name, sa.BigInteger, nullable=False, server_default="0"))


def downgrade() -> None:
    for table in TABLES:
        for name in COLUMNS:
            op.drop_column(table, name)
