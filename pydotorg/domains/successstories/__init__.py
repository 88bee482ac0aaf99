"""Success stories: Python case studies."""
