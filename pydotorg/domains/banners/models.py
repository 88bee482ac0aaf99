"""Models for banners."""
