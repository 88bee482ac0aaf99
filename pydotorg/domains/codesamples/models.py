"""Models for codesamples."""
