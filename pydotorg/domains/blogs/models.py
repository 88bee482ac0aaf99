"""Models for blogs."""
