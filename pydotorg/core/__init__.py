"""Pieces shared by every domain: base models, markup, admin base views, helpers."""
