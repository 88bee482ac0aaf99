"""Count api_ids per table, so a deleted row's id is never given out again.

Revision ID: 5b1d0c2a9e47
Revises: 28a9dcd84d54
Create Date: 2026-12-03 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import pydotorg.core.types


# revision identifiers, used by Alembic.
revision = '5b1d0c2a9e47'
down_revision = "28a9dcd84d54"
branch_labels = None
depends_on = None

API_ID_TABLES = ('download_os', 'pages', 'release_files', 'releases')


def upgrade():
    counters = op.create_table('api_id_counters',
    sa.Column('table_name', sa.String(length=63), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', name=op.f('pk_api_id_counters'))
    )
    # Start each counter at the highest id in use (ids deleted before this
    # migration cannot be known; from now on none is reused).
    connection = op.get_bind()
    for table in API_ID_TABLES:
        highest = connection.execute(
            sa.select(sa.func.coalesce(sa.func.max(sa.column('api_id')), 0)).select_from(
                sa.table(table, sa.column('api_id'))
            )
        ).scalar_one()
        op.bulk_insert(counters, [{'table_name': table, 'last_value': highest}])


def downgrade():
    op.drop_table('api_id_counters')
