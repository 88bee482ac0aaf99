"""Tests for the blogs domain."""
