"""Events get their own time zone; recurring rules may repeat a number of times

Revision ID: 3e7c1a9d4b26
Revises: c1ea4b0a7f3e
Create Date: 2026-12-03 18:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3e7c1a9d4b26"
down_revision = "c1ea4b0a7f3e"
branch_labels = None
depends_on = None


def upgrade():
    # Events saved so far were entered in UTC: they keep that zone.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "time_zone", sa.String(length=64), server_default="UTC", nullable=False
            )
        )
    with op.batch_alter_table("event_recurring_rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("count", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("event_recurring_rules", schema=None) as batch_op:
        batch_op.drop_column("count")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
