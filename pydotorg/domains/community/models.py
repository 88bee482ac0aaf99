"""Models for community."""
