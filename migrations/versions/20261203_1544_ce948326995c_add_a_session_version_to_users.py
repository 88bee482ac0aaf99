"""Add a session version to users

Revision ID: ce948326995c
Revises: f2b2e82d72cd
Create Date: 2026-12-03 15:44:57.584625

"""
from alembic import op
import sqlalchemy as sa

import pydotorg.core.types


# revision identifiers, used by Alembic.
revision = 'ce948326995c'
down_revision = 'f2b2e82d72cd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    # Not recreated on SQLite: a copy of the table would lose the expression
    # indexes (lower(username), lower(email)) that batch mode cannot reflect.
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('session_version')

