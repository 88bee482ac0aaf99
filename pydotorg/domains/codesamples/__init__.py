"""Code samples: short Python snippets for the home page."""
