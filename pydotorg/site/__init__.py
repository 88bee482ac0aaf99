"""Site-level code: what shows several domains at once, above the domains.

This package may import any domain; no domain and nothing in ``core`` imports it.
"""
