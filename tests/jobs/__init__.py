"""Tests for the jobs domain."""
