"""Models for events."""
