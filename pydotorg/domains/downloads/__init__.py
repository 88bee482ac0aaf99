"""Downloads: Python releases, their files, and the release API."""
