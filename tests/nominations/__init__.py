"""Tests for the nominations domain."""
