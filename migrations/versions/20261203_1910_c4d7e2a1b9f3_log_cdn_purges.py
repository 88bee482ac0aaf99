"""Add the cdn_purges table: every purge sent to the CDN, why, and its answer

Revision ID: c4d7e2a1b9f3
Revises: 3e7c1a9d4b26
Create Date: 2026-12-03 19:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import pydotorg.core.types


# revision identifiers, used by Alembic.
revision = "c4d7e2a1b9f3"
down_revision = "3e7c1a9d4b26"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cdn_purges",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "created_at", pydotorg.core.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cdn_purges")),
    )
    with op.batch_alter_table("cdn_purges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cdn_purges_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("cdn_purges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cdn_purges_created_at"))
    op.drop_table("cdn_purges")
