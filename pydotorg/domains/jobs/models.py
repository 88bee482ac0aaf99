"""Models for jobs."""
