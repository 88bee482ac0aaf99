"""Banners: site-wide and targeted announcement banners."""
