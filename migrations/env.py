"""Alembic environment: Flask-Migrate's, with every domain's models imported."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from pydotorg.domains import import_models
from pydotorg.site.search.models import excluded_from_autogenerate

config = context.config
# Keep the app's loggers: a migration run inside the app must not silence them.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

import_models()
target_db = current_app.extensions["migrate"].db


def include_name(name, type_, parent_names):
    # The full-text index (FTS5 tables, a PostgreSQL expression index) is made by
    # migration code per dialect, not described by the models.
    return not excluded_from_autogenerate(name, type_)


def include_object(obj, name, type_, reflected, compare_to):
    return not excluded_from_autogenerate(name, type_)


def get_engine():
    return target_db.engine


config.set_main_option(
    "sqlalchemy.url",
    get_engine().url.render_as_string(hide_password=False).replace("%", "%%"),
)


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # Don't write an empty revision when autogenerate finds nothing.
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("include_name", include_name)
    conf_args.setdefault("include_object", include_object)

    with get_engine().connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch table rebuilds must not trip (or cascade) foreign keys. The
            # PRAGMA only works outside a transaction, so it goes straight to
            # the driver connection.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        else:
            conf_args["render_as_batch"] = False
        context.configure(
            connection=connection, target_metadata=target_db.metadata, **conf_args
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
