"""Users: accounts, PSF membership, user groups and API keys."""
