"""Sponsors: PSF sponsors, sponsorships and contracts."""
