"""Add the menu_items table: site menus with order, nesting and visibility

Revision ID: 80290b220b4b
Revises: 9b1063130e75
Create Date: 2026-12-03 16:14:25.432307

"""

import sqlalchemy as sa
from alembic import op

import pydotorg.core.types

# revision identifiers, used by Alembic.
revision = "80290b220b4b"
down_revision = "9b1063130e75"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "menu_items",
        sa.Column("menu", sa.String(length=50), nullable=False),
        sa.Column("parent_id", pydotorg.core.types.UUIDType(), nullable=True),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("hint", sa.String(length=255), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_visible", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", pydotorg.core.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", pydotorg.core.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", pydotorg.core.types.UUIDType(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["menu_items.id"],
            name=op.f("fk_menu_items_parent_id_menu_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menu_items")),
    )
    with op.batch_alter_table("menu_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_menu_items_menu"), ["menu"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_menu_items_parent_id"), ["parent_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("menu_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_menu_items_parent_id"))
        batch_op.drop_index(batch_op.f("ix_menu_items_menu"))

    op.drop_table("menu_items")
