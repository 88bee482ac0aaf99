"""Tests for the minutes domain."""
