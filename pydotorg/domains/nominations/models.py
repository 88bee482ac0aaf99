"""Models for nominations."""
