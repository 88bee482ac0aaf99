"""Nominations: PSF elections, nominees and nominations."""
