"""Mark mail log rows that carried a secret; redact the reset and verification links already logged

Revision ID: f2b2e82d72cd
Revises: 0931b25c5dd9
Create Date: 2026-12-03 15:37:50.573889

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b2e82d72cd'
down_revision = '0931b25c5dd9'
branch_labels = None
depends_on = None

# The templates that were mailed with a secret link before the log redacted them.
SECRET_TEMPLATES = ('account_verification', 'password_reset')


def upgrade():
    with op.batch_alter_table('email_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_secret', sa.Boolean(), server_default=sa.false(), nullable=False))

    email_logs = sa.table(
        'email_logs',
        sa.column('template_name', sa.String),
        sa.column('body_text', sa.Text),
        sa.column('body_html', sa.Text),
        sa.column('carried_secret', sa.Boolean),
    )
    op.execute(
        email_logs.update()
        .where(email_logs.c.template_name.in_(SECRET_TEMPLATES))
        .values(carried_secret=True, body_text='[redacted]', body_html=None)
    )


def downgrade():
    with op.batch_alter_table('email_logs', schema=None) as batch_op:
        batch_op.drop_column('carried_secret')
