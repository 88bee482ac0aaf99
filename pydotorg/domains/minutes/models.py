"""Models for minutes."""
