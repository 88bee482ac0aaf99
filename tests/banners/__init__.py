"""Tests for the banners domain."""
