"""Work groups: PSF working groups."""
