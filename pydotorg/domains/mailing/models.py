"""Models for mailing."""
