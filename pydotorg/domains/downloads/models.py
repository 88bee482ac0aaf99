"""Models for downloads."""
