"""Minutes: PSF board meeting minutes."""
