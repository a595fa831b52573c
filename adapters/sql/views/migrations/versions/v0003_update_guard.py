"""The update guard kept in the database: the ids of the updates taken, with when they were taken.

Without Redis, the ids of the updates the bot has taken are kept here for the guard's window, so an
update Telegram delivers again after a restart, or to another worker on the same database, is
recognised. The update id is the primary key: the insert that adds a row is the check itself, and a
duplicate key means the update was already taken. The index on the time lets old rows be pruned.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "update_guard",
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("update_guard_taken_at", "update_guard", ["taken_at"])


def downgrade() -> None:
    op.drop_index("update_guard_taken_at", "update_guard")
    op.drop_table("update_guard")
