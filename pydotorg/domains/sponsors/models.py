"""Models for sponsors."""
