"""The limits an admin set for a user, and the bot's pause switch, in the views.

`analytics_people` gains `budget_set` and `monthly_budget_micros` (from `AccessLedger.BudgetSet`), and
`analytics_pause` keeps the pause switch as last changed (`PauseSwitch.Paused` / `Resumed`). Neither
was projected before, and only the log holds them, so, as 0005 did, the views and their tracking row are
emptied: the next start projects the log again from position 0.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

EMPTIED = (
    "analytics_tracking",
    "analytics_daily",
    "analytics_users",
    "analytics_models",
    "analytics_timeline",
    "analytics_streams",
    "analytics_model_days",
    "analytics_kind_days",
    "analytics_people",
    "analytics_ledger_heads",
)


def upgrade() -> None:
    for table in EMPTIED:
        op.execute(sa.text(f"DELETE FROM {table}"))
    with op.batch_alter_table("analytics_people") as people:
        people.add_column(sa.Column("budget_set", sa.Boolean, nullable=False, server_default=sa.false()))
        people.add_column(sa.Column("monthly_budget_micros", sa.BigInteger, nullable=True))
    op.create_table(
        "analytics_pause",
        sa.Column("switch", sa.String(16), primary_key=True),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("changed_by", sa.BigInteger, nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("analytics_pause")
    with op.batch_alter_table("analytics_people") as people:
        people.drop_column("monthly_budget_micros")
        people.drop_column("budget_set")
