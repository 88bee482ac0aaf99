"""Blogs: feed aggregation from external blogs."""
