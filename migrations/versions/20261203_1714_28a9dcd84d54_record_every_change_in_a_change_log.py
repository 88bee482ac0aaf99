"""Add the change_log table: every committed change with its actor, diff and snapshot

Page versions stay in page_revisions (the page-specific view); the log starts empty.

Revision ID: 28a9dcd84d54
Revises: 25677eb27a52
Create Date: 2026-12-03 17:14:48.682795

"""

from alembic import op
import sqlalchemy as sa

import pydotorg.core.types


# revision identifiers, used by Alembic.
revision = "28a9dcd84d54"
down_revision = "25677eb27a52"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "change_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "created_at", pydotorg.core.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("actor_via", sa.String(length=20), nullable=False),
        sa.Column("user_id", pydotorg.core.types.UUIDType(), nullable=True),
        sa.Column("table_name", sa.String(length=100), nullable=False),
        sa.Column("object_id", sa.String(length=100), nullable=False),
        sa.Column("object_label", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_change_log_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_log_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_change_log_object", ["table_name", "object_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_change_log_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_user_id"))
        batch_op.drop_index("ix_change_log_object")
        batch_op.drop_index(batch_op.f("ix_change_log_created_at"))

    op.drop_table("change_log")
