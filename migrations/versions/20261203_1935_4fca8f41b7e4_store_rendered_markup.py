"""Every long markup body stores its rendering, as pages' content already does

Each gets a ``<field>_rendered`` column, filled here for the rows that exist by
rendering the source with its row's content type (or Markdown where the text has
no content type column). Later saves keep them current; ``flask markup rerender``
rebuilds them after a change to the renderer.

Revision ID: 4fca8f41b7e4
Revises: c4d7e2a1b9f3
Create Date: 2026-12-03 19:35:00.000000

"""

import sqlalchemy as sa
from alembic import op

from pydotorg.core.markup import render

# revision identifiers, used by Alembic.
revision = "4fca8f41b7e4"
down_revision = "c4d7e2a1b9f3"
branch_labels = None
depends_on = None

# (table, source columns, the column naming their markup or a fixed markup name).
RENDERED = (
    ("releases", ("content",), "content_type"),
    ("jobs", ("company_description", "description", "requirements"), "content_type"),
    ("events", ("description",), "content_type"),
    ("success_stories", ("content",), "content_type"),
    ("minutes", ("content",), "content_type"),
    ("community_posts", ("content",), "content_type"),
    (
        "work_groups",
        ("purpose", "active_time", "core_values", "rules", "communication", "support"),
        "content_type",
    ),
    ("nominations", ("nomination_statement",), "MARKDOWN"),
    ("elections", ("description",), "MARKDOWN"),
    ("users", ("bio",), "MARKDOWN"),
)

def _fill(connection, table_name, sources, markup):
    typed = markup == "content_type"
    columns = [sa.column("id"), *(sa.column(name) for name in sources)]
    columns += [sa.column(f"{name}_rendered") for name in sources]
    if typed:
        columns.append(sa.column("content_type"))
    table = sa.table(table_name, *columns)
    selected = [table.c.id, *(table.c[name] for name in sources)]
    if typed:
        selected.append(table.c.content_type)
    for row in connection.execute(sa.select(*selected)).all():
        content_type = row.content_type if typed else markup
        values = {
            f"{name}_rendered": str(render(row._mapping[name], content_type))
            for name in sources
            if row._mapping[name]
        }
        if values:
            connection.execute(
                sa.update(table).where(table.c.id == row.id).values(values)
            )


def upgrade():
    for table_name, sources, _ in RENDERED:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            for name in sources:
                batch_op.add_column(
                    sa.Column(
                        f"{name}_rendered",
                        sa.Text(),
                        server_default="",
                        nullable=False,
                    )
                )
    connection = op.get_bind()
    for table_name, sources, markup in RENDERED:
        _fill(connection, table_name, sources, markup)


def downgrade():
    # Not recreated on SQLite: a copy of ``users`` would lose the expression indexes
    # (lower(username), lower(email)) that batch mode cannot reflect.
    for table_name, sources, _ in reversed(RENDERED):
        with op.batch_alter_table(table_name, schema=None, recreate="never") as batch_op:
            for name in reversed(sources):
                batch_op.drop_column(f"{name}_rendered")
