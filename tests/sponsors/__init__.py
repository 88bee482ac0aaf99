"""Tests for the sponsors domain."""
