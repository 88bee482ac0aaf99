"""Tests for the events domain."""
