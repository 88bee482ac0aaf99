"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from pydotorg import create_app

app = create_app()
