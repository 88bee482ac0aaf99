"""Community: posts with photos, videos and links."""
