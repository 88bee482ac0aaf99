"""Models for work_groups."""
