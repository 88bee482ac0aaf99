"""Tests for the successstories domain."""
