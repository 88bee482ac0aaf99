"""pydotorg: the content system behind a python.org-like site."""

from pydotorg.app import create_app

__all__ = ["create_app"]
