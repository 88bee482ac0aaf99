"""Tests for the codesamples domain."""
