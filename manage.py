"""Command-line entry point: ``python manage.py db upgrade``, ``python manage.py seed``."""

from flask.cli import FlaskGroup

from pydotorg import create_app

cli = FlaskGroup(create_app=create_app)

if __name__ == "__main__":
    cli()
