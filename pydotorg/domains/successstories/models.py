"""Models for successstories."""
