"""Add the search index: search_entries, with FTS5 on SQLite and a GIN index on PostgreSQL

Revision ID: 25677eb27a52
Revises: 80290b220b4b
Create Date: 2026-12-03 17:16:02.272589

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "25677eb27a52"
down_revision = "80290b220b4b"
branch_labels = None
depends_on = None

# The full-text parts, as pydotorg/site/search/models.py makes them (copied: a
# migration must not change when the app does). migrations/env.py keeps them out
# of autogenerate's comparison.
SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE search_entries_fts USING fts5("
    "title, body, content='search_entries', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_entries_fts(rowid, title, body) VALUES (new.id, new.title, new.body); "
    "END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_entries_fts(search_entries_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_entries_fts(search_entries_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_entries_fts(rowid, title, body) VALUES (new.id, new.title, new.body); "
    "END",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS search_entries_au",
    "DROP TRIGGER IF EXISTS search_entries_ad",
    "DROP TRIGGER IF EXISTS search_entries_ai",
    "DROP TABLE IF EXISTS search_entries_fts",
)
POSTGRESQL_UPGRADE = (
    "CREATE INDEX ix_search_entries_document ON search_entries USING gin (("
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, body), 'B')))",
)
POSTGRESQL_DOWNGRADE = ("DROP INDEX IF EXISTS ix_search_entries_document",)


def _run(statements_by_dialect):
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade():
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("endpoint", sa.String(length=100), nullable=False),
        sa.Column("url_values", sa.JSON(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint(
            "kind", "object_id", name=op.f("uq_search_entries_kind_object_id")
        ),
    )
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_entries_kind"), ["kind"], unique=False)
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE})
    # Existing content is indexed by `flask search reindex` (README).


def downgrade():
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE})
    with op.batch_alter_table("search_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_entries_kind"))
    op.drop_table("search_entries")
