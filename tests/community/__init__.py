"""Tests for the community domain."""
