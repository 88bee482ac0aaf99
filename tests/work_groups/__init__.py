"""Tests for the work_groups domain."""
