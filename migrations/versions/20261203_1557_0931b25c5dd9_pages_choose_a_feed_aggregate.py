"""Pages choose a feed aggregate for the feed list template.

Revision ID: 0931b25c5dd9
Revises: 972d092a75a2
Create Date: 2026-12-03 15:57:54.547657

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0931b25c5dd9"
down_revision = "972d092a75a2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "feed_aggregate",
                sa.String(length=200),
                server_default="",
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("feed_aggregate")
