"""Blank links stored before every link column allowed only http(s) or a site path.

Rows written before the URL rule (a feed entry whose link was ``javascript:...``)
still hold what it now refuses, and templates put them in ``href``. Such a value
becomes empty (NULL where the column allows it). Irreversible: the downgrade
leaves the data as it is.

Revision ID: c1ea4b0a7f3e
Revises: 5b1d0c2a9e47
Create Date: 2026-12-03 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from pydotorg.core.urls import is_safe_url


# revision identifiers, used by Alembic.
revision = 'c1ea4b0a7f3e'
down_revision = '5b1d0c2a9e47'
branch_labels = None
depends_on = None

# (table, column, site paths allowed, nullable): the link columns at this revision.
LINK_COLUMNS = (
    ('banners', 'link', True, False),
    ('feeds', 'website_url', False, False),
    ('feeds', 'feed_url', False, False),
    ('blog_entries', 'url', False, False),
    ('calendars', 'url', False, True),
    ('community_posts', 'source_url', False, False),
    ('jobs', 'url', False, True),
    ('related_blogs', 'feed_url', False, False),
    ('related_blogs', 'blog_url', False, False),
    ('sponsors', 'landing_page_url', False, False),
    ('sponsors', 'linked_in_page_url', False, False),
    ('success_stories', 'company_url', False, True),
    ('user_groups', 'url', False, False),
    ('work_groups', 'url', False, True),
    ('community_links', 'url', True, False),
    ('community_photos', 'image_url', True, False),
    ('community_photos', 'click_through_url', True, False),
    ('community_videos', 'click_through_url', True, False),
    ('event_locations', 'url', False, True),
    ('releases', 'release_notes_url', True, False),
    ('release_files', 'url', False, False),
)


def upgrade():
    connection = op.get_bind()
    for table_name, column_name, relative, nullable in LINK_COLUMNS:
        table = sa.table(table_name, sa.column('id'), sa.column(column_name))
        column = table.c[column_name]
        rows = connection.execute(
            sa.select(table.c.id, column).where(column.is_not(None), column != '')
        ).all()
        unsafe = [row.id for row in rows if not is_safe_url(row[1], relative=relative)]
        if unsafe:
            connection.execute(
                sa.update(table)
                .where(table.c.id.in_(unsafe))
                .values({column_name: None if nullable else ''})
            )


def downgrade():
    pass  # the refused values are gone; there is nothing to put back
